-- Completeness, gap repair and retention (issue: "Live prices, candles, completeness and gap repair, retention ...",
-- items 3-5). README: "Completeness, gap repair and retention".

-- The interval of the poller that made each poll, so the expected poll slots are known. Null for ledger events
-- published before it was recorded: such events can still be failed or refused gaps, never "not polled" ones.
ALTER TABLE ingest_ledger ADD COLUMN interval_ms bigint;

-- The gaps view walks each entity's events in time order; the repairer looks up the last poll before a time.
CREATE INDEX ingest_ledger_entity_observed_at ON ingest_ledger (entity, observed_at);

-- "Stored at that observed_at", the assets known before a gap, and retention by age all find snapshot rows by
-- time alone, which the primary keys (key first) cannot serve. Inserts come in time order, so these stay compact.
CREATE INDEX asset_snapshots_observed_at ON asset_snapshots (observed_at);
CREATE INDEX rate_snapshots_observed_at ON rate_snapshots (observed_at);
CREATE INDEX exchange_snapshots_observed_at ON exchange_snapshots (observed_at);
CREATE INDEX market_snapshots_observed_at ON market_snapshots (observed_at);

-- How far retention has removed rows from a table: below removed_before, absence proves nothing, so the
-- completeness view says "unknown" (null) there instead of "missing". Only moves forward.
CREATE TABLE retention_horizon (
    target         text        NOT NULL PRIMARY KEY,
    removed_before timestamptz NOT NULL,
    removed_at     timestamptz NOT NULL
);

-- Per OK poll: the items it returned and how many rows its entity's history holds at its observed_at (one per
-- natural key: id, exchange_id, or exchange/base/quote for markets, as the snapshot keys are). missing counts the
-- items that should be stored, i.e. neither a repeat of a key seen earlier in the same poll nor rejected by the
-- parser, and are not: positive while the stream is behind or when rows were lost. Null stored and missing: the
-- snapshot rows of that time were removed by retention.
CREATE VIEW ingest_completeness AS
SELECT l.entity,
       l.poll_id,
       l.observed_at,
       l.items_returned,
       s.items_stored,
       l.items_returned - coalesce(l.repeats, 0) - coalesce(l.rejected, 0) - s.items_stored AS missing
FROM ingest_ledger l
LEFT JOIN retention_horizon h ON h.target = CASE l.entity
        WHEN 'assets' THEN 'asset_snapshots'
        WHEN 'rates' THEN 'rate_snapshots'
        WHEN 'exchanges' THEN 'exchange_snapshots'
        WHEN 'markets' THEN 'market_snapshots' END
CROSS JOIN LATERAL (
    SELECT CASE WHEN l.observed_at < h.removed_before THEN NULL ELSE CASE l.entity
        WHEN 'assets' THEN (SELECT count(*) FROM asset_snapshots x WHERE x.observed_at = l.observed_at)
        WHEN 'rates' THEN (SELECT count(*) FROM rate_snapshots x WHERE x.observed_at = l.observed_at)
        WHEN 'exchanges' THEN (SELECT count(*) FROM exchange_snapshots x WHERE x.observed_at = l.observed_at)
        WHEN 'markets' THEN (SELECT count(*) FROM market_snapshots x WHERE x.observed_at = l.observed_at)
        END END AS items_stored
) s
WHERE l.outcome = 'ok';

-- Expected poll slots that hold no data, one row per gap:
--   'failed' and 'refused by budget': the poll's own slot, from its observed_at one interval on (cut at the next
--     poll; without a recorded interval, up to the next poll);
--   'not polled': one row per span in which polls were due but none was made (ingest stopped, the machine slept,
--     a poll overran): where consecutive events of an entity lie more than 1.5 intervals apart, the span from when
--     the next poll was due to the poll that came.
-- The interval is the earlier event's. Filtering on entity reaches the index; one pass over the ledger otherwise.
CREATE VIEW ingest_gaps AS
SELECT e.entity, g.slot_start, g.slot_end, g.reason
FROM (
    SELECT entity, observed_at, outcome, interval_ms * interval '1 millisecond' AS every,
           lead(observed_at) OVER (PARTITION BY entity ORDER BY observed_at) AS next_at
    FROM ingest_ledger
) e
CROSS JOIN LATERAL (VALUES
    (CASE WHEN e.outcome IN ('failed', 'refused') THEN e.observed_at END,
     coalesce(least(e.observed_at + e.every, e.next_at), e.observed_at),
     CASE e.outcome WHEN 'failed' THEN 'failed' ELSE 'refused by budget' END),
    (CASE WHEN e.next_at - e.observed_at > e.every * 1.5 THEN e.observed_at + e.every END,
     e.next_at,
     'not polled')
) AS g (slot_start, slot_end, reason)
WHERE (e.outcome IN ('failed', 'refused') OR e.next_at - e.observed_at > e.every * 1.5) -- before the join: cheap
  AND g.slot_start IS NOT NULL;

-- Asset prices filled in from /assets/{id}/history for gaps; one row per asset and point, the first copy wins.
CREATE TABLE asset_price_history (
    asset_id  text        NOT NULL,
    ts        timestamptz NOT NULL,
    price_usd numeric,
    source    text,
    PRIMARY KEY (asset_id, ts)
);

-- Every repair attempt of a gap span (one or more adjacent gaps of ingest_gaps), what it found and what it cost.
-- A span is settled once covered by a 'repaired' or 'verified_empty' row, or by 3 'failed' ones; 'skipped_budget'
-- (no credit headroom) is written at most once a day per span and does not count as an attempt.
CREATE TABLE gap_repairs (
    entity           text        NOT NULL,
    slot_start       timestamptz NOT NULL,
    slot_end         timestamptz NOT NULL,
    status           text        NOT NULL
        CHECK (status IN ('repaired', 'verified_empty', 'failed', 'skipped_budget')),
    history_interval text,
    assets           integer     NOT NULL,
    points           integer     NOT NULL,
    requests         integer     NOT NULL,
    credits_spent    integer     NOT NULL,
    attempted_at     timestamptz NOT NULL,
    detail           text,
    PRIMARY KEY (entity, slot_start, slot_end, attempted_at)
);
