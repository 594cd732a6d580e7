"""Comparison of regions: any indicator across the 13 cities with the province beside them,
and the reconciliation of the province with the sum of the cities."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from dashboards.i18n import t
from dashboards.public import cityview, data, figures, timeseries, viewstate
from dashboards.public.render import Block, bar_chart, indicator_block, page_header, stamp
from dualcarbon.report import views

ctx = data.context()
page_header(ctx, "public.regions_title", "public.regions_intro")

LEVELS = (
    "co2_total_t",
    "co2_total_incl_net_imports_t",
    "energy_total_tce",
    "co2_intensity",
    "energy_intensity",
    "non_fossil_share",
    "co2_intensity_change_since_base",
    "energy_intensity_change_since_base",
    "co2_total_t_yoy",
    "energy_total_tce_yoy",
)
present = set(ctx.tables.get("fct_indicators")["indicator_code"].unique())
choices = [code for code in LEVELS if code in present]
# the indicator, the year and the compared regions are in the URL: a link reopens this view
code = viewstate.select(
    t("public.regions_indicator"),
    choices,
    viewstate.INDICATOR,
    key=f"public.regions_indicator.{ctx.lang}",  # the options are labelled per language
    format_func=lambda c: figures.indicator_name(ctx, c),
)
year = cityview.year_picker(ctx)
regions = cityview.region_picker(ctx)
in_year = timeseries.at_year(ctx, year)
province = views.indicators_for(in_year.tables, (code,))
if province.height:
    value, unit = figures.display(province["value"][0], province["unit"][0])
    st.metric(
        t("public.regions_province", name=figures.indicator_name(ctx, code)),
        f"{figures.number(value, figures.digits_for(unit))} {figures.unit_name(ctx, unit)}",
    )
block = figures.city_block(in_year, "region_compare", code, figures.method_for(code))
cityview.cities(
    in_year,
    replace(
        block,
        title=f"{block.title} · {figures.indicator_name(ctx, code)}",
        key=f"region_compare_{code}",
    ),
    code,
)
if regions:
    indicator_block(ctx, timeseries.compare_block(ctx, code, regions))
    st.caption(t("public.axis_from_zero"))

if ctx.tables.has("fct_region_reconciliation"):
    rec = ctx.tables.get("fct_region_reconciliation").filter(pl.col("period") == ctx.release.period)
    table = rec.select(
        pl.col("indicator_code")
        .map_elements(lambda c: figures.indicator_name(ctx, c), return_dtype=pl.String)
        .alias(t("public.col_indicator")),
        pl.col("unit")
        .map_elements(lambda u: figures.unit_name(ctx, u), return_dtype=pl.String)
        .alias(t("public.col_unit")),
        pl.col("province_value").round(2).alias(t("public.col_province")),
        pl.col("cities_sum").round(2).alias(t("public.col_cities_sum")),
        pl.col("cities_reported").alias(t("public.col_cities_reported")),
        pl.col("reconciliation_item").round(2).alias(t("public.col_reconciliation")),
        pl.col("reconciliation_pct").round(3).alias(t("public.col_reconciliation_pct")),
    )
    title = t("public.figure.reconciliation")
    chart = bar_chart(
        table, t("public.col_indicator"), t("public.col_reconciliation_pct"), title, stamp(ctx)
    )
    indicator_block(
        ctx,
        Block(
            key="reconciliation",
            title=title,
            table=table,
            chart=chart,
            unit=t("public.unit_mixed"),
            codes=tuple(rec["indicator_code"]),
            method_key="public.method.reconciliation",
        ),
    )
