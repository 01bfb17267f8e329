package io.cryptopipe.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag per topic: the broker's end offsets minus the positions the stream stored in PostgreSQL with its rows
 * ({@code stream_progress}). Spark never commits a consumer group, so a group's lag would say nothing; this lag is
 * what is not yet in the database.
 */
public final class StreamLag {
    private StreamLag() {
    }

    /** Records published but not yet stored, by topic (0 when caught up). */
    public static Map<String, Long> measure(Admin admin, Connection connection, String query, List<String> topics)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> ends = endOffsets(admin, topics);
        Map<TopicPartition, Long> stored = stored(connection, query);
        Map<String, Long> lag = new TreeMap<>();
        for (String topic : topics) {
            lag.put(topic, 0L);
        }
        ends.forEach((tp, end) -> lag.merge(tp.topic(), Math.max(0, end - stored.getOrDefault(tp, 0L)), Long::sum));
        return lag;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        offsets.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static Map<TopicPartition, Long> stored(Connection connection, String query) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT topic, partition, next_offset FROM stream_progress WHERE query = ?")) {
            select.setString(1, query);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return stored;
    }
}
