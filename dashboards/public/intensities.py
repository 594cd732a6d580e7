"""Intensities: energy and CO2 per unit of GDP, their changes on the previous year and since
the plan's base year, by city and over time."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.public import data, figures
from dashboards.public.render import caption_stamp, indicator_block, page_header, table

ctx = data.context()
page_header(ctx, "public.intensities_title", "public.intensities_intro")

for code in ("energy_intensity", "co2_intensity"):
    indicator_block(ctx, figures.trend_block(ctx, code))
for code in ("energy_intensity_change_since_base", "co2_intensity_change_since_base"):
    indicator_block(ctx, figures.city_block(ctx, f"city_{code}", code, "public.method.intensity"))

st.subheader(t("public.figure.intensity_by_city"))
table(figures.intensity_city_table(ctx))
caption_stamp(ctx)
