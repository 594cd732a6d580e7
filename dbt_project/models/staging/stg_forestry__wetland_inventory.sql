-- Generated from contracts/wetland_inventory.yaml (dualcarbon.contracts.codegen).
-- Coastal wetland area by region and type
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('wetland_inventory') }}
),

rows as (
    select * from {{ source('raw', 'wetland_inventory') }}
)

select
    submissions.period,
    rows.region_code,
    rows.wetland_type_code,
    rows.wetland_area,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
