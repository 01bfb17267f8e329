-- Indexes for the dashboard's queries (serve module); no tables, no columns.

-- An asset page lists the markets with that asset as base; the key (exchange_id, base_id, quote_id) cannot find them.
CREATE INDEX markets_base_id ON markets (base_id);

-- The pipeline page counts the last 24 h of polls and lists recent failures across all entities; the
-- (entity, observed_at) index serves only one entity at a time.
CREATE INDEX ingest_ledger_observed_at ON ingest_ledger (observed_at);

-- The pipeline page counts the last 24 h of rejects by reason.
CREATE INDEX rejected_records_rejected_at ON rejected_records (rejected_at);
