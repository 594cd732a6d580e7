"""Carbon sinks: the CO2 removed by forests (and, outside the headline, coastal wetlands) by
city, the stock-difference working behind the forest sink, and net emissions (territorial CO2
minus the headline sink) for the province and the cities."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.public import data, sector_figures
from dashboards.public.evaluation import region_name
from dashboards.public.render import indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.sinks_title", "public.sinks_intro")

indicator_block(ctx, sector_figures.sinks_block(ctx))
region = st.selectbox(
    t("public.sinks_region"),
    sector_figures.forest_regions(ctx),
    format_func=lambda c: region_name(ctx, c),
    key=f"public.sinks_region.{ctx.lang}",  # the options are labelled per language
)
indicator_block(ctx, sector_figures.forest_stock_block(ctx, region))
indicator_block(ctx, sector_figures.net_emissions_block(ctx))
