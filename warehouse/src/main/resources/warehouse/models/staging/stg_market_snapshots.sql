{# One row per market (exchange_id, base_id, quote_id) and poll (observed_at). #}
{{ config(materialized='view') }}
select
    cast(exchange_id as varchar)                      as exchange_id,
    cast(base_id as varchar)                          as base_id,
    cast(quote_id as varchar)                         as quote_id,
    cast(observed_at as timestamptz)                  as observed_at,
    cast(date as date)                                as date,
    cast(base_symbol as varchar)                      as base_symbol,
    cast(quote_symbol as varchar)                     as quote_symbol,
    cast(rank as integer)                             as market_rank,
    cast(price_quote as decimal(38, 18))              as price_quote,
    cast(price_usd as decimal(38, 18))                as price_usd,
    cast(volume_usd_24hr as decimal(38, 18))          as volume_usd_24hr,
    cast(percent_exchange_volume as decimal(38, 18))  as percent_exchange_volume,
    cast(trades_count_24hr as bigint)                 as trades_count_24hr,
    cast(updated_at as timestamptz)                   as source_updated_at
from {{ source('lake', 'market_snapshots') }}
