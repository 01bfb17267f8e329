-- The PostgreSQL contract of the streaming path (issue: "Streaming path ... exact and crash-safe").
-- Every decimal is plain numeric, so the value and the scale CoinCap sent survive; times are timestamptz;
-- NOT NULL only on keys and observed_at.

-- Latest state: one row per natural key, moved only forward by observed_at.
CREATE TABLE assets (
    id                  text        NOT NULL PRIMARY KEY,
    rank                integer,
    symbol              text,
    name                text,
    supply              numeric,
    max_supply          numeric,
    market_cap_usd      numeric,
    volume_usd_24hr     numeric,
    price_usd           numeric,
    change_percent_24hr numeric,
    vwap_24hr           numeric,
    explorer            text,
    observed_at         timestamptz NOT NULL,
    last_seen_at        timestamptz
);

CREATE TABLE rates (
    id              text        NOT NULL PRIMARY KEY,
    symbol          text,
    currency_symbol text,
    type            text,
    rate_usd        numeric,
    observed_at     timestamptz NOT NULL,
    last_seen_at    timestamptz
);

CREATE TABLE exchanges (
    exchange_id          text        NOT NULL PRIMARY KEY,
    name                 text,
    rank                 integer,
    percent_total_volume numeric,
    volume_usd           numeric,
    trading_pairs        bigint,
    socket               boolean,
    exchange_url         text,
    updated_at           timestamptz,
    observed_at          timestamptz NOT NULL,
    last_seen_at         timestamptz
);

CREATE TABLE markets (
    exchange_id             text        NOT NULL,
    base_id                 text        NOT NULL,
    quote_id                text        NOT NULL,
    base_symbol             text,
    quote_symbol            text,
    rank                    integer,
    price_quote             numeric,
    price_usd               numeric,
    volume_usd_24hr         numeric,
    percent_exchange_volume numeric,
    trades_count_24hr       bigint,
    updated_at              timestamptz,
    observed_at             timestamptz NOT NULL,
    last_seen_at            timestamptz,
    PRIMARY KEY (exchange_id, base_id, quote_id)
);

-- History: the same columns, keyed by natural key and observed_at.
CREATE TABLE asset_snapshots (
    id                  text        NOT NULL,
    rank                integer,
    symbol              text,
    name                text,
    supply              numeric,
    max_supply          numeric,
    market_cap_usd      numeric,
    volume_usd_24hr     numeric,
    price_usd           numeric,
    change_percent_24hr numeric,
    vwap_24hr           numeric,
    explorer            text,
    observed_at         timestamptz NOT NULL,
    PRIMARY KEY (id, observed_at)
);

CREATE TABLE rate_snapshots (
    id              text        NOT NULL,
    symbol          text,
    currency_symbol text,
    type            text,
    rate_usd        numeric,
    observed_at     timestamptz NOT NULL,
    PRIMARY KEY (id, observed_at)
);

CREATE TABLE exchange_snapshots (
    exchange_id          text        NOT NULL,
    name                 text,
    rank                 integer,
    percent_total_volume numeric,
    volume_usd           numeric,
    trading_pairs        bigint,
    socket               boolean,
    exchange_url         text,
    updated_at           timestamptz,
    observed_at          timestamptz NOT NULL,
    PRIMARY KEY (exchange_id, observed_at)
);

CREATE TABLE market_snapshots (
    exchange_id             text        NOT NULL,
    base_id                 text        NOT NULL,
    quote_id                text        NOT NULL,
    base_symbol             text,
    quote_symbol            text,
    rank                    integer,
    price_quote             numeric,
    price_usd               numeric,
    volume_usd_24hr         numeric,
    percent_exchange_volume numeric,
    trades_count_24hr       bigint,
    updated_at              timestamptz,
    observed_at             timestamptz NOT NULL,
    PRIMARY KEY (exchange_id, base_id, quote_id, observed_at)
);

-- Records the stream could not store, kept whole with the reason.
CREATE TABLE rejected_records (
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    kafka_offset bigint      NOT NULL,
    record_key   text,
    raw          text,
    reason       text        NOT NULL,
    rejected_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition, kafka_offset, reason)
);

-- One row per poll, from coincap.ledger.
CREATE TABLE ingest_ledger (
    poll_id        uuid        NOT NULL PRIMARY KEY,
    entity         text        NOT NULL,
    source_url     text,
    observed_at    timestamptz NOT NULL,
    fetched_at     timestamptz,
    items_returned integer,
    repeats        integer,
    rejected       integer,
    requests       integer,
    outcome        text        NOT NULL,
    reason         text,
    archived_body  text
);
