{# One row per exchange: the attributes of its latest snapshot, and when it was first and last seen. #}
{{ config(materialized='table') }}
with snapshots as (
    select * from {{ ref('stg_exchange_snapshots') }}
),
seen as (
    select exchange_id, min(observed_at) as first_seen_at, max(observed_at) as last_seen_at, count(*) as snapshots
    from snapshots
    group by exchange_id
),
latest as (
    select *
    from snapshots
    qualify row_number() over (partition by exchange_id order by observed_at desc) = 1
)
select
    l.exchange_id,
    l.exchange_name,
    l.exchange_rank,
    l.has_socket,
    l.exchange_url,
    s.first_seen_at,
    s.last_seen_at,
    s.snapshots
from latest l
join seen s using (exchange_id)
