package io.cryptopipe.publish;

import java.nio.file.Path;

/**
 * Where a publish reads and writes in the data directory.
 *
 * @param warehouseFile the DuckDB warehouse holding the marts (opened read-only)
 * @param lake          the Parquet lake, {@code <lake>/<table>/date=YYYY-MM-DD/}
 * @param work          a directory for the day's mart files; they are deleted after the publish
 */
public record PublishPaths(Path warehouseFile, Path lake, Path work) {
}
