{{ config(materialized='table') }}
select asset_id, min(observed_at) as first_seen_at
from {{ ref('stg_prices') }}
group by asset_id
