-- The forest sink's working: every parameter and intermediate figure of the stock-difference
-- method by period x region x forest type, so each tonne in fct_carbon_sinks can be traced.

with

stock as (
    select
        *,
        cast(period as integer) as year  -- noqa: RF04
    from {{ ref('int_sinks__forest_carbon_stock') }}
)

select
    current_year.period,
    current_year.region_code,
    current_year.forest_type_code,
    forest_types.name_zh as forest_type_name_zh,
    forest_types.name_en as forest_type_name_en,
    current_year.forest_area,
    current_year.stock_volume_m3,
    current_year.wood_density_t_per_m3,
    current_year.bef,
    current_year.root_shoot_ratio,
    current_year.carbon_fraction,
    current_year.factor_vintage,
    current_year.biomass_t_dm,
    current_year.carbon_stock_tc,
    previous_year.carbon_stock_tc as previous_carbon_stock_tc,
    (current_year.carbon_stock_tc - previous_year.carbon_stock_tc) * 44.0 / 12.0
        as tco2_removed
from stock as current_year
left join stock as previous_year
    on
        current_year.region_code = previous_year.region_code
        and current_year.forest_type_code = previous_year.forest_type_code
        and previous_year.year = current_year.year - 1
inner join {{ ref('ref_forest_types') }} as forest_types
    on current_year.forest_type_code = forest_types.forest_type_code
