package io.cryptopipe.warehouse;

import java.time.Duration;

/**
 * One model's run.
 *
 * @param rows the relation's row count after the run for tables; the rows inserted by this run for incremental
 *             models (the whole table on a first run or full refresh); -1 for views, which are not counted
 */
public record ModelResult(String model, String materialized, long rows, Duration took) {}
