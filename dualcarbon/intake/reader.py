"""Read a submitted CSV or XLSX file into a table of text cells, without judging its content.

Everything is read as text so that intake, not a parser's type guessing, decides what is
wrong. CSV is parsed by DuckDB with fixed options (no dialect sniffing), which is fast and
reports the line of a malformed record; XLSX is read by fastexcel (calamine).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import fastexcel
import polars as pl

from dualcarbon.intake import xlsx_guard
from dualcarbon.intake.messages import Issue, SubmissionRejected

HEADER_SEARCH_ROWS = 20
ROW = "_row"
SUPPORTED_SUFFIXES = {".csv", ".xlsx"}
_CSV_ERROR_LINE = re.compile(r"CSV Error on Line: (\d+)")


@dataclass
class RawSheet:
    """The cells of a submission: the header row as written, and the data rows as text."""

    headers: list[str]
    data: pl.DataFrame  # columns c0..cN (text) and ROW, the row number a person sees
    first_data_row: int  # the row number (1-based, as a person sees it) of data row 0
    preamble: str  # text above the header (title rows), which may name the period
    encoding: str
    # XLSX: number cells too long to be exact (ROW, column index as in c0..cN, value), so
    # that a code typed as a number is refused (validate.py); None for CSV.
    long_numbers: pl.DataFrame | None = None


def decode(raw: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or GB18030, a superset of GBK."""
    try:
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        text = raw.decode(encoding)
    except UnicodeDecodeError as utf8_error:
        try:
            text, encoding = raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise SubmissionRejected(
                Issue("undecodable", details={"byte_offset": utf8_error.start})
            ) from None
        refuse_utf8_lines(raw)
    # NUL characters decode "successfully" but mean UTF-16 or a binary file.
    nul = text.find("\x00")
    if nul >= 0:
        raise SubmissionRejected(Issue("undecodable", details={"byte_offset": nul}))
    return text, encoding


# A line holding any byte above ASCII: only such lines can be in one encoding or the other.
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


def refuse_utf8_lines(raw: bytes, first_line: int = 1) -> None:
    """In bytes that are not UTF-8 as a whole (so read as GB18030), a non-ASCII line that is
    valid UTF-8 was typed or pasted in the other encoding: GB18030 would accept its bytes and
    store mojibake. Chinese text in GBK is almost never valid UTF-8 by chance, so such a line
    is refused, named by its number (``first_line``: the number of the first line of ``raw``)."""
    for match in _NON_ASCII_LINE.finditer(raw):
        try:
            match.group().decode("utf-8")
        except UnicodeDecodeError:
            continue
        row = first_line + raw.count(b"\n", 0, match.start())
        raise SubmissionRejected(Issue("mixed_encoding", row=row))


def _header_index(rows: list[list[str]], score: Callable[[list[str]], int]) -> int:
    """The header is the first of the top rows that matches the most known column labels."""
    scores = [score(row) for row in rows[:HEADER_SEARCH_ROWS]]
    best = max(scores, default=0)
    if best > 0:
        return scores.index(best)
    return next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)


def _read_csv(path: Path, score: Callable[[list[str]], int]) -> RawSheet:
    raw = path.read_bytes()
    text, encoding = decode(raw)
    head = text[: 64 * 1024].splitlines()[:HEADER_SEARCH_ROWS]
    head_rows = list(csv.reader(head))
    if not any(any(c.strip() for c in row) for row in head_rows):
        raise SubmissionRejected(Issue("empty_file"))
    header_line = _header_index(head_rows, score)
    headers = [c.strip() for c in head_rows[header_line]]
    columns = {f"c{i}": "VARCHAR" for i in range(len(headers))}
    payload = raw if encoding.startswith("utf-8") else text.encode("utf-8")
    try:
        data = (
            duckdb.connect()
            .read_csv(
                io.BytesIO(payload),
                header=False,
                skiprows=header_line + 1,
                columns=columns,
                delimiter=",",
                quotechar='"',
                escapechar='"',
                strict_mode=True,
                null_padding=False,
                auto_detect=False,
            )
            .pl()
        )
    except duckdb.Error as error:
        raise malformed_csv(error) from None
    preamble = " ".join(" ".join(r) for r in head_rows[:header_line])
    return RawSheet(headers, data, header_line + 2, preamble, encoding)


