-- Generated from contracts/forest_inventory.yaml (dualcarbon.contracts.codegen).
-- Forest resources by region and forest type
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('forest_inventory') }}
),

rows as (
    select * from {{ source('raw', 'forest_inventory') }}
)

select
    submissions.period,
    rows.region_code,
    rows.forest_type_code,
    rows.forest_area,
    rows.stock_volume,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
