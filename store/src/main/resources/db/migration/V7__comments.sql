-- The data dictionary, kept in the database itself: a COMMENT on every table, view and column the migrations create
-- (db-scheduler's scheduled_tasks included). docs/data-dictionary.md is rendered from these comments by
-- DataDictionaryIT, which also fails when a table or column has none: a migration that adds one comments it too.
-- Numbered V7 (not V6) on purpose; Flyway applies the versions in order and accepts the gap.
--
-- Words used throughout: "exact decimal" = numeric holding the digits and scale CoinCap sent as a JSON string,
-- never rounded; observed_at = the poll's one time (its first page's CoinCap `timestamp`); units are named in each
-- comment (USD, percent, credits, ms).

-- ---------------------------------------------------------------------------------------------------------------
-- Latest state (V1): one row per natural key, moved only forward by observed_at.
-- ---------------------------------------------------------------------------------------------------------------

COMMENT ON TABLE assets IS 'Latest state of every asset of /assets. Grain: one row per asset id. Replaced only by a strictly newer observed_at; an asset missing from later polls keeps its row (see last_seen_at).';
COMMENT ON COLUMN assets.id IS 'CoinCap asset id (slug), e.g. bitcoin. Primary key.';
COMMENT ON COLUMN assets.rank IS 'CoinCap rank by market cap (1 = largest).';
COMMENT ON COLUMN assets.symbol IS 'Ticker symbol, e.g. BTC.';
COMMENT ON COLUMN assets.name IS 'Display name, e.g. Bitcoin.';
COMMENT ON COLUMN assets.supply IS 'Circulating supply, in units of the asset. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.max_supply IS 'Maximum supply, in units of the asset; NULL when CoinCap sends none (no cap). CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.market_cap_usd IS 'Market cap (supply x price), USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.volume_usd_24hr IS 'Trading volume over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.price_usd IS 'Price, USD per unit of the asset. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.change_percent_24hr IS 'Price change over the last 24 hours, percent (2.5 = +2.5 %). CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.vwap_24hr IS 'Volume-weighted average price over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN assets.explorer IS 'URL of a block explorer of the asset.';
COMMENT ON COLUMN assets.observed_at IS 'observed_at of the poll this row comes from (its first page''s CoinCap timestamp). The row moves only to a strictly later one.';
COMMENT ON COLUMN assets.last_seen_at IS 'observed_at of the latest poll that returned the asset (set by the sink together with observed_at).';

COMMENT ON TABLE rates IS 'Latest state of every currency of /rates. Grain: one row per rate id. Replaced only by a strictly newer observed_at.';
COMMENT ON COLUMN rates.id IS 'CoinCap rate id, e.g. euro or bitcoin. Primary key.';
COMMENT ON COLUMN rates.symbol IS 'Currency code, e.g. EUR.';
COMMENT ON COLUMN rates.currency_symbol IS 'Currency sign, e.g. $ for USD; NULL when CoinCap sends none.';
COMMENT ON COLUMN rates.type IS 'fiat or crypto, as CoinCap sends it.';
COMMENT ON COLUMN rates.rate_usd IS 'Value of one unit of the currency, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN rates.observed_at IS 'observed_at of the poll this row comes from (its first page''s CoinCap timestamp). The row moves only to a strictly later one.';
COMMENT ON COLUMN rates.last_seen_at IS 'observed_at of the latest poll that returned the rate.';

