{#
  The single wide BI table, one row per market snapshot (exchange_id, base_id, quote_id, observed_at): exactly the
  rows of fct_market_snapshot, each joined AS OF its observed_at (latest snapshot at or before it, same day
  partition, so never across midnight) to
    - the base asset's snapshot (asset_id = base_id),
    - the quote's rate (currency_id = quote_id; NULL when /rates has no such id),
    - the exchange's snapshot.
  ASOF joins match at most one row, so there is no fan-out.
#}
{{ config(materialized='incremental', unique_key='date') }}
with markets as (
    select *
    from {{ ref('fct_market_snapshot') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
assets as (
    select *
    from {{ ref('stg_asset_snapshots') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
rates as (
    select *
    from {{ ref('stg_rate_snapshots') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
exchanges as (
    select *
    from {{ ref('stg_exchange_snapshots') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
)
select
    m.date,
    m.exchange_id,
    m.base_id,
    m.quote_id,
    m.observed_at,
    m.base_symbol,
    m.quote_symbol,
    m.market_rank,
    m.price_quote,
    m.price_usd,
    m.volume_usd_24hr,
    m.percent_exchange_volume,
    m.trades_count_24hr,
    m.base_asset_sk,
    m.quote_asset_sk,
    a.observed_at             as base_observed_at,
    a.name                    as base_name,
    a.asset_rank              as base_rank,
    a.price_usd               as base_price_usd,
    a.market_cap_usd          as base_market_cap_usd,
    a.volume_usd_24hr         as base_volume_usd_24hr,
    a.change_percent_24hr     as base_change_percent_24hr,
    r.observed_at             as quote_rate_observed_at,
    r.rate_usd                as quote_rate_usd,
    r.currency_type           as quote_currency_type,
    e.observed_at             as exchange_observed_at,
    e.exchange_name,
    e.exchange_rank,
    e.volume_usd              as exchange_volume_usd,
    e.percent_total_volume    as exchange_percent_total_volume
from markets m
asof left join assets a
    on a.asset_id = m.base_id
   and a.date = m.date
   and m.observed_at >= a.observed_at
asof left join rates r
    on r.currency_id = m.quote_id
   and r.date = m.date
   and m.observed_at >= r.observed_at
asof left join exchanges e
    on e.exchange_id = m.exchange_id
   and e.date = m.date
   and m.observed_at >= e.observed_at
