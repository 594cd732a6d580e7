-- The 47 CEADs sectors with their headline group.
select
    sectors.sector_code,
    sectors.name_zh,
    sectors.name_en,
    sectors.ceads_sector,
    sectors.sector_group_code,
    sector_groups.name_zh as sector_group_name_zh,
    sector_groups.name_en as sector_group_name_en,
    cast(sectors.sort_order as integer) as sort_order
from {{ ref('ref_sectors') }} as sectors
inner join {{ ref('ref_sector_groups') }} as sector_groups
    on sectors.sector_group_code = sector_groups.sector_group_code
