-- Public data contract: each region's progress against its DRC targets and the barometer
-- grade, per period and indicator (rules in docs/methods.md, "Evaluation and early warning").
-- `value` is the published column name (a keyword to sqlfluff).
-- noqa: disable=RF04

select
    period,
    region_code,
    indicator_code,
    value,
    five_year_target as target,
    required_progress,
    actual_progress,
    grade
from {{ ref('int_evaluation__progress_graded') }}
