"""Overview: the headline indicators of the selected release, their changes, progress against
targets where the release carries them, and the two totals over time."""

from __future__ import annotations

import streamlit as st

from dashboards.i18n import t
from dashboards.public import data, figures, revision_marks
from dashboards.public.render import caption_stamp, indicator_block, page_header, table
from dualcarbon.report import views

ctx = data.context()
page_header(ctx, "public.overview_title", "public.overview_intro")

headline = views.headline(ctx.tables)
flags = views.status_flags(ctx.release, ctx.changes())
trends = figures.headline_trends(ctx)
columns = st.columns(3)
for index, row in enumerate(headline.iter_rows(named=True)):
    card = figures.headline_card(ctx, row, trends.get(row["indicator_code"], []))
    with columns[index % 3].container(border=True):
        st.metric(
            card.label,
            card.value,
            delta=card.delta,
            delta_color=card.delta_color,
            delta_description=card.delta_description,
            help=card.help,
            chart_data=card.trend if len(card.trend) > 1 else None,
            chart_type="line",
        )
        note = card.unit
        flag = flags.get((ctx.release.period, views.PROVINCE, row["indicator_code"]))
        if flag:
            note += " · " + figures.flag_note(ctx, flag, row["unit"])
        st.caption(note)
caption_stamp(ctx)
revision_marks.show(ctx)  # figures this release revised, and their history

st.header(t("public.targets_title"))
if ctx.tables.has("fct_target_progress"):
    table(figures.target_progress(ctx))
    st.caption(t("public.targets_source") + " · " + ctx.release.stamp(ctx.lang))
else:
    st.info(t("public.targets_absent"))
    since = figures.since_base_table(ctx)
    if since.height:
        table(since)
        caption_stamp(ctx)

indicator_block(ctx, figures.headline_block(ctx, headline, flags))
for code in ("co2_total_t", "energy_total_tce"):
    indicator_block(ctx, figures.trend_block(ctx, code))
