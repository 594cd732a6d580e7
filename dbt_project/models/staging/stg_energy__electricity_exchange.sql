-- Generated from contracts/electricity_exchange.yaml (dualcarbon.contracts.codegen).
-- Inter-provincial electricity imports and exports
{{ stage_submission('electricity_exchange', [
    'region_code', 'direction', 'counterpart_code', 'quantity', 'unit',
], renamed={'unit': 'unit_code'}) }}
