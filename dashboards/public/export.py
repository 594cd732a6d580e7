"""Chart images for download, PNG and SVG.

Streamlit 1.67 embeds Altair charts through vega-embed with its export menu switched off
(``actions: false``, and ``usermeta.embedOptions`` passes only the theme, renderer and
padding), so the site renders the chart's own Vega-Lite specification on the server with
vl-convert, on request only (a download button's data is a callable run when it is clicked).
The image is the chart as drawn on the page, its title and the release stamp included.
"""

from __future__ import annotations

from functools import partial

import altair as alt
import streamlit as st
import vl_convert

from dashboards.i18n import t

PNG_SCALE = 2  # twice the on-screen size: sharp on high-density screens and in print


def svg_bytes(chart: alt.TopLevelMixin) -> bytes:
    """The chart as SVG: its Vega-Lite specification, data inlined, rendered."""
    return vl_convert.vegalite_to_svg(chart.to_dict()).encode("utf-8")


def png_bytes(chart: alt.TopLevelMixin) -> bytes:
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=PNG_SCALE)


def chart_downloads(chart: alt.TopLevelMixin, name: str, key: str) -> None:
    """Two buttons under a chart: its image as PNG and as SVG (``name`` without suffix)."""
    formats = (
        ("png", "public.download_png", png_bytes, "image/png"),
        ("svg", "public.download_svg", svg_bytes, "image/svg+xml"),
    )
    for column, (suffix, label_key, make, mime) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            t(label_key),
            data=partial(make, chart),  # made on click, not on every run
            file_name=f"{name}.{suffix}",
            mime=mime,
            key=f"{suffix}.{key}",
            on_click="ignore",
            icon=":material/image:",
        )
