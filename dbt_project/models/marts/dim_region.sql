-- The province and its 13 prefecture-level cities (GB/T 2260).
select
    region_code,
    name_zh,
    name_en,
    level,
    parent_code
from {{ ref('ref_regions') }}
