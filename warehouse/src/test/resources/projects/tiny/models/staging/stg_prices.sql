{# the lake as typed rows #}
{{ config(materialized='view') }}
select asset_id, cast(price as decimal(18, 6)) as price, observed_at, date
from {{ source('lake', 'prices') }}
