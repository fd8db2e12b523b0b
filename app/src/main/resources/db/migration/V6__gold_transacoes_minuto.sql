-- The medallion pipeline's gold table (DESIGN §1.3), kept equal to Delta's gold/transacoes_minuto: per event-time
-- minute of data_horario, region and payment modality, the count and the amounts of the transactions in it.
-- valor_medio is valor_total / quantidade rounded half to even to the cent.
create table gold_transacoes_minuto (
    minuto               timestamptz   not null,
    id_regiao            char(2)       not null,
    modalidade_pagamento text          not null,
    quantidade           bigint        not null check (quantidade > 0),
    valor_total          numeric(18,2) not null,
    valor_medio          numeric(18,2) not null,
    valor_maximo         numeric(18,2) not null,
    valor_minimo         numeric(18,2) not null,
    primary key (minuto, id_regiao, modalidade_pagamento)
);
