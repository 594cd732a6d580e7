-- The province's territorial CO2 (direct + process) is within 5% of CEADs' published
-- Jiangsu Scope_1_Total in every period 2015-2019 the platform has. Returns the periods
-- that are further off (or have no CEADs figure to compare with).

select
    period,
    platform_tco2,
    ceads_tco2,
    rel_diff_pct
from {{ ref('fct_ceads_reconciliation') }}
where
    fuel_code = 'total'
    and sector_group_code = 'total'
    and period between '2015' and '2019'
    and (rel_diff_pct is null or abs(rel_diff_pct) > 5)
