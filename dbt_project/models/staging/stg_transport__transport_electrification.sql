-- Generated from contracts/transport_electrification.yaml (dualcarbon.contracts.codegen).
-- Bus electrification and charging points by region
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('transport_electrification') }}
),

rows as (
    select * from {{ source('raw', 'transport_electrification') }}
)

select
    submissions.period,
    rows.region_code,
    rows.buses,
    rows.new_energy_buses,
    rows.charging_points,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
