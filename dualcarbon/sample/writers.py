"""Write submissions as departments do: CSV in UTF-8 / UTF-8-BOM / GBK, or XLSX with titles.

Every writer is byte-for-byte deterministic (XLSX: fixed document times and zip entry times).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from dualcarbon.sample._common import HEADERS_ZH

FIXED_TIME = datetime(2025, 3, 31, 9, 0, 0)
_ZIP_TIME = (2025, 3, 31, 9, 0, 0)


def to_labels(frame: pl.DataFrame, dataset: str, chinese: bool = True) -> pl.DataFrame:
    """Columns in contract order, renamed to their Chinese labels (or kept as names)."""
    labels = HEADERS_ZH[dataset]
    frame = frame.select(list(labels))
    return frame.rename(labels) if chinese else frame


def csv_bytes(frame: pl.DataFrame, encoding: str = "utf-8") -> bytes:
    """CSV text of a frame (every value as written; codes stay text) in an encoding."""
    text = frame.write_csv(line_terminator="\r\n" if encoding == "gbk" else "\n")
    return text.encode(encoding)


def write_csv(frame: pl.DataFrame, path: Path, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame, encoding))
    return path


def _deterministic_zip(raw: bytes) -> bytes:
    """Rewrite a zip with fixed entry times, so that the same workbook gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def xlsx_bytes(
    frame: pl.DataFrame,
    title: str,
    notes: list[str] | None = None,
    text_columns: tuple[str, ...] = (),
) -> bytes:
    """A workbook whose first sheet has a merged title row, optional note rows, the header
    and the data. Columns named in ``text_columns`` are written as strings."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ncols = frame.width
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    for note in notes or []:
        ws.append([note])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)
    ws.append(frame.columns)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    text_idx = {i for i, c in enumerate(frame.columns) if c in text_columns}
    for row in frame.iter_rows():
        ws.append([str(v) if i in text_idx and v is not None else v for i, v in enumerate(row)])
    for i, col in enumerate(frame.columns):
        ws.column_dimensions[chr(ord("A") + i)].width = max(12, 2 * len(col) + 2)
    if text_idx:
        for i in text_idx:
            for (cell,) in ws.iter_rows(
                min_row=ws.max_row - frame.height + 1, min_col=i + 1, max_col=i + 1
            ):
                cell.number_format = "@"
    wb.properties.creator = "dualcarbon sample generator"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # not save_workbook(): that stamps the current time
    return _deterministic_zip(buffer.getvalue())


def write_xlsx(
    frame: pl.DataFrame,
    path: Path,
    title: str,
    notes: list[str] | None = None,
    text_columns: tuple[str, ...] = (),
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(frame, title, notes, text_columns))
    return path
