{{- config(materialized='incremental', unique_key=['date', 'asset_id']) -}}
select date, asset_id, count(*) as observations, max(price) as high_price
from {{ ref('stg_prices') }}
{% if is_incremental() %}
where date = (select partition_date from {{ source('batch', 'run_context') }})
{% endif %}
group by date, asset_id
