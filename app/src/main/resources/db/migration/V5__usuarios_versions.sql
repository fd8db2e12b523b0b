-- Replay-stable reference data (DESIGN §5): every change to usuarios is kept as a numbered version, and each
-- micro-batch of the transactions pipeline pins the version it read, so a replay of that batch reads the same
-- users even when usuarios changed in between; the batches after it read the newer data.

create sequence usuarios_versao_seq;

-- One row per insert, update or delete of a usuarios row (a delete leaves a row with removido = true). A user as of
-- version V is its row with the highest versao <= V.
create table usuarios_versoes (
    versao        bigint        primary key,
    id_usuario    text          not null,
    removido      boolean       not null default false,
    nome          text,
    id_regiao     char(2),
    saldo         numeric(18,2),
    limite_pix    numeric(18,2),
    limite_ted    numeric(18,2),
    limite_doc    numeric(18,2),
    limite_boleto numeric(18,2)
);
create index usuarios_versoes_usuario_idx on usuarios_versoes (id_usuario, versao desc);

insert into usuarios_versoes (versao, id_usuario, nome, id_regiao, saldo, limite_pix, limite_ted, limite_doc, limite_boleto)
select nextval('usuarios_versao_seq'), id_usuario, nome, id_regiao, saldo, limite_pix, limite_ted, limite_doc, limite_boleto
from (select * from usuarios order by id_usuario) u;

-- Versions are numbered in commit order: a writer takes this lock before its first version number and holds it until
-- it commits, so no version becomes visible after a higher one. A reader that sees version V sees every version
-- below it, and always will.
create function usuarios_versionar() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(7316480235190481);
    if tg_op = 'DELETE' then
        insert into usuarios_versoes (versao, id_usuario, removido)
        values (nextval('usuarios_versao_seq'), old.id_usuario, true);
        return old;
    end if;
    insert into usuarios_versoes (versao, id_usuario, nome, id_regiao, saldo, limite_pix, limite_ted, limite_doc,
            limite_boleto)
    values (nextval('usuarios_versao_seq'), new.id_usuario, new.nome, new.id_regiao, new.saldo, new.limite_pix,
            new.limite_ted, new.limite_doc, new.limite_boleto);
    return new;
end
$$;

create trigger usuarios_versionar after insert or update or delete on usuarios
    for each row execute function usuarios_versionar();

-- TRUNCATE fires no row trigger: it would change usuarios without a version.
create function usuarios_sem_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'usuarios cannot be truncated: its versions (usuarios_versoes) would not see it; delete the rows instead';
end
$$;

create trigger usuarios_sem_truncate before truncate on usuarios
    for each statement execute function usuarios_sem_truncate();

-- The usuarios version each micro-batch of a streaming query read, pinned by the first task of the batch that
-- needed it. Rows of old batches are pruned as new ones are pinned.
create table fluxo_batch_reference (
    query_id  text        not null,
    batch_id  bigint      not null,
    versao    bigint      not null,
    pinned_at timestamptz not null default now(),
    primary key (query_id, batch_id)
);
