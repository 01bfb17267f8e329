package io.cryptopipe.core.config;

import io.cryptopipe.core.model.ApiShape;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every configuration key of the product, declared once. The CLI offers each as a flag, the environment and config
 * files are read by the same names, and the README's table is this list.
 */
public final class ConfigKeys {
    public static final String UP = "up";
    public static final String SIMULATE = "simulate";
    public static final String INGEST = "ingest";
    /** The batch subcommands (run, backfill, status) share one set of flags. */
    public static final String BATCH = "batch";
    /** {@code batch publish}: the BigQuery keys are offered there only. */
    public static final String PUBLISH = "publish";

    public static final ConfigKey<Path> CONFIG = ConfigKey.builder("config", Parsers::path,
                    "a .properties, .yaml or .yml file")
            .description("Config file; keys are the names in this table (flat). Flag > env > file > default.")
            .notInFile().build();

    public static final ConfigKey<Path> DATA_DIR = ConfigKey.builder("data-dir", Parsers::path, "a directory path")
            .defaultValue("./data")
            .description("Everything the product keeps: <data>/{pg,kafka,checkpoints,raw,lake,warehouse,reports,run}.")
            .build();

    public static final ConfigKey<URI> COINCAP_URL = ConfigKey.builder("coincap-url", Parsers::httpUrl,
                    "an http(s) URL including the version path, e.g. https://rest.coincap.io/v3")
            .description("CoinCap API base; endpoints are appended. Absent and no key: the built-in simulator. "
                    + "Absent with a key: https://rest.coincap.io/v3.")
            .build();

    public static final ConfigKey<ApiShape> COINCAP_API = ConfigKey.builder("coincap-api", Parsers::apiShape,
                    "v2 or v3")
            .description("Response shape when the URL path does not end in /v2 or /v3; with the simulator, the shape "
                    + "polled (default v3).")
            .build();

    public static final ConfigKey<URI> COINCAP_WS_URL = ConfigKey.builder("coincap-ws-url", Parsers::wsUrl,
                    "a ws(s) URL")
            .description("Prices socket base; derived for the public CoinCap hosts (wss://wss.coincap.io, wss://ws.coincap.io).")
            .build();

    public static final ConfigKey<String> COINCAP_API_KEY = ConfigKey.builder("coincap-api-key", Parsers::text,
                    "the key from pro.coincap.io")
            .env("COINCAP_API_KEY").secret()
            .description("CoinCap API key (secret: environment only, or the key file below). Required for v3.")
            .build();

    public static final ConfigKey<Path> COINCAP_API_KEY_FILE = ConfigKey.builder("coincap-api-key-file",
                    Parsers::path, "a file holding the key")
            .env("COINCAP_API_KEY_FILE")
            .description("File holding the CoinCap API key (first line); used when COINCAP_API_KEY is unset.")
            .build();

    public static final ConfigKey<String> COINCAP_KEY_MODE = ConfigKey.builder("coincap-key-mode",
                    Parsers.oneOf("header", "query"), "header or query")
            .defaultValue("header")
            .description("How the key is sent: an Authorization Bearer header, or the apiKey query parameter.")
            .build();

    public static final ConfigKey<Integer> COINCAP_RPM = ConfigKey.builder("coincap-rpm",
                    Parsers.intRange(1, 100_000), "a whole number 1-100000")
            .description("Client-side request limit per minute. Unset: 200 without a key, 500 with one.")
            .build();

    public static final ConfigKey<Integer> COINCAP_CREDITS_PER_DAY = ConfigKey.builder("coincap-credits-per-day",
                    Parsers.intRange(1, 100_000_000), "a whole number of credits")
            .defaultValue("80")
            .description("v3 with a key: credits the client may spend per UTC day, then it refuses requests "
                    + "(80 = the free plan's 2,500 a month / 31).")
            .build();

