-- Generated from contracts/carbon_market.yaml (dualcarbon.contracts.codegen).
-- Carbon-market compliance of covered enterprises
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('carbon_market') }}
),

rows as (
    select * from {{ source('raw', 'carbon_market') }}
)

select
    submissions.period,
    rows.enterprise_id,
    rows.enterprise_name,
    rows.region_code,
    rows.sector_code,
    rows.verified_emissions,
    rows.allowances_allocated,
    rows.allowances_surrendered,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
