-- Progress of each region against its targets, and the barometer grade (docs/methods.md,
-- "Evaluation and early warning"). One row per period x region x barometer indicator that
-- has targets in force.
--
-- Progress figures are percentages rounded to 0.01, the precision at which declines are
-- published, and grades compare the rounded figures: a region exactly on the requirement
-- at that precision meets it (green).
--   Intensities: required = 1 - (1 - target_5yr)^(elapsed / span), the time-proportional
--   cumulative decline; actual = cumulative decline since the plan's base year (constant
--   prices). Red if the intensity did not fall on the previous year (change >= 0), yellow if
--   actual < required, else green.
--   Total energy: allowed = (cap / E_base)^(elapsed / span) - 1, the time-proportional growth
--   path to the five-year cap; actual = growth since the base year. Red if actual exceeds the
--   growth to the cap itself, yellow if it exceeds the allowed growth, else green.
-- `value` is the published column name (a keyword to sqlfluff).
-- noqa: disable=RF04

with

targets as (
    select
        *,
        cast(period as integer) - plan_base_year as elapsed_years,
        plan_target_year - plan_base_year as plan_span_years
    from {{ ref('int_evaluation__targets_in_force') }}
),

indicators as (
    select
        period,
        region_code,
        indicator_code,
        value
    from {{ ref('int_indicators__long') }}
),

measured as (
    select
        targets.*,
        current_value.value,
        previous_value.value as previous_value,
        yoy.value as yoy_change_pct,
        case
            when targets.rule_code = 'intensity_decline'
                then current_value.value / (1 + since_base.value / 100.0)
            else base_value.value
        end as base_value,
        case
            when targets.rule_code = 'intensity_decline' then since_base.value
            else 100.0 * (current_value.value / base_value.value - 1)
        end as change_since_base_pct
    from targets
    left join indicators as current_value
        on
            targets.period = current_value.period
            and targets.region_code = current_value.region_code
            and targets.indicator_code = current_value.indicator_code
    left join indicators as previous_value
        on
            cast(targets.period as integer) - 1 = cast(previous_value.period as integer)
            and targets.region_code = previous_value.region_code
            and targets.indicator_code = previous_value.indicator_code
    left join indicators as yoy
        on
            targets.period = yoy.period
            and targets.region_code = yoy.region_code
            and targets.indicator_code || '_yoy' = yoy.indicator_code
    -- int_indicators__long measures intensities since b = t - 1 - (t - 1) mod 5: only a target
    -- with that base year is judged against it.
    left join indicators as since_base
        on
            targets.period = since_base.period
            and targets.region_code = since_base.region_code
            and targets.indicator_code || '_change_since_base' = since_base.indicator_code
            and targets.plan_base_year
            = cast(targets.period as integer) - 1 - ((cast(targets.period as integer) - 1) % 5)
    left join indicators as base_value
        on
            cast(targets.plan_base_year as varchar) = base_value.period
            and targets.region_code = base_value.region_code
            and targets.indicator_code = base_value.indicator_code
),

progress as (
    select
        *,
        elapsed_years between 1 and plan_span_years as within_plan,
        round(yoy_change_pct, 2) as yoy_change_rounded_pct,
        case
            when rule_code = 'intensity_decline'
                then round(
                    100.0 * (
                        1 - power(
                            1 - five_year_target / 100.0, elapsed_years / plan_span_years
                        )
                    ),
                    2
                )
            else round(
                100.0 * (
                    power(
                        five_year_target * 10000 / base_value, elapsed_years / plan_span_years
                    )
                    - 1
                ),
                2
            )
        end as required_progress,
        case
            when rule_code = 'intensity_decline' then round(-change_since_base_pct, 2)
            else round(change_since_base_pct, 2)
        end as actual_progress,
        case
            when rule_code = 'total_cap'
                then round(100.0 * (five_year_target * 10000 / base_value - 1), 2)
        end as cap_growth_pct
    from measured
),

graded as (
    select
        *,
        case
            when
                not coalesce(within_plan, false)
                or required_progress is null
                or actual_progress is null
                or (rule_code = 'intensity_decline' and yoy_change_rounded_pct is null)
                then 'not_assessed'
            when rule_code = 'intensity_decline' and yoy_change_rounded_pct >= 0 then 'red'
            when rule_code = 'intensity_decline' and actual_progress < required_progress
                then 'yellow'
            when rule_code = 'total_cap' and actual_progress > cap_growth_pct then 'red'
            when rule_code = 'total_cap' and actual_progress > required_progress then 'yellow'
            else 'green'
        end as grade
    from progress
)

select  -- noqa: ST06
    period,
    region_code,
    indicator_code,
    target_indicator_code,
    rule_code,
    value,
    previous_value,
    yoy_change_rounded_pct as yoy_change_pct,
    plan_base_year,
    plan_target_year,
    elapsed_years,
    base_value,
    five_year_target,
    target_unit,
    annual_target,
    required_progress,
    actual_progress,
    cap_growth_pct,
    -- Positive = ahead of the requirement, for both rules.
    case
        when rule_code = 'intensity_decline' then round(actual_progress - required_progress, 2)
        else round(required_progress - actual_progress, 2)
    end as progress_gap,
    case
        when rule_code = 'intensity_decline' then -yoy_change_rounded_pct >= annual_target
        else value <= annual_target * 10000
    end as annual_target_met,
    grade
from graded
