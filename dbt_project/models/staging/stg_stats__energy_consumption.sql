-- Generated from contracts/energy_consumption.yaml (dualcarbon.contracts.codegen).
-- Energy consumption by region, sector and fuel
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('energy_consumption') }}
),

rows as (
    select * from {{ source('raw', 'energy_consumption') }}
)

select
    submissions.period,
    rows.region_code,
    rows.sector_code,
    rows.fuel_code,
    rows.use_type,
    rows.quantity,
    rows.unit as unit_code,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