COMMENT ON TABLE exchanges IS 'Latest state of every exchange of /exchanges. Grain: one row per exchange_id. Replaced only by a strictly newer observed_at.';
COMMENT ON COLUMN exchanges.exchange_id IS 'CoinCap exchange id (id or exchangeId in the API), e.g. binance. Primary key.';
COMMENT ON COLUMN exchanges.name IS 'Display name of the exchange.';
COMMENT ON COLUMN exchanges.rank IS 'CoinCap rank by volume (1 = largest).';
COMMENT ON COLUMN exchanges.percent_total_volume IS 'The exchange''s share of the total volume of all exchanges, percent. CoinCap''s exact decimal string (value and scale as sent; may hold 36-40 digits).';
COMMENT ON COLUMN exchanges.volume_usd IS 'Trading volume over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN exchanges.trading_pairs IS 'Number of trading pairs (markets) on the exchange, a count.';
COMMENT ON COLUMN exchanges.socket IS 'Whether CoinCap has a websocket feed for the exchange; NULL when not sent.';
COMMENT ON COLUMN exchanges.exchange_url IS 'Web site of the exchange.';
COMMENT ON COLUMN exchanges.updated_at IS 'CoinCap''s `updated` (Unix ms) of the exchange''s figures as a time; NULL when sent as 0 (unknown).';
COMMENT ON COLUMN exchanges.observed_at IS 'observed_at of the poll this row comes from (its first page''s CoinCap timestamp). The row moves only to a strictly later one.';
COMMENT ON COLUMN exchanges.last_seen_at IS 'observed_at of the latest poll that returned the exchange.';

COMMENT ON TABLE markets IS 'Latest state of every market of /markets. Grain: one row per (exchange_id, base_id, quote_id). Replaced only by a strictly newer observed_at.';
COMMENT ON COLUMN markets.exchange_id IS 'CoinCap exchange id of the market. Part of the primary key.';
COMMENT ON COLUMN markets.base_id IS 'CoinCap asset id of the base (the asset priced). Part of the primary key.';
COMMENT ON COLUMN markets.quote_id IS 'CoinCap id of the quote (the asset or currency the price is in). Part of the primary key.';
COMMENT ON COLUMN markets.base_symbol IS 'Symbol of the base, e.g. BTC.';
COMMENT ON COLUMN markets.quote_symbol IS 'Symbol of the quote, e.g. USDT.';
COMMENT ON COLUMN markets.rank IS 'CoinCap rank of the market by volume.';
COMMENT ON COLUMN markets.price_quote IS 'Price of one base unit, in units of the quote. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN markets.price_usd IS 'Price of one base unit, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN markets.volume_usd_24hr IS 'Trading volume of the market over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN markets.percent_exchange_volume IS 'The market''s share of its exchange''s volume, percent. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN markets.trades_count_24hr IS 'Number of trades over the last 24 hours, a count; NULL when not sent.';
COMMENT ON COLUMN markets.updated_at IS 'CoinCap''s `updated` (Unix ms) of the market''s figures as a time; NULL when sent as 0 (unknown).';
COMMENT ON COLUMN markets.observed_at IS 'observed_at of the poll this row comes from (its first page''s CoinCap timestamp). The row moves only to a strictly later one.';
COMMENT ON COLUMN markets.last_seen_at IS 'observed_at of the latest poll that returned the market.';

-- ---------------------------------------------------------------------------------------------------------------
-- History (V1): the same columns as the latest state, keyed by natural key and observed_at; insert-if-absent.
-- ---------------------------------------------------------------------------------------------------------------

COMMENT ON TABLE asset_snapshots IS 'History of /assets. Grain: one row per asset id and poll (id, observed_at). Insert-if-absent, first copy wins, so re-polls and replays add no row. Source of the lake and the warehouse; deleted by age (retention_horizon).';
COMMENT ON COLUMN asset_snapshots.id IS 'CoinCap asset id (slug), e.g. bitcoin. Part of the primary key.';
COMMENT ON COLUMN asset_snapshots.rank IS 'CoinCap rank by market cap (1 = largest).';
COMMENT ON COLUMN asset_snapshots.symbol IS 'Ticker symbol, e.g. BTC.';
COMMENT ON COLUMN asset_snapshots.name IS 'Display name, e.g. Bitcoin.';
COMMENT ON COLUMN asset_snapshots.supply IS 'Circulating supply, in units of the asset. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.max_supply IS 'Maximum supply, in units of the asset; NULL when CoinCap sends none (no cap). CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.market_cap_usd IS 'Market cap (supply x price), USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.volume_usd_24hr IS 'Trading volume over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.price_usd IS 'Price, USD per unit of the asset. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.change_percent_24hr IS 'Price change over the last 24 hours, percent (2.5 = +2.5 %). CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.vwap_24hr IS 'Volume-weighted average price over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_snapshots.explorer IS 'URL of a block explorer of the asset.';
COMMENT ON COLUMN asset_snapshots.observed_at IS 'observed_at of the poll (its first page''s CoinCap timestamp). Part of the primary key; its UTC day is the lake partition.';

