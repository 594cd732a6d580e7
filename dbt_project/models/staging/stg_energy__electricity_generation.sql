-- Generated from contracts/electricity_generation.yaml (dualcarbon.contracts.codegen).
-- Electricity generation by region and source
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('electricity_generation') }}
),

rows as (
    select * from {{ source('raw', 'electricity_generation') }}
)

select
    submissions.period,
    rows.region_code,
    rows.source_code,
    rows.generation,
    rows.unit as unit_code,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
