-- GDP at constant prices of the five-year plan's base year, for intensity indicators.
-- A period t belongs to the plan whose base year is b = 2015 for 2016-2020, 2020 for
-- 2021-2025 (b = t - 1 - (t - 1) mod 5). Real GDP_t = GDP_b (current prices of b)
-- x product of the real growth indices of b+1 .. t. Where the chain back to b is
-- incomplete (e.g. 2015, whose base 2010 predates the data), GDP is at the period's own
-- prices and price_base_year says so.

with

gdp as (
    select
        period,
        cast(period as integer) as year,  -- noqa: RF04
        region_code,
        gdp_current,
        real_growth_index
    from {{ ref('stg_stats__gdp_population') }}
),

periods as (
    select
        *,
        year - 1 - ((year - 1) % 5) as plan_base_year
    from gdp
),

chained as (
    select
        periods.period,
        periods.region_code,
        periods.plan_base_year,
        exp(sum(ln(growth.real_growth_index / 100.0))) as growth_factor,
        count(*) as chain_years
    from periods
    inner join gdp as growth
        on
            periods.region_code = growth.region_code
            and growth.year between periods.plan_base_year + 1 and periods.year
    group by periods.period, periods.region_code, periods.plan_base_year
),

complete as (
    select
        chained.period,
        chained.region_code,
        chained.plan_base_year,
        base.gdp_current * chained.growth_factor as gdp_real
    from chained
    inner join periods as current_period
        on
            chained.period = current_period.period
            and chained.region_code = current_period.region_code
    inner join gdp as base
        on
            chained.region_code = base.region_code
            and chained.plan_base_year = base.year
    where chained.chain_years = current_period.year - chained.plan_base_year
)

select  -- noqa: ST06
    periods.period,
    periods.region_code,
    periods.gdp_current,
    periods.real_growth_index,
    coalesce(complete.gdp_real, periods.gdp_current) as gdp_real,
    case when complete.gdp_real is null then periods.year else periods.plan_base_year end
        as price_base_year,
    periods.plan_base_year
from periods
left join complete
    on periods.period = complete.period and periods.region_code = complete.region_code
