"""Cells that a spreadsheet would run as a formula (CSV/formula injection, OWASP): a text cell
that opens with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, so Excel and LibreOffice show it as text. Numbers are left alone (a negative
number stays a number). Used by every CSV and XLSX file a user can download, on the site and
in the releases' data files."""

from __future__ import annotations

import re

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"


def text_safe(text: str) -> str:
    """One text cell (a metadata line, a correction note) escaped like ``formula_safe``."""
    return f"'{text}" if re.match(FORMULA_START, text) else text


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every formula-leading text cell escaped; other cells unchanged."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )
