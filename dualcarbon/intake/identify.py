"""Tell which dataset and reporting period a submitted file holds.

The file name is the first witness (``energy_consumption_2019.csv``, or the dataset's Chinese
title in place of its name); the headers are the second. When the two disagree the file is
mislabelled and is rejected rather than guessed at.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from dualcarbon import i18n
from dualcarbon.contracts import Contract, all_contracts, normalise_header
from dualcarbon.intake.messages import Issue, SubmissionRejected
from dualcarbon.periods import PERIOD_PATTERN, InvalidPeriod, Period, parse_period

_PERIOD_TOKEN = re.compile(rf"(?<![0-9A-Za-z]){PERIOD_PATTERN}(?![0-9A-Za-z])")
_PREAMBLE_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")


def header_score(contract: Contract, row: list[str]) -> int:
    aliases = contract.header_aliases()
    return sum(1 for cell in row if normalise_header(cell) in aliases)


@cache
def _all_aliases() -> tuple[frozenset[str], ...]:
    """Every contract's header spellings, normalised once (all_contracts is cached too)."""
    return tuple(frozenset(c.header_aliases()) for c in all_contracts().values())


def best_header_score(row: list[str]) -> int:
    """header_score of the best-matching contract (each cell normalised once, not once per
    contract: this runs on the top 20 rows of every file)."""
    cells = [normalise_header(cell) for cell in row]
    return max(sum(1 for cell in cells if cell in aliases) for aliases in _all_aliases())


def _named_dataset(stem: str) -> tuple[Contract | None, str]:
    """The contract the file name starts with (longest match), and the rest of the name."""
    lowered = stem.lower()
    for contract in sorted(all_contracts().values(), key=lambda c: -len(c.dataset)):
        for name in (contract.dataset, contract.title_zh):
            if lowered.startswith(name.lower()):
                return contract, stem[len(name) :].strip("_- ")
    return None, stem


def _matched_by_headers(headers: list[str]) -> Contract | None:
    """The one contract all of whose columns are present, if exactly one is."""
    present = {normalise_header(h) for h in headers}
    complete = [
        c
        for c in all_contracts().values()
        if all(
            {
                normalise_header(col.name),
                normalise_header(col.label_zh),
                normalise_header(col.label_en),
            }
            & present
            for col in c.columns
        )
    ]
    return complete[0] if len(complete) == 1 else None


def _period(name: str, preamble: str, name_is_period: bool) -> Period:
    """The period from the file name, else from a title row ("2019年").

    When the name starts with a dataset, what follows it must be the period, so a malformed
    one ("20x9") is reported as such instead of being looked for elsewhere.
    """
    match = _PERIOD_TOKEN.search(name)
    candidate = match.group(0) if match else (name.split("_")[0] if name_is_period else "")
    if not candidate:
        year = _PREAMBLE_YEAR.search(preamble)
        if not year:
            raise SubmissionRejected(Issue("missing_period"))
        candidate = year.group(1)
    try:
        period = parse_period(candidate)
    except InvalidPeriod as error:
        raise SubmissionRejected(Issue("invalid_period", details={"detail": str(error)})) from None
    _title_agrees(period, preamble)
    return period


def _title_agrees(period: Period, preamble: str) -> None:
    """A title row that names years must name the period's year ("2019年能源消费" in a file
    named 2018 is a mislabelled file). Any of the years will do: a title may also name a
    base year ("2019年地区生产总值（2015年价）")."""
    years = {int(y) for y in _PREAMBLE_YEAR.findall(preamble)}
    if years and period.year not in years:
        raise SubmissionRejected(
            Issue(
                "title_period_mismatch",
                details={"title_year": " / ".join(map(str, sorted(years))), "period": period.key},
            )
        )


def identify(path: Path, headers: list[str], preamble: str) -> tuple[Contract, Period]:
    named, rest = _named_dataset(path.stem)
    matched = _matched_by_headers(headers)
    contract = named or matched
    if contract is None:
        datasets = ", ".join(sorted(all_contracts()))
        raise SubmissionRejected(
            Issue("unknown_dataset", details={"file": path.name, "datasets": datasets})
        )
    period = _period(rest if named else path.stem, preamble, name_is_period=named is not None)
    if named and matched and matched is not named:
        raise SubmissionRejected(
            Issue(
                "dataset_mismatch",
                details={
                    "named_zh": named.title_zh,
                    "named_en": named.title_en,
                    "matched_zh": matched.title_zh,
                    "matched_en": matched.title_en,
                    "matched_dataset": matched.dataset,
                    "period": period.key,
                },
            )
        )
    if period.frequency != contract.frequency:
        raise SubmissionRejected(
            Issue(
                "wrong_frequency",
                details={
                    "expected": i18n.Message(f"intake.frequency.{contract.frequency}"),
                    "actual": i18n.Message(f"intake.frequency.{period.frequency}"),
                    "period": period.key,
                },
            )
        )
    return contract, period


def identify_by_name(path: Path) -> tuple[Contract | None, Period | None]:
    """What the file name alone says (dataset, period), each None where it says nothing valid."""
    named, rest = _named_dataset(path.stem)
    try:
        period = _period(rest if named else path.stem, "", name_is_period=named is not None)
    except SubmissionRejected:
        period = None
    return named, period


def period_from_name(path: Path) -> str | None:
    """The period a file name announces, without opening the file (for routing), or None."""
    period = identify_by_name(path)[1]
    return period.key if period else None
