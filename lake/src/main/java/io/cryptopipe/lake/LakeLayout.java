package io.cryptopipe.lake;

import io.cryptopipe.core.batch.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the lake keeps each table partition: {@code <lake>/<table>/date=YYYY-MM-DD/*.parquet} (Hive style, so
 * {@code read_parquet('<lake>/<table>/*}{@code /*.parquet', hive_partitioning=true)} sees a {@code date} column), and
 * {@code <lake>/_tmp/} for partitions being written or replaced, outside every table directory so that readers never
 * see half a partition.
 */
public final class LakeLayout {
    /** The scratch directory under the lake root; never part of a table. */
    public static final String TMP = "_tmp";

    private final Path root;

    /** @param root the lake root, {@code <data>/lake} */
    public LakeLayout(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path tableDir(LakeTable table) {
        return root.resolve(table.tableName());
    }

    /** {@code <lake>/<table>/date=YYYY-MM-DD} */
    public Path partitionDir(LakeTable table, Partition partition) {
        return tableDir(table).resolve("date=" + partition);
    }

    /** {@code <lake>/_tmp} */
    public Path tmpDir() {
        return root.resolve(TMP);
    }

    /** Whether the table partition has been extracted (its directory is present: it is only ever moved in whole). */
    public boolean exists(LakeTable table, Partition partition) {
        return Files.isDirectory(partitionDir(table, partition));
    }

    /** The glob DuckDB reads a table with: {@code <lake>/<table>/*}{@code /*.parquet}. */
    public String parquetGlob(LakeTable table) {
        return tableDir(table).resolve("*").resolve("*.parquet").toString();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
