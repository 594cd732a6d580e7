"""Look inside an XLSX file before it is parsed: its size once unpacked, its sheets, its cells'
types.

An XLSX file is a zip of XML parts, so a 2 MB file can unpack to gigabytes (a zip bomb);
the parser would take that memory before anything could refuse the file. The zip's entries
are counted and their sizes checked here first, by reading them in bounded steps (a zip's
declared sizes can lie). The same pass answers what the parser hides:

- which sheet holds the data: exactly one sheet may, besides the template's code-list and
  notes sheets, and it must be visible (a hidden sheet is read by parsers but not seen by
  the person who checked the file);
- which cells are numbers: a code typed as a number is stored as a binary float, so an
  18-digit code has lost its last digits before anyone reads it; intake must refuse it, and
  the text a parser renders for it does not say it was a number;
- where the used range starts (the parser drops leading empty rows and columns).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dualcarbon.intake.messages import Issue, SubmissionRejected

MAX_ENTRIES = 1_000
MAX_UNCOMPRESSED = 100 << 20  # 100 MiB of XML: far beyond any form; large data come as CSV
MAX_ROWS = 1_000_000
# The template's reference sheets (dualcarbon/templates.py), which hold no submission data.
REFERENCE_SHEETS = frozenset({"代码表", "说明"})
# Below 10^15 every integer is exact in a binary float; above, digits may be lost.
EXACT_LIMIT = 1e15

_SHEET = re.compile(rb"<sheet\b[^>]*>")
_RELATION = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_HAS_VALUE = re.compile(rb"<(?:v|is)[\s>]")
# A cell with a value: reference, other attributes, and its <v> (numbers) if it has one.
_CELL = r'<c r="([A-Z]+)(\d+)"([^>]*?)>(?:<f[^>]*(?:/>|>[^<]*</f>))?<(v|is)[\s>]([^<]*)'


@dataclass
class Sheet:
    name: str
    visible: bool
    part: str  # the sheet's XML inside the zip


@dataclass
class Inspection:
    sheet: str  # the one sheet to read
    first_row: int  # the first used row and column (1-based), where the parser starts
    first_column: int
    long_numbers: pl.DataFrame  # ROW (sheet row), column (0-based from first_column), value


def _attributes(tag: bytes) -> dict[str, str]:
    return {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTRIBUTE.findall(tag)}


def _read_bounded(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every entry's bytes, refusing once the total passes MAX_UNCOMPRESSED (checked as the
    bytes come, not from the sizes the zip declares)."""
    entries = archive.infolist()
    declared = sum(e.file_size for e in entries)
    if len(entries) > MAX_ENTRIES or declared > MAX_UNCOMPRESSED:
        raise _too_large(len(entries), declared)
    parts, total = {}, 0
    for entry in entries:
        chunks = []
        with archive.open(entry) as handle:
            while chunk := handle.read(1 << 20):
                total += len(chunk)
                if total > MAX_UNCOMPRESSED:
                    raise _too_large(len(entries), total)
                chunks.append(chunk)
        parts[entry.filename] = b"".join(chunks)
    return parts


def _too_large(entries: int, size: int) -> SubmissionRejected:
    detail = f"{entries} entries, over {size >> 20} MiB; limit {MAX_UNCOMPRESSED >> 20} MiB"
    return SubmissionRejected(Issue("xlsx_too_large", details={"detail": detail}))


def _sheets(parts: dict[str, bytes]) -> list[Sheet]:
    targets = {}
    for tag in _RELATION.findall(parts.get("xl/_rels/workbook.xml.rels", b"")):
        attrs = _attributes(tag)
        target = attrs.get("Target", "")
        targets[attrs.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    sheets = []
    for tag in _SHEET.findall(parts.get("xl/workbook.xml", b"")):
        attrs = _attributes(tag)
        part = targets.get(attrs.get("r:id"), "")
        sheets.append(
            Sheet(attrs.get("name", ""), attrs.get("state", "visible") == "visible", part)
        )
    return sheets


_LETTER = {"@": 0, **{chr(64 + n): n for n in range(1, 27)}}


def _column_index(letters: pl.Expr) -> pl.Expr:
    """Spreadsheet column letters (A, Z, AA, XFD) as 1-based numbers."""
    padded = letters.str.pad_start(3, "@")
    digits = [
        padded.str.slice(i, 1).replace_strict(_LETTER, return_dtype=pl.Int64) for i in range(3)
    ]
    return digits[0] * 676 + digits[1] * 26 + digits[2]


def _cells(xml: bytes) -> pl.DataFrame:
    """Every cell with a value, found by Polars' regex engine (no loop over cells in Python):
    sheet row, column number, whether it is a number, its value."""
    text = pl.DataFrame({"xml": [xml.decode("utf-8", "replace")]})
    cells = text.select(pl.col("xml").str.extract_all(_CELL).alias("cell")).explode("cell")
    parts = pl.col("cell").str.extract_groups(_CELL)
    return (
        cells.drop_nulls()
        .select(parts.struct.unnest())
        .select(
            pl.col("2").cast(pl.Int64).alias("ROW"),
            _column_index(pl.col("1")).alias("column"),
            (~pl.col("3").str.contains('t="') | pl.col("3").str.contains('t="n"'))
            .and_(pl.col("4") == "v")
            .alias("numeric"),
            pl.col("5").alias("value"),
        )
    )


def _data_sheet(parts: dict[str, bytes]) -> Sheet | None:
    sheets = _sheets(parts)
    holding = [
        s
        for s in sheets
        if s.name not in REFERENCE_SHEETS and _HAS_VALUE.search(parts.get(s.part, b""))
    ]
    if len(holding) > 1:
        names = "、".join(s.name + ("" if s.visible else "（隐藏 hidden）") for s in holding)
        raise SubmissionRejected(Issue("extra_sheet", details={"sheets": names}))
    if holding and not holding[0].visible:
        raise SubmissionRejected(Issue("hidden_sheet", details={"sheet": holding[0].name}))
    return holding[0] if holding else (sheets[0] if sheets else None)


def inspect(path: Path) -> Inspection | None:
    """What the file holds, or None if it is not a readable zip (the parser then says how it
    is damaged). Raises SubmissionRejected for a zip bomb or extra or hidden sheets."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _read_bounded(archive)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
        return None
    sheet = _data_sheet(parts)
    if sheet is None:
        return None
    cells = _cells(parts.get(sheet.part, b""))
    if cells.height == 0:
        return Inspection(sheet.name, 1, 1, cells.select("ROW", "column", "value"))
    first_row, last_row = cells.get_column("ROW").min(), cells.get_column("ROW").max()
    if last_row - first_row >= MAX_ROWS:
        raise SubmissionRejected(Issue("xlsx_too_large", details={"detail": f"> {MAX_ROWS} rows"}))
    first_column = cells.get_column("column").min()
    long_numbers = cells.filter(
        pl.col("numeric") & (pl.col("value").cast(pl.Float64, strict=False).abs() >= EXACT_LIMIT)
    ).select("ROW", (pl.col("column") - first_column).alias("column"), "value")
    return Inspection(sheet.name, first_row, first_column, long_numbers)
