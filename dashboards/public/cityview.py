"""A city-level indicator as the pages show it: the cities in the year chosen on the page's
slider (a map when boundaries are vendored, else bars by city), then the indicator over the
years with the regions chosen in the page's "compare regions" picker on one chart.

One slider and one picker per page, both kept in the URL (``?year=``, ``?regions=``), so every
city view of a page shows the same year and the same regions.
"""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import polars as pl
import streamlit as st

from dashboards.i18n import t
from dashboards.public import choropleth, figures, timeseries, viewstate
from dashboards.public.data import Context
from dashboards.public.render import Block, indicator_block, localised, stamp
from dualcarbon.report import views

DEFAULT_COMPARED = 3  # the province and the first two cities, until the reader chooses


def year_picker(ctx: Context, years: list[str] | None = None, name: str = viewstate.YEAR) -> str:
    """The page's year slider (``?year=``): the years of the releases visible at this one."""
    return viewstate.select_year(
        t("public.year"),
        years or timeseries.years(ctx),
        key=f"public.year.{ctx.lang}",
        name=name,
    )


def region_picker(ctx: Context) -> list[str]:
    """The page's "compare regions" picker (``?regions=``)."""
    options = timeseries.region_options(ctx)
    names = timeseries.region_names(ctx)
    return viewstate.select_many(
        t("public.compare_regions"),
        options,
        viewstate.REGIONS,
        key=f"public.compare.{ctx.lang}",  # the options are labelled per language
        default=options[:DEFAULT_COMPARED],
        format_func=lambda code: names.get(code, code),
    )


def value_map(ctx: Context, code: str) -> alt.Chart | None:
    """The block's figure on the map of the cities, or None without vendored boundaries."""
    found = choropleth.features()
    if found is None:
        return None
    frame = views.by_city(ctx.tables, code)
    frame, shown = figures.in_display_unit(localised(frame, ctx.lang), code)
    frame = frame.select(
        pl.col("code").alias(choropleth.CODE),
        "name",
        pl.col("value").round(figures.digits_for(shown)),
    )
    unit_label = figures.unit_name(ctx, shown)
    value_title = t("public.col_value_unit", unit=unit_label)
    title = t(
        "public.figure.city_map",
        name=figures.indicator_name(ctx, code),
        year=ctx.release.period,
    )
    return choropleth.map_chart(
        found,
        frame,
        alt.Color(
            "properties.value:Q",
            title=value_title,
            scale=alt.Scale(scheme="blues", zero=True),
            legend=alt.Legend(orient="bottom", format=",.4~f"),
        ),
        [
            alt.Tooltip("properties.name:N", title=t("public.col_region")),
            alt.Tooltip("properties.value:Q", title=value_title, format=",.4~f"),
        ],
        title,
        stamp(ctx),
    )


def cities(ctx: Context, block: Block, code: str) -> None:
    """The year's cities: on the map when there is one, as bars otherwise (said so)."""
    chart = value_map(ctx, code)
    if chart is None:
        indicator_block(ctx, block)
        st.caption(t("public.map_unavailable"))
        return
    indicator_block(ctx, replace(block, chart=chart))
    st.caption(choropleth.attribution())


def city_views(
    ctx: Context, key: str, code: str, method_key: str, year: str, regions: list[str]
) -> None:
    """One city-level indicator: the chosen year's cities, then the regions over time."""
    in_year = timeseries.at_year(ctx, year)
    cities(in_year, figures.city_block(in_year, key, code, method_key), code)
    if regions:
        indicator_block(ctx, timeseries.compare_block(ctx, code, regions))
        st.caption(t("public.axis_from_zero"))
