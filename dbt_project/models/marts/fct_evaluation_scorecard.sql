-- The scorecard: one row per period x region with its three barometer grades side by side,
-- the counts of each grade, the overall (worst) grade, and the cities' ranking.
-- Ranking (cities only, 1 = best): fewest reds, then fewest yellows, then the largest
-- energy-intensity progress gap, then the largest CO2-intensity gap, then region code.
-- A city with any indicator not assessed is not ranked.

with

barometer as (
    select * from {{ ref('fct_barometer') }}
),

per_region as (
    select
        period,
        region_code,
        any_value(region_name_zh) as region_name_zh,
        any_value(region_name_en) as region_name_en,
        any_value(region_level) as region_level,
        max(grade) filter (where indicator_code = 'energy_intensity') as energy_intensity_grade,
        max(grade) filter (where indicator_code = 'energy_total_tce') as energy_total_grade,
        max(grade) filter (where indicator_code = 'co2_intensity') as co2_intensity_grade,
        max(progress_gap) filter (where indicator_code = 'energy_intensity')
            as energy_intensity_gap,
        max(progress_gap) filter (where indicator_code = 'energy_total_tce')
            as energy_total_gap,
        max(progress_gap) filter (where indicator_code = 'co2_intensity') as co2_intensity_gap,
        count(*) filter (where grade = 'red') as red_count,
        count(*) filter (where grade = 'yellow') as yellow_count,
        count(*) filter (where grade = 'green') as green_count,
        count(*) filter (where grade = 'not_assessed') as not_assessed_count,
        max(grade_severity) as worst_severity
    from barometer
    group by period, region_code
),

ranked as (
    select  -- noqa: ST06
        per_region.*,
        case
            when per_region.region_level = 'prefecture' and per_region.not_assessed_count = 0
                then row_number() over (
                    partition by
                        per_region.period,
                        per_region.region_level,
                        per_region.not_assessed_count = 0
                    order by
                        per_region.red_count asc,
                        per_region.yellow_count asc,
                        per_region.energy_intensity_gap desc nulls last,
                        per_region.co2_intensity_gap desc nulls last,
                        per_region.region_code asc
                )
        end as city_rank
    from per_region
)

select  -- noqa: ST06
    ranked.period,
    ranked.region_code,
    ranked.region_name_zh,
    ranked.region_name_en,
    ranked.region_level,
    ranked.energy_intensity_grade,
    ranked.energy_total_grade,
    ranked.co2_intensity_grade,
    ranked.energy_intensity_gap,
    ranked.energy_total_gap,
    ranked.co2_intensity_gap,
    ranked.red_count,
    ranked.yellow_count,
    ranked.green_count,
    ranked.not_assessed_count,
    grades.grade_code as overall_grade,
    grades.name_zh as overall_grade_name_zh,
    grades.name_en as overall_grade_name_en,
    ranked.red_count + ranked.yellow_count > 0 as off_track,
    ranked.city_rank
from ranked
inner join {{ ref('ref_grades') }} as grades on ranked.worst_severity = grades.severity_rank