    public static final ConfigKey<Integer> COINCAP_CREDITS_PER_REQUEST = ConfigKey.builder(
                    "coincap-credits-per-request", Parsers.intRange(0, 1_000), "a whole number 0-1000")
            .defaultValue("1")
            .description("Credits one v3 request is assumed to cost (CoinCap does not publish its formula).")
            .build();

    public static final ConfigKey<Duration> COINCAP_CONNECT_TIMEOUT = ConfigKey.builder("coincap-connect-timeout",
                    Parsers::duration, "a duration such as 10s")
            .defaultValue("10s")
            .description("Connect timeout for REST and the socket.")
            .build();

    public static final ConfigKey<Duration> COINCAP_READ_TIMEOUT = ConfigKey.builder("coincap-read-timeout",
                    Parsers::duration, "a duration such as 30s")
            .defaultValue("30s")
            .description("Time allowed for one whole REST response.")
            .build();

    public static final ConfigKey<Integer> COINCAP_ATTEMPTS = ConfigKey.builder("coincap-attempts",
                    Parsers.intRange(1, 20), "a whole number 1-20")
            .defaultValue("6")
            .description("Attempts per request on 429, 5xx, I/O errors and truncated bodies (backoff with jitter).")
            .build();

    public static final ConfigKey<Duration> COINCAP_WS_WATCHDOG = ConfigKey.builder("coincap-ws-watchdog",
                    Parsers::duration, "a duration such as 30s")
            .defaultValue("30s")
            .description("Reconnect the prices socket after this long without a frame.")
            .build();

    public static final ConfigKey<String> PG_URL = ConfigKey.builder("pg-url", Parsers::jdbcPostgres,
                    "jdbc:postgresql://host:port/db")
            .description("External PostgreSQL. Absent: the embedded server under <data>/pg.")
            .build();

    public static final ConfigKey<String> PG_PASSWORD = ConfigKey.builder("pg-password", Parsers::text,
                    "a password")
            .secret()
            .description("PostgreSQL password (secret: environment only, or the password file below).")
            .build();

    public static final ConfigKey<Path> PG_PASSWORD_FILE = ConfigKey.builder("pg-password-file", Parsers::path,
                    "a file holding the password")
            .description("File holding the PostgreSQL password (first line).")
            .build();

    public static final ConfigKey<String> KAFKA = ConfigKey.builder("kafka", Parsers::hostPortList,
                    "host:port[,host:port...]")
            .description("External Kafka bootstrap servers. Absent: the embedded KRaft broker under <data>/kafka.")
            .build();

    public static final ConfigKey<Path> KAFKA_PROPERTIES = ConfigKey.builder("kafka-properties", Parsers::path,
                    "a .properties file of Kafka client settings")
            .description("Client settings passed to every producer, consumer and admin client and to Spark's Kafka "
                    + "source (security.protocol, sasl.*, ssl.*); secrets belong in this file, never on the command line.")
            .build();

    public static final ConfigKey<Integer> KAFKA_PARTITIONS = ConfigKey.builder("kafka-partitions",
                    Parsers.intRange(1, 1_000), "a whole number 1-1000")
            .defaultValue("3")
            .description("Partitions of each coincap.* topic this product creates (existing topics are kept).")
            .build();

    public static final ConfigKey<List<String>> ENTITIES = ConfigKey.builder("entities", Parsers::entities,
                    "a comma list of assets, rates, exchanges, markets")
            .defaultValue("assets,rates,exchanges,markets")
            .description("Entities that ingest polls and the stream stores (the ledger always flows).")
            .build();

    public static final ConfigKey<Duration> POLL_ASSETS = ConfigKey.builder("poll-assets", Parsers::duration,
                    "a duration such as 10s")
            .description("Interval between /assets polls. Unset: 10s on the simulator or a keyless v2 URL; "
                    + "with a key, a share of the credit budget (README, ingest).")
            .build();

    public static final ConfigKey<Duration> POLL_RATES = ConfigKey.builder("poll-rates", Parsers::duration,
                    "a duration such as 60s")
            .description("Interval between /rates polls. Unset: 60s, or budget-fitted with a key.")
            .build();

