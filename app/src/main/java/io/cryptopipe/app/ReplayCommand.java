package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.RawArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay PATH [--from T] [--to T]}: republishes archived polls (items and ledger events, exactly as first
 * published) so the stream processes them again. The sinks are idempotent, so replaying data the database already
 * holds adds nothing; replaying into an empty database rebuilds it. Uses the broker of a running {@code up},
 * {@code ingest} or {@code stream} of the data directory, else {@code --kafka}, else the data directory's own.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Republish archived polls from a raw archive directory (e.g. data/raw) to Kafka.",
                "--from/--to bound the polls' observed_at (ISO-8601 instants, to exclusive)."})
final class ReplayCommand extends ConfiguredCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The raw archive directory, e.g. data/raw.")
    Path path;

    @Option(names = "--from", paramLabel = "T", description = "First observed_at, e.g. 2026-11-27T10:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "T", description = "End of observed_at (exclusive).")
    Instant to;

    ReplayCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        if (!Files.isDirectory(path)) {
            throw new java.io.IOException("replay: " + path + " is not a directory (give the raw archive, e.g. "
                    + "data/raw)");
        }
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        Optional<String> running = data.runningEmbeddedKafka();
        RawArchive archive = new RawArchive(path);
        RawArchive.Contents contents = archive.read(from == null ? Instant.MIN : from, to == null ? Instant.MAX : to);
        contents.damaged().forEach(d -> context.out().println("damaged tail skipped: " + d));
        try (Broker broker = Broker.open(config, data, running);
             Producer<String, String> producer = new KafkaProducer<>(
                     PollPublisher.producerConfig(broker.bootstrap(), broker.clientSettings()))) {
            broker.ensureTopics(config.get(ConfigKeys.KAFKA_PARTITIONS));
            PollPublisher publisher = new PollPublisher(producer, archive);
            long records = 0;
            for (ArchivedPoll poll : contents.polls()) {
                records += publisher.publish(poll);
            }
            context.out().println("replayed " + contents.polls().size() + " polls (" + records + " records) from "
                    + path.toAbsolutePath().normalize() + " to " + broker.bootstrap()
                    + (broker.embedded() ? " (the data directory's broker; the next up or stream stores them)" : ""));
        }
        return ExitCodes.OK;
    }
}
