"""Sectors: industry (key energy-using units, two-high projects), buildings, transport and
the national carbon market, by city with the province first, and the shares by city over the
years for the regions chosen in the page's "compare regions" picker. Aggregates only."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.public import cityview, data, sector_figures, timeseries
from dashboards.public.render import indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.sectors_title", "public.sectors_intro")
regions = cityview.region_picker(ctx)


def over_time(make, value_key: str, table: str) -> None:
    """The block's share by city over the years, for the compared regions."""
    if regions:
        indicator_block(
            ctx, timeseries.sector_series_block(ctx, make, t(value_key), regions, (table,))
        )
        st.caption(t("public.axis_from_zero"))


st.header(t("public.sector_industry"))
indicator_block(ctx, sector_figures.key_units_block(ctx))
over_time(sector_figures.key_units_block, "public.col_key_units_share", "fct_key_energy_units")
indicator_block(ctx, sector_figures.two_high_block(ctx))

st.header(t("public.sector_buildings"))
indicator_block(ctx, sector_figures.buildings_block(ctx))
over_time(sector_figures.buildings_block, "public.col_green_share", "fct_building_summary")
indicator_block(ctx, sector_figures.low_energy_block(ctx))

st.header(t("public.sector_transport"))
for block in sector_figures.transport_blocks(ctx):
    indicator_block(ctx, block)
for index, key in enumerate(("public.col_nev_share", "public.col_rail_water_share")):
    over_time(
        lambda c, i=index: sector_figures.transport_blocks(c)[i], key, "fct_transport_summary"
    )

st.header(t("public.sector_carbon_market"))
indicator_block(ctx, sector_figures.carbon_market_block(ctx))