COMMENT ON TABLE rate_snapshots IS 'History of /rates. Grain: one row per rate id and poll (id, observed_at). Insert-if-absent, first copy wins. Deleted by age (retention_horizon).';
COMMENT ON COLUMN rate_snapshots.id IS 'CoinCap rate id, e.g. euro. Part of the primary key.';
COMMENT ON COLUMN rate_snapshots.symbol IS 'Currency code, e.g. EUR.';
COMMENT ON COLUMN rate_snapshots.currency_symbol IS 'Currency sign, e.g. $ for USD; NULL when CoinCap sends none.';
COMMENT ON COLUMN rate_snapshots.type IS 'fiat or crypto, as CoinCap sends it.';
COMMENT ON COLUMN rate_snapshots.rate_usd IS 'Value of one unit of the currency, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN rate_snapshots.observed_at IS 'observed_at of the poll (its first page''s CoinCap timestamp). Part of the primary key; its UTC day is the lake partition.';

COMMENT ON TABLE exchange_snapshots IS 'History of /exchanges. Grain: one row per exchange_id and poll (exchange_id, observed_at). Insert-if-absent, first copy wins. Deleted by age (retention_horizon).';
COMMENT ON COLUMN exchange_snapshots.exchange_id IS 'CoinCap exchange id, e.g. binance. Part of the primary key.';
COMMENT ON COLUMN exchange_snapshots.name IS 'Display name of the exchange.';
COMMENT ON COLUMN exchange_snapshots.rank IS 'CoinCap rank by volume (1 = largest).';
COMMENT ON COLUMN exchange_snapshots.percent_total_volume IS 'The exchange''s share of the total volume of all exchanges, percent. CoinCap''s exact decimal string (value and scale as sent; may hold 36-40 digits).';
COMMENT ON COLUMN exchange_snapshots.volume_usd IS 'Trading volume over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN exchange_snapshots.trading_pairs IS 'Number of trading pairs (markets) on the exchange, a count.';
COMMENT ON COLUMN exchange_snapshots.socket IS 'Whether CoinCap has a websocket feed for the exchange; NULL when not sent.';
COMMENT ON COLUMN exchange_snapshots.exchange_url IS 'Web site of the exchange.';
COMMENT ON COLUMN exchange_snapshots.updated_at IS 'CoinCap''s `updated` (Unix ms) of the exchange''s figures as a time; NULL when sent as 0 (unknown).';
COMMENT ON COLUMN exchange_snapshots.observed_at IS 'observed_at of the poll (its first page''s CoinCap timestamp). Part of the primary key; its UTC day is the lake partition.';

COMMENT ON TABLE market_snapshots IS 'History of /markets. Grain: one row per market and poll (exchange_id, base_id, quote_id, observed_at). Insert-if-absent, first copy wins. Deleted by age (retention_horizon).';
COMMENT ON COLUMN market_snapshots.exchange_id IS 'CoinCap exchange id of the market. Part of the primary key.';
COMMENT ON COLUMN market_snapshots.base_id IS 'CoinCap asset id of the base (the asset priced). Part of the primary key.';
COMMENT ON COLUMN market_snapshots.quote_id IS 'CoinCap id of the quote (the asset or currency the price is in). Part of the primary key.';
COMMENT ON COLUMN market_snapshots.base_symbol IS 'Symbol of the base, e.g. BTC.';
COMMENT ON COLUMN market_snapshots.quote_symbol IS 'Symbol of the quote, e.g. USDT.';
COMMENT ON COLUMN market_snapshots.rank IS 'CoinCap rank of the market by volume.';
COMMENT ON COLUMN market_snapshots.price_quote IS 'Price of one base unit, in units of the quote. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN market_snapshots.price_usd IS 'Price of one base unit, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN market_snapshots.volume_usd_24hr IS 'Trading volume of the market over the last 24 hours, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN market_snapshots.percent_exchange_volume IS 'The market''s share of its exchange''s volume, percent. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN market_snapshots.trades_count_24hr IS 'Number of trades over the last 24 hours, a count; NULL when not sent.';
COMMENT ON COLUMN market_snapshots.updated_at IS 'CoinCap''s `updated` (Unix ms) of the market''s figures as a time; NULL when sent as 0 (unknown).';
COMMENT ON COLUMN market_snapshots.observed_at IS 'observed_at of the poll (its first page''s CoinCap timestamp). Part of the primary key; its UTC day is the lake partition.';

