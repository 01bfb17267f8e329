package io.cryptopipe.app.metrics;

import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.IngestListener;
import io.cryptopipe.ingest.Ingestor;
import io.cryptopipe.source.ClientMetrics;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.CoinCapException;
import io.cryptopipe.source.CreditBudget;
import io.cryptopipe.source.Endpoint;
import io.cryptopipe.source.PriceSocket;
import io.cryptopipe.stream.RunningStream;
import io.cryptopipe.stream.StreamBatchListener;
import io.cryptopipe.stream.StreamSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The pipeline's Prometheus metrics over the parts a command runs, each optional ({@code up} has all, {@code ingest}
 * no stream and no database, {@code stream} no ingest): events counted as they happen through the parts' listeners
 * (CoinCap requests, polls, publishes, stored micro-batches), process state read at scrape time (backlog, credits,
 * ticks), and what lives in PostgreSQL and the broker (freshness, rejects, completeness, gaps, batch runs, lag) read by
 * one background thread every {@code refreshEvery} (15 s) and cached, so a scrape never queries anything. Every name
 * starts with {@code cryptopipe_}; tags are bounded (endpoint templates, entities, tables, topics, reason codes,
 * steps). With {@link #status()} it is also the {@code /health} and pipeline-page view of the same parts.
 */
public final class PipelineMetrics implements AutoCloseable {
    /** SLO buckets of CoinCap requests and micro-batches. */
    private static final Duration[] REQUEST_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private static final Duration[] BATCH_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final Parts parts;
    private final Instant startedAt;
    private final Refresher refresher;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, Instant> lastOkPoll = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastBatchAt = new AtomicReference<>();
    private final List<Runnable> detach = new ArrayList<>();
    private final PipelineStatus status;
    private volatile boolean closed;
    private MultiGauge lagGauge;
    private MultiGauge rejectsGauge;
    private MultiGauge freshnessGauge;
    private MultiGauge intervalGauge;
    private MultiGauge missingGauge;
    private MultiGauge gapsGauge;
    private MultiGauge stepSuccessGauge;
    private MultiGauge stepDurationGauge;
    private MultiGauge stepRunsGauge;
    private MultiGauge gatesGauge;

    private PipelineMetrics(MeterRegistry registry, Parts parts) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.parts = parts;
        this.startedAt = parts.clock.instant();
        registry.config().commonTags("application", "cryptopipe");
        this.refresher = new Refresher(parts.clock, parts.database, parts.kafkaAdmin, parts.lagOf,
                parts.refreshEvery);
        bindJvm();
        parts.client.ifPresent(this::bindClient);
        parts.ingestor.ifPresent(this::bindIngest);
        parts.prices.ifPresent(this::bindPrices);
        parts.stream.ifPresent(this::bindStream);
        bindRefreshed();
        this.status = new PipelineStatus(parts, refresher, startedAt, lastBatchAt::get);
    }

    /** A Prometheus registry for {@code /metrics}, tagging every meter {@code application=cryptopipe}. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "cryptopipe");
        return registry;
    }

    /** Collects the running parts; {@link Builder#bind} binds them to a registry. */
    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    /** The {@code /health} and pipeline-page view of the same parts and caches. */
    public PipelineStatus status() {
        return status;
    }

    /**
     * Reads the values kept in PostgreSQL and the broker now, on the calling thread (the background thread does it
     * every {@code refreshEvery}); for tests and a first scrape.
     */
    public void refresh() {
        refresher.refresh();
    }

    private void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    // ---- CoinCap client -------------------------------------------------------------------------------------

    private void bindClient(CoinCapClient client) {
        ClientMetrics.Listener listener = new ClientMetrics.Listener() {
            @Override
            public void exchange(Endpoint<?> endpoint, int status, Duration took) {
                if (closed) {
                    return;
                }
                String template = EndpointTemplates.of(endpoint);
                Counter.builder("cryptopipe.source.requests").description("CoinCap HTTP requests by answer status "
                        + "(io_error: no answer)").tags("endpoint", template, "status", status(status))
                        .register(registry).increment();
                Timer.builder("cryptopipe.source.request").description("CoinCap request latency, send to whole body")
                        .tags("endpoint", template).serviceLevelObjectives(REQUEST_BUCKETS).register(registry)
                        .record(took);
                if (status == 429) {
                    rateLimited(template).increment();
                }
            }

            @Override
            public void retry(Endpoint<?> endpoint) {
                if (!closed) {
                    Counter.builder("cryptopipe.source.retries").description("CoinCap requests sent again")
                            .tags("endpoint", EndpointTemplates.of(endpoint)).register(registry).increment();
                }
            }

            @Override
            public void budgetRefusal(Endpoint<?> endpoint) {
                if (!closed) {
                    Counter.builder("cryptopipe.source.budget.refusals")
                            .description("CoinCap requests refused by the daily credit budget before sending")
                            .tags("endpoint", EndpointTemplates.of(endpoint)).register(registry).increment();
                }
            }

            @Override
            public void failure(Endpoint<?> endpoint, CoinCapException.Kind kind) {
                if (!closed) {
                    Counter.builder("cryptopipe.source.errors").description("CoinCap polls failed, by kind")
                            .tags("endpoint", EndpointTemplates.of(endpoint), "kind",
                                    kind.name().toLowerCase(Locale.ROOT)).register(registry).increment();
                }
            }
        };
        client.metrics().addListener(listener);
        detach.add(() -> client.metrics().removeListener(listener));
        for (String endpoint : List.of("/assets", "/rates", "/exchanges", "/markets")) {
            rateLimited(endpoint); // present at 0 from the start, so rate() and alerts see the first 429
        }
        if (client.budget().isPresent()) {
            Gauge.builder("cryptopipe.source.credits.used.today", client,
                    c -> c.budget().map(CreditBudget.Snapshot::spentToday).orElse(0L))
                    .description("CoinCap credits spent since 00:00 UTC").strongReference(true).register(registry);
            Gauge.builder("cryptopipe.source.credits.budget.per.day", client,
                    c -> c.budget().map(b -> (double) b.perDay()).orElse(Double.NaN))
                    .description("CoinCap credits allowed per UTC day; absent when the source is not billed")
                    .strongReference(true).register(registry);
        }
    }

    private Counter rateLimited(String template) {
        return Counter.builder("cryptopipe.source.rate.limited").description("CoinCap answers 429 Too Many Requests")
                .tags("endpoint", template).register(registry);
    }

    /** The status tag: the HTTP code, or {@code io_error} when no answer came. */
    static String status(int status) {
        return status <= 0 ? "io_error" : Integer.toString(status);
    }

    // ---- ingest ---------------------------------------------------------------------------------------------

    private void bindIngest(Ingestor ingestor) {
        for (Map.Entry<String, Duration> e : ingestor.settings().intervals().entrySet()) {
            for (ArchivedPoll.Outcome outcome : ArchivedPoll.Outcome.values()) {
                polls(e.getKey(), outcome); // every series from the start at 0
            }
        }
        ingestor.addListener(new IngestListener() {
            @Override
            public void polled(ArchivedPoll poll) {
                if (closed) {
                    return;
                }
                polls(poll.entity(), poll.outcome()).increment();
                if (poll.outcome() == ArchivedPoll.Outcome.OK) {
                    boolean first = !lastOkPoll.containsKey(poll.entity());
                    lastOkPoll.merge(poll.entity(), poll.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
                    if (first && !refresher.hasDatabase()) {
                        updateRefreshed(); // its freshness series starts now, not at the next refresh
                    }
                }
            }

            @Override
            public void published(ArchivedPoll poll, int items, boolean late) {
                if (closed) {
                    return;
                }
                Counter.builder("cryptopipe.ingest.records.published").description("records acknowledged by Kafka")
                        .tags("entity", poll.entity(), "kind", "item").register(registry).increment(items);
                Counter.builder("cryptopipe.ingest.records.published").description("records acknowledged by Kafka")
                        .tags("entity", poll.entity(), "kind", "ledger").register(registry).increment();
                if (poll.outcome() == ArchivedPoll.Outcome.OK) {
                    DistributionSummary.builder("cryptopipe.ingest.poll.items")
                            .description("item records an ok poll published").tags("entity", poll.entity())
                            .register(registry).record(items);
                }
            }

            @Override
            public void publishFailed(ArchivedPoll poll, IOException error) {
                if (!closed) {
                    publishFailures(poll.entity()).increment();
                }
            }
        });
        ingestor.settings().intervals().keySet().forEach(this::publishFailures);
        Gauge.builder("cryptopipe.ingest.backlog.polls", ingestor, i -> i.stats().backlog())
                .description("polls archived but not yet published (the broker was away)").strongReference(true)
                .register(registry);
    }

    private Counter polls(String entity, ArchivedPoll.Outcome outcome) {
        return Counter.builder("cryptopipe.ingest.polls").description("polls by entity and outcome")
                .tags("entity", entity, "outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter publishFailures(String entity) {
        return Counter.builder("cryptopipe.ingest.publish.failures")
                .description("attempts to publish a poll that Kafka did not acknowledge").tags("entity", entity)
                .register(registry);
    }

    private void bindPrices(PriceFeed prices) {
        FunctionCounter.builder("cryptopipe.prices.ticks.published", prices, PriceFeed::ticksPublished)
                .description("live price ticks acknowledged by Kafka").register(registry); // parts holds the feed
        FunctionCounter.builder("cryptopipe.prices.ticks.failed", prices, PriceFeed::ticksFailed)
                .description("live price ticks Kafka did not take (lost)").register(registry);
        Gauge.builder("cryptopipe.prices.rest.fallback", prices,
                p -> p.state() == PriceSocket.State.FALLBACK ? 1 : 0)
                .description("1 while prices come from REST polls because the socket is refused").strongReference(true)
                .register(registry);
        Gauge.builder("cryptopipe.prices.socket.open", prices, p -> p.state() == PriceSocket.State.OPEN ? 1 : 0)
                .description("1 while the prices socket is open").strongReference(true).register(registry);
    }

    // ---- stream ---------------------------------------------------------------------------------------------

    private void bindStream(RunningStream stream) {
        Timer batches = Timer.builder("cryptopipe.stream.batch").description("time to store one micro-batch")
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        StreamBatchListener listener = (batchId, took, rows) -> {
            if (closed) {
                return;
            }
            batches.record(took);
            rows.forEach((table, n) -> rowsStored(table).increment(n));
            lastBatchAt.set(parts.clock.instant());
        };
        stream.addBatchListener(listener);
        for (String table : List.of("asset_snapshots", "rejected_records", "ingest_ledger", "price_ticks")) {
            rowsStored(table);
        }
        Gauge.builder("cryptopipe.stream.last.batch.age.seconds", this, m -> m.lastBatchAge().toMillis() / 1000.0)
                .description("seconds since the last stored micro-batch (since start before the first)")
                .strongReference(true).register(registry);
        Gauge.builder("cryptopipe.stream.active", stream, s -> s.isActive() ? 1 : 0)
                .description("1 while the streaming query runs").strongReference(true).register(registry);
    }

    private Counter rowsStored(String table) {
        return Counter.builder("cryptopipe.stream.rows").description("rows the stream added or changed, by table")
                .tags("table", table).register(registry);
    }

    Duration lastBatchAge() {
        Instant last = lastBatchAt.get();
        return Duration.between(last == null ? startedAt : last, parts.clock.instant());
    }

    // ---- cached: PostgreSQL and the broker ------------------------------------------------------------------

    private void bindRefreshed() {
        if (refresher.measuresLag()) {
            lagGauge = MultiGauge.builder("cryptopipe.stream.lag.records")
                    .description("records published but not yet stored in PostgreSQL, by topic").register(registry);
        }
        boolean inProcessFreshness = parts.ingestor.isPresent() && !refresher.hasDatabase();
        if (refresher.hasDatabase() || inProcessFreshness) {
            freshnessGauge = MultiGauge.builder("cryptopipe.freshness.seconds")
                    .description("seconds since the last ok poll's observed_at, by entity").register(registry);
            intervalGauge = MultiGauge.builder("cryptopipe.ingest.poll.interval.seconds")
                    .description("the entity's poll interval").register(registry);
        }
        if (refresher.hasDatabase()) {
            rejectsGauge = MultiGauge.builder("cryptopipe.rejects")
                    .description("rejected records stored in PostgreSQL, by reason code").register(registry);
            missingGauge = MultiGauge.builder("cryptopipe.completeness.missing.items")
                    .description("items ok polls of the last hour returned that are not stored").register(registry);
            gapsGauge = MultiGauge.builder("cryptopipe.ingest.gaps")
                    .description("expected poll slots without data in the last 24 h (ingest_gaps)").register(registry);
            stepSuccessGauge = MultiGauge.builder("cryptopipe.batch.step.last.success")
                    .description("1 when the step's last finished run succeeded, 0 when it failed").register(registry);
            stepDurationGauge = MultiGauge.builder("cryptopipe.batch.step.last.duration.seconds")
                    .description("duration of the step's last finished run").register(registry);
            stepRunsGauge = MultiGauge.builder("cryptopipe.batch.step.runs")
                    .description("step runs recorded in batch_runs, by step and status").register(registry);
            gatesGauge = MultiGauge.builder("cryptopipe.batch.gates.failed")
                    .description("gates that failed in the latest gates run, by severity").register(registry);
            Gauge.builder("cryptopipe.batch.last.failure.timestamp.seconds", refresher,
                    r -> r.db().batch().lastFailure().map(t -> t.toEpochMilli() / 1000.0).orElse(0.0))
                    .description("when a batch step last failed (epoch seconds; 0 never)").strongReference(true)
                    .register(registry);
        }
        parts.batchEvery.ifPresent(every -> Gauge.builder("cryptopipe.batch.scheduler.enabled", every,
                e -> e.isZero() ? 0 : 1).description("1 when this process schedules batch runs").register(registry));
        refresher.afterRefresh(this::updateRefreshed);
        updateRefreshed();
        refresher.start();
    }

    /** Replaces the rows of the cached gauges after a refresh (tags may come and go, e.g. a new reject reason). */
    private synchronized void updateRefreshed() {
        if (closed) {
            return;
        }
        Refresher.DbValues db = refresher.db();
        if (lagGauge != null) {
            Map<String, Long> lag = refresher.lastLag().map(Refresher.Lag::byTopic).orElse(Map.of());
            lagGauge.register(lag.keySet().stream().map(topic -> MultiGauge.Row.of(Tags.of("topic", topic),
                    (Supplier<Number>) () -> refresher.lastLag().map(l -> l.byTopic().get(topic)).orElse(null)))
                    .toList(), true);
        }
        if (freshnessGauge != null) {
            Map<String, Supplier<Instant>> lastOk = new java.util.TreeMap<>();
            Map<String, Duration> intervals = new java.util.TreeMap<>();
            if (refresher.hasDatabase()) {
                db.lastOk().keySet().forEach(e -> lastOk.put(e, () -> refresher.db().lastOk().get(e)));
                intervals.putAll(db.intervals());
            }
            parts.ingestor.ifPresent(i -> intervals.putAll(i.settings().intervals()));
            if (!refresher.hasDatabase()) {
                lastOkPoll.keySet().forEach(e -> lastOk.put(e, () -> lastOkPoll.get(e)));
            }
            freshnessGauge.register(lastOk.entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("entity", e.getKey()), (Supplier<Number>) () -> {
                        Instant at = e.getValue().get();
                        return at == null ? null : Duration.between(at, parts.clock.instant()).toMillis() / 1000.0;
                    })).toList(), true);
            intervalGauge.register(intervals.entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("entity", e.getKey()), e.getValue().toMillis() / 1000.0)).toList(), true);
        }
        if (rejectsGauge != null) {
            rejectsGauge.register(rows("reason", db.rejects()), true);
            missingGauge.register(rows("entity", db.missing()), true);
            gapsGauge.register(rows("entity", db.gaps()), true);
            Refresher.BatchValues batch = db.batch();
            stepSuccessGauge.register(batch.lastByStep().values().stream().map(s -> MultiGauge.Row.of(
                    Tags.of("step", s.step()), s.ok() ? 1 : 0)).toList(), true);
            stepDurationGauge.register(batch.lastByStep().values().stream().map(s -> MultiGauge.Row.of(
                    Tags.of("step", s.step()), s.took().toMillis() / 1000.0)).toList(), true);
            stepRunsGauge.register(batch.runs().entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("step", e.getKey().get(0), "status", e.getKey().get(1)), e.getValue())).toList(), true);
            gatesGauge.register(rows("severity", batch.gatesFailed()), true);
        }
    }

    private static List<MultiGauge.Row<?>> rows(String tag, Map<String, Long> values) {
        return values.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of(tag, e.getKey()),
                e.getValue())).toList();
    }

    /** Stops the background thread, detaches from the parts and closes its broker client. */
    @Override
    public void close() {
        closed = true;
        detach.forEach(Runnable::run);
        refresher.close();
        gc.close();
    }

    /** The running parts, each optional. */
    static final class Parts {
        final Clock clock;
        Optional<CoinCapClient> client = Optional.empty();
        Optional<Ingestor> ingestor = Optional.empty();
        Optional<PriceFeed> prices = Optional.empty();
        Optional<RunningStream> stream = Optional.empty();
        Optional<StreamSettings> lagOf = Optional.empty();
        Optional<ConnectionSource> database = Optional.empty();
        String databaseShown = "";
        Optional<Map<String, Object>> kafkaAdmin = Optional.empty();
        String kafkaShown = "";
        Optional<Duration> batchEvery = Optional.empty();
        Duration refreshEvery = Duration.ofSeconds(15);
        Duration lagCache = Duration.ofSeconds(5);

        Parts(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }
    }

    /** The parts a command runs; leave out what it does not run. */
    public static final class Builder {
        private final Parts parts;

        private Builder(Clock clock) {
            this.parts = new Parts(clock);
        }

        /** The CoinCap client: requests, latency, retries, 429s, errors, budget refusals, credits. */
        public Builder client(CoinCapClient client) {
            parts.client = Optional.of(client);
            return this;
        }

        /** Ingest: polls by outcome, items per poll, records published, publish failures, backlog, health. */
        public Builder ingest(Ingestor ingestor) {
            parts.ingestor = Optional.of(ingestor);
            return this;
        }

        /** Live prices: ticks published and lost, socket or REST. */
        public Builder prices(PriceFeed prices) {
            parts.prices = Optional.of(prices);
            return this;
        }

        /** The running stream and its settings: micro-batch time, rows per table, last batch age, lag. */
        public Builder stream(RunningStream stream, StreamSettings settings) {
            parts.stream = Optional.of(stream);
            parts.lagOf = Optional.of(settings);
            return this;
        }

        /** Lag of a query without its running stream in this process (needs the database and the broker). */
        public Builder lagOf(StreamSettings settings) {
            parts.lagOf = Optional.of(settings);
            return this;
        }

        /**
         * PostgreSQL: freshness, rejects, completeness, gaps, batch runs, its health.
         *
         * @param shownUrl the URL as it may be shown (password masked)
         */
        public Builder database(ConnectionSource database, String shownUrl) {
            parts.database = Optional.of(database);
            parts.databaseShown = io.cryptopipe.core.config.ResolvedConfig.maskUrl(shownUrl);
            return this;
        }

        /** Kafka: its health, and with a database and a stream, the lag. */
        public Builder kafka(Map<String, Object> adminConfig, String shownBootstrap) {
            parts.kafkaAdmin = Optional.of(Map.copyOf(adminConfig));
            parts.kafkaShown = io.cryptopipe.core.config.ResolvedConfig.maskUrl(shownBootstrap);
            return this;
        }

        /** The batch scheduler's interval ({@link Duration#ZERO}: off); leave out when the command has none. */
        public Builder batch(Duration every) {
            parts.batchEvery = Optional.of(every);
            return this;
        }

        /** How often PostgreSQL and the broker are read (default 15 s). */
        public Builder refreshEvery(Duration every) {
            if (every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("refresh interval must be positive: " + every);
            }
            parts.refreshEvery = every;
            return this;
        }

        /** How long {@link PipelineStatus#lagByTopic()} reuses a measurement (default 5 s). */
        public Builder lagCache(Duration maxAge) {
            parts.lagCache = maxAge;
            return this;
        }

        /** Binds every meter to the registry and starts the background refresh. */
        public PipelineMetrics bind(MeterRegistry registry) {
            return new PipelineMetrics(registry, parts);
        }
    }
}
