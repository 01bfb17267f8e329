{# One row per asset snapshot (asset_id, observed_at), with the dim_asset version valid at that time. #}
{{ config(materialized='incremental', unique_key='date') }}
with snapshots as (
    select *
    from {{ ref('stg_asset_snapshots') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
)
select
    s.asset_id,
    s.observed_at,
    s.date,
    v.asset_sk,
    s.asset_rank,
    s.symbol,
    s.name,
    s.supply,
    s.max_supply,
    s.market_cap_usd,
    s.volume_usd_24hr,
    s.price_usd,
    s.change_percent_24hr,
    s.vwap_24hr
from snapshots s
left join {{ ref('dim_asset') }} v
    on v.asset_id = s.asset_id
   and v.valid_from <= s.observed_at
   and (v.valid_to is null or s.observed_at < v.valid_to)
