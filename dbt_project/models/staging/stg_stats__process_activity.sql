-- Generated from contracts/process_activity.yaml (dualcarbon.contracts.codegen).
-- Output of process-emitting products by region
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('process_activity') }}
),

rows as (
    select * from {{ source('raw', 'process_activity') }}
)

select
    submissions.period,
    rows.region_code,
    rows.product_code,
    rows.quantity,
    rows.unit as unit_code,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
