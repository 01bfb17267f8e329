{#
  One row per market snapshot (exchange_id, base_id, quote_id, observed_at). base_asset_sk / quote_asset_sk: the
  dim_asset version of the base / quote asset valid at observed_at (NULL when the id is not an asset, e.g. a fiat
  quote, or no version had started yet).
#}
{{ config(materialized='incremental', unique_key='date') }}
with snapshots as (
    select *
    from {{ ref('stg_market_snapshots') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
)
select
    m.exchange_id,
    m.base_id,
    m.quote_id,
    m.observed_at,
    m.date,
    b.asset_sk as base_asset_sk,
    q.asset_sk as quote_asset_sk,
    m.base_symbol,
    m.quote_symbol,
    m.market_rank,
    m.price_quote,
    m.price_usd,
    m.volume_usd_24hr,
    m.percent_exchange_volume,
    m.trades_count_24hr,
    m.source_updated_at
from snapshots m
left join {{ ref('dim_asset') }} b
    on b.asset_id = m.base_id
   and b.valid_from <= m.observed_at
   and (b.valid_to is null or m.observed_at < b.valid_to)
left join {{ ref('dim_asset') }} q
    on q.asset_id = m.quote_id
   and q.valid_from <= m.observed_at
   and (q.valid_to is null or m.observed_at < q.valid_to)
