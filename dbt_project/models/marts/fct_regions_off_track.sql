-- The regions off track: every barometer grade that is red or yellow, with the figures
-- behind it and the reason, worst first.
-- `value` is the published column name (a keyword to sqlfluff).
-- noqa: disable=RF04

select
    period,
    region_code,
    region_name_zh,
    region_name_en,
    indicator_code,
    indicator_name_zh,
    indicator_name_en,
    grade,
    grade_name_zh,
    grade_name_en,
    value,
    value_unit,
    yoy_change_pct,
    five_year_target,
    target_unit,
    required_progress,
    actual_progress,
    cap_growth_pct,
    progress_gap,
    reason_zh,
    reason_en
from {{ ref('fct_barometer') }}
where grade in ('red', 'yellow')
