"""Internal page: release candidates, watermarked as drafts, with sign-off, approval and
publication. Every step goes through ``dualcarbon.release.workflow``, which checks the role and
the four-eyes rule itself; viewing a candidate's figures is recorded as pre-release access."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards.i18n import current_lang, t
from dashboards.internal.session import current_user
from dualcarbon import audit
from dualcarbon.auth import AccessDenied
from dualcarbon.paths import Workspace
from dualcarbon.release import workflow
from dualcarbon.release.calendar import CalendarError
from dualcarbon.release.store import list_releases

PROVINCE = "320000"
lang = current_lang()
ws = Workspace.from_env()
st.title(t("release.title"))
st.error(t("release.watermark"))

user = current_user()
if user is None:
    st.warning(t("auth.required"))
    st.stop()

candidates = workflow.list_candidates(ws)
if not candidates:
    st.info(t("release.no_candidates"))
    st.stop()

states = {c.candidate_id: workflow.status(ws, c) for c in candidates}
st.dataframe(
    {
        t("field.period"): [c.period for c in candidates],
        "ID": [c.candidate_id for c in candidates],
        t("release.prepared_by"): [c.prepared_by for c in candidates],
        t("release.stage"): [
            t(f"release.stage.{states[c.candidate_id].stage}") for c in candidates
        ],
    },
    hide_index=True,
    width="stretch",
)

chosen = st.selectbox(
    t("release.pick"),
    [c.candidate_id for c in reversed(candidates)],
    key="release_candidate",
)
candidate = workflow.get_candidate(ws, chosen)
state = states[chosen]

# The pre-release access register: once per person, candidate and session.
seen = st.session_state.setdefault("prerelease_seen", set())
if chosen not in seen:
    audit.append(
        ws.home,
        user.username,
        ",".join(sorted(user.roles)),
        "prerelease_access",
        chosen,
        {"period": candidate.period, "via": "internal dashboard"},
    )
    seen.add(chosen)

st.subheader(t("release.headline"))
st.caption(t("release.watermark"))
headline = pl.read_parquet(candidate.path / "fct_indicators.parquet").filter(
    pl.col("region_code") == PROVINCE
)
st.dataframe(headline.select("indicator_code", "value", "unit"), hide_index=True)
st.markdown(f"**{t('release.stage')}:** {t(f'release.stage.{state.stage}')}")


def act(what: str, step) -> None:
    try:
        result = step()
    except (AccessDenied, workflow.WorkflowError, CalendarError) as error:
        st.error(t("release.refused", why=error.message(lang)))
        return
    if hasattr(result, "release_id"):
        st.success(t("release.published", release=result.release_id))
    else:
        st.success(t("release.done", what=what))


if state.stage != "published":
    current = next(
        (r for r in list_releases(ws.releases) if r.period == candidate.period and r.is_current),
        None,
    )
    with st.form("signoff"):
        comment = st.text_input(t("release.comment"), key="signoff_comment")
        if st.form_submit_button(t("release.signoff")):
            act(
                t("release.signoff"),
                lambda: workflow.signoff(ws, user, chosen, comment),
            )
    with st.form("approve"):
        comment = st.text_input(t("release.comment"), key="approve_comment")
        if st.form_submit_button(t("release.approve")):
            act(t("release.approve"), lambda: workflow.approve(ws, user, chosen, comment))
    with st.form("publish"):
        revision = None
        if current is not None:
            st.warning(t("release.correction", current=current.release_id))
            revision = {
                "supersedes": current.release_id,
                "type": st.selectbox(
                    t("release.revision_type"),
                    list(workflow.REVISION_TYPES),
                    format_func=lambda k: workflow.REVISION_TYPES[k][0 if lang == "zh" else 1],
                ),
                "cause_zh": st.text_input(t("release.cause_zh")),
                "cause_en": st.text_input(t("release.cause_en")),
                "impact_zh": st.text_input(t("release.impact_zh")),
                "impact_en": st.text_input(t("release.impact_en")),
            }
        if st.form_submit_button(t("release.publish"), type="primary"):
            act(
                t("release.publish"),
                lambda: workflow.publish(ws, user, chosen, revision=revision),
            )

st.subheader(t("release.releases"))
releases = list_releases(ws.releases)
st.dataframe(
    {
        "ID": [r.release_id for r in releases],
        t("field.period"): [r.period for r in releases],
        "UTC": [r.published_at.isoformat() for r in releases],
        t("release.stage"): [
            t("release.superseded_by", release=r.superseded_by) if r.superseded_by else "✓"
            for r in releases
        ],
    },
    hide_index=True,
    width="stretch",
)
