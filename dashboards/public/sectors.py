"""Sectors: industry (key energy-using units, two-high projects), buildings, transport and
the national carbon market, by city with the province first. Aggregates only."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.public import data, sector_figures
from dashboards.public.render import indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.sectors_title", "public.sectors_intro")

st.header(t("public.sector_industry"))
indicator_block(ctx, sector_figures.key_units_block(ctx))
indicator_block(ctx, sector_figures.two_high_block(ctx))

st.header(t("public.sector_buildings"))
indicator_block(ctx, sector_figures.buildings_block(ctx))
indicator_block(ctx, sector_figures.low_energy_block(ctx))

st.header(t("public.sector_transport"))
for block in sector_figures.transport_blocks(ctx):
    indicator_block(ctx, block)

st.header(t("public.sector_carbon_market"))
indicator_block(ctx, sector_figures.carbon_market_block(ctx))
