"""Intensities: energy and CO2 per unit of GDP, their changes on the previous year and since
the plan's base year, by city (in the year chosen) and over time."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.public import cityview, data, figures, timeseries
from dashboards.public.render import caption_stamp, indicator_block, page_header, table

ctx = data.context()
page_header(ctx, "public.intensities_title", "public.intensities_intro")

for code in ("energy_intensity", "co2_intensity"):
    indicator_block(ctx, figures.trend_block(ctx, code))
year = cityview.year_picker(ctx)
regions = cityview.region_picker(ctx)
for code in ("energy_intensity_change_since_base", "co2_intensity_change_since_base"):
    cityview.city_views(ctx, f"city_{code}", code, "public.method.intensity", year, regions)

in_year = timeseries.at_year(ctx, year)
st.subheader(t("public.figure.intensity_by_city"))
table(figures.intensity_city_table(in_year))
caption_stamp(in_year)