-- ---------------------------------------------------------------------------------------------------------------
-- Rejects and the ledger (V1, V2, V4).
-- ---------------------------------------------------------------------------------------------------------------

COMMENT ON TABLE rejected_records IS 'Kafka records the stream could not store (not an envelope, a parser rejection, text or times PostgreSQL cannot hold), kept whole with the reason. Grain: one row per Kafka record and reason (topic, partition, kafka_offset, reason).';
COMMENT ON COLUMN rejected_records.topic IS 'Kafka topic of the record, e.g. coincap.assets.';
COMMENT ON COLUMN rejected_records.partition IS 'Kafka partition of the record.';
COMMENT ON COLUMN rejected_records.kafka_offset IS 'Kafka offset of the record in its partition.';
COMMENT ON COLUMN rejected_records.record_key IS 'Kafka key of the record (the natural key); NULL when the item had none.';
COMMENT ON COLUMN rejected_records.raw IS 'The record value exactly as read (the envelope with the item).';
COMMENT ON COLUMN rejected_records.reason IS 'Why it was rejected: the parser''s rejection code and detail, or the storage problem.';
COMMENT ON COLUMN rejected_records.rejected_at IS 'When the stream rejected it.';

COMMENT ON TABLE ingest_ledger IS 'Every poll ingest made, from the coincap.ledger topic, failed and refused ones included. Grain: one row per poll (poll_id).';
COMMENT ON COLUMN ingest_ledger.poll_id IS 'Unique id of the poll (UUID), also carried by every item record of the poll. Primary key.';
COMMENT ON COLUMN ingest_ledger.entity IS 'The endpoint polled: assets, rates, exchanges or markets.';
COMMENT ON COLUMN ingest_ledger.source_url IS 'The API base polled, credentials masked.';
COMMENT ON COLUMN ingest_ledger.observed_at IS 'The poll''s one time: its first page''s CoinCap timestamp, or for a failure the clock time of the attempt.';
COMMENT ON COLUMN ingest_ledger.fetched_at IS 'When the client had the answer (clock time).';
COMMENT ON COLUMN ingest_ledger.items_returned IS 'Items the poll returned over all its pages, a count.';
COMMENT ON COLUMN ingest_ledger.repeats IS 'Items whose natural key had already come earlier in the same poll (paging overlap), a count.';
COMMENT ON COLUMN ingest_ledger.rejected IS 'Items the parser rejected at ingest, a count; 0 for failures.';
COMMENT ON COLUMN ingest_ledger.requests IS 'HTTP requests the poll sent, retries included, a count (each costs credits on a v3 key).';
COMMENT ON COLUMN ingest_ledger.outcome IS 'ok, failed, or refused (by the credit budget, before sending).';
COMMENT ON COLUMN ingest_ledger.reason IS 'NULL when ok; otherwise the failure kind and message, e.g. RETRIES_EXHAUSTED: ...';
COMMENT ON COLUMN ingest_ledger.archived_body IS 'The body of a whole-body failure (non-JSON, v2''s end-of-life notice) as received; NULL otherwise. Not extracted to the lake.';
COMMENT ON COLUMN ingest_ledger.drift IS 'Field drift of an OK poll: {"unknown":{"field":n},"missing":{"field":n}}, counts of unknown and absent optional fields (V2); NULL for failures.';
COMMENT ON COLUMN ingest_ledger.interval_ms IS 'Interval of the poller that made the poll, ms (V4), so the expected poll slots are known; NULL for events published before it was recorded.';