    public static final ConfigKey<Duration> POLL_EXCHANGES = ConfigKey.builder("poll-exchanges", Parsers::duration,
                    "a duration such as 60s")
            .description("Interval between /exchanges polls. Unset: 60s, or budget-fitted with a key.")
            .build();

    public static final ConfigKey<Duration> POLL_MARKETS = ConfigKey.builder("poll-markets", Parsers::duration,
                    "a duration such as 60s")
            .description("Interval between /markets polls. Unset: 60s, or budget-fitted with a key.")
            .build();

    public static final ConfigKey<Duration> STREAM_TRIGGER = ConfigKey.builder("stream-trigger", Parsers::duration,
                    "a duration such as 250ms")
            .defaultValue("250ms")
            .description("Spark micro-batch trigger interval.")
            .build();

    public static final ConfigKey<Integer> STREAM_MAX_OFFSETS = ConfigKey.builder("stream-max-offsets",
                    Parsers.intRange(100, 10_000_000), "a whole number 100-10000000")
            .defaultValue("100000")
            .description("Spark maxOffsetsPerTrigger: records per micro-batch at most, which bounds memory.")
            .build();

    public static final ConfigKey<Duration> CANDLE_LATENESS = ConfigKey.builder("candle-lateness",
                    Parsers::duration, "a duration such as 2m")
            .defaultValue("2m")
            .description("How far behind its asset's latest tick a price tick may arrive and still restate its "
                    + "1-minute candle; later ticks go to late_ticks with the reason.")
            .build();

    public static final ConfigKey<Duration> DRAIN_TIMEOUT = ConfigKey.builder("drain-timeout", Parsers::duration,
                    "a duration such as 60s")
            .defaultValue("60s")
            .description("On stop, how long the stream may take to store what ingest published; beyond it, exit 1.")
            .build();

    public static final ConfigKey<Duration> REPAIR_EVERY = ConfigKey.builder("repair-every",
                    ConfigKeys::durationOrOff, "a duration such as 5m, or off")
            .onlyOn(UP).defaultValue("5m")
            .description("How often up repairs asset price gaps from /assets/{id}/history, within the credit budget "
                    + "and after live polling (README, completeness); off: never.")
            .build();

    public static final ConfigKey<Integer> REPAIR_MAX_ASSETS = ConfigKey.builder("repair-max-assets",
                    Parsers.intRange(1, 10_000), "a whole number 1-10000")
            .onlyOn(UP).defaultValue("100")
            .description("Assets asked for per gap at most, top ranks first (one /history request each).")
            .build();

    public static final ConfigKey<Duration> RETENTION_SNAPSHOTS = ConfigKey.builder("retention-snapshots",
                    ConfigKeys::durationOrOff, "a duration such as 30d, or off")
            .onlyOn(UP).defaultValue("30d")
            .description("How long up keeps *_snapshots rows in PostgreSQL, by age (deleted hourly in batches); "
                    + "off: forever.")
            .build();

    public static final ConfigKey<Duration> KAFKA_RETENTION = ConfigKey.builder("kafka-retention",
                    ConfigKeys::durationOrOff, "a duration such as 7d, or off")
            .onlyOn(UP).defaultValue("7d")
            .description("retention.ms up sets on the coincap.* topics; off: left as the cluster has it.")
            .build();

    public static final ConfigKey<Duration> RAW_RETENTION = ConfigKey.builder("raw-retention",
                    ConfigKeys::durationOrOff, "a duration such as 30d, or off")
            .onlyOn(UP).defaultValue("30d")
            .description("How long up keeps raw archive hour files; older ones go once every poll in them is "
                    + "published. off: forever.")
            .build();

    public static final ConfigKey<Duration> BATCH_EVERY = ConfigKey.builder("batch-every",
                    ConfigKeys::durationOrOff, "a duration such as 10m, or off")
            .onlyOn(UP).defaultValue("10m")
            .description("How often up's batch scheduler looks for closed days not yet run and for days whose data "
                    + "changed after their run (dirty), and queues them; off: no scheduled batch runs.")
            .build();

