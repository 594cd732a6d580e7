-- Generated from contracts/electricity_generation.yaml (dualcarbon.contracts.codegen).
-- Electricity generation by region and source
{{ stage_submission('electricity_generation', [
    'region_code', 'source_code', 'generation', 'unit',
], renamed={'unit': 'unit_code'}) }}
