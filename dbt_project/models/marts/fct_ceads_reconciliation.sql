-- The province's territorial CO2 (direct combustion + process) beside CEADs' published
-- inventory of Jiangsu, by period x fuel x sector group, for the platform's annual periods
-- in 2005-2019 (the years CEADs covers in the reference seed). CEADs is matched through
-- ref_fuels.ceads_fuel and ref_sectors.ceads_sector; CEADs `Process` (cement) is the
-- platform's process scope, fuel_code 'process'. One extra row per period,
-- fuel_code = sector_group_code = 'total', carries the headline comparison.
-- Cells where neither side has any emission are left out.
-- Source of the CEADs figures: CEADs (Shan et al. 2016, 2018, 2020; Guan et al. 2021).

with

sectors as (
    select
        sector_code,
        ceads_sector,
        sector_group_code
    from {{ ref('ref_sectors') }}
),

fuels as (
    select
        fuel_code,
        ceads_fuel
    from {{ ref('ref_fuels') }}
    where ceads_fuel is not null
),

platform_lines as (
    select
        emissions.period,
        sectors.sector_group_code,
        emissions.tco2,
        case
            when emissions.scope = 'process' then 'process' else emissions.fuel_code
        end as fuel_code
    from {{ ref('fct_co2_emissions') }} as emissions
    left join sectors on emissions.sector_code = sectors.sector_code
    where
        emissions.region_code = '320000'
        and emissions.scope in ('direct', 'process')
        and regexp_full_match(emissions.period, '[0-9]{4}')
        and emissions.period between '2005' and '2019'
),

periods as (
    select distinct period from platform_lines
),

platform as (
    select
        period,
        fuel_code,
        sector_group_code,
        sum(tco2) as platform_tco2
    from platform_lines
    group by period, fuel_code, sector_group_code
),

ceads_lines as (
    select
        cast(ceads.year as varchar) as period,
        sectors.sector_group_code,
        ceads.mt_co2 * 1e6 as tco2,
        case
            when ceads.ceads_fuel = 'Process' then 'process' else fuels.fuel_code
        end as fuel_code
    from {{ ref('ceads_jiangsu_province') }} as ceads
    left join fuels on ceads.ceads_fuel = fuels.ceads_fuel
    left join sectors on ceads.ceads_sector = sectors.ceads_sector
    where cast(ceads.year as varchar) in (select periods.period from periods)
),

ceads as (
    select
        period,
        fuel_code,
        sector_group_code,
        sum(tco2) as ceads_tco2
    from ceads_lines
    group by period, fuel_code, sector_group_code
),

cells as (
    select
        coalesce(platform.period, ceads.period) as period,
        coalesce(platform.fuel_code, ceads.fuel_code) as fuel_code,
        coalesce(platform.sector_group_code, ceads.sector_group_code) as sector_group_code,
        coalesce(platform.platform_tco2, 0) as platform_tco2,
        coalesce(ceads.ceads_tco2, 0) as ceads_tco2
    from platform
    full outer join ceads
        on
            platform.period = ceads.period
            and platform.fuel_code = ceads.fuel_code
            and platform.sector_group_code = ceads.sector_group_code
),

with_totals as (
    select
        period,
        fuel_code,
        sector_group_code,
        platform_tco2,
        ceads_tco2
    from cells
    where platform_tco2 != 0 or ceads_tco2 != 0
    union all
    select
        period,
        'total' as fuel_code,
        'total' as sector_group_code,
        sum(platform_tco2) as platform_tco2,
        sum(ceads_tco2) as ceads_tco2
    from cells
    group by period
)

select
    period,
    fuel_code,
    sector_group_code,
    platform_tco2,
    ceads_tco2,
    platform_tco2 - ceads_tco2 as abs_diff_tco2,
    100.0 * (platform_tco2 - ceads_tco2) / nullif(ceads_tco2, 0) as rel_diff_pct
from with_totals
