-- Generated from contracts/process_activity.yaml (dualcarbon.contracts.codegen).
-- Output of process-emitting products by region
{{ stage_submission('process_activity', [
    'region_code', 'product_code', 'quantity', 'unit',
], renamed={'unit': 'unit_code'}) }}
