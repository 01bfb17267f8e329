-- The batch path (issue: "Batch path: Parquet lake, warehouse marts, data-quality gates, scheduling and backfill").

-- One row per day partition: where it stands and what the source held when it was last extracted, so rows that
-- arrive later (a late poll, a replay, a gap repair) show as a changed count and make the day dirty.
CREATE TABLE batch_partitions (
    partition_date date        NOT NULL PRIMARY KEY,
    state          text        NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'dirty')),
    last_run_id    uuid,
    window_start   timestamptz,
    window_end     timestamptz,
    source_rows    jsonb,
    updated_at     timestamptz NOT NULL,
    dirty_reason   text
);

-- Per-step history of every run: status, timings, rows and the error. A run is one pass of the DAG
-- extract -> models -> gates -> report (or one step of it) over one partition.
CREATE TABLE batch_runs (
    run_id         uuid        NOT NULL,
    partition_date date        NOT NULL,
    step           text        NOT NULL CHECK (step IN ('extract', 'models', 'gates', 'report')),
    trigger        text        NOT NULL,
    attempt        integer     NOT NULL,
    status         text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    rows           bigint,
    detail         text,
    error          text,
    PRIMARY KEY (run_id, step)
);
CREATE INDEX batch_runs_partition ON batch_runs (partition_date, started_at);

-- Every gate's outcome per run; warnings are kept apart from errors by severity.
CREATE TABLE batch_gate_results (
    run_id         uuid        NOT NULL,
    partition_date date        NOT NULL,
    gate           text        NOT NULL,
    kind           text        NOT NULL,
    severity       text        NOT NULL CHECK (severity IN ('error', 'warn')),
    failures       bigint      NOT NULL,
    samples        text,
    detail         text,
    PRIMARY KEY (run_id, gate)
);

-- db-scheduler's task table (its PostgreSQL DDL), so scheduled and retried day runs survive restarts.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
