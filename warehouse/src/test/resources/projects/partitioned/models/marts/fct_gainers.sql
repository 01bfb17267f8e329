{# a daily mart that may have no rows for a day: only assets above 100 #}
{{ config(materialized='incremental', unique_key='date') }}
select date, asset_id, max(price) as high_price
from {{ ref('stg_prices') }}
where price > 100
{% if is_incremental() %}
and date = (select partition_date from {{ source('batch', 'run_context') }})
{% endif %}
group by date, asset_id
