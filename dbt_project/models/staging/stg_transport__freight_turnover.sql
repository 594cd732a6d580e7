-- Generated from contracts/freight_turnover.yaml (dualcarbon.contracts.codegen).
-- Freight turnover by region and transport mode
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('freight_turnover') }}
),

rows as (
    select * from {{ source('raw', 'freight_turnover') }}
)

select
    submissions.period,
    rows.region_code,
    rows.mode_code,
    rows.turnover,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
