from datetime import date

import pytest

from dualcarbon.periods import InvalidPeriod, parse_period

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "frequency", "key"),
    [
        ("2019", "annual", "2019"),
        ("2024Q3", "quarterly", "2024Q3"),
        ("2025-12", "monthly", "2025-12"),
    ],
)
def test_period_keys_of_every_frequency(text, frequency, key):
    period = parse_period(text, today=TODAY)
    assert (period.frequency, period.key) == (frequency, key)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("20x9", "not a period key"),
        ("2019Q5", "not a period key"),
        ("2019-13", "not a period key"),
        ("2026", "has not ended"),  # the year is not over on 24 November
        ("2026Q4", "has not ended"),
        ("1999", "before 2005"),
    ],
)
def test_malformed_unfinished_or_too_old_periods_are_refused(text, reason):
    with pytest.raises(InvalidPeriod, match=reason):
        parse_period(text, today=TODAY)


def test_a_period_is_reportable_the_day_after_it_ends():
    assert parse_period("2026Q3", today=date(2026, 10, 1)).key == "2026Q3"
    with pytest.raises(InvalidPeriod):
        parse_period("2026Q3", today=date(2026, 9, 30))
