-- Carbon market by period x region x sector: covered enterprises, verified emissions,
-- allowances allocated and surrendered, and compliance. An enterprise complied when it
-- surrendered at least its verified emissions. The province row sums all cities.

with

both_levels as (
    {{ with_province_rows(ref('stg_ecology_environment__carbon_market'), [
        'period', 'sector_code', 'verified_emissions', 'allowances_allocated',
        'allowances_surrendered'
    ]) }}
)

select
    period,
    region_code,
    sector_code,
    count(*) as enterprise_count,
    sum(verified_emissions) as verified_emissions_t,
    sum(allowances_allocated) as allowances_allocated_t,
    sum(allowances_surrendered) as allowances_surrendered_t,
    sum(allowances_allocated) - sum(verified_emissions) as allocation_surplus_t,
    count(*) filter (where allowances_surrendered >= verified_emissions) as complied_count,
    100.0 * count(*) filter (where allowances_surrendered >= verified_emissions) / count(*)
        as compliance_rate_pct,
    100.0 * sum(least(allowances_surrendered, verified_emissions))
    / nullif(sum(verified_emissions), 0) as surrendered_share_pct
from both_levels
group by period, region_code, sector_code
