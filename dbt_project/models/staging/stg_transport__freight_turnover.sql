-- Generated from contracts/freight_turnover.yaml (dualcarbon.contracts.codegen).
-- Freight turnover by region and transport mode
{{ stage_submission('freight_turnover', [
    'region_code', 'mode_code', 'turnover',
]) }}
