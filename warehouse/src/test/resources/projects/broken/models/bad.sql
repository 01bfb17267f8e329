{{ config(materialized='table') }}
select *
from {{ ref('good') }}
join missing_table using (x)
