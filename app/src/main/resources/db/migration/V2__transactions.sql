-- Outputs of the transactions pipeline (DESIGN §1.2) and the exactly-once fence of the PostgreSQL sinks (§5).

-- Every transaction with its verdict, upserted by id_transacao: a replayed batch rewrites the same rows.
-- No foreign keys: a transaction naming a user or region the reference data lacks is still recorded.
create table transacoes (
    id_transacao         text          primary key,
    id_usuario_pagador   text          not null,
    id_usuario_recebedor text          not null,
    id_regiao            char(2)       not null,
    modalidade_pagamento text          not null,
    data_horario         timestamptz   not null,
    valor_transacao      numeric(18,2) not null,
    aprovada             boolean       not null,
    -- SALDO_INSUFICIENTE, LIMITE_EXCEDIDO or SUSPEITA_FRAUDE; null when approved.
    motivo               text,
    -- The risk score and its components, with 4 decimal places.
    score_risco          numeric(5,4)  not null,
    score_valor          numeric(5,4)  not null,
    score_horario        numeric(5,4)  not null,
    score_distancia      numeric(5,4)  not null,
    score_velocidade     numeric(5,4)  not null,
    processado_em        timestamptz   not null,
    -- Where the record came from, to trace a row back to Kafka.
    kafka_topic          text          not null,
    kafka_partition      int           not null,
    kafka_offset         bigint        not null
);

-- A payer's history in time order (statements, velocity checks), and time-range scans and reports.
create index transacoes_pagador_data_idx on transacoes (id_usuario_pagador, data_horario);
create index transacoes_data_idx on transacoes (data_horario);

-- One alert per suspicious transaction, also sent to the Kafka topic fraud-alerts.
create table alertas_fraude (
    id_transacao       text         primary key,
    id_usuario_pagador text         not null,
    score_risco        numeric(5,4) not null,
    score_valor        numeric(5,4) not null,
    score_horario      numeric(5,4) not null,
    score_distancia    numeric(5,4) not null,
    score_velocidade   numeric(5,4) not null,
    motivo             text         not null,
    criado_em          timestamptz  not null
);

create index alertas_fraude_pagador_criado_idx on alertas_fraude (id_usuario_pagador, criado_em);
create index alertas_fraude_criado_idx on alertas_fraude (criado_em);

-- The fence: a sink writes a micro-batch and its (query id, batch id) row in one transaction, and skips a
-- batch whose row exists, so a batch Spark replays after a crash is never applied twice.
create table fluxo_batches (
    query_id     text        not null,
    batch_id     bigint      not null,
    committed_at timestamptz not null default now(),
    primary key (query_id, batch_id)
);
