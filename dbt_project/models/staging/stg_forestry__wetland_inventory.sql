-- Generated from contracts/wetland_inventory.yaml (dualcarbon.contracts.codegen).
-- Coastal wetland area by region and type
{{ stage_submission('wetland_inventory', [
    'region_code', 'wetland_type_code', 'wetland_area',
]) }}
