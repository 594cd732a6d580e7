"""Emissions: territorial CO2 of the selected release by fuel, by sector and by city, each
over the years, and the scopes (combustion, processes, net imported electricity)."""

from __future__ import annotations

from dashboards.public import cityview, data, figures, timeseries
from dashboards.public.render import indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.emissions_title", "public.emissions_intro")

CO2 = ("co2_total_t",)
for key in ("co2_by_fuel", "co2_by_sector"):
    indicator_block(ctx, figures.breakdown_block(ctx, key, CO2, "public.method.co2"))
    indicator_block(ctx, timeseries.breakdown_series_block(ctx, key, CO2, "public.method.co2"))
year = cityview.year_picker(ctx)
regions = cityview.region_picker(ctx)
cityview.city_views(ctx, "co2_by_city", "co2_total_t", "public.method.co2", year, regions)
indicator_block(
    ctx,
    figures.breakdown_block(
        ctx, "co2_by_scope", ("co2_total_t", "co2_total_incl_net_imports_t"), "public.method.co2"
    ),
)
