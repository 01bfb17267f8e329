-- Fixture rows for the serve module's tests. "Now" is 2026-11-20 12:00:00 UTC (the tests' fixed clock).
-- Hostile values stand in for what a compromised or buggy source could send: markup, SQL, LIKE wildcards.

INSERT INTO assets (id, rank, symbol, name, supply, max_supply, market_cap_usd, volume_usd_24hr, price_usd,
                    change_percent_24hr, vwap_24hr, explorer, observed_at, last_seen_at) VALUES
  ('bitcoin', 1, 'BTC', 'Bitcoin', 19876543.00000000, 21000000, 1349876543210.123456789012345678,
   23456789012.50, 67890.12345678901234567890, 2.50123456789, 67500.1, 'https://blockchain.info/',
   '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00'),
  ('ethereum', 2, 'ETH', 'Ethereum', 120000000, NULL, 414813600000, 12000000000, 3456.78, -1.25, 3460,
   NULL, '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00'),
  ('evil', 3, '<b>EVL</b>', '<script>window.__xss=1</script><img src=x id=injected>', 1, NULL, 1000000000, 1, 1.5,
   0, NULL, 'javascript:alert(1)', '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00'),
  ('drop', 4, 'DRP', '''; DROP TABLE assets; --', 1, NULL, 900000000, 1, 0.00001234, 0.5, NULL, NULL,
   '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00'),
  ('percent', 5, 'PCT', '100% Coin', 1, NULL, 800000000, 1, 1, 0, NULL, NULL,
   '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00'),
  ('under-score', 6, 'U_S', 'Under_score', 1, NULL, 700000000, 1, 1, 0, NULL, NULL,
   '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00'),
  ('plain', 7, 'UXS', 'UxScore', 1, NULL, 600000000, 1, 1, 0, NULL, NULL,
   '2026-11-20 11:59:30+00', '2026-11-20 11:59:30+00');

-- Snapshots every 10 minutes over the last 24 h: bitcoin 67000 + i, ethereum 3400 + i.
INSERT INTO asset_snapshots (id, rank, symbol, name, price_usd, observed_at)
SELECT 'bitcoin', 1, 'BTC', 'Bitcoin', 67000 + i, TIMESTAMPTZ '2026-11-20 12:00:00+00' - interval '24 hours'
       + i * interval '10 minutes' + interval '1 minute'
FROM generate_series(0, 143) AS i;
INSERT INTO asset_snapshots (id, rank, symbol, name, price_usd, observed_at)
SELECT 'ethereum', 2, 'ETH', 'Ethereum', 3400 + i, TIMESTAMPTZ '2026-11-20 12:00:00+00' - interval '24 hours'
       + i * interval '10 minutes' + interval '1 minute'
FROM generate_series(0, 143) AS i;

-- 1-minute candles of bitcoin for the last 7 days: minute m (since the epoch) opens at 60000 + m % 100,
-- high +10, low -10, close +5, 3 ticks.
INSERT INTO candles_1m (asset_id, bucket_start, open, high, low, close, tick_count)
SELECT 'bitcoin', t, 60000 + m % 100, 60010 + m % 100, 59990 + m % 100, 60005 + m % 100, 3
FROM (SELECT t, (extract(epoch FROM t) / 60)::bigint AS m
      FROM generate_series(TIMESTAMPTZ '2026-11-13 12:00:00+00', TIMESTAMPTZ '2026-11-20 11:59:00+00',
                           interval '1 minute') AS t) x;
-- One ethereum candle with exact 20-digit decimals.
INSERT INTO candles_1m (asset_id, bucket_start, open, high, low, close, tick_count) VALUES
  ('ethereum', '2026-11-20 11:30:00+00', 3456.12345678901234567891, 3460.5, 3450.00000000000000000001,
   3457.98765432109876543210, 7);

INSERT INTO markets (exchange_id, base_id, quote_id, base_symbol, quote_symbol, rank, price_quote, price_usd,
                     volume_usd_24hr, percent_exchange_volume, trades_count_24hr, updated_at, observed_at) VALUES
  ('binance', 'bitcoin', 'tether', 'BTC', 'USDT', 1, 67895.1, 67890.5, 1000000000.123456789012345678, 12.5,
   900000, '2026-11-20 11:59:00+00', '2026-11-20 11:59:30+00'),
  ('kraken', 'bitcoin', 'united-states-dollar', 'BTC', 'USD', 3, 67880, 67880, 500000000, 20.1, 300000,
   '2026-11-20 11:59:00+00', '2026-11-20 11:59:30+00'),
  ('coinbase', 'bitcoin', 'united-states-dollar', 'BTC', 'USD', 2, 67885, 67885, 750000000, 30, 400000,
   '2026-11-20 11:59:00+00', '2026-11-20 11:59:30+00'),
  ('binance', 'ethereum', 'tether', 'ETH', 'USDT', 2, 3456.9, 3456.7, 400000000, 5, 200000,
   '2026-11-20 11:59:00+00', '2026-11-20 11:59:30+00');

INSERT INTO exchanges (exchange_id, name, rank, percent_total_volume, volume_usd, trading_pairs, socket, exchange_url,
                       updated_at, observed_at) VALUES
  ('binance', 'Binance', 1, 45.123456789012345678, 9000000000.5, 1500, true, 'https://www.binance.com/',
   '2026-11-20 11:59:00+00', '2026-11-20 11:59:30+00'),
  ('kraken', 'Kraken', 3, 10.5, 2000000000, 600, false, 'https://kraken.com', '2026-11-20 11:59:00+00',
   '2026-11-20 11:59:30+00'),
  ('coinbase', 'Coinbase', 2, 20.25, 4000000000, 400, NULL, 'javascript:alert(1)', NULL, '2026-11-20 11:59:30+00');

INSERT INTO rates (id, symbol, currency_symbol, type, rate_usd, observed_at) VALUES
  ('united-states-dollar', 'USD', '$', 'fiat', 1, '2026-11-20 11:59:30+00'),
  ('euro', 'EUR', '€', 'fiat', 1.08123456789012345678, '2026-11-20 11:59:30+00'),
  ('bitcoin', 'BTC', '₿', 'crypto', 67890.12345678901234567890, '2026-11-20 11:59:30+00');

-- Ledger: assets polled every 60 s from 11:00, with a failed poll at 11:20 and a refused one at 11:40; rates
-- polled once at 11:59.
INSERT INTO ingest_ledger (poll_id, entity, source_url, observed_at, fetched_at, items_returned, repeats, rejected,
                           requests, outcome, reason, interval_ms)
SELECT md5('assets' || i)::uuid, 'assets', 'https://rest.coincap.io/v3/assets',
       TIMESTAMPTZ '2026-11-20 11:00:00+00' + i * interval '1 minute', NULL,
       CASE WHEN i IN (20, 40) THEN NULL ELSE 0 END, 0, 0, 1,
       CASE i WHEN 20 THEN 'failed' WHEN 40 THEN 'refused' ELSE 'ok' END,
       CASE i WHEN 20 THEN 'HTTP 503 from CoinCap' WHEN 40 THEN 'daily credit budget spent' END, 60000
FROM generate_series(0, 59) AS i;
INSERT INTO ingest_ledger (poll_id, entity, source_url, observed_at, items_returned, repeats, rejected, requests,
                           outcome, reason, interval_ms) VALUES
  (md5('rates')::uuid, 'rates', 'https://rest.coincap.io/v3/rates', '2026-11-20 11:59:00+00', 3, 0, 0, 1, 'ok',
   NULL, 300000);

INSERT INTO rejected_records (topic, partition, kafka_offset, record_key, raw, reason, rejected_at) VALUES
  ('coincap.assets', 0, 10, 'x', '{}', 'missing id', '2026-11-20 10:00:00+00'),
  ('coincap.assets', 0, 11, 'y', '{}', 'missing id', '2026-11-20 10:01:00+00'),
  ('coincap.assets', 0, 12, 'z', '{}', 'price_usd is not a decimal', '2026-11-20 10:02:00+00'),
  ('coincap.assets', 0, 1, 'old', '{}', 'too old to count', '2026-11-18 10:00:00+00');

INSERT INTO batch_runs (run_id, partition_date, step, trigger, attempt, status, started_at, finished_at, rows, detail,
                        error) VALUES
  ('00000000-0000-0000-0000-000000000001', '2026-11-19', 'extract', 'schedule', 1, 'succeeded',
   '2026-11-20 00:10:00+00', '2026-11-20 00:11:00+00', 1234, NULL, NULL),
  ('00000000-0000-0000-0000-000000000001', '2026-11-19', 'models', 'schedule', 1, 'succeeded',
   '2026-11-20 00:11:00+00', '2026-11-20 00:12:00+00', 99, NULL, NULL),
  ('00000000-0000-0000-0000-000000000001', '2026-11-19', 'gates', 'schedule', 1, 'failed',
   '2026-11-20 00:12:00+00', '2026-11-20 00:12:30+00', NULL, NULL, 'gate price_vs_vwap failed: 1 row');
