"""Reporting periods: annual now, quarterly and monthly keys already understood.

A period key is what departments write in file names and what Dagster uses as the
partition key: ``2019`` (annual), ``2019Q1`` (quarterly), ``2019-01`` (monthly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FIRST_YEAR = 2005
PERIOD_PATTERN = r"(?P<year>\d{4})(?:(?P<quarter>Q[1-4])|-(?P<month>0[1-9]|1[0-2]))?"
_PERIOD_RE = re.compile(rf"^{PERIOD_PATTERN}$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def frequency(self) -> str:
        if self.month is not None:
            return "monthly"
        if self.quarter is not None:
            return "quarterly"
        return "annual"

    @property
    def key(self) -> str:
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        if self.quarter is not None:
            return f"{self.year}Q{self.quarter}"
        return str(self.year)

    @property
    def end(self) -> date:
        """First day after the period: a period can be reported only once it has ended."""
        if self.month is not None:
            return date(self.year + self.month // 12, self.month % 12 + 1, 1)
        if self.quarter is not None:
            month = self.quarter * 3
            return date(self.year + month // 12, month % 12 + 1, 1)
        return date(self.year + 1, 1, 1)

    def __str__(self) -> str:
        return self.key


class InvalidPeriod(ValueError):
    pass


def parse_period(text: str, today: date | None = None) -> Period:
    """Parse a period key; reject malformed keys, years before FIRST_YEAR and unfinished periods."""
    match = _PERIOD_RE.match(text.strip())
    if not match:
        raise InvalidPeriod(f"'{text}' is not a period key (2019, 2019Q1 or 2019-01)")
    period = Period(
        year=int(match["year"]),
        quarter=int(match["quarter"][1]) if match["quarter"] else None,
        month=int(match["month"]) if match["month"] else None,
    )
    today = today or date.today()
    if period.year < FIRST_YEAR:
        raise InvalidPeriod(
            f"period {period} is before {FIRST_YEAR}, the first year the platform keeps"
        )
    if period.end > today:
        raise InvalidPeriod(f"period {period} has not ended yet (today is {today.isoformat()})")
    return period
