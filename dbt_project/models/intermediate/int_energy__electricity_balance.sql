-- Electricity by region and period: generation by fossil and non-fossil sources, end-use
-- consumption, and net inflow. For the province the net inflow is the submitted
-- inter-provincial exchange (imports - exports); for a city, which has no exchange
-- statistics, it is consumption minus local generation. The province's own
-- consumption-minus-generation is kept beside its exchange figure as a balance check.

with

generation as (
    select
        generation.period,
        generation.region_code,
        sum(case when sources.is_fossil then generation.generation else 0 end)
            as fossil_generation_10k_kwh,
        sum(case when not sources.is_fossil then generation.generation else 0 end)
            as non_fossil_generation_10k_kwh,
        sum(generation.generation) as generation_10k_kwh
    from {{ ref('stg_energy__electricity_generation') }} as generation
    inner join {{ ref('ref_power_sources') }} as sources
        on generation.source_code = sources.source_code
    group by generation.period, generation.region_code
),

consumption as (
    select
        period,
        region_code,
        sum(quantity) as consumption_10k_kwh
    from {{ ref('stg_stats__energy_consumption') }}
    where fuel_code = 'electricity'
    group by period, region_code
),

exchange as (
    select
        period,
        region_code,
        sum(case when direction = 'import' then quantity else 0 end) as imports_10k_kwh,
        sum(case when direction = 'export' then quantity else 0 end) as exports_10k_kwh
    from {{ ref('stg_energy__electricity_exchange') }}
    group by period, region_code
),

regions as (
    select
        period,
        region_code
    from generation
    union
    select
        period,
        region_code
    from consumption
)

select  -- noqa: ST06
    regions.period,
    regions.region_code,
    coalesce(generation.fossil_generation_10k_kwh, 0) as fossil_generation_10k_kwh,
    coalesce(generation.non_fossil_generation_10k_kwh, 0) as non_fossil_generation_10k_kwh,
    coalesce(generation.generation_10k_kwh, 0) as generation_10k_kwh,
    coalesce(consumption.consumption_10k_kwh, 0) as consumption_10k_kwh,
    exchange.imports_10k_kwh,
    exchange.exports_10k_kwh,
    coalesce(
        exchange.imports_10k_kwh - exchange.exports_10k_kwh,
        coalesce(consumption.consumption_10k_kwh, 0) - coalesce(generation.generation_10k_kwh, 0)
    ) as net_inflow_10k_kwh,
    case
        when exchange.imports_10k_kwh is not null then 'submitted_exchange'
        else 'consumption_minus_generation'
    end as net_inflow_method,
    coalesce(consumption.consumption_10k_kwh, 0) - coalesce(generation.generation_10k_kwh, 0)
        as consumption_minus_generation_10k_kwh
from regions
left join generation
    on regions.period = generation.period and regions.region_code = generation.region_code
left join consumption
    on regions.period = consumption.period and regions.region_code = consumption.region_code
left join exchange
    on regions.period = exchange.period and regions.region_code = exchange.region_code
