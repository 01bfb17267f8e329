"""The cryptopipe batch DAG for Airflow: the same day DAG the in-process scheduler of `cryptopipe up` runs, plus the
BigQuery publish.

One DAG run per UTC day ({{ ds }}): extract -> models -> gates -> report -> publish, each task one `cryptopipe` call
(`cryptopipe batch dag` prints the same list), so Airflow only orders, retries and alerts; the work and the run
history (`batch_runs` in PostgreSQL) are the CLI's. `catchup=True` backfills every missed day since start_date in
date order; max_active_runs=1 because the batch holds one lock per database and days run one at a time.
`publish` loads the day's marts into BigQuery; without GOOGLE_APPLICATION_CREDENTIALS it says so and succeeds.

The tasks are written out one by one (no loop) so that tests read them statically: app's AirflowDagTest parses this
file with Python's `ast` and compares the tasks, their order and their commands with the CLI's own DAG (BatchDag).

Settings come from the environment of the Airflow worker, passed through to every task, as for the CLI:
  CRYPTOPIPE_BIN          the launcher (default: cryptopipe on the PATH)
  CRYPTOPIPE_DATA_DIR     the data directory (lake, warehouse, reports)
  CRYPTOPIPE_PG_URL       the PostgreSQL the stream writes to; CRYPTOPIPE_PG_PASSWORD_FILE for its password
  CRYPTOPIPE_SPARK_MASTER the Spark master of the extract (spark://host:7077), local[*] by default
  CRYPTOPIPE_BATCH_START_DATE  the first day to run (default 2026-01-01); catchup runs every day since
  GOOGLE_APPLICATION_CREDENTIALS, CRYPTOPIPE_BQ_*  for publish (see docs/deployment.md)
  CRYPTOPIPE_ALERT_EMAIL  where failures are mailed (optional; needs Airflow's SMTP settings)
  CRYPTOPIPE_ALERT_WEBHOOK  a URL that gets a JSON POST on every failed task (optional; Slack-compatible "text")
"""
import json
import logging
import os
import urllib.request
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

# The launcher, resolved by bash on the worker so that CRYPTOPIPE_BIN can point at another install.
CLI = "${CRYPTOPIPE_BIN:-cryptopipe}"
# The first day catchup runs (YYYY-MM-DD); days before the pipeline's first data only fail their gates.
START_DATE = datetime.fromisoformat(os.environ.get("CRYPTOPIPE_BATCH_START_DATE", "2026-01-01"))
ALERT_EMAIL = os.environ.get("CRYPTOPIPE_ALERT_EMAIL")
ALERT_WEBHOOK = os.environ.get("CRYPTOPIPE_ALERT_WEBHOOK")
# Environment passed to the tasks (append_env keeps the worker's own PATH, JAVA_HOME, ...).
PASSED_PREFIXES = ("CRYPTOPIPE_", "COINCAP_", "GOOGLE_")

log = logging.getLogger("cryptopipe_batch")


def task_env():
    return {k: v for k, v in os.environ.items() if k.startswith(PASSED_PREFIXES)}


def alert_on_failure(context):
    """Logs every failed task (after its last retry) and POSTs it to CRYPTOPIPE_ALERT_WEBHOOK when set."""
    ti = context.get("task_instance")
    text = "cryptopipe batch failed: task {} for {} (try {}), log {}".format(
        getattr(ti, "task_id", "?"), context.get("ds"), getattr(ti, "try_number", "?"), getattr(ti, "log_url", "-"))
    log.error(text)
    if ALERT_WEBHOOK:
        request = urllib.request.Request(ALERT_WEBHOOK, data=json.dumps({"text": text}).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except OSError as e:  # an alert that cannot be sent must not hide the failure itself
            log.error("cannot POST the alert to CRYPTOPIPE_ALERT_WEBHOOK: %s", e)


default_args = {
    "owner": "cryptopipe",
    "depends_on_past": False,
    "retries": 3,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=2),
    "email": [ALERT_EMAIL] if ALERT_EMAIL else [],
    "email_on_failure": bool(ALERT_EMAIL),
    "email_on_retry": False,
    "on_failure_callback": alert_on_failure,
}

with DAG(
    dag_id="cryptopipe_batch",
    description="PostgreSQL -> Parquet lake -> DuckDB marts -> gates -> report -> BigQuery, per UTC day",
    start_date=START_DATE,
    schedule="@daily",
    catchup=True,
    max_active_runs=1,
    default_args=default_args,
    tags=["cryptopipe"],
) as dag:
    extract = BashOperator(
        task_id="extract",
        bash_command=CLI + " batch run --date {{ ds }} --step extract",
        env=task_env(),
        append_env=True,
    )
    models = BashOperator(
        task_id="models",
        bash_command=CLI + " batch run --date {{ ds }} --step models",
        env=task_env(),
        append_env=True,
    )
    gates = BashOperator(
        task_id="gates",
        bash_command=CLI + " batch run --date {{ ds }} --step gates",
        env=task_env(),
        append_env=True,
    )
    report = BashOperator(
        task_id="report",
        bash_command=CLI + " batch run --date {{ ds }} --step report",
        env=task_env(),
        append_env=True,
    )
    publish = BashOperator(
        task_id="publish",
        bash_command=CLI + " batch publish --date {{ ds }}",
        env=task_env(),
        append_env=True,
    )

    extract >> models >> gates >> report >> publish
