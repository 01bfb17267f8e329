{# One row per currency and poll (currency_id, observed_at). #}
{{ config(materialized='view') }}
select
    cast(id as varchar)                  as currency_id,
    cast(observed_at as timestamptz)     as observed_at,
    cast(date as date)                   as date,
    cast(symbol as varchar)              as symbol,
    cast(currency_symbol as varchar)     as currency_symbol,
    cast(type as varchar)                as currency_type,
    cast(rate_usd as decimal(38, 18))    as rate_usd
from {{ source('lake', 'rate_snapshots') }}
