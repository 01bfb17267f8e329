package io.cryptopipe.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a project's models, in dependency order, on one DuckDB connection, each model in one transaction:
 *
 * <ul>
 *   <li>{@code view}: {@code CREATE OR REPLACE VIEW main.<model>};
 *   <li>{@code table}: {@code CREATE OR REPLACE TABLE main.<model> AS};
 *   <li>{@code incremental}: on its first run or a full refresh as a table; otherwise dbt's delete+insert: the query
 *       into a temp table, the rows of {@code main.<model>} whose {@code unique_key} is among the new ones deleted,
 *       the new ones inserted by name (without a unique_key, only inserted). A model keyed by {@code date} alone
 *       replaces the run's partition whole: its rows of {@code run_context.partition_date} go even when the query
 *       now yields none for that day.
 * </ul>
 *
 * Before the models it sets the connection's {@code TimeZone} to UTC (as the dbt profile does: casts of
 * TIMESTAMPTZ to DATE are UTC days, like the lake partitions) and writes the {@link RunContext} to
 * {@code main.run_context}. Relative paths in sources'
 * {@code external_location} are made absolute against the data directory when rendered, so that the views keep
 * working from any connection ({@code file_search_path}, which the runner also sets to the data directory, is a
 * setting of one connection only, and a view stores its path as written). A failing model stops the run with a
 * {@link ModelRunException} naming it, its file and DuckDB's message; the rendered SQL is logged at debug.
 */
public final class ModelRunner {
    /** The lake's partition column; an incremental model keyed by it alone replaces the run's partition. */
    static final String PARTITION_KEY = "date";

    private static final Logger log = LoggerFactory.getLogger(ModelRunner.class);
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
    private static final Pattern FIRST_LITERAL = Pattern.compile("'((?:[^']|'')*)'");

    private final Project project;
    private final Connection duckdb;
    private final Path dataDir;
    private final Renderer renderer = new Renderer();

    public ModelRunner(Project project, Connection duckdb, Path dataDir) {
        this.project = Objects.requireNonNull(project, "project");
        this.duckdb = Objects.requireNonNull(duckdb, "duckdb");
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Runs every model for {@code ctx}, reporting one line per model to {@code progress}.
     *
     * @throws ModelRunException for the first model that fails; the models before it stay committed
     */
    public RunSummary run(RunContext ctx, Consumer<String> progress) {
        try {
            execute("SET file_search_path = " + literal(dataDir.toString()));
            execute("SET TimeZone = 'UTC'");
            writeRunContext(ctx);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the DuckDB run context: " + e.getMessage(), e);
        }
        List<Model> models = project.models();
        List<ModelResult> results = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Model model = models.get(i);
            long start = System.nanoTime();
            long rows = runModel(model, ctx);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            results.add(new ModelResult(model.name(), model.materialized(), rows, took));
            progress.accept(String.format(Locale.US, "models: %d/%d %s (%s)%s in %.1f s", i + 1, models.size(),
                    model.name(), model.materialized(), rows < 0 ? "" : String.format(Locale.US, " %,d rows", rows),
                    took.toNanos() / 1e9));
        }
        return new RunSummary(results);
    }

    /** The SQL {@code model} renders to for {@code ctx} now (is_incremental() depends on the table existing). */
    public String render(Model model, RunContext ctx) {
        try {
            return render(model, incremental(model, ctx));
        } catch (SQLException e) {
            throw new ModelRunException(model.name(), "Model " + model.name() + " (" + model.path()
                    + ") cannot be rendered: " + e.getMessage(), e);
        }
    }

    private String render(Model model, boolean incremental) {
        try {
            String sql = renderer.render(model, new Renderer.Scope(
                    name -> project.model(name).relation(),
                    (src, table) -> relation(project.source(src, table).orElseThrow(
                            () -> new IllegalArgumentException("source('" + src + "', '" + table + "') is not declared"))),
                    incremental));
            return sql.strip().replaceAll(";+\\s*$", "");
        } catch (RuntimeException e) {
            throw new ModelRunException(model.name(), "Model " + model.name() + " (" + model.path() + ") "
                    + e.getMessage(), e);
        }
    }

