"""The data steward's review: the queue of open quality issues and the actions that close them.

Semantics (docs/design/quality.md):

- The *latest result* of a check for a submission version is its row in the newest validation
  run (``validated_at``, then ``validation_id`` to break ties). Mart checks have no submission;
  they are keyed, and acted on, as ``mart:<dataset>:<period>``.
- An *open issue* is a latest result that failed with no later covering action: an ERROR is
  open until waived, a WARN until acknowledged or waived; ``send_back`` closes every open
  issue of the submission. "Later" means made while the check has been failing without a
  break: a waiver stays in force when the same (unchanged) submission is validated again and
  still fails, but if the check passes and then fails again, the new failure is open again.
- A waiver is keyed by ``submission_id`` + ``check_id``, so it covers that submission version
  only; a resubmission has a new submission id and is checked afresh.
- Only a steward may act. Callers authenticate the person (``dualcarbon.auth``) and pass their
  name and role; the role is checked here again. Every action is appended to
  ``quality.review_actions`` (who, when in UTC, what, why, role) in a transaction, nothing is
  ever updated or deleted, and once committed it is also written to the tamper-evident audit
  log beside the warehouse (``dualcarbon.audit``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from dualcarbon import audit
from dualcarbon.contracts import all_contracts, department_names
from dualcarbon.errors import BilingualError
from dualcarbon.i18n import Labels, Message, Pair
from dualcarbon.paths import Workspace

# Why a steward waives or sends back; code -> (zh, en) names from the catalogue.
REASON_CODES = Labels(
    "quality.reason",
    (
        "confirmed_by_department",
        "known_structural_change",
        "method_change",
        "data_source_limitation",
        "other",
    ),
)

STEWARD_ROLES = frozenset({"steward"})
ACTIONS = ("acknowledge", "waive", "send_back")
MAX_REPORTED_ROWS = 50

ISSUE_COLUMNS = [
    "check_id",
    "dataset",
    "department",
    "period",
    "submission_id",
    "submission_version",
    "kind",
    "severity",
    "failing_count",
    "observed",
    "description_zh",
    "description_en",
    "validation_id",
    "validated_at",
    "data_docs_path",
]
STATUSES = {
    None: "open",
    "acknowledge": "acknowledged",
    "waive": "waived",
    "send_back": "sent_back",
}


class ReviewError(BilingualError):
    """A refused review action, said in Chinese and in English."""


def mart_key(dataset: str, period: str) -> str:
    """The submission id under which a mart's checks are reviewed."""
    return f"mart:{dataset}:{period}"


def department_of(dataset: str) -> str | None:
    """The submitting department's code for a contract dataset; None for a mart."""
    contract = all_contracts().get(dataset)
    return contract.department if contract else None


# One row per failing latest result, with the action that closed it (if any). `?` = period.
_QUEUE_SQL = """
with results as (
    select cr.*, vr.validated_at, vr.data_docs_path,
        coalesce(cr.submission_id, 'mart:' || cr.dataset || ':' || cr.period) as issue_key
    from quality.check_results cr
    join quality.validation_runs vr using (validation_id)
),
ranked as (
    select *,
        row_number() over (
            partition by issue_key, check_id order by validated_at desc, validation_id desc
        ) as recency,
        max(case when success then validated_at end)
            over (partition by issue_key, check_id) as last_passed_at
    from results
),
latest as (
    select l.*, (
        select min(r.validated_at) from ranked r
        where r.issue_key = l.issue_key and r.check_id = l.check_id and not r.success
            and (l.last_passed_at is null or r.validated_at > l.last_passed_at)
    ) as failing_since
    from ranked l
    where l.recency = 1 and not l.success and (?::varchar is null or l.period = ?::varchar)
),
covered as (
    select l.issue_key, l.check_id, arg_max(a.action, a.acted_at) as closed_by
    from latest l
    join quality.review_actions a
        on a.submission_id = l.issue_key
        and (a.check_id = l.check_id or a.check_id is null)
        and a.acted_at >= l.failing_since
        and (a.action in ('waive', 'send_back') or (a.action = 'acknowledge' and l.severity = 'WARN'))
    group by all
)
select l.check_id, l.dataset, l.period, l.issue_key as submission_id, l.submission_version,
    l.kind, l.severity, l.failing_count, l.observed, l.description_zh, l.description_en,
    l.validation_id, l.validated_at, l.data_docs_path, c.closed_by
from latest l left join covered c using (issue_key, check_id)
order by l.severity, l.period, l.dataset, l.submission_id, l.check_id
"""


