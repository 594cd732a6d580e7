-- The barometer (能耗双控晴雨表) with every figure behind each grade: one row per period x
-- region x indicator, labelled in Chinese and English, with the grade's reason spelled out.
-- `value` is the published column name (a keyword to sqlfluff).
-- noqa: disable=RF04

with

progress as (
    select * from {{ ref('int_evaluation__progress_graded') }}
),

explained as (
    select
        progress.*,
        case
            when progress.grade = 'not_assessed'
                then '缺少目标、基期或上年数据，无法评估'
            when progress.rule_code = 'intensity_decline' and progress.grade = 'red'
                then printf(
                    '比上年变化 %+.2f%%，未下降（不降反升）；较%d年累计下降 %.2f%%，进度要求 %.2f%%',
                    progress.yoy_change_pct, progress.plan_base_year,
                    progress.actual_progress, progress.required_progress
                )
            when progress.rule_code = 'intensity_decline' and progress.grade = 'yellow'
                then printf(
                    '比上年下降 %.2f%%，但较%d年累计下降 %.2f%%，低于进度要求 %.2f%%',
                    -progress.yoy_change_pct, progress.plan_base_year,
                    progress.actual_progress, progress.required_progress
                )
            when progress.rule_code = 'intensity_decline'
                then printf(
                    '比上年下降 %.2f%%，较%d年累计下降 %.2f%%，达到进度要求 %.2f%%',
                    -progress.yoy_change_pct, progress.plan_base_year,
                    progress.actual_progress, progress.required_progress
                )
            when progress.grade = 'red'
                then printf(
                    '较%d年累计增长 %.2f%%，超过五年控制目标允许的增长 %.2f%%',
                    progress.plan_base_year, progress.actual_progress, progress.cap_growth_pct
                )
            when progress.grade = 'yellow'
                then printf(
                    '较%d年累计增长 %.2f%%，高于进度允许的增长 %.2f%%（五年控制目标允许 %.2f%%）',
                    progress.plan_base_year, progress.actual_progress,
                    progress.required_progress, progress.cap_growth_pct
                )
            else printf(
                '较%d年累计增长 %.2f%%，未超过进度允许的增长 %.2f%%（五年控制目标允许 %.2f%%）',
                progress.plan_base_year, progress.actual_progress,
                progress.required_progress, progress.cap_growth_pct
            )
        end as reason_zh,
        case
            when progress.grade = 'not_assessed'
                then 'No target, base-year or previous-year figure: not assessed'
            when progress.rule_code = 'intensity_decline' and progress.grade = 'red'
                then printf(
                    'Change on the previous year %+.2f%%, no decline; cumulative decline since %d '
                    || '%.2f%% against %.2f%% required',
                    progress.yoy_change_pct, progress.plan_base_year,
                    progress.actual_progress, progress.required_progress
                )
            when progress.rule_code = 'intensity_decline' and progress.grade = 'yellow'
                then printf(
                    'Fell %.2f%% on the previous year, but the cumulative decline since %d, '
                    || '%.2f%%, is below the %.2f%% required',
                    -progress.yoy_change_pct, progress.plan_base_year,
                    progress.actual_progress, progress.required_progress
                )
            when progress.rule_code = 'intensity_decline'
                then printf(
                    'Fell %.2f%% on the previous year; cumulative decline since %d %.2f%%, '
                    || 'meeting the %.2f%% required',
                    -progress.yoy_change_pct, progress.plan_base_year,
                    progress.actual_progress, progress.required_progress
                )
            when progress.grade = 'red'
                then printf(
                    'Grew %.2f%% since %d, beyond the %.2f%% the five-year cap allows',
                    progress.actual_progress, progress.plan_base_year, progress.cap_growth_pct
                )
            when progress.grade = 'yellow'
                then printf(
                    'Grew %.2f%% since %d, above the %.2f%% allowed to date '
                    || '(the five-year cap allows %.2f%%)',
                    progress.actual_progress, progress.plan_base_year,
                    progress.required_progress, progress.cap_growth_pct
                )
            else printf(
                'Grew %.2f%% since %d, within the %.2f%% allowed to date '
                || '(the five-year cap allows %.2f%%)',
                progress.actual_progress, progress.plan_base_year,
                progress.required_progress, progress.cap_growth_pct
            )
        end as reason_en
    from progress
)

select
    explained.period,
    explained.region_code,
    regions.name_zh as region_name_zh,
    regions.name_en as region_name_en,
    regions.level as region_level,
    explained.indicator_code,
    barometer.name_zh as indicator_name_zh,
    barometer.name_en as indicator_name_en,
    barometer.sort_order as indicator_order,
    explained.rule_code,
    explained.value,
    indicators.unit_code as value_unit,
    explained.previous_value,
    explained.yoy_change_pct,
    explained.plan_base_year,
    explained.plan_target_year,
    explained.elapsed_years,
    explained.base_value,
    explained.five_year_target,
    explained.target_unit,
    explained.annual_target,
    explained.annual_target_met,
    explained.required_progress,
    explained.actual_progress,
    explained.cap_growth_pct,
    explained.progress_gap,
    explained.grade,
    grades.name_zh as grade_name_zh,
    grades.name_en as grade_name_en,
    grades.severity_rank as grade_severity,
    grades.colour_hex as grade_colour,
    coalesce(explained.reason_zh, '缺少数据，无法说明') as reason_zh,
    coalesce(explained.reason_en, 'A figure is missing') as reason_en
from explained
inner join {{ ref('ref_grades') }} as grades on explained.grade = grades.grade_code
inner join {{ ref('ref_barometer_indicators') }} as barometer
    on explained.indicator_code = barometer.indicator_code
inner join {{ ref('ref_indicators') }} as indicators
    on explained.indicator_code = indicators.indicator_code
left join {{ ref('ref_regions') }} as regions on explained.region_code = regions.region_code
