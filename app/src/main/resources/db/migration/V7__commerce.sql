-- The commerce pipeline (DESIGN §1.4): its reference data, written by `fluxo seed commerce`, and its outputs.
-- Money is numeric(18,2); rates are numeric with 4 places; every derived figure is rounded half to even.

-- num / den rounded half to even to `places` decimals, exactly (div and mod of numeric are exact); null when
-- den is 0. PostgreSQL's round() goes half away from zero, Java's BigDecimal HALF_EVEN and Spark's bround to even.
create function fluxo_div_half_even(num numeric, den numeric, places int) returns numeric
language sql immutable strict as $$
    select case when den = 0 then null else
        sign(num) * sign(den) * (q + case when 2 * r > abs(den) or (2 * r = abs(den) and mod(q, 2) = 1) then 1 else 0 end)
            / power(10::numeric, places)
    end
    from (select div(abs(num) * power(10::numeric, places), abs(den)) as q,
                 mod(abs(num) * power(10::numeric, places), abs(den)) as r) as parts
$$;

create table products (
    product_id text          primary key,
    name       text          not null,
    category   text          not null,
    price      numeric(18,2) not null check (price > 0)
);

create table customers (
    user_id text primary key,
    name    text not null,
    segment text not null,
    country char(2) not null
);

-- One row per window kind, window and product with on-time events; category null for an unknown product.
create table commerce_product_windows (
    kind          text          not null check (kind in ('tumbling_1m', 'sliding_5m')),
    window_start  timestamptz   not null,
    window_end    timestamptz   not null,
    product_id    text          not null,
    category      text,
    page_views    bigint        not null check (page_views >= 0),
    add_to_carts  bigint        not null check (add_to_carts >= 0),
    purchases     bigint        not null check (purchases >= 0),
    revenue       numeric(18,2) not null check (revenue >= 0),
    avg_purchase  numeric(18,2),
    primary key (kind, window_start, product_id)
);

create table commerce_funnel (
    window_start      timestamptz   primary key,
    window_end        timestamptz   not null,
    page_views        bigint        not null,
    add_to_carts      bigint        not null,
    purchases         bigint        not null,
    view_to_cart      numeric(12,4),
    cart_to_purchase  numeric(12,4),
    view_to_purchase  numeric(12,4)
);

create table commerce_sessions (
    user_id        text          not null,
    session_start  timestamptz   not null,
    session_end    timestamptz   not null,
    segment        text,
    events         bigint        not null,
    page_views     bigint        not null,
    add_to_carts   bigint        not null,
    purchases      bigint        not null,
    value          numeric(18,2) not null,
    converted      boolean       not null,
    abandoned      boolean       not null,
    primary key (user_id, session_start)
);

create table commerce_alerts (
    kind         text          not null check (kind in ('ABANDONED_CART', 'REVENUE_ANOMALY')),
    key          text          not null,
    detected_at  timestamptz   not null,
    details      jsonb         not null,
    risk_score   numeric(5,4)  not null check (risk_score between 0 and 1),
    primary key (kind, key)
);

-- Every event behind the watermark of the batch that read it, keyed by where Kafka kept it.
create table late_events (
    topic            text          not null,
    kafka_partition  int           not null,
    kafka_offset     bigint        not null,
    event_id         text          not null,
    user_id          text          not null,
    product_id       text          not null,
    event_type       text          not null,
    amount           numeric(18,2) not null,
    event_time       timestamptz   not null,
    watermark        timestamptz   not null,
    lateness_ms      bigint        not null check (lateness_ms > 0),
    primary key (topic, kafka_partition, kafka_offset)
);

-- The watermark each batch of a commerce query ran with, written with the batch's anomaly check: the next batch
-- checks the 1-minute windows that closed between the two, and a replayed batch finds the same ones.
create table commerce_watermarks (
    query_id   text        not null,
    batch_id   bigint      not null,
    watermark  timestamptz not null,
    primary key (query_id, batch_id)
);
