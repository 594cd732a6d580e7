-- Monthly energy consumption of key energy-using units
-- The rows of the latest accepted submission for each period. Tens of millions of rows:
-- a view, filtered by period where the incremental marts read it.
{{ stage_submission('enterprise_energy_monthly', [
    'month', 'unit_id', 'region_code', 'sector_code', 'fuel_code', 'quantity', 'unit',
], renamed={'unit': 'unit_code'}) }}
