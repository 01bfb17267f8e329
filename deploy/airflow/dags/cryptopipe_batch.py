"""The cryptopipe batch DAG for Airflow: the same steps the in-process scheduler of `cryptopipe up` runs.

One DAG run per UTC day ({{ ds }}): extract -> models -> gates -> report, each step one
`cryptopipe batch run --date {{ ds }} --step <step>` call, so Airflow only orders, retries and alerts;
the work and the run history (`batch_runs` in PostgreSQL) are the CLI's. `catchup=True` backfills missed
days in date order (max_active_runs=1: the batch holds one lock per database, days run one at a time).

Settings come from the environment of the worker, as for the CLI:
  CRYPTOPIPE_BIN        the launcher (default: cryptopipe on the PATH)
  CRYPTOPIPE_DATA_DIR   the data directory (lake, warehouse, reports)
  CRYPTOPIPE_PG_URL     the PostgreSQL the stream writes to; CRYPTOPIPE_PG_PASSWORD(_FILE) for its password
  CRYPTOPIPE_ALERT_EMAIL  where failures are mailed (optional)
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

CRYPTOPIPE = os.environ.get("CRYPTOPIPE_BIN", "cryptopipe")
STEPS = ["extract", "models", "gates", "report"]
ALERT_EMAIL = os.environ.get("CRYPTOPIPE_ALERT_EMAIL")

default_args = {
    "owner": "cryptopipe",
    "retries": 3,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "email": [ALERT_EMAIL] if ALERT_EMAIL else [],
    "email_on_failure": bool(ALERT_EMAIL),
    "email_on_retry": False,
}

with DAG(
    dag_id="cryptopipe_batch",
    description="PostgreSQL -> Parquet lake -> DuckDB marts -> gates -> report, per UTC day",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=True,
    max_active_runs=1,
    default_args=default_args,
    tags=["cryptopipe"],
) as dag:
    previous = None
    for step in STEPS:
        task = BashOperator(
            task_id=step,
            bash_command=f"{CRYPTOPIPE} batch run --date {{{{ ds }}}} --step {step}",
        )
        if previous is not None:
            previous >> task
        previous = task
