-- Generated from contracts/key_energy_units.yaml (dualcarbon.contracts.codegen).
-- Key energy-using units - energy use and output
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('key_energy_units') }}
),

rows as (
    select * from {{ source('raw', 'key_energy_units') }}
)

select
    submissions.period,
    rows.unit_id,
    rows.unit_name,
    rows.region_code,
    rows.sector_code,
    rows.energy_tce,
    rows.output_value,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
