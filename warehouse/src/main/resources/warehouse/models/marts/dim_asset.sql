{#
  SCD type 2 over the tracked attributes (name, symbol, explorer, max_supply), rebuilt from every partition.
  A version starts at the first snapshot whose tracked attributes differ (IS DISTINCT FROM, so NULL-safe) from the
  asset's previous snapshot; returning to an earlier value is a new version. A poll that misses the asset changes
  nothing. valid_to is the next version's valid_from (exclusive), NULL for the current version.
  asset_sk = asset_id || '@' || valid_from as UTC ISO-8601 with microseconds: deterministic across rebuilds.
#}
{{ config(materialized='table') }}
with snapshots as (
    select
        asset_id, observed_at, name, symbol, explorer, max_supply,
        lag(observed_at) over by_time as previous_observed_at,
        lag(name) over by_time        as previous_name,
        lag(symbol) over by_time      as previous_symbol,
        lag(explorer) over by_time    as previous_explorer,
        lag(max_supply) over by_time  as previous_max_supply
    from {{ ref('stg_asset_snapshots') }}
    window by_time as (partition by asset_id order by observed_at)
),
version_starts as (
    select asset_id, observed_at as valid_from, name, symbol, explorer, max_supply
    from snapshots
    where previous_observed_at is null
       or name is distinct from previous_name
       or symbol is distinct from previous_symbol
       or explorer is distinct from previous_explorer
       or max_supply is distinct from previous_max_supply
),
versions as (
    select
        *,
        lead(valid_from) over (partition by asset_id order by valid_from) as valid_to
    from version_starts
)
select
    asset_id || '@' || strftime(timezone('UTC', valid_from), '%Y-%m-%dT%H:%M:%S.%fZ') as asset_sk,
    asset_id,
    name,
    symbol,
    explorer,
    max_supply,
    valid_from,
    valid_to,
    valid_to is null as is_current
from versions
