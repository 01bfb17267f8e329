{{ config(materialized='table') }}
select * from (values
    (10, 1, 'x'),
    (10, 3, 'y'),
    (11, null, 'z'),
    (12, 2, 'bad'),
    (13, 4, 'worse')
) as t(child_id, parent_id, status)
