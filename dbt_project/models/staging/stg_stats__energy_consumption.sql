-- Generated from contracts/energy_consumption.yaml (dualcarbon.contracts.codegen).
-- Energy consumption by region, sector and fuel
{{ stage_submission('energy_consumption', [
    'region_code', 'sector_code', 'fuel_code', 'use_type', 'quantity', 'unit',
], renamed={'unit': 'unit_code'}) }}
