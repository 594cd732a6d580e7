-- Generated from contracts/key_energy_units.yaml (dualcarbon.contracts.codegen).
-- Key energy-using units - energy use and output
{{ stage_submission('key_energy_units', [
    'unit_id', 'unit_name', 'region_code', 'sector_code', 'energy_tce', 'output_value',
]) }}
