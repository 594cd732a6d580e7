-- The grid emission factor used for each period: Jiangsu's provincial factor where one is
-- published, else East China's, else the national one (methods.md 1c); and for a year with
-- no published factor, the nearest published year of that grid (later year on a tie).
-- The grid and year actually used are kept, so every indirect figure says what it rests on.

with

periods as (
    select distinct period from {{ ref('stg_stats__energy_consumption') }}
),

factors as (
    select
        grid_code,
        year,
        t_co2_per_mwh,
        status,
        case grid_code when 'jiangsu' then 1 when 'east_china' then 2 else 3 end as preference
    from (
        {{ factors_as_of('factor_grid_emission', ['grid_code', 'year']) }}
    ) as factors_in_force
),

ranked as (
    select
        periods.period,
        factors.grid_code,
        factors.year as factor_year,
        factors.t_co2_per_mwh,
        factors.status,
        row_number() over (
            partition by periods.period
            order by
                factors.preference asc,
                abs(factors.year - cast(periods.period as integer)),
                factors.year desc
        ) as rank_in_period
    from periods
    cross join factors
)

select
    period,
    grid_code,
    factor_year,
    t_co2_per_mwh,
    status,
    '{{ var("factor_vintage") }}' as factor_vintage
from ranked
where rank_in_period = 1