COMMENT ON TABLE stream_progress IS 'The next Kafka offset each Spark query has stored, written in the same transaction as its rows (V2); only moves forward. Grain: one row per (query, topic, partition).';
COMMENT ON COLUMN stream_progress.query IS 'Name of the Spark streaming query.';
COMMENT ON COLUMN stream_progress.topic IS 'Kafka topic read.';
COMMENT ON COLUMN stream_progress.partition IS 'Kafka partition read.';
COMMENT ON COLUMN stream_progress.next_offset IS 'Offset of the next record to store (last stored + 1); the end offset minus this is the lag, in records.';
COMMENT ON COLUMN stream_progress.batch_id IS 'Spark micro-batch id that stored it.';
COMMENT ON COLUMN stream_progress.committed_at IS 'When the transaction stored it (PostgreSQL now()).';

-- ---------------------------------------------------------------------------------------------------------------
-- Live prices and candles (V3).
-- ---------------------------------------------------------------------------------------------------------------

COMMENT ON TABLE price_ticks IS 'Live prices from coincap.prices (the prices socket, or REST polls when it is refused). Grain: one row per asset and millisecond (asset_id, ts); a second tick of the same millisecond goes to price_tick_duplicates. Deleted by age.';
COMMENT ON COLUMN price_ticks.asset_id IS 'CoinCap asset id. Part of the primary key.';
COMMENT ON COLUMN price_ticks.ts IS 'Tick time: the receive time ingest stamped into the record (frames carry none), ms precision. Part of the primary key.';
COMMENT ON COLUMN price_ticks.price_usd IS 'Price, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN price_ticks.via IS 'socket or rest: how ingest got the price.';
COMMENT ON COLUMN price_ticks.topic IS 'Kafka topic of the record (unique with partition and kafka_offset, so a replayed record is recognised).';
COMMENT ON COLUMN price_ticks.partition IS 'Kafka partition of the record.';
COMMENT ON COLUMN price_ticks.kafka_offset IS 'Kafka offset of the record.';

COMMENT ON TABLE price_tick_duplicates IS 'Ticks whose asset and millisecond were already stored: counted here, not stored twice. Grain: one row per Kafka record (topic, partition, kafka_offset). Deleted by age.';
COMMENT ON COLUMN price_tick_duplicates.topic IS 'Kafka topic of the record. Part of the primary key.';
COMMENT ON COLUMN price_tick_duplicates.partition IS 'Kafka partition of the record. Part of the primary key.';
COMMENT ON COLUMN price_tick_duplicates.kafka_offset IS 'Kafka offset of the record. Part of the primary key.';
COMMENT ON COLUMN price_tick_duplicates.asset_id IS 'CoinCap asset id of the tick.';
COMMENT ON COLUMN price_tick_duplicates.ts IS 'Tick time (receive time stamped by ingest), the millisecond already stored in price_ticks.';
COMMENT ON COLUMN price_tick_duplicates.price_usd IS 'The duplicate''s price, USD. CoinCap''s exact decimal string (value and scale as sent).';

COMMENT ON TABLE late_ticks IS 'Ticks further behind their asset''s watermark (tick_watermarks) than the allowed lateness (--candle-lateness): kept with the reason, not in candles. Grain: one row per Kafka record (topic, partition, kafka_offset). Deleted by age.';
COMMENT ON COLUMN late_ticks.topic IS 'Kafka topic of the record. Part of the primary key.';
COMMENT ON COLUMN late_ticks.partition IS 'Kafka partition of the record. Part of the primary key.';
COMMENT ON COLUMN late_ticks.kafka_offset IS 'Kafka offset of the record. Part of the primary key.';
COMMENT ON COLUMN late_ticks.asset_id IS 'CoinCap asset id of the tick.';
COMMENT ON COLUMN late_ticks.ts IS 'Tick time (receive time stamped by ingest).';
COMMENT ON COLUMN late_ticks.price_usd IS 'Price, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN late_ticks.watermark IS 'The asset''s watermark (latest stored tick time) the tick was judged against.';
COMMENT ON COLUMN late_ticks.reason IS 'Why the tick was not used, e.g. how far behind the watermark it was.';
COMMENT ON COLUMN late_ticks.recorded_at IS 'When the stream recorded it.';

