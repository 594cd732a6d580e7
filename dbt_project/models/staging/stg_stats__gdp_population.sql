-- Generated from contracts/gdp_population.yaml (dualcarbon.contracts.codegen).
-- GDP and population by region
-- The rows of the latest accepted submission for each period.

with

submissions as (
    {{ latest_accepted_submissions('gdp_population') }}
),

rows as (
    select * from {{ source('raw', 'gdp_population') }}
)

select
    submissions.period,
    rows.region_code,
    rows.gdp_current,
    rows.real_growth_index,
    rows.population,
    rows.submission_id,
    submissions.submission_version,
    rows.source_row
from rows
inner join submissions on rows.submission_id = submissions.submission_id
