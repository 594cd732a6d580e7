-- Generated from contracts/two_high_projects.yaml (dualcarbon.contracts.codegen).
-- Register of energy- and emission-intensive ("two-high") projects
{{ stage_submission('two_high_projects', [
    'project_id', 'project_name', 'region_code', 'sector_code', 'project_status',
    'designed_energy_tce', 'approval_state',
]) }}
