-- Reference data of the transactions pipeline (DESIGN §1.2), written by `fluxo seed users`.
-- Money is numeric(18,2): exact cents, never binary floating point.

-- The 27 federative units: the capital's coordinates (decimal degrees) and the 2022 census population.
create table regioes (
    id_regiao char(2)          primary key,
    nome      text             not null,
    latitude  double precision not null check (latitude between -90 and 90),
    longitude double precision not null check (longitude between -180 and 180),
    populacao bigint           not null check (populacao >= 0)
);

-- Each limit is the largest amount of one transaction of that modality.
create table usuarios (
    id_usuario    text          primary key,
    nome          text          not null,
    id_regiao     char(2)       not null references regioes,
    saldo         numeric(18,2) not null,
    limite_pix    numeric(18,2) not null check (limite_pix >= 0),
    limite_ted    numeric(18,2) not null check (limite_ted >= 0),
    limite_doc    numeric(18,2) not null check (limite_doc >= 0),
    limite_boleto numeric(18,2) not null check (limite_boleto >= 0)
);

-- For the foreign key (a region's users) and reports by region.
create index usuarios_id_regiao_idx on usuarios (id_regiao);
