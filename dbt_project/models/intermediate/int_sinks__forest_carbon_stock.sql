-- Biomass carbon stock of the forest, by period x region x forest type, from the forestry
-- bureau's growing stock (IPCC 2006 Vol 4 Ch 4, biomass from inventory volume):
--   C (t C) = V (m3) x D (t dm/m3) x BEF x (1 + R) x CF (t C/t dm),
-- with the parameters of factor_forest_biomass in force at the run's vintage.

with

inventory as (
    select * from {{ ref('stg_forestry__forest_inventory') }}
),

parameters as (
    select * from (
        {{ factors_as_of('factor_forest_biomass', ['forest_type_code']) }}
    ) as factors_in_force
)

select  -- noqa: ST06
    inventory.period,
    inventory.region_code,
    inventory.forest_type_code,
    inventory.forest_area,
    -- Submitted in 10^4 m3.
    inventory.stock_volume * 10000 as stock_volume_m3,
    parameters.wood_density_t_per_m3,
    parameters.bef,
    parameters.root_shoot_ratio,
    parameters.carbon_fraction,
    parameters.vintage as factor_vintage,
    inventory.stock_volume * 10000 * parameters.wood_density_t_per_m3 * parameters.bef
    * (1 + parameters.root_shoot_ratio) as biomass_t_dm,
    inventory.stock_volume * 10000 * parameters.wood_density_t_per_m3 * parameters.bef
    * (1 + parameters.root_shoot_ratio) * parameters.carbon_fraction as carbon_stock_tc
from inventory
inner join parameters on inventory.forest_type_code = parameters.forest_type_code
