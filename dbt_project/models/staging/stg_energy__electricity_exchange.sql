-- Generated from contracts/electricity_exchange.yaml (dualcarbon.contracts.codegen).
-- Inter-provincial electricity imports and exports
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('electricity_exchange') }}
),

rows as (
    select * from {{ source('raw', 'electricity_exchange') }}
)

select
    submissions.period,
    rows.region_code,
    rows.direction,
    rows.counterpart_code,
    rows.quantity,
    rows.unit as unit_code,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