def review_queue(
    con: duckdb.DuckDBPyConnection, period: str | None = None, include_closed: bool = False
) -> pl.DataFrame:
    """Failing latest results with a ``status`` (open | acknowledged | waived | sent_back).

    Without ``include_closed`` only the open ones: ``open_issues`` plus the status column.
    ERROR sorts before WARN.
    """
    frame = con.sql(_QUEUE_SQL, params=[period, period]).pl()
    frame = frame.with_columns(
        department=pl.col("dataset").map_elements(department_of, return_dtype=pl.String),
        status=pl.col("closed_by").replace_strict(
            {k: v for k, v in STATUSES.items() if k}, default="open", return_dtype=pl.String
        ),
    ).select(*ISSUE_COLUMNS, "status")
    return frame if include_closed else frame.filter(pl.col("status") == "open")


def open_issues(con: duckdb.DuckDBPyConnection, period: str | None = None) -> pl.DataFrame:
    """The steward's queue: every open issue, optionally of one period (ERROR first)."""
    return review_queue(con, period).drop("status")


def failing_rows(con: duckdb.DuckDBPyConnection, validation_id: str, check_id: str) -> pl.DataFrame:
    """The rows a row-level check found failing in one validation run."""
    return con.sql(
        "select * from quality.failing_rows where validation_id = ? and check_id = ? "
        "order by source_row nulls last, row_key",
        params=[validation_id, check_id],
    ).pl()


def actions(con: duckdb.DuckDBPyConnection, submission_id: str | None = None) -> pl.DataFrame:
    """The review log, oldest first, optionally of one submission (or mart key)."""
    return con.sql(
        "select * from quality.review_actions where ?::varchar is null or submission_id = ?::varchar "
        "order by acted_at, action_id",
        params=[submission_id, submission_id],
    ).pl()


