-- Generated from contracts/targets.yaml (dualcarbon.contracts.codegen).
-- Targets by region and indicator
{{ stage_submission('targets', [
    'region_code', 'indicator_code', 'target_kind', 'base_year', 'target_year', 'target_value',
    'unit',
], renamed={'unit': 'unit_code'}) }}
