-- Every submitted consumption row with its standard-coal equivalent.
-- tce uses the calorific equivalent for electricity (1.229 tce/10^4 kWh);
-- tce_coal_equivalent converts electricity at the year's thermal power coal rate.
-- counts_in_primary_total marks the rows that make up total (primary) energy consumption:
-- fossil fuels, combustion and feedstock alike, and the direct use of non-fossil energy.
-- End-use electricity and heat are secondary energy: they were made from fuels already
-- counted (or from primary or imported electricity, counted in int_energy__region_totals).

with

consumption as (
    select * from {{ ref('stg_stats__energy_consumption') }}
),

fuels as (
    select
        fuel_code,
        fuel_group,
        is_fossil
    from {{ ref('ref_fuels') }}
),

tce_factors as (
    select * from {{ ref('int_factors__tce_per_unit') }}
)

select  -- noqa: ST06
    consumption.period,
    consumption.region_code,
    consumption.sector_code,
    consumption.fuel_code,
    consumption.use_type,
    consumption.quantity,
    consumption.unit_code,
    fuels.fuel_group,
    fuels.is_fossil,
    tce_factors.tce_per_unit,
    consumption.quantity * tce_factors.tce_per_unit as tce,
    consumption.quantity * tce_factors.tce_per_unit_coal_equivalent as tce_coal_equivalent,
    tce_factors.tce_method,
    fuels.is_fossil or fuels.fuel_group = 'non_fossil' as counts_in_primary_total,
    tce_factors.factor_vintage,
    consumption.submission_id,
    consumption.submission_version,
    consumption.source_row
from consumption
inner join fuels on consumption.fuel_code = fuels.fuel_code
left join tce_factors
    on
        consumption.period = tce_factors.period
        and consumption.fuel_code = tce_factors.fuel_code
