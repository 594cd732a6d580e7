-- Transport by period x region: freight turnover and the share carried by rail and water,
-- the vehicle stock and its new-energy share, bus electrification and charging points.
-- From the transport department's freight_turnover, vehicle_stock and
-- transport_electrification submissions (mode and power-type flags in the code lists).

with

freight as (
    select
        turnover.period,
        turnover.region_code,
        sum(turnover.turnover) as freight_turnover,
        sum(turnover.turnover) filter (where modes.is_low_carbon) as rail_water_turnover
    from {{ ref('stg_transport__freight_turnover') }} as turnover
    inner join {{ ref('ref_transport_modes') }} as modes
        on turnover.mode_code = modes.mode_code
    group by turnover.period, turnover.region_code
),

vehicles as (
    select
        stock.period,
        stock.region_code,
        cast(sum(stock.vehicles) as bigint) as vehicles,
        cast(sum(stock.vehicles) filter (where power_types.is_new_energy) as bigint)
            as new_energy_vehicles
    from {{ ref('stg_transport__vehicle_stock') }} as stock
    inner join {{ ref('ref_power_types') }} as power_types
        on stock.power_type_code = power_types.power_type_code
    group by stock.period, stock.region_code
),

electrification as (
    select * from {{ ref('stg_transport__transport_electrification') }}
),

regions as (
    select
        period,
        region_code
    from freight
    union
    select
        period,
        region_code
    from vehicles
    union
    select
        period,
        region_code
    from electrification
)

select  -- noqa: ST06
    regions.period,
    regions.region_code,
    freight.freight_turnover,
    freight.rail_water_turnover,
    100.0 * freight.rail_water_turnover / nullif(freight.freight_turnover, 0)
        as rail_water_share_pct,
    vehicles.vehicles,
    vehicles.new_energy_vehicles,
    100.0 * vehicles.new_energy_vehicles / nullif(vehicles.vehicles, 0) as new_energy_share_pct,
    electrification.buses,
    electrification.new_energy_buses,
    100.0 * electrification.new_energy_buses / nullif(electrification.buses, 0)
        as bus_electrification_pct,
    electrification.charging_points,
    vehicles.new_energy_vehicles / nullif(electrification.charging_points, 0)
        as new_energy_vehicles_per_charging_point
from regions
left join freight
    on regions.period = freight.period and regions.region_code = freight.region_code
left join vehicles
    on regions.period = vehicles.period and regions.region_code = vehicles.region_code
left join electrification
    on
        regions.period = electrification.period
        and regions.region_code = electrification.region_code
