-- The units of a batch a PostgreSQL sink refused for good (DESIGN §5, poison records), written with the batch's
-- fence row: a replay of the batch writes nothing and still reports them, so their dead letters are sent once.
-- unit_index is the unit's place in the batch as the sink was given it (a refused value may be no valid text).
create table fluxo_batch_refusals (
    query_id   text    not null,
    batch_id   bigint  not null,
    unit_index int     not null,
    sql_state  text,
    message    text    not null,
    primary key (query_id, batch_id, unit_index),
    foreign key (query_id, batch_id) references fluxo_batches (query_id, batch_id) on delete cascade
);
