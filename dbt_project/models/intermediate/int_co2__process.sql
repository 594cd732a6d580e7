-- Industrial process CO2 (e.g. calcination in cement clinker production): output x factor,
-- attributed to the non-metal mineral products sector (S27), as CEADs does.

with

activity as (
    select * from {{ ref('stg_stats__process_activity') }}
),

factors as (
    select
        product_code,
        t_co2_per_t,
        vintage
    from (
        {{ factors_as_of('factor_process', ['product_code']) }}
    ) as factors_in_force
)

select  -- noqa: ST06
    activity.period,
    activity.region_code,
    'S27' as sector_code,
    cast(null as varchar) as fuel_code,
    activity.product_code,
    'process' as scope,
    activity.quantity as activity,
    activity.unit_code as activity_unit,
    factors.t_co2_per_t as emission_factor,
    't_co2_per_t' as emission_factor_unit,
    activity.quantity * factors.t_co2_per_t as tco2,
    'factor_process' as factor_source,
    factors.vintage as factor_vintage,
    activity.submission_id
from activity
left join factors on activity.product_code = factors.product_code
