-- Generated from contracts/building_stock.yaml (dualcarbon.contracts.codegen).
-- Building floor area and green buildings by region and type
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('building_stock') }}
),

rows as (
    select * from {{ source('raw', 'building_stock') }}
)

select
    submissions.period,
    rows.region_code,
    rows.building_type_code,
    rows.floor_area,
    rows.green_area,
    rows.ultra_low_energy_area,
    rows.near_zero_energy_area,
    rows.renewable_integrated_area,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
