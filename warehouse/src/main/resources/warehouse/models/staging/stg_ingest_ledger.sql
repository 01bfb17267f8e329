{# One row per poll (poll_id); failed and refused polls included. #}
{{ config(materialized='view') }}
select
    cast(poll_id as varchar)           as poll_id,
    cast(entity as varchar)            as entity,
    cast(observed_at as timestamptz)   as observed_at,
    cast(date as date)                 as date,
    cast(fetched_at as timestamptz)    as fetched_at,
    cast(source_url as varchar)        as source_url,
    cast(items_returned as integer)    as items_returned,
    cast(repeats as integer)           as repeats,
    cast(rejected as integer)          as rejected,
    cast(requests as integer)          as requests,
    cast(outcome as varchar)           as outcome,
    cast(reason as varchar)            as reason,
    cast(drift as varchar)             as drift,
    cast(interval_ms as bigint)        as interval_ms
from {{ source('lake', 'ingest_ledger') }}
