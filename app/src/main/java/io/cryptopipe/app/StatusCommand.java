package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.stream.StreamLag;
import io.cryptopipe.stream.StreamSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;

/**
 * {@code status}: which commands run on this data directory and their components, and, when their PostgreSQL and
 * Kafka are reachable, the last poll per entity and the lag of every stream query.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say what runs on this data directory: components, last poll per entity, lag.")
final class StatusCommand extends ConfiguredCommand {
    StatusCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        PrintStream out = context.out();
        Path root = config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
        DataDir data = new DataDir(root);
        boolean any = false;
        for (String role : DataDir.ROLES) {
            Optional<RunFile> run = RunFile.read(data.runFile(role));
            if (run.isEmpty()) {
                continue;
            }
            any = true;
            RunFile r = run.get();
            if (!r.alive()) {
                out.println(role + ": not running (stale run file from pid " + r.pid() + ", started " + r.started()
                        + "; it did not stop cleanly)");
                continue;
            }
            out.println(role + ": running (pid " + r.pid() + ", since " + r.started() + ")");
            out.println("  source: " + r.source());
            out.println("  kafka: " + r.kafka() + (r.embeddedKafka().isPresent() ? " (embedded)" : ""));
            out.println("  postgresql: " + r.pg() + (r.embeddedPg().isPresent() ? " (embedded)" : ""));
            r.embeddedPg().or(() -> config.find(ConfigKeys.PG_URL))
                    .ifPresent(url -> database(out, url, config, r.kafka()));
        }
        if (!any) {
            out.println("up: not running on " + root);
        }
        return ExitCodes.OK;
    }

    private static void database(PrintStream out, String url, ResolvedConfig config, String kafka) {
        try (Connection connection = new io.cryptopipe.stream.PgTarget(url, null,
                config.find(ConfigKeys.PG_PASSWORD).orElse(null)).connect()) {
            lastPolls(out, connection);
            lags(out, connection, kafka);
        } catch (SQLException e) {
            out.println("  postgresql unreachable: " + e.getMessage());
        }
    }

    private static void lastPolls(PrintStream out, Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT ON (entity) entity, observed_at, outcome, items_returned, reason FROM ingest_ledger "
                        + "ORDER BY entity, observed_at DESC");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.println("  last poll " + rs.getString(1) + ": " + rs.getObject(2, java.time.OffsetDateTime.class)
                        + " " + rs.getString(3) + ", " + rs.getObject(4) + " items"
                        + (rs.getString(5) == null ? "" : " (" + rs.getString(5) + ")"));
            }
        }
    }

    private static void lags(PrintStream out, Connection connection, String kafka) throws SQLException {
        List<String> queries = new java.util.ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT query FROM stream_progress");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                queries.add(rs.getString(1));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            for (String query : queries) {
                List<String> topics = StreamSettings.topics(StreamSettings.entitiesOf(query));
                out.println("  lag " + query + ": " + StreamLag.measure(admin, connection, query, topics));
            }
        } catch (Exception e) {
            out.println("  lag unknown: " + e.getMessage());
        }
    }
}
