-- Generated from contracts/building_stock.yaml (dualcarbon.contracts.codegen).
-- Building floor area and green buildings by region and type
{{ stage_submission('building_stock', [
    'region_code', 'building_type_code', 'floor_area', 'green_area', 'ultra_low_energy_area',
    'near_zero_energy_area', 'renewable_integrated_area',
]) }}
