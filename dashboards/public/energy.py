"""Energy: total energy consumption of the selected release by energy type, by sector and by
city, each over the years, and the non-fossil share over time."""

from __future__ import annotations

from dashboards.public import cityview, data, figures, timeseries
from dashboards.public.render import indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.energy_title", "public.energy_intro")

ENERGY = ("energy_total_tce", "coal_tce", "oil_tce", "gas_tce", "non_fossil_share")
indicator_block(ctx, figures.breakdown_block(ctx, "energy_by_fuel", ENERGY, "public.method.energy"))
indicator_block(
    ctx, timeseries.breakdown_series_block(ctx, "energy_by_fuel", ENERGY, "public.method.energy")
)
TOTAL = ("energy_total_tce",)
indicator_block(
    ctx, figures.breakdown_block(ctx, "energy_by_sector", TOTAL, "public.method.energy")
)
indicator_block(
    ctx, timeseries.breakdown_series_block(ctx, "energy_by_sector", TOTAL, "public.method.energy")
)
year = cityview.year_picker(ctx)
regions = cityview.region_picker(ctx)
cityview.city_views(
    ctx, "energy_by_city", "energy_total_tce", "public.method.energy", year, regions
)
indicator_block(ctx, figures.trend_block(ctx, "non_fossil_share"))
