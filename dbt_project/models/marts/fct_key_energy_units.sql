-- Key energy-using units by period and region: how many, their energy use and output, and
-- their share of the region's total energy consumption (fct_indicators energy_total_tce).
-- The province row sums the units of all cities (units are registered under their city).

with

units as (
    {{ with_province_rows(ref('stg_industry_it__key_energy_units'),
        ['period', 'energy_tce', 'output_value']) }}
),

by_region as (
    select
        period,
        region_code,
        count(*) as unit_count,
        sum(energy_tce) as key_units_energy_tce,
        sum(output_value) as output_value_10k_yuan
    from units
    group by period, region_code
),

totals as (
    select
        period,
        region_code,
        value as energy_total_tce
    from {{ ref('fct_indicators') }}
    where indicator_code = 'energy_total_tce'
)

select  -- noqa: ST06
    by_region.period,
    by_region.region_code,
    by_region.unit_count,
    by_region.key_units_energy_tce,
    totals.energy_total_tce,
    100.0 * by_region.key_units_energy_tce / nullif(totals.energy_total_tce, 0)
        as key_units_share_pct,
    by_region.output_value_10k_yuan,
    by_region.key_units_energy_tce / nullif(by_region.output_value_10k_yuan, 0)
        as energy_per_output_tce_per_10k_yuan
from by_region
left join totals
    on by_region.period = totals.period and by_region.region_code = totals.region_code
