"""A view's state in its URL: the indicator, the compared regions and the year shown are query
parameters (``?indicator=co2_total_t&regions=320100,320500&year=2023``), beside the release
(``?release=``, selector.py), the language (``?lang=``) and the page (the URL's path), so a
copied link reopens the same view.

A value the page does not offer (a typo, a region code that does not exist, a year the
release does not reach) stops the page with a message naming the parameter, the value and the
values it takes: the site never silently shows another view than the one a link names.

Why not Streamlit's own ``bind="query-params"``: a bound widget writes its option's *label*
into the URL (so a link made in Chinese would not open in English) and drops an unknown
value silently, which is what a link must never do here. These parameters are unbound, so
Streamlit carries them from page to page: pages that share a parameter (``regions``, ``year``)
take the same values, and a page whose values differ has parameters of its own names
(the barometer's ``barometer_indicator``, ``barometer_year``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboards.i18n import t

INDICATOR = "indicator"
REGIONS = "regions"
YEAR = "year"
BAROMETER_INDICATOR = "barometer_indicator"
BAROMETER_YEAR = "barometer_year"
SEPARATOR = ","  # regions=320100,320500


def unknown(name: str, values: Sequence[str], choices: Sequence[str]) -> list[str]:
    """The values a URL gives for parameter ``name`` that are not among ``choices``."""
    allowed = set(choices)
    return [value for value in values if value not in allowed]


def _refuse(name: str, bad: Sequence[str], choices: Sequence[str]) -> None:
    st.error(
        t(
            "public.url_unknown_value",
            name=name,
            value=SEPARATOR.join(bad),
            choices=", ".join(choices),
        ),
        icon=":material/error:",
    )
    st.stop()


def _from_url(name: str, choices: Sequence[str], many: bool) -> list[str] | None:
    """The parameter's values, checked (None when the URL does not give it)."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return None
    values = [v.strip() for v in raw.split(SEPARATOR)] if many else [raw.strip()]
    bad = unknown(name, values, choices)
    if bad or (not many and len(values) != 1):
        _refuse(name, bad or values, choices)
    return values


def _to_url(name: str, value: str | None) -> None:
    if value:
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def select(
    label: str,
    options: Sequence[str],
    name: str,
    key: str,
    format_func: Callable[[str], str] = str,
) -> str:
    """A selectbox whose choice is the URL's parameter ``name`` (first option by default)."""
    options = list(options)
    if key not in st.session_state:
        given = _from_url(name, options, many=False)
        st.session_state[key] = given[0] if given else options[0]
    chosen = st.selectbox(label, options, key=key, format_func=format_func)
    _to_url(name, chosen)
    return chosen


def select_many(
    label: str,
    options: Sequence[str],
    name: str,
    key: str,
    default: Sequence[str],
    format_func: Callable[[str], str] = str,
) -> list[str]:
    """A multiselect whose choices are the URL's parameter ``name``, comma-separated."""
    options = list(options)
    if key not in st.session_state:
        given = _from_url(name, options, many=True)
        st.session_state[key] = given if given is not None else list(default)
    chosen = st.multiselect(label, options, key=key, format_func=format_func)
    _to_url(name, SEPARATOR.join(chosen))
    return chosen


def select_year(label: str, years: Sequence[str], key: str, name: str = YEAR) -> str:
    """A year slider whose year is the URL's parameter ``name`` (the latest by default)."""
    years = sorted(years)
    if len(years) == 1:  # a slider needs two stops; one year is simply that year
        _from_url(name, years, many=False)
        return years[0]
    if key not in st.session_state:
        given = _from_url(name, years, many=False)
        st.session_state[key] = given[0] if given else years[-1]
    chosen = st.select_slider(label, options=years, key=key)
    _to_url(name, chosen)
    return chosen
