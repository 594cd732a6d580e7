-- Key energy-using units: consumption by period x month x city x sector x fuel, summed over
-- units, in physical units and tce. Incremental by period: a resubmitted year replaces that
-- year's rows only (delete+insert on period, for the run's period_from..period_to).
-- (Its materialisation is configured in its .yml.)
with

cells as (
    select
        period,
        month,
        region_code,
        sector_code,
        fuel_code,
        unit_code,
        count(*) as unit_count,
        sum(quantity) as quantity
    from {{ ref('stg_stats__enterprise_energy_monthly') }}
    {{ incremental_period_filter() }}
    group by period, month, region_code, sector_code, fuel_code, unit_code
),

tce_factors as (
    select
        period,
        fuel_code,
        tce_per_unit,
        factor_vintage
    from {{ ref('int_factors__tce_per_unit') }}
)

select  -- noqa: ST06
    cells.period,
    cast(cells.month as integer) as month,  -- noqa: RF04
    cells.region_code,
    cells.sector_code,
    cells.fuel_code,
    cells.unit_code as unit,
    cells.unit_count,
    cells.quantity,
    cells.quantity * tce_factors.tce_per_unit as tce,
    tce_factors.factor_vintage
from cells
left join tce_factors
    on
        cells.period = tce_factors.period
        and cells.fuel_code = tce_factors.fuel_code
