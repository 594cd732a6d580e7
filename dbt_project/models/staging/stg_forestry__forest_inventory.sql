-- Generated from contracts/forest_inventory.yaml (dualcarbon.contracts.codegen).
-- Forest resources by region and forest type
{{ stage_submission('forest_inventory', [
    'region_code', 'forest_type_code', 'forest_area', 'stock_volume',
]) }}
