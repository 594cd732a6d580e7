"""A small dictionary-based translation layer for the dashboards.

Streamlit has no built-in i18n (release practice 28), so every visible string is looked up
here by key: ``t("review.title")``. Simplified Chinese is the default; English is the
switch. The current language lives in ``st.session_state["lang"]`` and in the URL query
parameter ``lang`` (``?lang=en``), so a link opens in the language it was shared in.

Keys are grouped by prefix: ``common.*`` and ``lang.*`` for every dashboard, ``internal.*``
for the internal dashboard's frame, ``review.*`` for the quality review page, ``release.*``
for the internal release pages (dashboards/internal/strings.py) and ``public.*`` for the
public dashboard (dashboards/public/strings.py). A missing key or a missing language is an error,
not a silently shown key (see tests/test_dashboard_review.py).
"""

from __future__ import annotations

from typing import Any

from dualcarbon import i18n

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_KEY = "lang"  # session-state key and query parameter
LANG_NAMES = {"zh": "中文", "en": "English"}


def normalise_lang(value: object) -> str:
    """A supported language code, or the default for anything else."""
    text = str(value).strip().lower() if value is not None else ""
    return text if text in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The message ``key`` of the catalogue in ``lang`` (default: the session's language)."""
    return i18n.text(key, lang or current_lang(), **values)


def pick(zh: object, en: object, lang: str | None = None) -> object:
    """Choose between two values given in both languages (e.g. description_zh/_en)."""
    return zh if (lang or current_lang()) == "zh" else en


def both(key: str, **values: Any) -> str:
    """The string in both languages, Chinese first: for notices everyone must understand."""
    return f"{t(key, 'zh', **values)}\n\n{t(key, 'en', **values)}"


def label(prefix: str, code: object, lang: str | None = None) -> str:
    """The label of a code (``label("severity", "ERROR")``), or the code itself if unknown."""
    key = f"{prefix}.{code}"
    return t(key, lang) if i18n.has(key) else ("" if code is None else str(code))


def label_of(prefix: str, column: str, lang: str) -> Any:
    """``label`` over a Polars column, in one vectorised replace (codes without a label keep
    the code; nulls stay null). Pass the language: Polars runs off Streamlit's thread."""
    import polars as pl

    start = f"{prefix}."
    labels = {
        key[len(start) :]: t(key, lang) for key in i18n.message_ids() if key.startswith(start)
    }
    code = pl.col(column).cast(pl.String)
    return code.replace_strict(labels, default=code, return_dtype=pl.String)


def current_lang() -> str:
    """The session's language: session state, else the ``lang`` query parameter, else zh."""
    import streamlit as st

    try:
        if LANG_KEY in st.session_state:
            return normalise_lang(st.session_state[LANG_KEY])
        return normalise_lang(st.query_params.get(LANG_KEY))
    except Exception:  # outside a Streamlit run (e.g. a plain unit test)
        return DEFAULT_LANG


def language_switch(container: Any = None) -> str:
    """Render the language switch (sidebar by default) and keep the URL's ``lang`` in step."""
    import streamlit as st

    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalise_lang(st.query_params.get(LANG_KEY))
    (container or st.sidebar).radio(
        t("lang.label"),
        LANGS,
        format_func=LANG_NAMES.__getitem__,
        key=LANG_KEY,
        horizontal=True,
    )
    lang = normalise_lang(st.session_state[LANG_KEY])
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang
