-- Monthly energy consumption of key energy-using units
-- The rows of the latest accepted submission for each period. Tens of millions of rows:
-- a view, filtered by period where the incremental marts read it.

with

submissions as (
    {{ latest_accepted_submissions('enterprise_energy_monthly') }}
),

rows as (
    select * from {{ source('raw', 'enterprise_energy_monthly') }}
)

select
    submissions.period,
    rows.month,
    rows.unit_id,
    rows.region_code,
    rows.sector_code,
    rows.fuel_code,
    rows.quantity,
    rows.unit as unit_code,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