    public static final ConfigKey<Duration> BATCH_LOOKBACK = ConfigKey.builder("batch-lookback", Parsers::duration,
                    "a duration such as 7d")
            .onlyOn(UP).defaultValue("7d")
            .description("How far back the scheduler checks run days for late rows that make them dirty.")
            .build();

    public static final ConfigKey<Integer> BATCH_RETRIES = ConfigKey.builder("batch-retries",
                    Parsers.intRange(0, 20), "a whole number 0-20")
            .onlyOn(UP).defaultValue("3")
            .description("Retries of a failed scheduled day run, with exponential backoff from 1 minute.")
            .build();

    public static final ConfigKey<Double> BATCH_PRICE_TOLERANCE = ConfigKey.builder("batch-price-tolerance",
                    Parsers.doubleRange(0, 100), "a number above 0, e.g. 0.5 for 50%")
            .onlyOn(UP, BATCH).defaultValue("0.5")
            .description("Price sanity gate: the largest relative gap allowed between an asset's price and its "
                    + "vwap24Hr, and between its day close and the volume-weighted price of its markets.")
            .build();

    public static final ConfigKey<String> SPARK_MASTER = ConfigKey.builder("spark-master", Parsers::text,
                    "a Spark master URL (local[*], spark://host:7077, k8s://...)")
            .defaultValue("local[*]")
            .description("Spark master for the streaming and batch jobs.")
            .build();

    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.builder("http-port", Parsers::port,
                    "a port 0-65535 (0 = any free port, printed)")
            .defaultValue("8080")
            .description("Dashboard port.")
            .build();

    public static final ConfigKey<String> HTTP_BIND = ConfigKey.builder("http-bind", Parsers::host,
                    "a host name or IP address")
            .defaultValue("127.0.0.1")
            .description("Dashboard bind address; beyond loopback a password is required.")
            .build();

    public static final ConfigKey<String> DASHBOARD_PASSWORD = ConfigKey.builder("dashboard-password",
                    Parsers::text, "a password")
            .secret()
            .description("Dashboard password (HTTP Basic, user cryptopipe; secret: environment only, or the file "
                    + "below). Required when --http-bind is not a loopback address.")
            .build();

    public static final ConfigKey<Path> DASHBOARD_PASSWORD_FILE = ConfigKey.builder("dashboard-password-file",
                    Parsers::path, "a file holding the password")
            .description("File holding the dashboard password (first line).")
            .build();

    public static final ConfigKey<String> OPEN_BROWSER = ConfigKey.builder("open-browser",
                    Parsers.oneOf("auto", "never"), "auto or never")
            .onlyOn(UP).defaultValue("auto")
            .description("auto: `up` opens the dashboard in a browser when a display is present and CI is unset.")
            .build();

    public static final ConfigKey<Duration> DURATION = ConfigKey.builder("duration", Parsers::duration,
                    "a duration such as 90s, 5m, 1h, 1h30m")
            .description("Run this long after everything has started, then stop cleanly and exit 0.")
            .build();

    public static final ConfigKey<Integer> SIM_PORT = ConfigKey.builder("sim-port", Parsers::port,
                    "a port 0-65535 (0 = any free port)")
            .flag("--port").onlyOn(SIMULATE).defaultValue("9000")
            .description("Simulator port for `simulate` (`up` picks a free one).")
            .build();

    public static final ConfigKey<String> SIM_BIND = ConfigKey.builder("sim-bind", Parsers::host,
                    "a host name or IP address")
            .flag("--bind").onlyOn(SIMULATE).defaultValue("127.0.0.1")
            .description("Simulator bind address.")
            .build();

    public static final ConfigKey<Integer> SIM_ASSETS = ConfigKey.builder("sim-assets",
                    Parsers.intRange(1, 10_000), "a whole number 1-10000")
            .flag("--assets").onlyOn(SIMULATE, UP, INGEST).defaultValue("2000")
            .description("Simulated assets.")
            .build();