COMMENT ON TABLE tick_watermarks IS 'The application watermark: the latest tick time stored per asset; lateness is judged against it. Grain: one row per asset_id. Kept by retention.';
COMMENT ON COLUMN tick_watermarks.asset_id IS 'CoinCap asset id. Primary key.';
COMMENT ON COLUMN tick_watermarks.max_ts IS 'Latest tick time (ts) stored for the asset.';

COMMENT ON TABLE candles_1m IS '1-minute OHLC candles in tick time, recomputed from price_ticks for every minute a micro-batch touches, so a tick within the lateness restates its candle. Grain: one row per asset and minute (asset_id, bucket_start). Deleted by age.';
COMMENT ON COLUMN candles_1m.asset_id IS 'CoinCap asset id. Part of the primary key.';
COMMENT ON COLUMN candles_1m.bucket_start IS 'Start of the minute (inclusive; the bucket ends one minute later, exclusive). Part of the primary key.';
COMMENT ON COLUMN candles_1m.open IS 'Price of the first tick of the minute, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN candles_1m.high IS 'Highest tick price of the minute, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN candles_1m.low IS 'Lowest tick price of the minute, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN candles_1m.close IS 'Price of the last tick of the minute, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN candles_1m.tick_count IS 'Ticks in the minute, a count.';

-- ---------------------------------------------------------------------------------------------------------------
-- Completeness, gaps, repair and retention (V4).
-- ---------------------------------------------------------------------------------------------------------------

COMMENT ON TABLE retention_horizon IS 'How far retention has deleted rows from a table; below removed_before absence proves nothing, so ingest_completeness says unknown (NULL). Only moves forward. Grain: one row per table (target).';
COMMENT ON COLUMN retention_horizon.target IS 'Name of the table retention deletes from, e.g. asset_snapshots. Primary key.';
COMMENT ON COLUMN retention_horizon.removed_before IS 'Rows older than this may have been deleted.';
COMMENT ON COLUMN retention_horizon.removed_at IS 'When retention last moved the horizon.';

COMMENT ON VIEW ingest_completeness IS 'How much of each OK poll reached the history tables. Grain: one row per OK poll (poll_id).';
COMMENT ON COLUMN ingest_completeness.entity IS 'The endpoint polled: assets, rates, exchanges or markets.';
COMMENT ON COLUMN ingest_completeness.poll_id IS 'The poll (ingest_ledger.poll_id).';
COMMENT ON COLUMN ingest_completeness.observed_at IS 'The poll''s observed_at.';
COMMENT ON COLUMN ingest_completeness.items_returned IS 'Items the poll returned, a count.';
COMMENT ON COLUMN ingest_completeness.items_stored IS 'Rows of the entity''s *_snapshots table at the poll''s observed_at, a count; NULL when retention removed that time.';
COMMENT ON COLUMN ingest_completeness.missing IS 'items_returned - repeats - rejected - items_stored, a count: items that should be stored and are not (positive while the stream is behind or when rows were lost); NULL when unknown.';

COMMENT ON VIEW ingest_gaps IS 'Expected poll slots that hold no data. Grain: one row per gap: a failed or refused poll''s own slot, or a span in which polls were due and none was made.';
COMMENT ON COLUMN ingest_gaps.entity IS 'The endpoint: assets, rates, exchanges or markets.';
COMMENT ON COLUMN ingest_gaps.slot_start IS 'Start of the gap (inclusive).';
COMMENT ON COLUMN ingest_gaps.slot_end IS 'End of the gap: one interval after a failed or refused poll (cut at the next poll), or the poll that came after a not-polled span.';
COMMENT ON COLUMN ingest_gaps.reason IS 'failed, refused by budget, or not polled.';

