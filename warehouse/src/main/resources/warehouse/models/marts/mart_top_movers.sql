{#
  Up to 5 gainers (daily_return > 0, largest first) and 5 losers (daily_return < 0, most negative first) per day;
  ties broken by asset_id. Grain: (date, direction, rank). Days without returns (the first day) have no rows.
#}
{{ config(materialized='incremental', unique_key='date') }}
with daily as (
    select date, asset_id, symbol, daily_return
    from {{ ref('fct_asset_daily') }}
    where daily_return is not null
    {% if is_incremental() %}
      and date = (select partition_date from {{ source('batch', 'run_context') }})
    {% endif %}
),
ranked as (
    select date, 'gainer' as direction,
           row_number() over (partition by date order by daily_return desc, asset_id) as rank,
           asset_id, symbol, daily_return
    from daily
    where daily_return > 0
    union all
    select date, 'loser' as direction,
           row_number() over (partition by date order by daily_return asc, asset_id) as rank,
           asset_id, symbol, daily_return
    from daily
    where daily_return < 0
)
select date, direction, cast(rank as integer) as rank, asset_id, symbol, daily_return
from ranked
where rank <= 5
