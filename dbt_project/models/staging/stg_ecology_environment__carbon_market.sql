-- Generated from contracts/carbon_market.yaml (dualcarbon.contracts.codegen).
-- Carbon-market compliance of covered enterprises
{{ stage_submission('carbon_market', [
    'enterprise_id', 'enterprise_name', 'region_code', 'sector_code', 'verified_emissions',
    'allowances_allocated', 'allowances_surrendered',
]) }}