    public static final ConfigKey<Integer> SIM_EXCHANGES = ConfigKey.builder("sim-exchanges",
                    Parsers.intRange(1, 1_000), "a whole number 1-1000")
            .flag("--exchanges").onlyOn(SIMULATE, UP, INGEST).defaultValue("100")
            .description("Simulated exchanges.")
            .build();

    public static final ConfigKey<Integer> SIM_MARKETS = ConfigKey.builder("sim-markets",
                    Parsers.intRange(0, 100_000), "a whole number 0-100000")
            .flag("--markets").onlyOn(SIMULATE, UP, INGEST).defaultValue("10000")
            .description("Simulated markets (exchange/base/quote pairs).")
            .build();

    public static final ConfigKey<Long> SIM_SEED = ConfigKey.builder("sim-seed", Parsers::longValue,
                    "a whole number")
            .flag("--seed").onlyOn(SIMULATE, UP, INGEST).defaultValue("42")
            .description("Simulator seed: the same seed and clock serve the same market.")
            .build();

    public static final ConfigKey<Double> SIM_SPEED = ConfigKey.builder("sim-speed",
                    Parsers.doubleRange(0, 10_000), "a number in (0, 10000]")
            .flag("--speed").onlyOn(SIMULATE, UP, INGEST).defaultValue("1")
            .description("Simulated seconds per real second.")
            .build();

    public static final ConfigKey<String> SIM_FAULTS = ConfigKey.builder("sim-faults", Parsers::text,
                    "name=value pairs, e.g. 429=0.2,5xx=0.1,truncate=0.05 (README, simulator section)")
            .flag("--faults").onlyOn(SIMULATE, UP, INGEST)
            .description("Simulator fault injection; unset: no faults.")
            .build();

    public static final ConfigKey<Path> SIM_SERVED_LOG = ConfigKey.builder("sim-served-log", Parsers::path,
                    "a file path")
            .flag("--served-log").onlyOn(SIMULATE, UP, INGEST)
            .description("Simulator log of every item it served (JSON lines), for proof tests.")
            .build();

    public static final ConfigKey<Path> GOOGLE_CREDENTIALS = ConfigKey.builder("google-credentials", Parsers::path,
                    "a service account key file (JSON)")
            .env("GOOGLE_APPLICATION_CREDENTIALS").flag(null).notInFile()
            .description("Google credentials for batch publish (environment only; the file's contents are never "
                    + "printed). Unset: publish is skipped.")
            .build();

    public static final ConfigKey<String> BQ_PROJECT = ConfigKey.builder("bq-project", ConfigKeys::gcpProject,
                    "a Google Cloud project id, e.g. my-project")
            .onlyOn(PUBLISH)
            .description("BigQuery project of the dataset and of the load jobs. Unset: project_id of the "
                    + "credentials file; neither: publish is skipped.")
            .build();

    public static final ConfigKey<String> BQ_DATASET = ConfigKey.builder("bq-dataset", ConfigKeys::bigQueryName,
                    "a BigQuery dataset id (letters, digits, _)")
            .onlyOn(PUBLISH).defaultValue("cryptopipe")
            .description("Dataset holding the mart tables (deploy/terraform's dataset_id).")
            .build();

    public static final ConfigKey<String> BQ_LOCATION = ConfigKey.builder("bq-location", Parsers::text,
                    "a BigQuery location, e.g. EU, US, europe-west1")
            .onlyOn(PUBLISH).defaultValue("EU")
            .description("Location of the dataset, where the load jobs run (deploy/terraform's location).")
            .build();

    public static final ConfigKey<String> GCS_BUCKET = ConfigKey.builder("gcs-bucket", ConfigKeys::gcsBucket,
                    "a bucket name, without gs://")
            .onlyOn(PUBLISH)
            .description("Lake bucket (deploy/terraform's bucket_name). Set: publish copies the day's lake partition "
                    + "and mart files there and loads from gs://; unset: it uploads the mart files with the load jobs.")
            .build();

