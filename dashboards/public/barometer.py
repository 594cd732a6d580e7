"""Barometer (能耗双控晴雨表): the 13 cities on a tile map coloured by grade, one map per
indicator, the province apart; the scorecard, the ranking, the regions off track, and the
figures behind any one grade. Grades are the release's own (fct_barometer)."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import label, pick, t
from dashboards.public import (
    choropleth,
    cityview,
    data,
    evaluation,
    grade_map,
    timeseries,
    viewstate,
)
from dashboards.public.figures import indicator_name
from dashboards.public.render import caption_stamp, indicator_block, page_header, table

ctx = data.context()
page_header(ctx, "public.barometer_title", "public.barometer_intro")

st.subheader(t("public.barometer_province"))
for column, row in zip(st.columns(3), evaluation.province_grades(ctx), strict=False):
    with column.container(border=True):
        # the short grade fits the card; its full name is written below it, never cut
        st.metric(
            indicator_name(ctx, row["indicator_code"]),
            label("public.grade_short", row["grade"] or "not_assessed"),
            help=str(pick(row["reason_zh"], row["reason_en"])),
        )
        st.caption(evaluation.grade_text(row["grade"]))
caption_stamp(ctx)

# the indicator and the year are in the URL (?barometer_indicator=, ?barometer_year=)
code = viewstate.select(
    t("public.barometer_indicator"),
    evaluation.indicators(ctx),
    viewstate.BAROMETER_INDICATOR,
    key=f"public.barometer_indicator.{ctx.lang}",  # the options are labelled per language
    format_func=lambda c: indicator_name(ctx, c),
)
year = cityview.year_picker(
    ctx, grade_map.years(ctx, timeseries.years(ctx)), viewstate.BAROMETER_YEAR
)
in_year = timeseries.at_year(ctx, year)
indicator_block(in_year, grade_map.grade_block(in_year, code))
st.caption(
    t("public.map_unavailable_tiles") if choropleth.features() is None else choropleth.attribution()
)

st.subheader(t("public.figure.barometer_behind"))
region = st.selectbox(
    t("public.barometer_region"),
    evaluation.region_options(ctx),
    format_func=lambda c: evaluation.region_name(ctx, c),
    key=f"public.barometer_region.{ctx.lang}",  # the options are labelled per language
)
st.caption(
    t(
        "public.barometer_behind_caption",
        region=evaluation.region_name(ctx, region),
        name=indicator_name(ctx, code),
    )
)
table(evaluation.behind(ctx, region, code))
caption_stamp(ctx)

indicator_block(ctx, evaluation.scorecard_block(ctx))

st.subheader(t("public.figure.ranking"))
table(evaluation.ranking_table(ctx))
st.caption(t("public.ranking_note") + " · " + ctx.release.stamp(ctx.lang))

st.subheader(t("public.figure.off_track"))
off_track = evaluation.off_track_table(ctx)
if off_track.height:
    table(off_track)
else:
    st.success(t("public.off_track_none"))
caption_stamp(ctx)
