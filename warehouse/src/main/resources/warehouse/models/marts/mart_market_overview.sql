{#
  One row per UTC day (date), over fct_asset_daily.
  total_market_cap_usd = sum of each asset's closing market cap of the day (exact DECIMAL);
  btc_dominance / eth_dominance (DOUBLE) = bitcoin's / ethereum's closing market cap / total (NULL if absent);
  asset_count = assets with at least one snapshot that day.
#}
{{ config(materialized='incremental', unique_key='date') }}
with daily as (
    select *
    from {{ ref('fct_asset_daily') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
totals as (
    select
        date,
        sum(close_market_cap_usd)                                          as total_market_cap_usd,
        sum(close_market_cap_usd) filter (where asset_id = 'bitcoin')      as btc_market_cap_usd,
        sum(close_market_cap_usd) filter (where asset_id = 'ethereum')     as eth_market_cap_usd,
        count(*)                                                           as asset_count
    from daily
    group by date
)
select
    date,
    total_market_cap_usd,
    case when total_market_cap_usd <> 0 then btc_market_cap_usd / total_market_cap_usd end as btc_dominance,
    case when total_market_cap_usd <> 0 then eth_market_cap_usd / total_market_cap_usd end as eth_dominance,
    asset_count
from totals
