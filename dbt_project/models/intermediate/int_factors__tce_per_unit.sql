-- Tonnes of standard coal equivalent per physical unit, for each period and fuel.
-- Fuels with a GB/T 2589 coefficient use it (electricity at the calorific equivalent,
-- 1.229 tce/10^4 kWh). Primary electricity (hydro, nuclear, wind, solar) and, for the
-- coal-equivalent method, electricity are converted at the year's thermal power coal rate:
-- gce/kWh / 100 = tce per 10^4 kWh.

with

standard_coal as (
    select
        fuel_code,
        tce_per_unit,
        vintage
    from (
        {{ factors_as_of('factor_standard_coal', ['fuel_code']) }}
    ) as factors_in_force
),

coal_rate as (
    select  -- noqa: ST06
        cast(year as varchar) as period,
        gce_per_kwh / 100.0 as tce_per_10k_kwh,
        vintage
    from (
        {{ factors_as_of('factor_power_coal_rate', ['year']) }}
    ) as factors_in_force
),

fuels as (
    select
        fuel_code,
        fuel_group,
        unit_code
    from {{ ref('ref_fuels') }}
)

select
    coal_rate.period,
    fuels.fuel_code,
    fuels.unit_code,
    coalesce(standard_coal.tce_per_unit, coal_rate.tce_per_10k_kwh) as tce_per_unit,
    case
        when fuels.unit_code = '10k_kwh' then coal_rate.tce_per_10k_kwh
        else coalesce(standard_coal.tce_per_unit, coal_rate.tce_per_10k_kwh)
    end as tce_per_unit_coal_equivalent,
    case
        when standard_coal.tce_per_unit is not null then 'gb_t_2589'
        else 'power_coal_rate'
    end as tce_method,
    coal_rate.tce_per_10k_kwh as power_coal_rate_tce_per_10k_kwh,
    '{{ var("factor_vintage") }}' as factor_vintage
from fuels
cross join coal_rate
left join standard_coal on fuels.fuel_code = standard_coal.fuel_code
where standard_coal.tce_per_unit is not null or fuels.unit_code = '10k_kwh'
