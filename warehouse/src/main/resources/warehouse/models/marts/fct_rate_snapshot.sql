{# One row per rate snapshot (currency_id, observed_at). #}
{{ config(materialized='incremental', unique_key='date') }}
select
    currency_id,
    observed_at,
    date,
    symbol,
    currency_symbol,
    currency_type,
    rate_usd
from {{ ref('stg_rate_snapshots') }}
{% if is_incremental() %}
where date = (select partition_date from {{ source('batch', 'run_context') }})
{% endif %}
