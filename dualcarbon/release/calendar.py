"""The advance release calendar (practices 1 and 2): planned date and time of each period's
release, every change with its reason, punctuality, and an iCalendar feed.

Plans are ``calendar_plan`` events in the audit log, so the calendar's history cannot be
rewritten: the plan for a period is its latest event, and a change of a plan must give a
reason. Times are stored in UTC and shown in China Standard Time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from dualcarbon import audit
from dualcarbon.auth import User, require
from dualcarbon.errors import BilingualError
from dualcarbon.paths import Workspace

CST = timezone(timedelta(hours=8), "CST")


class CalendarError(BilingualError):
    """A refusal, in Chinese and English."""


@dataclass(frozen=True)
class PlannedRelease:
    period: str
    planned_at: datetime
    planned_by: str
    reason: str
    changes: int  # how many times the plan was changed after it was first announced
    history: tuple[dict, ...]


def _events(ws: Workspace) -> list[dict]:
    return audit.find(ws.home, action="calendar_plan")


def entries(ws: Workspace) -> list[PlannedRelease]:
    by_period: dict[str, list[dict]] = {}
    for event in _events(ws):
        by_period.setdefault(event["subject"], []).append(event)
    return sorted(
        (
            PlannedRelease(
                period=period,
                planned_at=datetime.fromisoformat(events[-1]["details"]["planned_at"]),
                planned_by=events[-1]["actor"],
                reason=events[-1]["details"].get("reason", ""),
                changes=len(events) - 1,
                history=tuple(events),
            )
            for period, events in by_period.items()
        ),
        key=lambda p: p.planned_at,
    )


def planned_time(ws: Workspace, period: str) -> datetime | None:
    return next((p.planned_at for p in entries(ws) if p.period == period), None)


def plan(
    ws: Workspace,
    user: User | None,
    period: str,
    planned_at: datetime,
    reason: str = "",
    now: datetime | None = None,
) -> dict:
    """Announce (or change, with a reason) the planned release time of a period."""
    user = require(user, "publisher", "auth.action.plan_calendar")
    if planned_at.tzinfo is None:
        planned_at = planned_at.replace(tzinfo=CST)  # officials write Beijing time
    existing = planned_time(ws, period)
    if existing is not None and not reason.strip():
        raise CalendarError(
            "release.calendar.plan.planned_cst_change_calendar",
            period=period,
            planned=existing.astimezone(CST),
        )
    return audit.append(
        ws.home,
        user.username,
        "publisher",
        "calendar_plan",
        period,
        {
            "planned_at": planned_at.astimezone(UTC).isoformat(),
            "previous": existing.isoformat() if existing else None,
            "reason": reason,
        },
        at=now,
    )


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics(ws: Workspace) -> str:
    """The calendar as an iCalendar (RFC 5545) feed, one event per planned release."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Jiangsu DRC//dualcarbon release calendar//ZH",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:江苏省碳排放统计数据发布日程 / Jiangsu carbon statistics release calendar",
    ]
    for entry in entries(ws):
        lines += [
            "BEGIN:VEVENT",
            f"UID:dualcarbon-release-{entry.period}@jiangsu-drc",
            f"DTSTAMP:{_ics_time(datetime.fromisoformat(entry.history[-1]['at']))}",
            f"DTSTART:{_ics_time(entry.planned_at)}",
            f"DTEND:{_ics_time(entry.planned_at + timedelta(hours=1))}",
            f"SEQUENCE:{entry.changes}",
            f"SUMMARY:{entry.period} 年碳排放与能源统计数据发布 / {entry.period} carbon and energy statistics release",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
