-- CO2 removed by each kind of sink, by period x region (positive = removal).
-- Forest, stock-difference method (IPCC 2006 Vol 4 Ch 2, forest land remaining forest land;
-- dead organic matter and soil at Tier 1 = 0): the change of the region's biomass carbon
-- between consecutive year-end inventories, dC = C_t - C_t-1 (t C), x 44/12. Summed over
-- forest types first, so a stand moved from one type to another is not counted as a loss
-- and a gain. A region needs the inventories of both years.
-- Coastal wetland (optional, outside the headline): area x soil carbon accumulation rate
-- x 44/12.

with

forest_stock as (
    select
        period,
        cast(period as integer) as year,  -- noqa: RF04
        region_code,
        sum(carbon_stock_tc) as carbon_stock_tc
    from {{ ref('int_sinks__forest_carbon_stock') }}
    group by period, region_code
),

forest as (
    select
        current_year.period,
        current_year.region_code,
        'forest' as sink_type,
        current_year.carbon_stock_tc - previous_year.carbon_stock_tc as carbon_change_tc,
        (current_year.carbon_stock_tc - previous_year.carbon_stock_tc) * 44.0 / 12.0
            as tco2_removed
    from forest_stock as current_year
    inner join forest_stock as previous_year
        on
            current_year.region_code = previous_year.region_code
            and previous_year.year = current_year.year - 1
),

wetland_factors as (
    select * from (
        {{ factors_as_of('factor_wetland_sink', ['wetland_type_code']) }}
    ) as factors_in_force
),

wetland as (
    select
        wetlands.period,
        wetlands.region_code,
        'coastal_wetland' as sink_type,
        sum(wetlands.wetland_area * wetland_factors.t_c_per_ha_yr) as carbon_change_tc,
        sum(wetlands.wetland_area * wetland_factors.t_c_per_ha_yr) * 44.0 / 12.0
            as tco2_removed
    from {{ ref('stg_forestry__wetland_inventory') }} as wetlands
    inner join wetland_factors
        on wetlands.wetland_type_code = wetland_factors.wetland_type_code
    group by wetlands.period, wetlands.region_code
)

select * from forest
union all
select * from wetland
