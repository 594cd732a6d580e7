"""The release selector (practice 10): every published release, newest first, superseded
ones labelled; the choice is kept in the URL (``?release=JS-2024-v1``) so a link names the
vintage it shows."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboards.i18n import current_lang, t
from dashboards.public import data
from dualcarbon.release.store import Release


def release_label(release: Release, lang: str) -> str:
    if release.superseded_by:
        note = t("public.selector_superseded", lang, newer=release.superseded_by)
    else:
        note = t("public.selector_current", lang)
    return t(
        "public.selector_option",
        lang,
        release_id=release.release_id,
        period=release.period,
        note=note,
    )


def _label(by_id: dict[str, Release], lang: str, release_id: str) -> str:
    return release_label(by_id[release_id], lang)


def release_selector() -> data.Context | None:
    found = data.releases()
    if not found:
        return None
    by_id = {r.release_id: r for r in found}
    options = sorted(by_id, key=lambda rid: (by_id[rid].period, by_id[rid].version), reverse=True)
    chosen = data.selected_id(found)
    if st.session_state.get(data.RELEASE_KEY) not in by_id:
        st.session_state[data.RELEASE_KEY] = chosen
    st.selectbox(
        t("public.selector_label"),
        options,
        key=data.RELEASE_KEY,
        # the language is bound now: AppTest calls format_func after the run, outside it
        format_func=partial(_label, by_id, current_lang()),
        help=t("public.selector_help"),
    )
    if st.query_params.get(data.RELEASE_PARAM) != st.session_state[data.RELEASE_KEY]:
        st.query_params[data.RELEASE_PARAM] = st.session_state[data.RELEASE_KEY]
    return data.context()
