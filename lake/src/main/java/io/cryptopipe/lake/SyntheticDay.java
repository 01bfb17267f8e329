package io.cryptopipe.lake;

import io.cryptopipe.core.batch.Partition;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch benchmark's loader: one synthetic UTC day of CoinCap-like polls, bulk-loaded with {@code COPY ... FROM
 * STDIN} (text format, streamed: a generator thread fills 1 MiB buffers that the calling thread sends) into the
 * four snapshot tables, plus one {@code ingest_ledger} row per poll. Deterministic from the seed: the same shape, day
 * and seed give the same rows. Decimals are strings as CoinCap sends them (16 fractional digits, 18 below 1), prices
 * follow a per-asset random walk so that open/high/low/close mean something, markets quote existing assets.
 * Assumes the day is empty in PostgreSQL; it deletes nothing.
 */
public final class SyntheticDay {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticDay.class);
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    static final List<String> QUOTES = List.of("tether", "united-states-dollar", "bitcoin", "ethereum");
    private static final List<String> NAMED_ASSETS = List.of("bitcoin", "ethereum", "tether", "binance-coin",
            "solana", "usd-coin", "xrp", "dogecoin", "cardano", "tron");
    private static final List<String> NAMED_RATES = List.of("united-states-dollar", "euro", "british-pound-sterling",
            "japanese-yen", "swiss-franc", "bitcoin", "ethereum");
    private static final List<String> NAMED_EXCHANGES = List.of("binance", "coinbase", "kraken", "okx", "bybit",
            "bitfinex", "kucoin", "gate", "huobi", "bitstamp");

    private SyntheticDay() {
    }

    /** How many entities each endpoint returns per poll, and how often it is polled. */
    public record Shape(int assets, Duration assetEvery, int markets, Duration marketEvery, int rates,
            Duration rateEvery, int exchanges, Duration exchangeEvery) {
        public Shape {
            Objects.requireNonNull(assetEvery, "assetEvery");
            Objects.requireNonNull(marketEvery, "marketEvery");
            Objects.requireNonNull(rateEvery, "rateEvery");
            Objects.requireNonNull(exchangeEvery, "exchangeEvery");
            if (assets < 0 || markets < 0 || rates < 0 || exchanges < 0) {
                throw new IllegalArgumentException("negative entity count in " + this);
            }
            for (Duration d : List.of(assetEvery, marketEvery, rateEvery, exchangeEvery)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("poll intervals must be positive: " + d);
                }
            }
            if (markets > 0 && (assets == 0 || (long) markets > (long) Math.max(1, exchanges) * assets * QUOTES.size())) {
                throw new IllegalArgumentException(markets + " markets need more distinct exchange/base/quote pairs"
                        + " than " + Math.max(1, exchanges) + " exchanges x " + assets + " assets x " + QUOTES.size()
                        + " quotes");
            }
        }

        /** 2,000 assets every minute, 20,000 markets every 5, 150 rates every minute, 100 exchanges every 5. */
        public static Shape realistic() {
            return new Shape(2_000, Duration.ofMinutes(1), 20_000, Duration.ofMinutes(5), 150, Duration.ofMinutes(1),
                    100, Duration.ofMinutes(5));
        }

        /** Snapshot rows a whole day holds. */
        public long rowsPerDay() {
            return (long) assets * polls(assetEvery) + (long) markets * polls(marketEvery)
                    + (long) rates * polls(rateEvery) + (long) exchanges * polls(exchangeEvery);
        }

        static long polls(Duration every) {
            long day = Duration.ofDays(1).toNanos();
            return (day + every.toNanos() - 1) / every.toNanos();
        }
    }

    /** Rows loaded per table, and the time it took. */
    public record LoadResult(long assetRows, long marketRows, long rateRows, long exchangeRows, long ledgerRows,
            Duration took) {
        public long rows() {
            return assetRows + marketRows + rateRows + exchangeRows + ledgerRows;
        }

        public double rowsPerSecond() {
            double s = took.toNanos() / 1e9;
            return s <= 0 ? rows() : rows() / s;
        }
    }

    /**
     * Loads the day.
     *
     * @param pg   the connection (its transaction mode is left as is: with auto-commit each COPY commits alone)
     * @param seed the same seed gives the same rows
     */
    public static LoadResult load(Connection pg, Partition day, Shape shape, long seed) throws SQLException {
        long t0 = System.nanoTime();
        CopyManager copy = pg.unwrap(PGConnection.class).getCopyAPI();
        Generator g = new Generator(day, shape, seed);
        long assets = copyIn(copy, "COPY asset_snapshots (id, rank, symbol, name, supply, max_supply, market_cap_usd,"
                + " volume_usd_24hr, price_usd, change_percent_24hr, vwap_24hr, explorer, observed_at) FROM STDIN",
                g::assets);
        long markets = copyIn(copy, "COPY market_snapshots (exchange_id, base_id, quote_id, base_symbol, quote_symbol,"
                + " rank, price_quote, price_usd, volume_usd_24hr, percent_exchange_volume, trades_count_24hr,"
                + " updated_at, observed_at) FROM STDIN", g::markets);
        long rates = copyIn(copy, "COPY rate_snapshots (id, symbol, currency_symbol, type, rate_usd, observed_at)"
                + " FROM STDIN", g::rates);
        long exchanges = copyIn(copy, "COPY exchange_snapshots (exchange_id, name, rank, percent_total_volume,"
                + " volume_usd, trading_pairs, socket, exchange_url, updated_at, observed_at) FROM STDIN",
                g::exchanges);
        long ledger = copyIn(copy, "COPY ingest_ledger (poll_id, entity, source_url, observed_at, fetched_at,"
                + " items_returned, repeats, rejected, requests, outcome, interval_ms) FROM STDIN", g::ledger);
        LoadResult result = new LoadResult(assets, markets, rates, exchanges, ledger,
                Duration.ofNanos(System.nanoTime() - t0));
        LOG.info("synthetic day {}: {} rows ({} assets, {} markets, {} rates, {} exchanges, {} ledger) in {} s,"
                + " {} rows/s", day, result.rows(), assets, markets, rates, exchanges, ledger,
                String.format("%.1f", result.took().toNanos() / 1e9), Math.round(result.rowsPerSecond()));
        return result;
    }

    private interface Body {
        long write(Buf out) throws InterruptedException;
    }

    /** Runs {@code body} on a generator thread and streams its buffers into one COPY. */
    private static long copyIn(CopyManager copy, String sql, Body body) throws SQLException {
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] rows = new long[1];
        Thread producer = new Thread(() -> {
            try {
                Buf buf = new Buf(queue);
                rows[0] = body.write(buf);
                buf.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                failure.set(e);
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "synthetic-day-copy");
        producer.setDaemon(true);
        CopyIn in = copy.copyIn(sql);
        producer.start();
        boolean done = false;
        long waited = 0;
        long sent = 0;
        long t0 = System.nanoTime();
        try {
            while (true) {
                long a = System.nanoTime();
                byte[] chunk = queue.take();
                long b = System.nanoTime();
                waited += b - a;
                if (chunk == END) {
                    break;
                }
                in.writeToCopy(chunk, 0, chunk.length);
                sent += System.nanoTime() - b;
            }
            producer.join();
            if (failure.get() != null) {
                throw new IllegalStateException("generating " + sql + " failed", failure.get());
            }
            long a = System.nanoTime();
            long copied = in.endCopy();
            done = true;
            LOG.debug("{}: {} rows in {} s; waiting for the generator {} s, sending {} s, finishing {} s",
                    sql.substring(0, sql.indexOf(" (")), copied, secs(System.nanoTime() - t0), secs(waited),
                    secs(sent), secs(System.nanoTime() - a));
            if (copied != rows[0]) {
                throw new IllegalStateException(sql + " copied " + copied + " rows, generated " + rows[0]);
            }
            return copied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading", e);
        } finally {
            if (!done) {
                producer.interrupt();
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        }
    }

    private static String secs(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    /** An ASCII byte buffer handing full chunks to the queue. */
    static final class Buf {
        private final BlockingQueue<byte[]> queue;
        private byte[] b = new byte[CHUNK + 4096];
        private int n;

        Buf(BlockingQueue<byte[]> queue) {
            this.queue = queue;
        }

        Buf s(String ascii) {
            for (int i = 0, len = ascii.length(); i < len; i++) {
                b[n++] = (byte) ascii.charAt(i); // ASCII only: every character is one byte
            }
            return this;
        }

        Buf s(byte[] bytes) {
            System.arraycopy(bytes, 0, b, n, bytes.length);
            n += bytes.length;
            return this;
        }

        Buf c(char ch) {
            b[n++] = (byte) ch;
            return this;
        }

        Buf tab() {
            b[n++] = '\t';
            return this;
        }

        Buf nul() {
            b[n++] = '\\';
            b[n++] = 'N';
            return this;
        }

        Buf l(long v) {
            if (v < 0) {
                b[n++] = '-';
                v = -v;
            }
            if (v == 0) {
                b[n++] = '0';
                return this;
            }
            int start = n;
            while (v > 0) {
                b[n++] = (byte) ('0' + (v % 10));
                v /= 10;
            }
            for (int i = start, j = n - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
            return this;
        }

        /** {@code v} zero-padded to {@code digits}. */
        Buf pad(long v, int digits) {
            for (int i = digits - 1; i >= 0; i--) {
                b[n + i] = (byte) ('0' + (v % 10));
                v /= 10;
            }
            n += digits;
            return this;
        }

        /**
         * A decimal string of {@code v} with exactly {@code frac} fractional digits: up to 15 from the double, the
         * rest (CoinCap's noise digits) from {@code rnd}.
         */
        Buf dec(double v, int frac, SplittableRandom rnd) {
            if (v < 0) {
                b[n++] = '-';
                v = -v;
            }
            long ip = (long) v;
            l(ip);
            b[n++] = '.';
            double f = v - ip;
            int exact = Math.min(frac, 15);
            long scaled = (long) (f * POW10[exact]);
            pad(Math.min(scaled, POW10_L[exact] - 1), exact);
            if (frac > exact) {
                pad(rnd.nextLong(POW10_L[frac - exact]), frac - exact);
            }
            return this;
        }

        void endRow() throws InterruptedException {
            b[n++] = '\n';
            if (n >= CHUNK) {
                flush();
            }
        }

        void flush() throws InterruptedException {
            if (n > 0) {
                byte[] out = new byte[n];
                System.arraycopy(b, 0, out, 0, n);
                queue.put(out);
                n = 0;
            }
        }
    }

    private static final double[] POW10 = new double[19];
    private static final long[] POW10_L = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < 19; i++) {
            POW10_L[i] = p;
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Generates the rows; all state derives from the seed. */
    static final class Generator {
        private final Shape shape;
        private final long seed;
        private final byte[] datePrefix;
        private final String[] assetIds;
        private final String[] assetSymbols;
        private final String[] assetNames;
        /** The asset price path: {@code price[poll][asset]}, one row per asset poll. */
        private final double[][] price;
        private final long[] assetPollMicros;
        private final List<LedgerEntry> ledger = new ArrayList<>();

        record LedgerEntry(UUID pollId, String entity, long observedMicros, int items, long intervalMs) {
        }

        Generator(Partition day, Shape shape, long seed) {
            this.shape = shape;
            this.seed = seed;
            this.datePrefix = (day.toString() + " ").getBytes(StandardCharsets.US_ASCII);
            int a = shape.assets();
            assetIds = new String[a];
            assetSymbols = new String[a];
            assetNames = new String[a];
            for (int i = 0; i < a; i++) {
                assetIds[i] = i < NAMED_ASSETS.size() ? NAMED_ASSETS.get(i) : String.format("asset-%04d", i);
                assetSymbols[i] = i < NAMED_ASSETS.size() ? NAMED_ASSETS.get(i).substring(0, 3).toUpperCase()
                        : String.format("A%04d", i);
                assetNames[i] = i < NAMED_ASSETS.size() ? capitalize(NAMED_ASSETS.get(i)) : "Asset " + i;
            }
            assetPollMicros = pollTimes(shape.assetEvery(), new SplittableRandom(seed ^ 0x5EED0001L));
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED0002L);
            price = new double[assetPollMicros.length][a];
            for (int i = 0; i < a && assetPollMicros.length > 0; i++) {
                price[0][i] = initialPrice(i, rnd);
            }
            for (int k = 1; k < assetPollMicros.length; k++) {
                for (int i = 0; i < a; i++) {
                    double sigma = i == 2 ? 0.00005 : 0.0015; // tether barely moves
                    price[k][i] = price[k - 1][i] * Math.exp(sigma * rnd.nextGaussian());
                }
            }
        }

        private static String capitalize(String id) {
            return Character.toUpperCase(id.charAt(0)) + id.substring(1).replace('-', ' ');
        }

        private static double initialPrice(int i, SplittableRandom rnd) {
            return switch (i) {
                case 0 -> 68_432.12;
                case 1 -> 3_512.4;
                case 2, 5 -> 1.0001;
                default -> Math.pow(10, -8 + 11 * rnd.nextDouble()); // 1e-8 .. 1e3, log-uniform
            };
        }

        /** Poll instants of one endpoint: every {@code every} from midnight, each a little late (0-2 s, in us). */
        private long[] pollTimes(Duration every, SplittableRandom rnd) {
            long everyMicros = every.toNanos() / 1_000;
            long dayMicros = 86_400_000_000L;
            int count = (int) Shape.polls(every);
            long[] out = new long[count];
            for (int k = 0; k < count; k++) {
                long jitter = rnd.nextLong(Math.min(2_000_000L, everyMicros));
                out[k] = Math.min(k * everyMicros + jitter, dayMicros - 1);
            }
            return out;
        }

        /** {@code YYYY-MM-DD HH:MM:SS.ffffff+00} of micros since this day's midnight (within the day). */
        private void ts(Buf out, long microsOfDay) {
            long secs = microsOfDay / 1_000_000;
            long micros = microsOfDay % 1_000_000;
            out.s(datePrefix).pad(secs / 3600, 2).c(':').pad(secs / 60 % 60, 2).c(':').pad(secs % 60, 2).c('.')
                    .pad(micros, 6).s("+00");
        }

        private int assetPollAt(long microsOfDay) {
            long every = shape.assetEvery().toNanos() / 1_000;
            return (int) Math.min(assetPollMicros.length - 1, Math.max(0, microsOfDay / every));
        }

        private double quotePrice(int quote, int assetPoll) {
            String id = QUOTES.get(quote);
            if (id.equals("united-states-dollar")) {
                return 1.0;
            }
            int idx = NAMED_ASSETS.indexOf(id);
            return idx >= 0 && idx < shape.assets() ? price[assetPoll][idx] : 1.0;
        }

        private void poll(String entity, long microsOfDay, int items, Duration every, SplittableRandom rnd) {
            ledger.add(new LedgerEntry(new UUID(rnd.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    rnd.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L), entity, microsOfDay, items,
                    every.toMillis()));
        }

        long assets(Buf out) throws InterruptedException {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0xA55E7L);
            int a = shape.assets();
            double[] supply = new double[a];
            double[] maxSupply = new double[a];
            double[] volumeShare = new double[a];
            // Fixed per asset, as in CoinCap: a max supply that changed every poll would make every snapshot a new
            // dim_asset version.
            String[] maxSupplyText = new String[a];
            for (int i = 0; i < a; i++) {
                supply[i] = Math.pow(10, 6 + 6 * rnd.nextDouble());
                maxSupply[i] = rnd.nextInt(10) < 4 ? -1 : supply[i] * (1 + rnd.nextDouble());
                maxSupplyText[i] = maxSupply[i] < 0 ? null : new java.math.BigDecimal(maxSupply[i])
                        .setScale(16, java.math.RoundingMode.HALF_UP).toPlainString();
                volumeShare[i] = 0.001 + 0.2 * rnd.nextDouble();
            }
            long pollsPerDay = assetPollMicros.length;
            long rows = 0;
            for (int k = 0; k < pollsPerDay; k++) {
                long t = assetPollMicros[k];
                if (a > 0) {
                    poll("assets", t, a, shape.assetEvery(), rnd);
                }
                int dayAgo = (int) Math.max(0, k - Duration.ofDays(1).toNanos() / shape.assetEvery().toNanos());
                for (int i = 0; i < a; i++) {
                    double p = price[k][i];
                    supply[i] *= 1 + 1e-7 * rnd.nextDouble();
                    double cap = p * supply[i];
                    out.s(assetIds[i]).tab().l(i + 1).tab().s(assetSymbols[i]).tab().s(assetNames[i]).tab();
                    out.dec(supply[i], 16, rnd).tab();
                    if (maxSupplyText[i] == null) {
                        out.nul().tab();
                    } else {
                        out.s(maxSupplyText[i]).tab();
                    }
                    out.dec(cap, 16, rnd).tab();
                    out.dec(cap * volumeShare[i] * (0.9 + 0.2 * rnd.nextDouble()), 16, rnd).tab();
                    out.dec(p, p < 1 ? 18 : 16, rnd).tab();
                    double initial = price[dayAgo][i];
                    out.dec((p / initial - 1) * 100 + 0.5 * rnd.nextGaussian(), 16, rnd).tab();
                    double vwap = p * (1 + 0.002 * rnd.nextGaussian());
                    out.dec(vwap, vwap < 1 ? 18 : 16, rnd).tab();
                    out.s("https://explorer.example.org/").s(assetIds[i]).tab();
                    ts(out, t);
                    out.endRow();
                    rows++;
                }
            }
            return rows;
        }

        long markets(Buf out) throws InterruptedException {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x3A7E75L);
            long[] times = pollTimes(shape.marketEvery(), new SplittableRandom(seed ^ 0x5EED0003L));
            int m = shape.markets();
            int e = Math.max(1, shape.exchanges());
            int a = shape.assets();
            int[] base = new int[m];
            int[] quote = new int[m];
            double[] spread = new double[m];
            double[] volume = new double[m];
            long[] trades = new long[m];
            for (int i = 0; i < m; i++) {
                base[i] = (i / e) % Math.max(1, a);
                quote[i] = (int) ((i / ((long) e * Math.max(1, a))) % QUOTES.size());
                spread[i] = 0.003 * rnd.nextGaussian();
                volume[i] = Math.pow(10, 2 + 8 * rnd.nextDouble());
                trades[i] = rnd.nextLong(1, 500_000);
            }
            long rows = 0;
            for (long t : times) {
                if (m > 0) {
                    poll("markets", t, m, shape.marketEvery(), rnd);
                }
                int k = assetPollAt(t);
                for (int i = 0; i < m; i++) {
                    double usd = price[k][base[i]] * (1 + spread[i]);
                    double quoteUsd = quotePrice(quote[i], k);
                    double pq = usd / quoteUsd;
                    volume[i] *= Math.exp(0.01 * rnd.nextGaussian());
                    trades[i] += rnd.nextInt(100);
                    String q = QUOTES.get(quote[i]);
                    out.s(exchangeId(i % e)).tab().s(assetIds[base[i]]).tab().s(q).tab().s(assetSymbols[base[i]])
                            .tab().s(quoteSymbol(quote[i])).tab().l(i / e + 1).tab();
                    out.dec(pq, pq < 1 ? 18 : 16, rnd).tab();
                    out.dec(usd, usd < 1 ? 18 : 16, rnd).tab();
                    out.dec(volume[i], 16, rnd).tab();
                    out.dec(100.0 * rnd.nextDouble() / Math.max(1, m / e), 16, rnd).tab();
                    out.l(trades[i]).tab();
                    ts(out, Math.max(0, t - rnd.nextLong(60_000_000L)));
                    out.tab();
                    ts(out, t);
                    out.endRow();
                    rows++;
                }
            }
            return rows;
        }

        private static String quoteSymbol(int quote) {
            return switch (quote) {
                case 0 -> "USDT";
                case 1 -> "USD";
                case 2 -> "BTC";
                default -> "ETH";
            };
        }

        private static String exchangeId(int i) {
            return i < NAMED_EXCHANGES.size() ? NAMED_EXCHANGES.get(i) : String.format("exchange-%03d", i);
        }

        long rates(Buf out) throws InterruptedException {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x7A7E5L);
            long[] times = pollTimes(shape.rateEvery(), new SplittableRandom(seed ^ 0x5EED0004L));
            int r = shape.rates();
            String[] ids = new String[r];
            double[] rate = new double[r];
            for (int i = 0; i < r; i++) {
                ids[i] = i < NAMED_RATES.size() ? NAMED_RATES.get(i) : String.format("rate-%03d", i);
                rate[i] = i == 0 ? 1.0 : Math.pow(10, -6 + 10 * rnd.nextDouble());
            }
            long rows = 0;
            for (long t : times) {
                if (r > 0) {
                    poll("rates", t, r, shape.rateEvery(), rnd);
                }
                for (int i = 0; i < r; i++) {
                    if (i > 0) {
                        rate[i] *= Math.exp(0.0005 * rnd.nextGaussian());
                    }
                    boolean crypto = i >= 5 && i < 7 || i % 3 == 0;
                    out.s(ids[i]).tab().s(i == 0 ? "USD" : String.format("R%03d", i)).tab();
                    if (crypto) {
                        out.nul();
                    } else {
                        out.s(i == 0 ? "$" : "C");
                    }
                    out.tab().s(crypto ? "crypto" : "fiat").tab();
                    out.dec(rate[i], rate[i] < 1 ? 18 : 16, rnd).tab();
                    ts(out, t);
                    out.endRow();
                    rows++;
                }
            }
            return rows;
        }

        long exchanges(Buf out) throws InterruptedException {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0xE8C4L);
            long[] times = pollTimes(shape.exchangeEvery(), new SplittableRandom(seed ^ 0x5EED0005L));
            int e = shape.exchanges();
            double[] volume = new double[e];
            long[] pairs = new long[e];
            double total = 0;
            for (int i = 0; i < e; i++) {
                volume[i] = Math.pow(10, 5 + 5 * rnd.nextDouble());
                pairs[i] = rnd.nextLong(5, 2_000);
                total += volume[i];
            }
            long rows = 0;
            for (long t : times) {
                if (e > 0) {
                    poll("exchanges", t, e, shape.exchangeEvery(), rnd);
                }
                for (int i = 0; i < e; i++) {
                    double v = volume[i] * Math.exp(0.01 * rnd.nextGaussian());
                    String id = exchangeId(i);
                    out.s(id).tab().s(capitalize(id)).tab().l(i + 1).tab();
                    out.dec(100 * v / total, 16, rnd).tab();
                    out.dec(v, 16, rnd).tab();
                    out.l(pairs[i]).tab().s(i % 2 == 0 ? "t" : "f").tab();
                    out.s("https://").s(id).s(".example.com/").tab();
                    ts(out, Math.max(0, t - rnd.nextLong(30_000_000L)));
                    out.tab();
                    ts(out, t);
                    out.endRow();
                    rows++;
                }
            }
            return rows;
        }

        long ledger(Buf out) throws InterruptedException {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x1ED6E4L);
            long rows = 0;
            for (LedgerEntry l : ledger) {
                out.s(l.pollId().toString()).tab().s(l.entity()).tab();
                out.s("https://rest.coincap.io/v3/").s(l.entity()).tab();
                ts(out, l.observedMicros());
                out.tab();
                ts(out, Math.min(86_400_000_000L - 1, l.observedMicros() + rnd.nextLong(50_000, 500_000)));
                out.tab().l(l.items()).tab().s("0\t0\t1\tok\t").l(l.intervalMs());
                out.endRow();
                rows++;
            }
            return rows;
        }
    }
}