def quality_trend(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Pass rate of checks per department, dataset and day of validation.

    Columns: department, dataset, validated_on (date), checks, passed, pass_rate (0-1).
    Every check evaluated in every validation run of that day counts once.
    """
    frame = con.sql(
        """
        select cr.dataset, vr.validated_at::date as validated_on,
            count(*)::integer as checks, count(*) filter (where cr.success)::integer as passed
        from quality.check_results cr join quality.validation_runs vr using (validation_id)
        group by all
        """
    ).pl()
    return (
        frame.with_columns(
            department=pl.col("dataset").map_elements(department_of, return_dtype=pl.String),
            pass_rate=pl.col("passed") / pl.col("checks"),
        )
        .select("department", "dataset", "validated_on", "checks", "passed", "pass_rate")
        .sort("department", "dataset", "validated_on", nulls_last=True)
    )


# --- actions ---------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _require_steward(role: str, actor: str) -> None:
    if not (actor or "").strip():
        raise ReviewError("quality.review.require_steward.acting_person_must_named")
    if role not in STEWARD_ROLES:
        raise ReviewError("quality.review.require_steward.role_may_not_review", role=role)


def _require_reason(reason_code: str | None, comment: str | None) -> None:
    codes = ", ".join(REASON_CODES)
    if not reason_code:
        raise ReviewError("quality.review.require_reason.reason_code_required", codes=codes)
    if reason_code not in REASON_CODES:
        raise ReviewError(
            "quality.review.require_reason.not_valid_reason_code",
            reason_code=reason_code,
            codes=codes,
        )
    if not (comment or "").strip():
        raise ReviewError("quality.review.require_reason.comment_required_comment_explaining")


def _issue(con: duckdb.DuckDBPyConnection, check_id: str, submission_id: str) -> dict:
    """The open issue of that check on that submission, or a ReviewError saying why not."""
    found = review_queue(con, include_closed=True).filter(
        (pl.col("check_id") == check_id) & (pl.col("submission_id") == submission_id)
    )
    if found.is_empty():
        raise ReviewError(
            "quality.review.issue.check_has_no_failing",
            submission_id=submission_id,
            check_id=check_id,
        )
    issue = found.row(0, named=True)
    if issue["status"] != "open":
        raise ReviewError(
            "quality.review.issue.check_submission_already_closed",
            submission_id=submission_id,
            check_id=check_id,
            status=Message(f"quality.review.status.{issue['status']}"),
        )
    return issue


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _record(
    con: duckdb.DuckDBPyConnection,
    acted_at: datetime,
    actor: str,
    role: str,
    action: str,
    issue: dict,
    reason_code: str | None,
    comment: str,
) -> str:
    action_id = uuid.uuid4().hex
    con.execute(
        "insert into quality.review_actions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            action_id,
            acted_at,
            actor.strip(),
            role,
            action,
            issue["check_id"],
            issue["submission_id"],
            issue["submission_version"],
            issue["period"],
            issue["dataset"],
            reason_code,
            comment.strip() if comment else None,
        ],
    )
    return action_id


def _audit(
    con: duckdb.DuckDBPyConnection, actor: str, role: str, action: str, issue: dict, **details
) -> None:
    """Write a committed action to the audit log of the workspace that holds this warehouse."""
    path = con.sql(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()[0][0]
    audit.append(
        Path(path).parent,
        actor.strip(),
        role,
        action,
        issue["submission_id"],
        {"check_id": issue.get("check_id"), "period": issue.get("period"), **details},
    )


def acknowledge(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    role: str,
    check_id: str,
    submission_id: str,
    comment: str = "",
) -> str:
    """Acknowledge an open WARN (closes it). An ERROR cannot be acknowledged: waive or send back."""
    _require_steward(role, actor)
    with _transaction(con):
        issue = _issue(con, check_id, submission_id)
        if issue["severity"] != "WARN":
            raise ReviewError(
                "quality.review.acknowledge.check_error_cannot_just", check_id=check_id
            )
        action_id = _record(con, _now(), actor, role, "acknowledge", issue, None, comment)
    _audit(con, actor, role, "acknowledge", issue, action_id=action_id, comment=comment)
    return action_id


def waive(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    role: str,
    check_id: str,
    submission_id: str,
    reason_code: str,
    comment: str,
) -> str:
    """Waive an open ERROR or WARN for this submission version only (reason code + comment)."""
    _require_steward(role, actor)
    _require_reason(reason_code, comment)
    with _transaction(con):
        issue = _issue(con, check_id, submission_id)
        action_id = _record(con, _now(), actor, role, "waive", issue, reason_code, comment)
    _audit(
        con,
        actor,
        role,
        "waive",
        issue,
        action_id=action_id,
        reason_code=reason_code,
        comment=comment,
    )
    return action_id


def send_back(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    actor: str,
    role: str,
    submission_id: str,
    reason_code: str,
    comment: str,
) -> Path:
    """Return a submission to its department: close its open issues, write the feedback report.

    One ``send_back`` action is logged per open issue closed. The report goes to
    ``reports/feedback/<submission_id>/returned.zh.md`` and ``returned.en.md``; the Chinese
    one's path is returned.
    """
    _require_steward(role, actor)
    _require_reason(reason_code, comment)
    if submission_id.startswith("mart:"):
        raise ReviewError("quality.review.send_back.mart_checks_cannot_sent")
    folder = workspace.feedback / submission_id
    written: list[Path] = []
    try:
        with _transaction(con):
            queue = review_queue(con, include_closed=True).filter(
                pl.col("submission_id") == submission_id
            )
            issues = queue.filter(pl.col("status") == "open")
            if issues.is_empty():
                raise ReviewError(
                    "quality.review.send_back.submission_has_no_open", submission_id=submission_id
                )
            acted_at = _now()
            for issue in issues.iter_rows(named=True):
                _record(con, acted_at, actor, role, "send_back", issue, reason_code, comment)
            rows = pl.concat(
                [
                    failing_rows(con, issue["validation_id"], issue["check_id"])
                    for issue in issues.iter_rows(named=True)
                ],
                how="diagonal_relaxed",
            )
            folder.mkdir(parents=True, exist_ok=True)
            for lang in ("zh", "en"):
                text = _render_returned(
                    lang, submission_id, issues, rows, actor, acted_at, reason_code, comment
                )
                path = folder / f"returned.{lang}.md"
                staged = path.with_suffix(".md.part")
                staged.write_text(text, encoding="utf-8")
                staged.replace(path)
                written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    _audit(
        con,
        actor,
        role,
        "send_back",
        {"submission_id": submission_id, "period": issues.get_column("period")[0]},
        checks=issues.get_column("check_id").to_list(),
        reason_code=reason_code,
        comment=comment,
    )
    return folder / "returned.zh.md"


# --- the department's report ----------------------------------------------------------------


def _render_returned(
    lang: str,
    submission_id: str,
    issues: pl.DataFrame,
    rows: pl.DataFrame,
    actor: str,
    acted_at: datetime,
    reason_code: str,
    comment: str,
) -> str:
    """The ``returned.<lang>.md`` report (template ``intake/templates/returned.md.j2``)."""
    from dualcarbon.intake.feedback import render_report

    first = issues.row(0, named=True)
    contract = all_contracts().get(first["dataset"])
    department, dataset = "—", f"`{first['dataset']}`"
    if contract:
        department = Pair(*department_names(contract.department))
        dataset = Pair(
            f"{contract.title_zh} (`{contract.dataset}`)",
            f"{contract.title_en} (`{contract.dataset}`)",
        )
    checks = [
        {**i, "description": Pair(i["description_zh"], i["description_en"])}
        for i in issues.iter_rows(named=True)
    ]
    failing = [
        {**r, "reason": Pair(r["reason_zh"], r["reason_en"])}
        for r in rows.head(MAX_REPORTED_ROWS).iter_rows(named=True)
    ]
    return render_report(
        "returned.md.j2",
        lang,
        department=department,
        dataset=dataset,
        period=first["period"],
        submission_id=submission_id,
        version=first["submission_version"],
        acted_at=acted_at,
        actor=actor.strip(),
        reason=Pair(*REASON_CODES[reason_code]),
        reason_code=reason_code,
        comment=comment.strip(),
        checks=checks,
        failing_rows=failing,
        total_rows=rows.height,
    )
