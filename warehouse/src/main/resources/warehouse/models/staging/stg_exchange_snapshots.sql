{# One row per exchange and poll (exchange_id, observed_at). #}
{{ config(materialized='view') }}
select
    cast(exchange_id as varchar)                   as exchange_id,
    cast(observed_at as timestamptz)               as observed_at,
    cast(date as date)                             as date,
    cast(name as varchar)                          as exchange_name,
    cast(rank as integer)                          as exchange_rank,
    cast(percent_total_volume as decimal(38, 18))  as percent_total_volume,
    cast(volume_usd as decimal(38, 18))            as volume_usd,
    cast(trading_pairs as bigint)                  as trading_pairs,
    cast(socket as boolean)                        as has_socket,
    cast(exchange_url as varchar)                  as exchange_url,
    cast(updated_at as timestamptz)                as source_updated_at
from {{ source('lake', 'exchange_snapshots') }}
