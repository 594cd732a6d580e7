-- Generated from contracts/vehicle_stock.yaml (dualcarbon.contracts.codegen).
-- Vehicle stock by region and power type
{{ stage_submission('vehicle_stock', [
    'region_code', 'power_type_code', 'vehicles',
]) }}
