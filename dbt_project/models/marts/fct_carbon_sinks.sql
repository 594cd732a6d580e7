-- Public data contract: CO2 removed by carbon sinks, by period x region x sink type
-- (positive = removal; methods in docs/methods.md, "Carbon sinks").

select
    period,
    region_code,
    sink_type,
    tco2_removed
from {{ ref('int_sinks__removals') }}