def malformed_csv(error: duckdb.Error) -> SubmissionRejected:
    """DuckDB's strict CSV reader's refusal, as the issue naming the line (or, for bytes that
    are not UTF-8, as undecodable)."""
    message = str(error)
    if "unicode" in message.lower():
        return SubmissionRejected(Issue("undecodable", details={"byte_offset": "?"}))
    line = _CSV_ERROR_LINE.search(message)
    reason = message.split("\n")[2] if message.count("\n") >= 2 else message
    return SubmissionRejected(
        Issue(
            "malformed_csv",
            row=int(line.group(1)) if line else None,
            details={"detail": reason.strip()},
        )
    )


def _read_xlsx(path: Path, score: Callable[[list[str]], int]) -> RawSheet:
    # Sizes, sheets and cell types first (xlsx_guard): a zip bomb must not reach the parser.
    inspection = xlsx_guard.inspect(path)
    try:
        reader = fastexcel.read_excel(path)
        sheet = reader.load_sheet(
            inspection.sheet if inspection else 0,
            header_row=None,
            dtypes="string",
            n_rows=xlsx_guard.MAX_ROWS + 1,
        )
        frame = sheet.to_polars()
    except Exception as error:  # fastexcel raises its own hierarchy for zip/xml damage
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        detail = (
            "zip container damaged or incomplete" if "zip" in first_line.lower() else first_line
        )
        raise SubmissionRejected(Issue("corrupt_xlsx", details={"detail": detail[:200]})) from None
    if frame.height == 0:
        raise SubmissionRejected(Issue("empty_file"))
    frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    head_rows = [[c or "" for c in row] for row in frame.head(HEADER_SEARCH_ROWS).iter_rows()]
    header_index = _header_index(head_rows, score)
    headers = [c.strip() for c in head_rows[header_index]]
    # Drop trailing columns that have neither a header nor any value (formatted but empty cells).
    while headers and not headers[-1] and frame.get_column(f"c{len(headers) - 1}").is_null().all():
        frame = frame.drop(f"c{len(headers) - 1}")
        headers.pop()
    preamble = " ".join(" ".join(r) for r in head_rows[:header_index])
    # fastexcel's table starts at the first used row, so row numbers in feedback would
    # otherwise be off by the number of leading empty rows.
    first_data_row = (inspection.first_row if inspection else 1) + header_index + 1
    numbers = inspection.long_numbers if inspection else None
    return RawSheet(
        headers, frame.slice(header_index + 1), first_data_row, preamble, "xlsx", numbers
    )


def read_sheet(path: Path, score: Callable[[list[str]], int]) -> RawSheet:
    """Read a submission; ``score`` rates how well a row looks like a known header."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SubmissionRejected(
            Issue("unsupported_file_type", details={"suffix": suffix or "(none)"})
        )
    if path.stat().st_size == 0:
        raise SubmissionRejected(Issue("empty_file"))
    sheet = _read_csv(path, score) if suffix == ".csv" else _read_xlsx(path, score)
    # Trim cells, treat blank cells as empty, number rows as a person sees them, and drop
    # rows that are entirely blank (spreadsheet padding).
    cells = pl.col(r"^c\d+$")
    data = (
        sheet.data.with_columns(cells.str.strip_chars())
        .with_columns(pl.when(cells == "").then(None).otherwise(cells).name.keep())
        .with_row_index(ROW, offset=sheet.first_data_row)
        .filter(~pl.all_horizontal(cells.is_null()))
    )
    sheet.data = data
    if data.height == 0:
        raise SubmissionRejected(Issue("empty_file"))
    return sheet
