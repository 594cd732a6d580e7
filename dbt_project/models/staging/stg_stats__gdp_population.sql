-- Generated from contracts/gdp_population.yaml (dualcarbon.contracts.codegen).
-- GDP and population by region
{{ stage_submission('gdp_population', [
    'region_code', 'gdp_current', 'real_growth_index', 'population',
]) }}
