"""Barometer (能耗双控晴雨表): the 13 cities on a tile map coloured by grade, one map per
indicator, the province apart; the scorecard, the ranking, the regions off track, and the
figures behind any one grade. Grades are the release's own (fct_barometer)."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import pick, t
from dashboards.public import data, evaluation
from dashboards.public.figures import indicator_name
from dashboards.public.render import caption_stamp, indicator_block, page_header

ctx = data.context()
page_header(ctx, "public.barometer_title", "public.barometer_intro")

st.subheader(t("public.barometer_province"))
for column, row in zip(st.columns(3), evaluation.province_grades(ctx), strict=False):
    with column.container(border=True):
        st.metric(
            indicator_name(ctx, row["indicator_code"]),
            evaluation.grade_text(row["grade"]),
            help=str(pick(row["reason_zh"], row["reason_en"])),
        )
caption_stamp(ctx)

code = st.selectbox(
    t("public.barometer_indicator"),
    evaluation.indicators(ctx),
    format_func=lambda c: indicator_name(ctx, c),
    key=f"public.barometer_indicator.{ctx.lang}",  # the options are labelled per language
)
indicator_block(ctx, evaluation.tile_block(ctx, code))

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
st.dataframe(evaluation.behind(ctx, region, code).to_pandas(), hide_index=True, width="stretch")
caption_stamp(ctx)

indicator_block(ctx, evaluation.scorecard_block(ctx))

st.subheader(t("public.figure.ranking"))
st.dataframe(evaluation.ranking_table(ctx).to_pandas(), hide_index=True, width="stretch")
st.caption(t("public.ranking_note") + " · " + ctx.release.stamp(ctx.lang))

st.subheader(t("public.figure.off_track"))
off_track = evaluation.off_track_table(ctx)
if off_track.height:
    st.dataframe(off_track.to_pandas(), hide_index=True, width="stretch")
else:
    st.success(t("public.off_track_none"))
caption_stamp(ctx)
