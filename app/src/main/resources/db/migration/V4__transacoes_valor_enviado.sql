-- DESIGN "Amounts": under fluxo.amounts.sub-cent = round-half-even, valor_transacao is rounded to the cent and the value
-- as sent is kept beside it, exactly as its decimal text came (plain notation, e.g. 3252.2412345678; cast with ::numeric
-- to compute with it). Null when nothing was rounded: a whole-cent amount, or float noise within 1e-6 of the cent.
alter table transacoes add column valor_enviado text;
