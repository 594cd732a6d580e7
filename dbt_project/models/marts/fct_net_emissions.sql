-- Net emissions = territorial CO2 (direct + process, fct_indicators co2_total_t) minus the
-- headline sink (sinks with ref_sink_types.in_headline: the forest). Sinks outside the
-- headline (coastal wetland) are shown beside it, not subtracted.

with

emissions as (
    select
        period,
        region_code,
        value as co2_total_t
    from {{ ref('fct_indicators') }}
    where indicator_code = 'co2_total_t'
),

sinks as (
    select
        sinks.period,
        sinks.region_code,
        sum(sinks.tco2_removed) filter (where sink_types.in_headline) as headline_sink_tco2,
        sum(sinks.tco2_removed) filter (where not sink_types.in_headline) as other_sinks_tco2
    from {{ ref('fct_carbon_sinks') }} as sinks
    inner join {{ ref('ref_sink_types') }} as sink_types
        on sinks.sink_type = sink_types.sink_type_code
    group by sinks.period, sinks.region_code
)

select
    emissions.period,
    emissions.region_code,
    emissions.co2_total_t,
    sinks.headline_sink_tco2,
    sinks.other_sinks_tco2,
    emissions.co2_total_t - sinks.headline_sink_tco2 as net_emissions_t,
    100.0 * sinks.headline_sink_tco2 / nullif(emissions.co2_total_t, 0) as sink_offset_pct
from emissions
left join sinks
    on emissions.period = sinks.period and emissions.region_code = sinks.region_code
