"""What a public page must never show, as checks on its rendered text (issue 16).

The text is what a reader sees: the page's visible text, the cells of its tables and the
text its charts draw. Every pattern is ASCII-only (``re.ASCII``): with Unicode word
characters, a Chinese character next to a number or a word ("共42989万吨", "值为None") would
count as part of the same word and hide it.
"""

from __future__ import annotations

import re

# a value the code did not format: Python's, pandas', Polars' and JavaScript's missing values
MISSING = re.compile(r"\b(None|nan|NaN|NaT|null|undefined)\b", re.ASCII)
# five or more digits in a row that are a whole number token: not part of a longer word or
# code (JS-2024-v1, S01, a hash), not a group after a thousands separator or a decimal point,
# not a date's or a range's part (but a minus sign before a number is caught), and not a region code (six digits from 32, Jiangsu's
# administrative division codes). Four digits are years (2024) and stay unflagged.
RAW_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.,:/])(?<![A-Za-z0-9]-)(?!32\d{4}(?![0-9]))\d{5,}(?![A-Za-z0-9_])", re.ASCII
)
# more than three decimals (0.000000, 72,291.110000, 0.33490)
LONG_DECIMALS = re.compile(r"(?<![0-9.])\d[\d,]*\.\d{4,}", re.ASCII)
# scientific notation (4.3e+08): no reader of a statistics page should have to decode it
SCIENTIFIC = re.compile(r"(?<![A-Za-z0-9_])\d+(\.\d+)?[eE][+-]\d+\b", re.ASCII)
# a warehouse model's name: fct_indicators, dim_region, stg_stats__energy, int_co2__lines
INTERNAL_NAME = re.compile(r"(?<![A-Za-z0-9])(fct|dim|stg|int)_[a-z0-9_]+", re.ASCII)


def missing_values(text: str) -> list[str]:
    """Missing values shown as the code's words for them ("None", "nan", ...)."""
    return [f"missing value shown as {m.group()!r}" for m in MISSING.finditer(text)]


def unformatted_numbers(text: str) -> list[str]:
    """Long numbers without thousands separators, and numbers in scientific notation."""
    problems = [f"number without separators: {m.group()}" for m in RAW_NUMBER.finditer(text)]
    return problems + [f"scientific notation: {m.group()}" for m in SCIENTIFIC.finditer(text)]


def long_decimals(text: str) -> list[str]:
    """Numbers with more than three decimals."""
    return [f"more than 3 decimals: {m.group()}" for m in LONG_DECIMALS.finditer(text)]


def value_problems(text: str) -> list[str]:
    """Every missing value and unformatted number in ``text``, one line each."""
    return missing_values(text) + unformatted_numbers(text) + long_decimals(text)


def internal_names(text: str) -> list[str]:
    """Names of warehouse tables and columns in ``text`` (sorted, once each)."""
    return sorted({m.group() for m in INTERNAL_NAME.finditer(text)})