    /** {@code main.<table>}, or the external location with a relative first path made absolute. */
    String relation(SourceTable source) {
        String location = source.externalLocation();
        if (location == null) {
            return "main." + source.table();
        }
        Matcher m = FIRST_LITERAL.matcher(location);
        if (!m.find()) {
            return location;
        }
        String path = m.group(1).replace("''", "'");
        if (path.startsWith("/") || path.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") || path.matches("^[A-Za-z]:[\\\\/].*")) {
            return location;
        }
        String absolute = dataDir.toString().replace('\\', '/') + "/" + path;
        return location.substring(0, m.start()) + literal(absolute) + location.substring(m.end());
    }

    private boolean incremental(Model model, RunContext ctx) throws SQLException {
        return model.materialized().equals(Model.INCREMENTAL) && !ctx.fullRefresh()
                && "BASE TABLE".equals(existingType(model.name()));
    }

    private long runModel(Model model, RunContext ctx) {
        boolean autoCommit = true;
        try {
            boolean incremental = incremental(model, ctx);
            String sql = render(model, incremental);
            log.debug("Model {} ({}, {}) renders to:\n{}", model.name(), model.path(),
                    incremental ? "incremental" : model.materialized(), sql);
            autoCommit = duckdb.getAutoCommit();
            duckdb.setAutoCommit(false);
            try {
                long rows = materialize(model, sql, incremental);
                duckdb.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                try {
                    duckdb.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                duckdb.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new ModelRunException(model.name(), "Model " + model.name() + " (" + model.path() + ") failed: "
                    + e.getMessage(), e);
        }
    }

    private long materialize(Model model, String sql, boolean incremental) throws SQLException {
        String rel = model.relation();
        switch (model.materialized()) {
            case Model.VIEW -> {
                dropOtherKind(model, "VIEW");
                execute("CREATE OR REPLACE VIEW " + rel + " AS\n" + sql + "\n");
                return -1;
            }
            case Model.TABLE -> {
                dropOtherKind(model, "BASE TABLE");
                execute("CREATE OR REPLACE TABLE " + rel + " AS\n" + sql + "\n");
                return count(rel);
            }
            default -> {
                if (!incremental) {
                    dropOtherKind(model, "BASE TABLE");
                    execute("CREATE OR REPLACE TABLE " + rel + " AS\n" + sql + "\n");
                    return count(rel);
                }
                String tmp = "\"" + model.name() + "__dbt_tmp\"";
                execute("CREATE OR REPLACE TEMP TABLE " + tmp + " AS\n" + sql + "\n");
                long rows = count(tmp);
                if (!model.uniqueKey().isEmpty()) {
                    String cols = model.uniqueKey().stream().map(ModelRunner::ident).collect(Collectors.joining(", "));
                    execute("DELETE FROM " + rel + " WHERE (" + cols + ") IN (SELECT DISTINCT " + cols + " FROM "
                            + tmp + ")");
                }
                if (model.uniqueKey().equals(List.of(PARTITION_KEY))) {
                    // Keyed by the partition: the run's partition is replaced whole, even when it now yields no rows
                    // (delete+insert alone would keep the old ones, e.g. yesterday's movers after a re-run without).
                    execute("DELETE FROM " + rel + " WHERE " + PARTITION_KEY
                            + " = (SELECT partition_date FROM main.run_context)");
                }
                execute("INSERT INTO " + rel + " BY NAME SELECT * FROM " + tmp);
                execute("DROP TABLE " + tmp);
                return rows;
            }
        }
    }

    /** A view replacing a table (or the reverse) must drop it first: DuckDB will not replace across kinds. */
    private void dropOtherKind(Model model, String wanted) throws SQLException {
        String type = existingType(model.name());
        if (type != null && !type.equals(wanted)) {
            execute("DROP " + (type.equals("VIEW") ? "VIEW " : "TABLE ") + model.relation());
        }
    }

    /** {@code BASE TABLE}, {@code VIEW} or null. */
    private String existingType(String name) throws SQLException {
        try (PreparedStatement ps = duckdb.prepareStatement("SELECT table_type FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void writeRunContext(RunContext ctx) throws SQLException {
        execute("CREATE OR REPLACE TABLE main.run_context AS SELECT DATE '" + ctx.partition() + "' AS partition_date,"
                + " TIMESTAMPTZ '" + TS.format(ctx.windowStart()) + "' AS window_start,"
                + " TIMESTAMPTZ '" + TS.format(ctx.windowEnd()) + "' AS window_end");
    }

    private long count(String relation) throws SQLException {
        try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One statement each: DuckDB's JDBC driver closes a statement that failed. */
    private void execute(String sql) throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute(sql);
        }
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
