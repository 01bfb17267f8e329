{# One row per asset and poll (asset_id, observed_at). date is the lake partition (UTC day of observed_at). #}
{{ config(materialized='view') }}
select
    cast(id as varchar)                            as asset_id,
    cast(observed_at as timestamptz)               as observed_at,
    cast(date as date)                             as date,
    cast(rank as integer)                          as asset_rank,
    cast(symbol as varchar)                        as symbol,
    cast(name as varchar)                          as name,
    cast(supply as decimal(38, 18))                as supply,
    cast(max_supply as decimal(38, 18))            as max_supply,
    cast(market_cap_usd as decimal(38, 18))        as market_cap_usd,
    cast(volume_usd_24hr as decimal(38, 18))       as volume_usd_24hr,
    cast(price_usd as decimal(38, 18))             as price_usd,
    cast(change_percent_24hr as decimal(38, 18))   as change_percent_24hr,
    cast(vwap_24hr as decimal(38, 18))             as vwap_24hr,
    cast(explorer as varchar)                      as explorer
from {{ source('lake', 'asset_snapshots') }}
