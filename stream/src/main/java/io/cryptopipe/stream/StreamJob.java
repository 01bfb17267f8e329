package io.cryptopipe.stream;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming query: the {@code coincap.*} topics, read from the earliest offset the checkpoint has not consumed,
 * each micro-batch stored partition by partition through {@link SinkTask}. Values stay strings all the way: no
 * Spark schema, no {@code DecimalType}, no double ever holds a CoinCap number; the {@code core} parser reads them in
 * the task.
 */
public final class StreamJob {
    private StreamJob() {
    }

    /** Starts the query; it runs until stopped or failed (see {@link RunningStream}). */
    public static RunningStream start(SparkSession spark, StreamSettings settings) throws TimeoutException {
        DataStreamReader reader = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", settings.bootstrap())
                .option("subscribe", String.join(",", settings.topics()))
                .option("startingOffsets", "earliest")
                // Records removed by retention before they were stored must stop the query, not vanish quietly.
                .option("failOnDataLoss", "true")
                .option("maxOffsetsPerTrigger", Integer.toString(settings.maxOffsets()));
        for (Map.Entry<String, String> e : settings.kafkaClient().entrySet()) {
            reader = reader.option("kafka." + e.getKey(), e.getValue());
        }
        Dataset<Row> records = reader.load()
                .selectExpr("topic", "partition", "offset", "CAST(key AS STRING) AS key",
                        "CAST(value AS STRING) AS value");
        String name = settings.queryName();
        SinkRows rows = new SinkRows(spark.sparkContext());
        // Runs in the driver (not serialized); the SinkTasks it sends carry only the accumulators.
        VoidFunction2<Dataset<Row>, Long> store = (batch, batchId) -> {
            long started = System.nanoTime();
            Map<String, Long> before = rows.totals();
            batch.foreachPartition(new SinkTask(settings.target(), name, batchId, settings.crash(),
                    settings.candleLateness(), rows.forTasks()));
            rows.stored(batchId, java.time.Duration.ofNanos(System.nanoTime() - started), before);
        };
        StreamingQuery query = records.writeStream().queryName(name)
                .trigger(Trigger.ProcessingTime(settings.trigger().toMillis()))
                .option("checkpointLocation", settings.checkpoint().toString())
                .foreachBatch(store)
                .start();
        return new RunningStream(query, rows);
    }
}
