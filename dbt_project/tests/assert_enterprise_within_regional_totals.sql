-- The key units of a city, sector and fuel consume no more than the city does (times the
-- ceiling var enterprise_share_ceiling, 1.0; 1e-9 relative slack for summation order).
-- Returns the cells that do, and the cells with unit consumption where the city reports none.
-- A warning, not an error: the two datasets come from different returns, and one
-- department's correction (a city's regional row dropped) must not stop the accounts; the
-- failing cells show as a failed asset check for the statistician to take up.
{{ config(severity='warn') }}

select
    period,
    region_code,
    sector_code,
    fuel_code,
    enterprise_quantity,
    regional_quantity,
    enterprise_share
from {{ ref('fct_enterprise_coverage') }}
where
    enterprise_quantity > 0
    and (
        regional_quantity is null
        or enterprise_quantity
        > regional_quantity * {{ var('enterprise_share_ceiling') }} * (1 + 1e-9)
    )
