-- Two-high projects by period, region and status: how many and their designed energy use,
-- with the state of their energy-saving review. The province row sums all cities (projects
-- are registered under their city).

with

both_levels as (
    {{ with_province_rows(ref('stg_drc__two_high_projects'),
        ['period', 'project_status', 'designed_energy_tce', 'approval_state']) }}
)

select
    period,
    region_code,
    project_status,
    count(*) as project_count,
    sum(designed_energy_tce) as designed_energy_tce,
    count(*) filter (where approval_state = 'approved') as approved_count,
    count(*) filter (where approval_state = 'pending') as pending_count,
    count(*) filter (where approval_state = 'not_submitted') as not_submitted_count,
    count(*) filter (where approval_state = 'rejected') as rejected_count,
    coalesce(sum(designed_energy_tce) filter (where approval_state <> 'approved'), 0)
        as designed_energy_not_approved_tce
from both_levels
group by period, region_code, project_status
