{# One row per currency of /rates: the attributes of its latest snapshot, and when it was first and last seen. #}
{{ config(materialized='table') }}
with snapshots as (
    select * from {{ ref('stg_rate_snapshots') }}
),
seen as (
    select currency_id, min(observed_at) as first_seen_at, max(observed_at) as last_seen_at
    from snapshots
    group by currency_id
),
latest as (
    select *
    from snapshots
    qualify row_number() over (partition by currency_id order by observed_at desc) = 1
)
select
    l.currency_id,
    l.symbol,
    l.currency_symbol,
    l.currency_type as type,
    l.currency_type = 'fiat' as is_fiat,
    s.first_seen_at,
    s.last_seen_at
from latest l
join seen s using (currency_id)
