package io.cryptopipe.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The PostgreSQL tables the lake holds, one directory each ({@code <lake>/<tableName>/date=YYYY-MM-DD/}). Lake
 * columns are the PostgreSQL columns with the same names and order, except that {@code ingest_ledger} drops
 * {@code archived_body} (the raw poll body stays in PostgreSQL) and carries {@code poll_id} (uuid) and {@code drift}
 * (jsonb) as text. Every {@code numeric} becomes {@code DECIMAL(38,18)}, every {@code timestamptz} a UTC instant.
 */
public enum LakeTable {
    ASSET_SNAPSHOTS("asset_snapshots", List.of("id", "observed_at"),
            c("id", Kind.TEXT), c("rank", Kind.INT), c("symbol", Kind.TEXT), c("name", Kind.TEXT),
            c("supply", Kind.DECIMAL), c("max_supply", Kind.DECIMAL), c("market_cap_usd", Kind.DECIMAL),
            c("volume_usd_24hr", Kind.DECIMAL), c("price_usd", Kind.DECIMAL),
            c("change_percent_24hr", Kind.DECIMAL), c("vwap_24hr", Kind.DECIMAL), c("explorer", Kind.TEXT),
            c("observed_at", Kind.TIMESTAMPTZ)),
    RATE_SNAPSHOTS("rate_snapshots", List.of("id", "observed_at"),
            c("id", Kind.TEXT), c("symbol", Kind.TEXT), c("currency_symbol", Kind.TEXT), c("type", Kind.TEXT),
            c("rate_usd", Kind.DECIMAL), c("observed_at", Kind.TIMESTAMPTZ)),
    EXCHANGE_SNAPSHOTS("exchange_snapshots", List.of("exchange_id", "observed_at"),
            c("exchange_id", Kind.TEXT), c("name", Kind.TEXT), c("rank", Kind.INT),
            c("percent_total_volume", Kind.DECIMAL), c("volume_usd", Kind.DECIMAL), c("trading_pairs", Kind.BIGINT),
            c("socket", Kind.BOOLEAN), c("exchange_url", Kind.TEXT), c("updated_at", Kind.TIMESTAMPTZ),
            c("observed_at", Kind.TIMESTAMPTZ)),
    MARKET_SNAPSHOTS("market_snapshots", List.of("exchange_id", "base_id", "quote_id", "observed_at"),
            c("exchange_id", Kind.TEXT), c("base_id", Kind.TEXT), c("quote_id", Kind.TEXT),
            c("base_symbol", Kind.TEXT), c("quote_symbol", Kind.TEXT), c("rank", Kind.INT),
            c("price_quote", Kind.DECIMAL), c("price_usd", Kind.DECIMAL), c("volume_usd_24hr", Kind.DECIMAL),
            c("percent_exchange_volume", Kind.DECIMAL), c("trades_count_24hr", Kind.BIGINT),
            c("updated_at", Kind.TIMESTAMPTZ), c("observed_at", Kind.TIMESTAMPTZ)),
    INGEST_LEDGER("ingest_ledger", List.of("poll_id"),
            c("poll_id", Kind.UUID_TEXT), c("entity", Kind.TEXT), c("source_url", Kind.TEXT),
            c("observed_at", Kind.TIMESTAMPTZ), c("fetched_at", Kind.TIMESTAMPTZ), c("items_returned", Kind.INT),
            c("repeats", Kind.INT), c("rejected", Kind.INT), c("requests", Kind.INT), c("outcome", Kind.TEXT),
            c("reason", Kind.TEXT), c("drift", Kind.JSON_TEXT), c("interval_ms", Kind.BIGINT));

    /** The lake type of the decimals: 20 integer digits and 18 fractional ones. */
    public static final int DECIMAL_PRECISION = 38;
    public static final int DECIMAL_SCALE = 18;
    /** The time column that partitions every table by UTC day. */
    public static final String TIME_COLUMN = "observed_at";

    /** How a PostgreSQL column is carried into the lake. */
    enum Kind {
        TEXT(DataTypes.StringType), INT(DataTypes.IntegerType), BIGINT(DataTypes.LongType),
        BOOLEAN(DataTypes.BooleanType), DECIMAL(DataTypes.createDecimalType(DECIMAL_PRECISION, DECIMAL_SCALE)),
        TIMESTAMPTZ(DataTypes.TimestampType), UUID_TEXT(DataTypes.StringType), JSON_TEXT(DataTypes.StringType);

        final DataType sparkType;

        Kind(DataType sparkType) {
            this.sparkType = sparkType;
        }
    }

    record Column(String name, Kind kind) {
    }

    private final String tableName;
    private final List<String> keyColumns;
    private final List<Column> columns;

    LakeTable(String tableName, List<String> keyColumns, Column... columns) {
        this.tableName = tableName;
        this.keyColumns = keyColumns;
        this.columns = List.of(columns);
    }

    private static Column c(String name, Kind kind) {
        return new Column(name, kind);
    }

    /** The PostgreSQL table, and the lake directory under {@code <lake>/}. */
    public String tableName() {
        return tableName;
    }

    /** The lake columns, in order. */
    public List<String> columns() {
        return columns.stream().map(Column::name).toList();
    }

    /** The columns that are {@code numeric} in PostgreSQL and {@code DECIMAL(38,18)} in the lake. */
    public List<String> decimalColumns() {
        return columns.stream().filter(col -> col.kind() == Kind.DECIMAL).map(Column::name).toList();
    }

    /** The primary key in PostgreSQL, unique within a lake partition too. */
    public List<String> keyColumns() {
        return keyColumns;
    }

    /** The Spark schema of the lake files (every column nullable, as Spark's JDBC source reports them). */
    public StructType sparkSchema() {
        List<StructField> fields = new ArrayList<>();
        for (Column col : columns) {
            fields.add(DataTypes.createStructField(col.name(), col.kind().sparkType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The DDL string of the {@code customSchema} JDBC option: the decimal columns fixed at DECIMAL(38,18). */
    String customSchema() {
        return String.join(", ", decimalColumns().stream()
                .map(col -> col + " DECIMAL(" + DECIMAL_PRECISION + "," + DECIMAL_SCALE + ")").toList());
    }

    /**
     * The PostgreSQL SELECT list of the extract: decimals rounded to 18 places and nulled from
     * {@link LakeExtractor#DECIMAL_BOUND} on, uuid and jsonb as text, everything else as is.
     */
    List<String> selectExpressions() {
        List<String> out = new ArrayList<>();
        for (Column col : columns) {
            String n = col.name();
            out.add(switch (col.kind()) {
                case DECIMAL -> LakeExtractor.decimalExpression(n) + " AS " + n;
                case UUID_TEXT, JSON_TEXT -> n + "::text AS " + n;
                default -> n;
            });
        }
        return out;
    }
}
