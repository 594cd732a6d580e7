"""The department's receipt or rejection report, in Chinese with an English copy.

Written to ``reports/feedback/<submission_id>/``: ``feedback.zh.md``, ``feedback.en.md`` and
``issues.csv`` (UTF-8 with BOM, so that Excel opens the Chinese text correctly).

The Markdown reports to a department (this one, and the data-quality review's ``returned.*``)
are Jinja templates in ``templates/``; their words come from the message catalogue through the
``t`` function each template is given, so one template serves both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import polars as pl

from dualcarbon import i18n
from dualcarbon.contracts import Contract, department_names
from dualcarbon.intake.messages import Issue
from dualcarbon.periods import Period

LANGS = ("zh", "en")


@dataclass
class Receipt:
    submission_id: str
    file_name: str
    sha256: str
    received_at: datetime
    contract: Contract | None
    period: Period | None
    accepted: bool
    version: int | None
    row_count: int
    issues: list[Issue]


def said(value: Any, lang: str) -> Any:
    """A catalogue message or a pair of texts in ``lang``; anything else as it is."""
    return value.render(lang) if isinstance(value, i18n.Message | i18n.Pair | i18n.Join) else value


@jinja2.pass_context
def _cell(context: jinja2.runtime.Context, value: object) -> str:
    """A Markdown table cell: said in the report's language, on one line, ``|`` escaped."""
    value = said(value, context["lang"])
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("dualcarbon.intake", "templates"),
        # Markdown, not HTML: nothing to escape but table cells (the `cell` filter).
        autoescape=jinja2.select_autoescape(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["cell"] = _cell
    return environment


def render_report(template: str, lang: str, **context: Any) -> str:
    """Render ``templates/<template>`` in ``lang``: ``t(key, **values)`` says a catalogue
    message (a `Message` or `Pair` value is said in ``lang`` too)."""

    def t(key: str, **values: Any) -> str:
        return i18n.text(key, lang, **values)

    return _environment().get_template(template).render(t=t, lang=lang, **context)


def _render(receipt: Receipt, lang: str) -> str:
    contract, unknown = receipt.contract, i18n.Message("feedback.not_identified")
    department = dataset = unknown
    if contract:
        department = i18n.Pair(*department_names(contract.department))
        dataset = i18n.Pair(
            f"{contract.title_zh} (`{contract.dataset}`)",
            f"{contract.title_en} (`{contract.dataset}`)",
        )
    problems = [
        {
            "row": issue.row,
            "column": issue.column,
            "value": issue.value,
            "message": i18n.Pair(issue.message_zh, issue.message_en),
            "fix": i18n.Pair(issue.fix_zh, issue.fix_en),
        }
        for issue in receipt.issues
    ]
    return render_report(
        "feedback.md.j2",
        lang,
        receipt=receipt,
        department=department,
        dataset=dataset,
        period=receipt.period.key if receipt.period else unknown,
        problems=problems,
    )


def write_feedback(folder: Path, receipt: Receipt) -> Path:
    """Write the reports (idempotent: the same receipt gives the same files)."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        (folder / f"feedback.{lang}.md").write_text(_render(receipt, lang), encoding="utf-8")
    issues = pl.DataFrame(
        [i.as_record() for i in receipt.issues], schema=list(Issue("empty_file").as_record())
    )
    (folder / "issues.csv").write_bytes(b"\xef\xbb\xbf" + issues.write_csv().encode("utf-8"))
    return folder / "feedback.zh.md"
