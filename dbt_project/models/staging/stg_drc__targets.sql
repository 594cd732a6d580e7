-- Generated from contracts/targets.yaml (dualcarbon.contracts.codegen).
-- Targets by region and indicator
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('targets') }}
),

rows as (
    select * from {{ source('raw', 'targets') }}
)

select
    submissions.period,
    rows.region_code,
    rows.indicator_code,
    rows.target_kind,
    rows.base_year,
    rows.target_year,
    rows.target_value,
    rows.unit as unit_code,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
