-- Generated from contracts/transport_electrification.yaml (dualcarbon.contracts.codegen).
-- Bus electrification and charging points by region
{{ stage_submission('transport_electrification', [
    'region_code', 'buses', 'new_energy_buses', 'charging_points',
]) }}
