{#
  One row per UTC day and asset (date, asset_id), from the asset snapshots of that day's partition.
  open/close: price_usd of the first/last snapshot of the day by observed_at; high/low: max/min price_usd.
  daily_return (DOUBLE) = close / previous calendar day's close - 1, computed as (close - prev) / prev (exact DECIMAL
    difference, one DOUBLE division); NULL when the asset has no snapshot on the
    previous day (or that close is 0). The previous day is read from the staging view, also in incremental runs.
  intraday_volatility (DOUBLE) = stddev_samp of ln(price_i / price_{i-1}) over consecutive snapshots within the day;
    NULL with fewer than 3 snapshots (fewer than 2 log returns).
  expected_observations = 'assets' polls in the ledger partition of the day, any outcome (ok, failed, refused);
  completeness_pct = min(100, round(100 * observations / expected_observations, 2)) as DECIMAL(5,2).
#}
{{ config(materialized='incremental', unique_key='date') }}
with snapshots as (
    select asset_id, date, observed_at, symbol, price_usd, volume_usd_24hr, market_cap_usd, supply
    from {{ ref('stg_asset_snapshots') }}
    {% if is_incremental() %}
    where date between (select partition_date - 1 from {{ source('batch', 'run_context') }})
                   and (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
with_returns as (
    select
        *,
        case
            when price_usd > 0 and lag(price_usd) over by_time > 0
            then ln(price_usd / lag(price_usd) over by_time)
        end as log_return
    from snapshots
    window by_time as (partition by asset_id, date order by observed_at)
),
daily as (
    select
        date,
        asset_id,
        arg_max(symbol, observed_at)          as symbol,
        arg_min(price_usd, observed_at)       as open_price_usd,
        max(price_usd)                        as high_price_usd,
        min(price_usd)                        as low_price_usd,
        arg_max(price_usd, observed_at)       as close_price_usd,
        avg(volume_usd_24hr)                  as avg_volume_usd_24hr,
        max(volume_usd_24hr)                  as max_volume_usd_24hr,
        arg_max(market_cap_usd, observed_at)  as close_market_cap_usd,
        arg_max(supply, observed_at)          as close_supply,
        stddev_samp(log_return)               as intraday_volatility,
        count(*)                              as observations,
        min(observed_at)                      as first_observed_at,
        max(observed_at)                      as last_observed_at
    from with_returns
    group by date, asset_id
),
expected as (
    select date, count(*) as expected_observations
    from {{ ref('stg_ingest_ledger') }}
    where entity = 'assets'
    {% if is_incremental() %}
      and date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
    group by date
)
select
    d.date,
    d.asset_id,
    d.symbol,
    d.open_price_usd,
    d.high_price_usd,
    d.low_price_usd,
    d.close_price_usd,
    case when p.close_price_usd <> 0 then (d.close_price_usd - p.close_price_usd) / p.close_price_usd end as daily_return,
    d.intraday_volatility,
    d.avg_volume_usd_24hr,
    d.max_volume_usd_24hr,
    d.close_market_cap_usd,
    d.close_supply,
    d.observations,
    e.expected_observations,
    cast(least(100, round(100.0 * d.observations / e.expected_observations, 2)) as decimal(5, 2)) as completeness_pct,
    d.first_observed_at,
    d.last_observed_at
from daily d
left join daily p
    on p.asset_id = d.asset_id
   and p.date = d.date - 1
left join expected e
    on e.date = d.date
{% if is_incremental() %}
where d.date = (select partition_date from {{ source('batch', 'run_context') }})
{% endif %}
