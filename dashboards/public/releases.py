"""Releases and revisions: the selected release's facts, its correction notice, what changed
against the release it supersedes, every version of its period, the revision log, the
release's notice (citation and terms) and its official PDF report (practices 8-10, 17, 27)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboards.i18n import label, pick, t
from dashboards.public import data, data_links, history, revision_marks
from dashboards.public.render import caption_stamp, page_header, published, table

ctx = data.context()
release = ctx.release
page_header(ctx, "public.releases_title", "public.releases_intro")

st.header(t("public.release_facts"))
table(history.facts(ctx))

revision = release.revision
if revision and revision.get("supersedes"):
    st.header(t("public.notice_title", kind=label("public.revision", revision.get("type"))))
    st.markdown(
        t(
            "public.notice_body",
            old=revision["supersedes"],
            cause=pick(revision.get("cause_zh", ""), revision.get("cause_en", "")),
            impact=pick(revision.get("impact_zh", ""), revision.get("impact_en", "")),
        )
    )

st.header(t("public.changes_title"))
changes = ctx.changes()
if changes is None:
    st.info(t("public.changes_first", period=release.period))
else:
    st.markdown(t("public.changes_against", old=changes.previous.release_id))
    table(history.change_counts(ctx, changes))
    detail = history.indicator_changes(ctx, changes)
    if detail.height:
        st.subheader(t("public.changes_indicators"))
        table(detail)
    caption_stamp(ctx)
revision_marks.show(ctx)  # the revised figures, each with its history

st.header(t("public.versions_title", period=release.period))
table(history.versions(ctx))

st.header(t("public.revision_log_title"))
log = history.revision_log(ctx)
if log.height:
    table(log)
else:
    st.info(t("public.revision_log_empty"))

st.header(t("public.calendar_title"))
entries, feed = data.release_calendar()
if entries:
    table(history.calendar_table(ctx, entries))
    st.download_button(
        t("public.calendar_ics"),
        data=feed.encode("utf-8"),
        file_name="jiangsu-carbon-release-calendar.ics",
        mime="text/calendar",
        key="calendar.ics",
        on_click="ignore",
        icon=":material/event:",
    )
else:
    st.info(t("public.calendar_empty"))

st.header(t("public.report_title"))
st.markdown(t("public.report_intro"))
st.download_button(
    t("public.report_download"),
    data=partial(history.report_pdf, release, ctx.releases, ctx.lang),
    file_name=f"{release.release_id}_{ctx.lang}.pdf",
    mime="application/pdf",
    key="report.pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
)

st.header(t("public.bundle_title"))
st.markdown(t("public.bundle_intro"))
st.download_button(
    t("public.bundle_download"),
    data=partial(history.release_zip, release),
    file_name=f"{release.release_id}.zip",
    mime="application/zip",
    key="release.zip",
    on_click="ignore",
    icon=":material/folder_zip:",
)

data_links.show(ctx)  # every indicator's CSV and JSON, and the SDMX-CSV file, by URL

notice = release.path / "NOTICE.md"
if notice.is_file():
    with st.expander(t("public.notice_file")):
        st.markdown(notice.read_text(encoding="utf-8"))
st.caption(t("public.terms"))
st.caption(f"{t('public.meta_published')}: {published(release.published_at)}")
