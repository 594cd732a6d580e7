"""The Check model: one named, documented judgement on the data of a period.

A check (docs/design/quality.md) is

- metadata: a stable ``check_id`` (``<dataset>.<kind>.<name>``), the ``dataset`` it judges (a
  contract name, a mart such as ``fct_indicators``, or ``submissions`` for the register of
  received files), its ``kind``, its ``severity`` and whether it is ``row_level`` (it judges
  individual submitted rows, identified by ``source_row``, so failing rows can be
  quarantined), with a description that says what to do and, for a failing row, why it failed:
  both are messages of the catalogue (``dualcarbon/locale``, ``gx.*``), said in Chinese and
  English;
- a :class:`Frame`: how to build the table it validates from the warehouse (SQL over the
  staging views, raw tables, marts and seeds of the period), read with DuckDB into Polars;
- the Great Expectations expectations run on that frame (converted to pandas: GX has no
  Polars datasource), built at validation time so they can use the thresholds in force.

Frames are built once per validation and shared by the checks that name them. Failing rows
are identified by the frame's ``keys`` (GX's ``unexpected_index_column_names``).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl

from dualcarbon import i18n
from expectations import config

if TYPE_CHECKING:
    from great_expectations.expectations.expectation import Expectation

KINDS = ("completeness", "validity", "consistency", "plausibility", "timeliness")
SEVERITIES = ("ERROR", "WARN")
# GX's own severity vocabulary, shown in Data Docs.
GX_SEVERITY = {"ERROR": "critical", "WARN": "warning"}


@dataclass
class CheckContext:
    """What a frame builder may use: the open warehouse, the period and the submission."""

    con: duckdb.DuckDBPyConnection
    period: str
    dataset: str
    submission_id: str | None = None
    submission_version: int | None = None
    thresholds: dict[str, Any] = field(default_factory=config.thresholds)
    _frames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    _codes: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def previous_period(self) -> str:
        return config.previous_period(self.period)

    def sql(self, query: str, **params: Any) -> pl.DataFrame:
        """Run a query with named parameters ($period, $submission_id, ...) into Polars."""
        return self.con.sql(query, params=params or None).pl()

    def frame(self, frame: Frame) -> pl.DataFrame:
        if frame.name not in self._frames:
            self._frames[frame.name] = frame.build(self)
        return self._frames[frame.name]

    def codes(self, code_list: str) -> list[str]:
        """The codes of a reference code list as the warehouse has it (dbt seed)."""
        if code_list not in self._codes:
            column = self.con.sql(f"select * from reference.{code_list} limit 0").columns[0]
            rows = self.con.sql(f"select {column} from reference.{code_list}").fetchall()
            self._codes[code_list] = sorted(str(r[0]) for r in rows)
        return self._codes[code_list]


@dataclass(frozen=True)
class Frame:
    """A table to validate: its builder and the columns that identify one of its rows."""

    name: str
    build: Callable[[CheckContext], pl.DataFrame]
    keys: tuple[str, ...]
    # Human-readable key of a row (quality.failing_rows.row_key); defaults to ``keys``.
    label_columns: tuple[str, ...] = ()
    # Columns of the submitted row kept in the quarantine (row_json); None = all columns.
    row_columns: tuple[str, ...] | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return self.label_columns or self.keys


ExpectationBuilder = Callable[[CheckContext], Sequence["Expectation"]]


@dataclass(frozen=True)
class Check:
    check_id: str
    dataset: str
    kind: str
    severity: str
    row_level: bool
    frame: Frame
    expectations: ExpectationBuilder
    # The catalogue's message ids: what the check asks and what to do; why one row failed,
    # formatted with the row's columns ("{region_code}: {quantity}"), when the check says so.
    description_key: str
    reason_key: str | None = None
    # The messages' placeholders (a Message or Pair is said in the message's language). A value
    # may itself name the row's columns ("{quantity}"): a reason is filled with them last.
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.check_id}: unknown kind {self.kind}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.check_id}: unknown severity {self.severity}")
        if self.check_id.split(".")[:2] != [self.dataset, self.kind]:
            raise ValueError(f"{self.check_id}: must read <dataset>.<kind>.<name>")
        if self.row_level and "source_row" not in self.frame.keys:
            raise ValueError(f"{self.check_id}: a row-level check needs rows keyed by source_row")

    @property
    def quarantines(self) -> bool:
        """Failing rows of row-level ERROR checks are quarantined."""
        return self.row_level and self.severity == "ERROR"

    def description(self, lang: str) -> str:
        return i18n.text(self.description_key, lang, **self.values)

    def reason(self, lang: str) -> str:
        """The reason's template, its placeholders filled but for the row's columns."""
        if not self.reason_key:
            return ""
        said = {k: _said(v, lang) for k, v in self.values.items()}
        return _PARTIAL.format(i18n.text(self.reason_key, lang), **said)

    # Both languages, for the results table and GX's notes.
    description_zh = property(lambda self: self.description("zh"))
    description_en = property(lambda self: self.description("en"))
    reason_zh = property(lambda self: self.reason("zh"))
    reason_en = property(lambda self: self.reason("en"))

    @cached_property
    def _reason_templates(self) -> tuple[str, str]:
        # Said once per check, filled per failing row (a quarantine may hold many).
        return self.reason_zh, self.reason_en

    def reasons(self, row: dict[str, Any]) -> tuple[str, str]:
        zh, en = self._reason_templates
        return (
            format_row(zh, row) if zh else self.description_zh,
            format_row(en, row) if en else self.description_en,
        )


def _said(value: Any, lang: str) -> Any:
    return value.render(lang) if isinstance(value, i18n.Message | i18n.Pair | i18n.Join) else value


class _PartialFormatter(string.Formatter):
    """Fills the placeholders it is given and leaves the others (the row's columns) as they
    were, format spec and all, for ``format_row``."""

    def vformat(self, format_string, args, kwargs):  # type: ignore[override]
        parts = []
        for literal, name, spec, conversion in self.parse(format_string):
            parts.append(literal.replace("{", "{{").replace("}", "}}"))
            if name is None:
                continue
            if name in kwargs:
                value = self.convert_field(kwargs[name], conversion)
                parts.append(str(self.format_field(value, spec)))
            else:
                suffix = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                parts.append(f"{{{name}{suffix}}}")
        return "".join(parts)


_PARTIAL = _PartialFormatter()


class _RowFormatter(string.Formatter):
    """Formats a reason with a row's values; a missing or null value reads '—'."""

    def get_value(self, key, args, kwargs):  # type: ignore[override]
        return kwargs.get(key) if isinstance(key, str) else super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return "—"
        try:
            return format(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_FORMATTER = _RowFormatter()


def format_row(template: str, row: dict[str, Any]) -> str:
    return _FORMATTER.format(template, **row)
