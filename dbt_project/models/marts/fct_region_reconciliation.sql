-- Province against the sum of its cities, where both are submitted: the difference is a
-- visible reconciliation item, never silently forced to zero.
-- Levels that add up across regions only (totals, not ratios).

with

indicators as (
    select * from {{ ref('fct_indicators') }}
    where indicator_code in (
        'energy_total_tce', 'coal_tce', 'oil_tce', 'gas_tce', 'co2_total_t'
    )
),

regions as (
    select
        region_code,
        level
    from {{ ref('ref_regions') }}
),

by_level as (
    select
        indicators.period,
        indicators.indicator_code,
        indicators.unit,
        sum(case when regions.level = 'province' then indicators.value end) as province_value,
        sum(case when regions.level = 'prefecture' then indicators.value end) as cities_sum,
        count(case when regions.level = 'prefecture' then 1 end) as cities_reported
    from indicators
    inner join regions on indicators.region_code = regions.region_code
    group by indicators.period, indicators.indicator_code, indicators.unit
)

select
    period,
    indicator_code,
    unit,
    province_value,
    cities_sum,
    cities_reported,
    province_value - cities_sum as reconciliation_item,
    100.0 * (province_value - cities_sum) / nullif(province_value, 0) as reconciliation_pct
from by_level
where province_value is not null and cities_sum is not null
