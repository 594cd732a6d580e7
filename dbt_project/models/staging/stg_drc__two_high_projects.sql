-- Generated from contracts/two_high_projects.yaml (dualcarbon.contracts.codegen).
-- Register of energy- and emission-intensive ("two-high") projects
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('two_high_projects') }}
),

rows as (
    select * from {{ source('raw', 'two_high_projects') }}
)

select
    submissions.period,
    rows.project_id,
    rows.project_name,
    rows.region_code,
    rows.sector_code,
    rows.project_status,
    rows.designed_energy_tce,
    rows.approval_state,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
