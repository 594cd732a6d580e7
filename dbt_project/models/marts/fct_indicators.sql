-- Headline indicators by period and region, long format: the public contract over
-- int_indicators__long, where they are computed (levels, year-on-year changes and the
-- cumulative change of the intensities since the plan's base year).
-- `value` is the published column name (a keyword to sqlfluff).
-- noqa: disable=RF04
select
    period,
    region_code,
    indicator_code,
    value,
    unit,
    price_base_year,
    factor_vintage
from {{ ref('int_indicators__long') }}
