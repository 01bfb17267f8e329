{#
  One row per UTC day and exchange (date, exchange_id).
  volume_usd, trading_pairs: from the exchange's last snapshot of the day (by observed_at; volume_observed_at).
  volume_share (DOUBLE) = volume_usd / sum of volume_usd over all exchanges of that day (each at its own last
    snapshot); the shares of a day sum to 1. NULL when the exchange's volume is NULL or the day's sum is 0.
  markets_count = distinct (base_id, quote_id) pairs of that exchange in the day's market snapshots (0 if none).
#}
{{ config(materialized='incremental', unique_key='date') }}
with snapshots as (
    select *
    from {{ ref('stg_exchange_snapshots') }}
    {% if is_incremental() %}
    where date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
last_of_day as (
    select *, count(*) over (partition by exchange_id, date) as snapshots
    from snapshots
    qualify row_number() over (partition by exchange_id, date order by observed_at desc) = 1
),
market_pairs as (
    select date, exchange_id, count(*) as markets_count
    from (
        select distinct date, exchange_id, base_id, quote_id
        from {{ ref('stg_market_snapshots') }}
        {% if is_incremental() %}
        where date = (select partition_date from {{ source('batch', 'run_context') }})
        {% endif %}
    ) pairs
    group by date, exchange_id
)
select
    l.date,
    l.exchange_id,
    l.volume_usd,
    case when sum(l.volume_usd) over (partition by l.date) <> 0
         then l.volume_usd / sum(l.volume_usd) over (partition by l.date) end as volume_share,
    l.trading_pairs,
    coalesce(m.markets_count, 0) as markets_count,
    l.snapshots,
    l.observed_at as volume_observed_at
from last_of_day l
left join market_pairs m
    on m.date = l.date
   and m.exchange_id = l.exchange_id
