"""Attacks on the release calendar: a period that injects lines into the iCalendar feed, and
a planned time in the past that would lift the embargo at once. Both are refused and nothing
is logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dualcarbon import audit
from dualcarbon.auth import LocalUserStore
from dualcarbon.release import calendar
from dualcarbon.release.calendar import CalendarError

INJECTIONS = [
    "2025\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:fake release",
    "2025\nX-INJECTED:1",
    "2025;DTSTART=19700101",
    "../2025",
    "1999",  # before the platform's first year
    "",
]


@pytest.fixture
def publisher(workspace):
    store = LocalUserStore.of(workspace.home)
    admin = store.add("li_admin", "admin-pass-2026", ["admin"])
    return store.add("drc_chen", "drc-pass-2026", ["publisher"], by=admin)


def test_a_period_cannot_inject_into_the_ical_feed(workspace, publisher):
    later = datetime.now(UTC) + timedelta(days=30)
    for period in INJECTIONS:
        with pytest.raises(CalendarError) as refused:
            calendar.plan(workspace, publisher, period, later)
        assert "not a reporting period" in refused.value.message_en, period
        assert "不是报告期" in refused.value.message_zh
    assert audit.read(workspace.home)[-1]["action"] == "user_add"  # nothing planned
    calendar.plan(workspace, publisher, "2025", later)
    feed = calendar.ics(workspace)
    assert feed.count("BEGIN:VEVENT") == 1 and "X-INJECTED" not in feed


def test_a_planned_time_in_the_past_needs_a_correction_reason(workspace, publisher):
    past = datetime.now(UTC) - timedelta(hours=1)
    with pytest.raises(CalendarError) as refused:
        calendar.plan(workspace, publisher, "2025", past)
    assert "in the past" in refused.value.message_en and "已过去" in refused.value.message_zh
    assert calendar.planned_time(workspace, "2025") is None  # the embargo was not lifted
    calendar.plan(workspace, publisher, "2025", past, reason="更正：登记实际发布时间")
    assert calendar.planned_time(workspace, "2025") == past
