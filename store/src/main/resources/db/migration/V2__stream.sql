-- What the streaming sink needs beyond V1's contract.

-- Unknown and missing field counts of the poll, as the ledger record carried them.
ALTER TABLE ingest_ledger ADD COLUMN drift jsonb;

-- The Kafka position each Spark query has stored, written in the same transaction as its rows, so the database
-- alone tells how far the stream got (lag, drain). Only ever moves forward.
CREATE TABLE stream_progress (
    query        text        NOT NULL,
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    next_offset  bigint      NOT NULL,
    batch_id     bigint,
    committed_at timestamptz NOT NULL,
    PRIMARY KEY (query, topic, partition)
);
