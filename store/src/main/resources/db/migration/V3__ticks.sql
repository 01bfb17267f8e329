-- Live prices and 1-minute candles (issue: "Live prices, candles, completeness and gap repair ...").
-- A tick's time is the receive time ingest stamped into its record; every table keeps the Kafka position of the
-- record it came from, so a record processed again (a micro-batch replayed after a crash) is recognised and
-- skipped, and its first classification (stored, duplicate, too late) stands.

-- One price per asset and millisecond.
CREATE TABLE price_ticks (
    asset_id     text        NOT NULL,
    ts           timestamptz NOT NULL,
    price_usd    numeric     NOT NULL,
    via          text,
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    kafka_offset bigint      NOT NULL,
    PRIMARY KEY (asset_id, ts)
);
CREATE UNIQUE INDEX price_ticks_position ON price_ticks (topic, partition, kafka_offset);

-- Ticks whose asset and millisecond were already stored: counted here, not stored twice.
CREATE TABLE price_tick_duplicates (
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    kafka_offset bigint      NOT NULL,
    asset_id     text        NOT NULL,
    ts           timestamptz NOT NULL,
    price_usd    numeric     NOT NULL,
    PRIMARY KEY (topic, partition, kafka_offset)
);

-- Ticks further behind their asset's watermark than the allowed lateness: kept with the reason, not in candles.
CREATE TABLE late_ticks (
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    kafka_offset bigint      NOT NULL,
    asset_id     text        NOT NULL,
    ts           timestamptz NOT NULL,
    price_usd    numeric     NOT NULL,
    watermark    timestamptz NOT NULL,
    reason       text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition, kafka_offset)
);

-- The application watermark: the latest tick time stored per asset. Lateness is judged against it, not against
-- Spark's withWatermark, which drops late rows without a trace.
CREATE TABLE tick_watermarks (
    asset_id text        NOT NULL PRIMARY KEY,
    max_ts   timestamptz NOT NULL
);

-- 1-minute candles in tick time, recomputed from price_ticks for every bucket a batch touches (so a late tick
-- within the lateness restates its candle exactly).
CREATE TABLE candles_1m (
    asset_id     text        NOT NULL,
    bucket_start timestamptz NOT NULL,
    open         numeric     NOT NULL,
    high         numeric     NOT NULL,
    low          numeric     NOT NULL,
    close        numeric     NOT NULL,
    tick_count   integer     NOT NULL,
    PRIMARY KEY (asset_id, bucket_start)
);