    public static final ConfigKey<URI> BQ_ENDPOINT = ConfigKey.builder("bq-endpoint", Parsers::httpUrl,
                    "an http(s) root URL, e.g. http://127.0.0.1:9050")
            .onlyOn(PUBLISH)
            .description("Root URL of the BigQuery and GCS REST APIs instead of Google's, for emulators and tests; "
                    + "without GOOGLE_APPLICATION_CREDENTIALS no credentials are sent.")
            .build();

    /** All keys, in the order they are documented and shown. */
    public static final List<ConfigKey<?>> ALL = List.of(
            CONFIG, DATA_DIR, COINCAP_URL, COINCAP_API, COINCAP_WS_URL, COINCAP_API_KEY, COINCAP_API_KEY_FILE,
            COINCAP_KEY_MODE, COINCAP_RPM, COINCAP_CREDITS_PER_DAY, COINCAP_CREDITS_PER_REQUEST,
            COINCAP_CONNECT_TIMEOUT, COINCAP_READ_TIMEOUT, COINCAP_ATTEMPTS, COINCAP_WS_WATCHDOG,
            PG_URL, PG_PASSWORD, PG_PASSWORD_FILE, KAFKA,
            KAFKA_PROPERTIES, KAFKA_PARTITIONS, ENTITIES, POLL_ASSETS, POLL_RATES, POLL_EXCHANGES, POLL_MARKETS,
            STREAM_TRIGGER, STREAM_MAX_OFFSETS, CANDLE_LATENESS, DRAIN_TIMEOUT,
            REPAIR_EVERY, REPAIR_MAX_ASSETS, RETENTION_SNAPSHOTS, KAFKA_RETENTION, RAW_RETENTION,
            BATCH_EVERY, BATCH_LOOKBACK, BATCH_RETRIES, BATCH_PRICE_TOLERANCE,
            SPARK_MASTER, HTTP_PORT, HTTP_BIND, DASHBOARD_PASSWORD, DASHBOARD_PASSWORD_FILE, OPEN_BROWSER, DURATION,
            SIM_PORT, SIM_BIND, SIM_ASSETS, SIM_EXCHANGES, SIM_MARKETS, SIM_SEED, SIM_SPEED, SIM_FAULTS, SIM_SERVED_LOG,
            GOOGLE_CREDENTIALS, BQ_PROJECT, BQ_DATASET, BQ_LOCATION, GCS_BUCKET, BQ_ENDPOINT);

    private ConfigKeys() {
    }

    private static final java.util.regex.Pattern GCP_PROJECT =
            java.util.regex.Pattern.compile("([a-z0-9.\\-]+:)?[a-z][a-z0-9\\-]{4,28}[a-z0-9]");
    private static final java.util.regex.Pattern BIGQUERY_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_]{1,1024}");
    private static final java.util.regex.Pattern GCS_BUCKET_NAME =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._\\-]{1,220}[a-z0-9]");

    private static String gcpProject(String s) {
        return matching(s, GCP_PROJECT, "not a project id (6-30 lower-case letters, digits and -)");
    }

    private static String bigQueryName(String s) {
        return matching(s, BIGQUERY_NAME, "not a dataset id");
    }

    private static String gcsBucket(String s) {
        if (s.strip().startsWith("gs://")) {
            throw new IllegalArgumentException("give the bucket name alone, without gs://");
        }
        return matching(s, GCS_BUCKET_NAME, "not a bucket name");
    }

    private static String matching(String s, java.util.regex.Pattern pattern, String problem) {
        String t = s.strip();
        if (!pattern.matcher(t).matches()) {
            throw new IllegalArgumentException(problem);
        }
        return t;
    }

    /** A positive duration, or {@code off} read as {@link Duration#ZERO} (the feature is off). */
    private static Duration durationOrOff(String s) {
        return "off".equalsIgnoreCase(s.trim()) ? Duration.ZERO : Parsers.duration(s);
    }
}
