-- Headline indicators by period and region, long format: levels, year-on-year changes (%;
-- percentage points for shares) and, for intensities, the cumulative change since the
-- five-year plan's base year. Intensity changes are at constant prices:
-- yoy = (E_t / E_t-1) / (real growth index_t / 100) - 1.
-- Published as fct_indicators; read by the barometer's grading (int_evaluation__progress_graded).
-- `value` is the published column name (a keyword to sqlfluff).
-- noqa: disable=RF04

with

wide as (
    select * from {{ ref('int_indicators__region_wide') }}
),

values_long as (
    select
        period,
        region_code,
        indicator_code,
        value,
        price_base_year
    from wide
    unpivot (
        value for indicator_code in (
            energy_total_tce,
            coal_tce,
            oil_tce,
            gas_tce,
            non_fossil_share,
            co2_total_t,
            co2_total_incl_net_imports_t
        )
    )
),

levels as (
    select
        period,
        region_code,
        indicator_code,
        value,
        cast(null as integer) as price_base_year
    from values_long
    union all
    select
        period,
        region_code,
        'energy_intensity' as indicator_code,
        energy_intensity as value,
        price_base_year
    from wide
    union all
    select
        period,
        region_code,
        'co2_intensity' as indicator_code,
        co2_intensity as value,
        price_base_year
    from wide
),

-- One column per change, turned into rows as the levels are; a change that cannot be computed
-- (null) makes no row, as the final filter would drop it anyway.
change_columns as (
    select
        period,
        region_code,
        100.0 * (energy_total_tce / prev_energy_total_tce - 1) as energy_total_tce_yoy,
        100.0 * (coal_tce / prev_coal_tce - 1) as coal_tce_yoy,
        100.0 * (oil_tce / prev_oil_tce - 1) as oil_tce_yoy,
        100.0 * (gas_tce / prev_gas_tce - 1) as gas_tce_yoy,
        100.0 * (co2_total_t / prev_co2_total_t - 1) as co2_total_t_yoy,
        non_fossil_share - prev_non_fossil_share as non_fossil_share_yoy,
        100.0 * (
            (energy_total_tce / prev_energy_total_tce) / (real_growth_index / 100.0) - 1
        ) as energy_intensity_yoy,
        100.0 * ((co2_total_t / prev_co2_total_t) / (real_growth_index / 100.0) - 1)
            as co2_intensity_yoy,
        100.0 * (energy_intensity / base_energy_intensity - 1)
            as energy_intensity_change_since_base,
        100.0 * (co2_intensity / base_co2_intensity - 1) as co2_intensity_change_since_base
    from wide
),

changes as (
    select
        period,
        region_code,
        indicator_code,
        value
    from change_columns
    unpivot (
        value for indicator_code in (
            energy_total_tce_yoy,
            coal_tce_yoy,
            oil_tce_yoy,
            gas_tce_yoy,
            co2_total_t_yoy,
            non_fossil_share_yoy,
            energy_intensity_yoy,
            co2_intensity_yoy,
            energy_intensity_change_since_base,
            co2_intensity_change_since_base
        )
    )
),

-- The changes have no price base year (null).
combined as (
    select * from levels
    union all by name
    select * from changes
)

select
    combined.period,
    combined.region_code,
    combined.indicator_code,
    combined.value,
    indicators.unit_code as unit,
    combined.price_base_year,
    '{{ var("factor_vintage") }}' as factor_vintage
from combined
inner join {{ ref('ref_indicators') }} as indicators
    on combined.indicator_code = indicators.indicator_code
where combined.value is not null
