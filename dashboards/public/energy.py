"""Energy: total energy consumption of the selected release by energy type, by sector and by
city, and the total over time."""

from __future__ import annotations

from dashboards.public import data, figures
from dashboards.public.render import indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.energy_title", "public.energy_intro")

ENERGY = ("energy_total_tce", "coal_tce", "oil_tce", "gas_tce", "non_fossil_share")
indicator_block(ctx, figures.breakdown_block(ctx, "energy_by_fuel", ENERGY, "public.method.energy"))
indicator_block(
    ctx,
    figures.breakdown_block(ctx, "energy_by_sector", ("energy_total_tce",), "public.method.energy"),
)
indicator_block(
    ctx, figures.city_block(ctx, "energy_by_city", "energy_total_tce", "public.method.energy")
)
indicator_block(ctx, figures.trend_block(ctx, "non_fossil_share"))
