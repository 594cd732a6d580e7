"""The files behind every download button: CSV and XLSX of exactly what the page shows,
stamped with the release and carrying the metadata (practices 15 and 17).

CSV: UTF-8 with a byte-order mark (so Excel opens Chinese correctly), metadata first as lines
starting with ``#`` (``polars.read_csv(..., comment_prefix="#")`` and pandas' ``comment="#"``
skip them), then one header row and the data, with a ``release_id`` column on every row.
XLSX: the data on the first sheet, the same metadata on a second sheet, the stamp in the page
header when printed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font

from dualcarbon.report.spreadsheet import formula_safe, text_safe

BOM = "\ufeff"


@dataclass(frozen=True)
class Metadata:
    """What travels with a downloaded table; ``rows`` are (label, text) pairs in the page's
    language, the stamp among them."""

    title: str
    stamp: str
    release_id: str
    rows: tuple[tuple[str, str], ...]
    data_sheet: str = "数据"
    about_sheet: str = "说明"


def meta_line(label: str, text: str) -> str:
    """``Label: text``, unless the text already opens with its label ("Terms of use: ...")."""
    text = str(text)
    stripped = label.rstrip(":：").strip()
    if text.startswith(stripped):
        return text
    return f"{label}: {text}"


def _with_release(frame: pl.DataFrame, release_id: str, column: str) -> pl.DataFrame:
    """The rows to write: stamped with the release, no text cell a spreadsheet would run."""
    return formula_safe(frame.with_columns(pl.lit(release_id).alias(column)))


def csv_bytes(frame: pl.DataFrame, meta: Metadata, release_column: str = "release_id") -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    for line in (meta.title, meta.stamp, *(meta_line(label, text) for label, text in meta.rows)):
        # one physical line each, so a '#'-comment reader skips it whole
        out.write("# " + " ".join(str(line).split()) + "\n")
    data = _with_release(frame, meta.release_id, release_column)
    writer.writerow(data.columns)
    writer.writerows(data.iter_rows())
    return out.getvalue().encode("utf-8")


def xlsx_bytes(frame: pl.DataFrame, meta: Metadata, release_column: str = "release_id") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = meta.data_sheet
    data = _with_release(frame, meta.release_id, release_column)
    sheet.append(data.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.iter_rows():
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    sheet.oddHeader.center.text = meta.title
    sheet.oddFooter.center.text = meta.stamp
    about = book.create_sheet(meta.about_sheet)
    about.append([text_safe(meta.title)])
    about["A1"].font = Font(bold=True)
    about.append([text_safe(meta.stamp)])
    for label, text in meta.rows:  # a correction's note is free text typed by a person
        about.append([text_safe(str(label)), text_safe(str(text))])
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
