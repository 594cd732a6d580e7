"""The selected release's data files, linked from the public site (issue 16, item 5).

The files themselves are static, written into the release at publication
(``dualcarbon.release.data_files``) and served read-only by the organisation's web server
(docs/data-api.md), not by Streamlit: Streamlit's static serving reaches only a ``static/``
folder beside the app and refuses symlinks out of it. ``DUALCARBON_DATA_URL`` is the public
address of the ``releases/`` tree (``https://data.example.gov.cn/releases``); without it the
page names each file's path and offers it as a download. A page shows this block with one line,
``data_links.show(ctx)``.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

import polars as pl
import streamlit as st

from dashboards.i18n import t
from dashboards.public.data import Context
from dualcarbon.release.data_files import DATA_DIR, INDEX, SDMX_FILE
from dualcarbon.report import labels

DATA_URL_ENV = "DUALCARBON_DATA_URL"


def file_url(release_id: str, name: str) -> str:
    """The file's stable address: under ``DUALCARBON_DATA_URL`` if set, else its path."""
    base = os.environ.get(DATA_URL_ENV, "").rstrip("/")
    return f"{base or 'releases'}/{release_id}/{DATA_DIR}/{name}"


def _read(path: Path) -> bytes:
    return path.read_bytes()


def show(ctx: Context) -> None:
    folder = ctx.release.path / DATA_DIR
    if not (folder / INDEX).is_file():  # a release published before the data files existed
        return
    index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    rid = ctx.release.release_id
    st.header(t("public.data_files.title"))
    st.markdown(t("public.data_files.intro", sdmx=file_url(rid, SDMX_FILE)))
    listing = pl.DataFrame(
        {
            t("public.col_indicator"): [
                labels.pick((e["title"]["zh"], e["title"]["en"]), ctx.lang) or e["indicator_code"]
                for e in index["indicators"]
            ],
            "CSV": [file_url(rid, e["csv"]) for e in index["indicators"]],
            "JSON": [file_url(rid, e["json"]) for e in index["indicators"]],
        }
    )
    linked = bool(os.environ.get(DATA_URL_ENV))
    st.dataframe(
        listing.to_pandas(),
        hide_index=True,
        width="stretch",
        column_config={
            name: st.column_config.LinkColumn(name) if linked else st.column_config.TextColumn(name)
            for name in ("CSV", "JSON")
        },
    )
    files = [INDEX, SDMX_FILE, *(e[kind] for e in index["indicators"] for kind in ("csv", "json"))]
    name = st.selectbox(t("public.data_files.pick"), files, key="public.data_files.file")
    st.download_button(
        t("public.data_files.download", name=name),
        data=partial(_read, folder / name),
        file_name=f"{rid}_{name}",
        mime="application/json" if name.endswith(".json") else "text/csv",
        key="public.data_files.download",
        on_click="ignore",
        icon=":material/download:",
    )
