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
    lang = current_lang()
    # One widget per language, so its labels follow a language switch; the choice itself is
    # kept under RELEASE_KEY and carried over to the other language's widget.
    widget_key = f"{data.RELEASE_KEY}.{lang}"
    if st.session_state.get(widget_key) not in by_id:
        st.session_state[widget_key] = st.session_state[data.RELEASE_KEY]
    st.session_state[data.RELEASE_KEY] = st.selectbox(
        t("public.selector_label"),
        options,
        key=widget_key,
        # the language is bound now: AppTest calls format_func after the run, outside it
        format_func=partial(_label, by_id, lang),
        help=t("public.selector_help"),
    )
    if st.query_params.get(data.RELEASE_PARAM) != st.session_state[data.RELEASE_KEY]:
        st.query_params[data.RELEASE_PARAM] = st.session_state[data.RELEASE_KEY]
    return data.context()