COMMENT ON TABLE asset_price_history IS 'Asset prices filled in from /assets/{id}/history for gaps by gap repair. Grain: one row per asset and point (asset_id, ts); first copy wins. Kept by retention.';
COMMENT ON COLUMN asset_price_history.asset_id IS 'CoinCap asset id. Part of the primary key.';
COMMENT ON COLUMN asset_price_history.ts IS 'Time of the history point (CoinCap''s time; whole minutes, hours or UTC midnights by interval). Part of the primary key.';
COMMENT ON COLUMN asset_price_history.price_usd IS 'Price at ts, USD. CoinCap''s exact decimal string (value and scale as sent).';
COMMENT ON COLUMN asset_price_history.source IS 'Where the point came from: the endpoint, the history interval and the API base (credentials masked), e.g. /assets/{id}/history m1 <base>.';

COMMENT ON TABLE gap_repairs IS 'Every repair attempt of a gap span (one or more adjacent gaps of ingest_gaps), what it found and what it cost. Grain: one row per span and attempt (entity, slot_start, slot_end, attempted_at). Kept by retention.';
COMMENT ON COLUMN gap_repairs.entity IS 'The endpoint of the gaps; only assets can be repaired.';
COMMENT ON COLUMN gap_repairs.slot_start IS 'Start of the span (inclusive).';
COMMENT ON COLUMN gap_repairs.slot_end IS 'End of the span.';
COMMENT ON COLUMN gap_repairs.status IS 'repaired, verified_empty, failed, or skipped_budget (no credit headroom; at most once a day per span, not an attempt). Settled by repaired, verified_empty or 3 failed.';
COMMENT ON COLUMN gap_repairs.history_interval IS 'CoinCap history interval chosen for the span: the finest that covers it in one request (m1, m5, m15, m30, h1, ..., d1).';
COMMENT ON COLUMN gap_repairs.assets IS 'Assets whose history request was answered (an asset CoinCap no longer knows counts as answered), a count.';
COMMENT ON COLUMN gap_repairs.points IS 'History points stored inside the span, a count.';
COMMENT ON COLUMN gap_repairs.requests IS 'HTTP requests sent, a count.';
COMMENT ON COLUMN gap_repairs.credits_spent IS 'CoinCap API credits the requests cost, credits.';
COMMENT ON COLUMN gap_repairs.attempted_at IS 'When the attempt was made. Part of the primary key.';
COMMENT ON COLUMN gap_repairs.detail IS 'Readable detail: what failed, what the budget allowed.';

-- ---------------------------------------------------------------------------------------------------------------
-- The batch path (V5).
-- ---------------------------------------------------------------------------------------------------------------

COMMENT ON TABLE batch_partitions IS 'Where each day partition stands, and what the source held when it was last extracted (rows arriving later make it dirty). Grain: one row per UTC day (partition_date).';
COMMENT ON COLUMN batch_partitions.partition_date IS 'The UTC day. Primary key.';
COMMENT ON COLUMN batch_partitions.state IS 'running, succeeded, failed or dirty (source rows changed after the run).';
COMMENT ON COLUMN batch_partitions.last_run_id IS 'The run (batch_runs.run_id) that last set the state.';
COMMENT ON COLUMN batch_partitions.window_start IS 'Start of the window the last run covered (the day''s start).';
COMMENT ON COLUMN batch_partitions.window_end IS 'End of that window: the day''s end, or for a day run while still open where ingest had got.';
COMMENT ON COLUMN batch_partitions.source_rows IS 'Rows per source table at the last extract, {"<table>": n}; compared with the current counts to find dirty days.';
COMMENT ON COLUMN batch_partitions.updated_at IS 'When the row last changed.';
COMMENT ON COLUMN batch_partitions.dirty_reason IS 'Why the day turned dirty, e.g. rows changed after the run: ...; NULL otherwise.';

