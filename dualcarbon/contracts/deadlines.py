"""When a dataset is due: its contract's ``deadline:`` rule (or its frequency's default) for a
reporting period, as the naive UTC timestamp that ``raw.submissions.received_at`` is.

Rules: ``N+k-MM-DD`` for annual data of year N (``N+1-03-31``: due on 31 March of the following
year), or ``end+Dd``: D days after the last day of the period, any frequency.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from dualcarbon.contracts import get_contract
from dualcarbon.periods import parse_period

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")

_ANNUAL_RULE = re.compile(r"^N(?P<offset>[+-]\d+)?-(?P<month>\d{2})-(?P<day>\d{2})$")
_END_RULE = re.compile(r"^end\+(?P<days>\d+)d$")


def deadline(dataset: str, period: str) -> datetime:
    """When the dataset's submission for the period is due, as a naive UTC timestamp (as
    raw.submissions.received_at)."""
    entry = get_contract(dataset).deadline
    p = parse_period(period, today=date.max)  # a key, not 'has it ended'
    rule = entry.rule.strip()
    if match := _ANNUAL_RULE.match(rule):
        if p.frequency != "annual":
            raise ValueError(f"{dataset}: rule {rule} is for annual periods, not {period}")
        due = date(p.year + int(match["offset"] or 0), int(match["month"]), int(match["day"]))
    elif match := _END_RULE.match(rule):
        due = p.end - timedelta(days=1) + timedelta(days=int(match["days"]))
    else:
        raise ValueError(f"{dataset}: unknown deadline rule {rule!r}")
    local = datetime.combine(due, time.fromisoformat(entry.time), CHINA_STANDARD_TIME)
    return local.astimezone(UTC).replace(tzinfo=None)
