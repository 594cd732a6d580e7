-- Energy account: consumption by period x region x sector x fuel x use, in physical units
-- and tce. Feedstock (non-energy) use is kept on its own rows (use_type = 'feedstock').
select
    period,
    region_code,
    sector_code,
    fuel_code,
    use_type,
    quantity,
    unit_code as unit,
    tce,
    tce_coal_equivalent,
    tce_method,
    fuel_group,
    is_fossil,
    counts_in_primary_total,
    factor_vintage,
    submission_id,
    submission_version
from {{ ref('int_energy__consumption_converted') }}
