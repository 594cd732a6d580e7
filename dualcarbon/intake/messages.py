"""Everything intake can find wrong with a submission: an issue, with a stable code (used in
tests, reports and the warehouse), said in Chinese and English with a suggested fix.

The words are in the message catalogue (dualcarbon/locale), under ``intake.<code>`` (the
problem) and ``intake.<code>.fix`` (what to do), filled from the issue's value and details. A
detail given in both languages (``label_zh`` and ``label_en``) fills one placeholder
(``{label}``), said in the message's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from dualcarbon import i18n

# Every issue code, in the order the documentation lists them.
CODES: tuple[str, ...] = (
    "empty_file",
    "unsupported_file_type",
    "undecodable",
    "corrupt_xlsx",
    "malformed_csv",
    "unknown_dataset",
    "dataset_mismatch",
    "missing_period",
    "invalid_period",
    "wrong_frequency",
    "missing_column",
    "unexpected_column",
    "duplicate_column",
    "missing_value",
    "not_a_number",
    "not_an_integer",
    "unknown_code",
    "pattern_mismatch",
    "region_not_allowed",
    "unit_not_allowed",
    "code_not_allowed",
    "below_minimum",
    "above_maximum",
    "duplicate_key",
    "more_rows",
    "not_a_regular_file",
    "wrong_department",
    "mixed_encoding",
    "title_period_mismatch",
    "extra_sheet",
    "hidden_sheet",
    "code_as_number",
    "xlsx_too_large",
    "row_rule",
)


def _values(value: str | None, details: Mapping) -> dict:
    """The placeholders' values: ``x_zh`` and ``x_en`` details become one ``x``, said in the
    language of the message it fills."""
    values = {"value": value, **details}
    for name in list(values):
        if name.endswith("_zh") and f"{name[:-3]}_en" in values:
            values[name[:-3]] = i18n.Pair(values[name], values[f"{name[:-3]}_en"])
    return values


@dataclass(frozen=True)
class Issue(i18n.Said):
    """One thing wrong with a submission, located as precisely as it can be."""

    code: str
    row: int | None = None  # the row number a person sees in Excel / a text editor
    column: str | None = None  # the header as written in the file, or the contract's label
    value: str | None = None
    details: dict = field(default_factory=dict)

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        """What is wrong, in ``lang`` (zh or en)."""
        return i18n.text(f"intake.{self.code}", lang, **_values(self.value, self.details))

    def fix(self, lang: str = i18n.DEFAULT_LANG) -> str:
        """What the department should do about it, in ``lang``."""
        return i18n.text(f"intake.{self.code}.fix", lang, **_values(self.value, self.details))

    @property
    def fix_zh(self) -> str:
        return self.fix("zh")

    @property
    def fix_en(self) -> str:
        return self.fix("en")

    def as_record(self) -> dict:
        return {
            "issue_code": self.code,
            "row_number": self.row,
            "column_name": self.column,
            "value": self.value,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "fix_zh": self.fix_zh,
            "fix_en": self.fix_en,
        }


class _Templates(Mapping):
    """code -> (message_zh, message_en, fix_zh, fix_en) as the catalogue words them, with
    their placeholders: for the documentation of the codes (templates.py). Read from the
    catalogue when asked, never a second copy of it."""

    def __getitem__(self, code: str) -> tuple[str, str, str, str]:
        if code not in CODES:
            raise KeyError(code)
        return tuple(
            i18n.text(key, lang)
            for key in (f"intake.{code}", f"intake.{code}.fix")
            for lang in ("zh", "en")
        )

    def __iter__(self) -> Iterator[str]:
        return iter(CODES)

    def __len__(self) -> int:
        return len(CODES)


CATALOGUE: Mapping[str, tuple[str, str, str, str]] = _Templates()


class SubmissionRejected(Exception):
    """Raised when a file cannot be read far enough to check its rows."""

    def __init__(self, *issues: Issue):
        super().__init__("; ".join(i.message_en for i in issues))
        self.issues = list(issues)