COMMENT ON TABLE batch_runs IS 'Per-step history of every batch run (one pass of extract -> models -> gates -> report, or one step of it, over one partition). Grain: one row per run and step (run_id, step).';
COMMENT ON COLUMN batch_runs.run_id IS 'Id of the run (UUID). Part of the primary key.';
COMMENT ON COLUMN batch_runs.partition_date IS 'The UTC day the run built.';
COMMENT ON COLUMN batch_runs.step IS 'extract, models, gates or report. Part of the primary key.';
COMMENT ON COLUMN batch_runs.trigger IS 'What started the run: cli (batch run), backfill, scheduler or bench.';
COMMENT ON COLUMN batch_runs.attempt IS 'Attempt number of the day run (retries count up from 1).';
COMMENT ON COLUMN batch_runs.status IS 'running, succeeded or failed.';
COMMENT ON COLUMN batch_runs.started_at IS 'When the step started.';
COMMENT ON COLUMN batch_runs.finished_at IS 'When the step finished; NULL while running (or when the run was killed).';
COMMENT ON COLUMN batch_runs.rows IS 'Rows the step handled, a count: extract, source rows extracted; models, rows the models wrote; gates, gates run; report, 1.';
COMMENT ON COLUMN batch_runs.detail IS 'Readable summary of the step: the gate outcomes, or the report written.';
COMMENT ON COLUMN batch_runs.error IS 'The error that failed the step; NULL otherwise.';

COMMENT ON TABLE batch_gate_results IS 'Every data-quality gate''s outcome per run; warnings kept apart from errors by severity. Grain: one row per run and gate (run_id, gate).';
COMMENT ON COLUMN batch_gate_results.run_id IS 'The run (batch_runs.run_id). Part of the primary key.';
COMMENT ON COLUMN batch_gate_results.partition_date IS 'The UTC day gated.';
COMMENT ON COLUMN batch_gate_results.gate IS 'Name of the gate, e.g. reconcile_asset_snapshots or a schema.yml test name. Part of the primary key.';
COMMENT ON COLUMN batch_gate_results.kind IS 'Kind of gate, e.g. reconciliation, decimal_loss, completeness, price_sanity, or the schema test kind.';
COMMENT ON COLUMN batch_gate_results.severity IS 'error (fails the run) or warn.';
COMMENT ON COLUMN batch_gate_results.failures IS 'Failing rows, a count; 0 = passed.';
COMMENT ON COLUMN batch_gate_results.samples IS 'Sample keys of failing rows, one per line.';
COMMENT ON COLUMN batch_gate_results.detail IS 'Readable detail of the outcome.';

COMMENT ON TABLE scheduled_tasks IS 'db-scheduler''s task table (its PostgreSQL DDL), so queued and retried day runs survive restarts. Grain: one row per task instance (task_name, task_instance).';
COMMENT ON COLUMN scheduled_tasks.task_name IS 'Task name: batch-plan (the recurring planner) or batch-day (one day run). Part of the primary key.';
COMMENT ON COLUMN scheduled_tasks.task_instance IS 'Instance id: the partition day YYYY-MM-DD for batch-day. Part of the primary key.';
COMMENT ON COLUMN scheduled_tasks.task_data IS 'Serialized task data (db-scheduler''s serializer); NULL when the task has none.';
COMMENT ON COLUMN scheduled_tasks.execution_time IS 'When the instance is due to run next.';
COMMENT ON COLUMN scheduled_tasks.picked IS 'Whether a scheduler has picked the instance and is running it.';
COMMENT ON COLUMN scheduled_tasks.picked_by IS 'Name of the scheduler instance running it; NULL when not picked.';
COMMENT ON COLUMN scheduled_tasks.last_success IS 'When an execution last succeeded.';
COMMENT ON COLUMN scheduled_tasks.last_failure IS 'When an execution last failed.';
COMMENT ON COLUMN scheduled_tasks.consecutive_failures IS 'Failures since the last success, a count (drives the retry backoff).';
COMMENT ON COLUMN scheduled_tasks.last_heartbeat IS 'Last heartbeat of the scheduler running it; a stale one marks a dead execution.';
COMMENT ON COLUMN scheduled_tasks.version IS 'Optimistic-lock version, incremented on every update.';
COMMENT ON COLUMN scheduled_tasks.priority IS 'Execution priority (higher runs first); NULL = default.';
