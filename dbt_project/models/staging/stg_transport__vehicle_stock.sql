-- Generated from contracts/vehicle_stock.yaml (dualcarbon.contracts.codegen).
-- Vehicle stock by region and power type
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('vehicle_stock') }}
),

rows as (
    select * from {{ source('raw', 'vehicle_stock') }}
)

select
    submissions.period,
    rows.region_code,
    rows.power_type_code,
    rows.vehicles,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
