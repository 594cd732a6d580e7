-- The DRC targets in force in each period for the barometer's three indicators, one row per
-- period x region x indicator: the five-year target (with its plan's base and target year)
-- and the annual target, side by side, from the period's latest accepted targets submission.

with

targets as (
    select * from {{ ref('stg_drc__targets') }}
),

barometer as (
    select * from {{ ref('ref_barometer_indicators') }}
)

select
    targets.period,
    targets.region_code,
    barometer.indicator_code,
    barometer.target_indicator_code,
    barometer.rule_code,
    max(targets.target_value) filter (where targets.target_kind = 'five_year')
        as five_year_target,
    max(targets.base_year) filter (where targets.target_kind = 'five_year') as plan_base_year,
    max(targets.target_year) filter (where targets.target_kind = 'five_year')
        as plan_target_year,
    max(targets.unit_code) filter (where targets.target_kind = 'five_year') as target_unit,
    max(targets.target_value) filter (where targets.target_kind = 'annual') as annual_target
from targets
inner join barometer on targets.indicator_code = barometer.target_indicator_code
group by
    targets.period,
    targets.region_code,
    barometer.indicator_code,
    barometer.target_indicator_code,
    barometer.rule_code
