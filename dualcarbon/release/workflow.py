"""From a frozen candidate to an official release: sign-off, approval, publication, correction.

The rules (docs/design/releases.md):

- a steward signs off a candidate's quality, once no issue of its period is open and its
  submissions are still the latest accepted ones;
- a DRC publisher approves it, and may be neither its preparer nor its signer (four eyes);
- a publisher publishes it, not before the calendar's planned time, after the quality gate and
  every file's checksum have been checked again; a period that already has a release gets a
  new one only as a correction, revision or method change that supersedes it.

State lives in the audit log (``dualcarbon.audit``), not in a mutable table. Publication writes
``releases/.tmp-<id>``, then renames it to ``releases/<id>``: a crash leaves no partial release,
and rerunning the same publish finishes the job.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dualcarbon import audit
from dualcarbon.auth import AccessDenied, User, require
from dualcarbon.auth.names import same_person
from dualcarbon.errors import BilingualError
from dualcarbon.failpoints import failpoint
from dualcarbon.files import exclusive_lock, sha256_of
from dualcarbon.i18n import Message
from dualcarbon.paths import Workspace
from dualcarbon.release import anchor, calendar
from dualcarbon.release.data_files import write_data_files
from dualcarbon.release.diff import indicator_changes
from dualcarbon.release.metadata import indicator_metadata, notice_text
from dualcarbon.release.revisions import write_revisions
from dualcarbon.release.status import observation_status
from dualcarbon.release.store import Release, get_release, list_releases, release_id

REVISION_TYPES: dict[str, tuple[str, str]] = {
    "correction": ("更正：纠正已发布数据中的错误", "Correction: an error in published figures"),
    "scheduled_revision": (
        "例行修订：迟报或更新的源数据",
        "Scheduled revision: late or updated source data",
    ),
    "method_change": (
        "方法变更：排放因子或核算方法变化",
        "Method change: emission factors or accounting rules",
    ),
}


# A candidate id as freeze_candidate makes it: no path, no "..", nothing else.
CANDIDATE_ID = re.compile(r"RC-[0-9A-Za-z]{4,8}-\d{8}T\d{6}-[0-9a-f]{6}")


class WorkflowError(BilingualError):
    """A refused workflow step (not a permission problem), said in zh and en."""


@dataclass(frozen=True)
class Candidate:
    candidate_id: str
    path: Path
    manifest: dict

    @property
    def period(self) -> str:
        return str(self.manifest["period"])

    @property
    def prepared_by(self) -> str:
        return self.manifest.get("prepared_by") or "system"


@dataclass(frozen=True)
class CandidateStatus:
    candidate: Candidate
    signoff: dict | None
    approval: dict | None
    release_id: str | None

    @property
    def stage(self) -> str:
        if self.release_id:
            return "published"
        if self.approval:
            return "approved"
        if self.signoff:
            return "signed_off"
        return "frozen"


def _freeze_entries(ws: Workspace) -> dict[str, dict]:
    return {e["subject"]: e for e in audit.find(ws.home, action="candidate_freeze")}


def _in_chain(path: Path, entry: dict | None) -> bool:
    """The candidate's manifest is the one logged when it was frozen."""
    manifest = path / "manifest.json"
    return (
        entry is not None
        and manifest.is_file()
        and not path.is_symlink()
        and entry["details"].get("manifest_sha256") == sha256_of(manifest)
    )


def list_candidates(ws: Workspace) -> list[Candidate]:
    """The candidates of the workspace's store that are in the audit chain, unchanged."""
    folder = ws.releases / "candidates"
    if not folder.is_dir():
        return []
    logged = _freeze_entries(ws)
    found = [
        Candidate(p.name, p, json.loads((p / "manifest.json").read_text(encoding="utf-8")))
        for p in folder.iterdir()
        if p.is_dir() and not p.name.startswith(".") and _in_chain(p, logged.get(p.name))
    ]
    return sorted(found, key=lambda c: (c.period, c.manifest.get("created_at", "")))


def get_candidate(ws: Workspace, candidate_id: str) -> Candidate:
    """A candidate of this workspace's store, by id only, whose manifest (preparer included)
    still has the hash logged when it was frozen."""
    if not CANDIDATE_ID.fullmatch(candidate_id):
        raise WorkflowError(
            "release.workflow.get_candidate.not_candidate_id_like", candidate_id=candidate_id
        )
    path = ws.releases / "candidates" / candidate_id
    if not (path / "manifest.json").is_file():
        raise WorkflowError(
            "release.workflow.get_candidate.no_release_candidate_see",
            candidate_id=candidate_id,
            path=path,
        )
    if not _in_chain(path, _freeze_entries(ws).get(candidate_id)):
        raise WorkflowError(
            "release.workflow.get_candidate.manifest_candidate_differs_from",
            candidate_id=candidate_id,
        )
    return Candidate(candidate_id, path, json.loads((path / "manifest.json").read_text("utf-8")))


def status(ws: Workspace, candidate: Candidate) -> CandidateStatus:
    entries = [e for e in audit.read(ws.home) if e.get("subject") == candidate.candidate_id]
    signoff = next((e for e in entries if e["action"] == "signoff"), None)
    approval = next((e for e in entries if e["action"] == "approve"), None)
    published = next(
        (
            r.release_id
            for r in list_releases(ws.releases, published_only=False)
            if r.manifest.get("candidate_id") == candidate.candidate_id
        ),
        None,
    )
    return CandidateStatus(candidate, signoff, approval, published)


def _check_files(candidate: Candidate) -> None:
    for name, expected in candidate.manifest["files"].items():
        path = candidate.path / name
        if not path.is_file() or sha256_of(path) != expected:
            raise WorkflowError(
                "release.workflow.check_files.file_candidate_missing_changed",
                candidate_id=candidate.candidate_id,
                name=name,
            )


def _check_warehouse(ws: Workspace, candidate: Candidate, open_issues_too: bool) -> None:
    """The gate, asked again of the warehouse: no unwaived ERROR for the period, and the
    candidate rests on the latest accepted submissions (else it is stale)."""
    from dualcarbon.quality.gate import unwaived_errors
    from dualcarbon.quality.review import open_issues
    from dualcarbon.release.candidate import current_submissions
    from dualcarbon.warehouse import WarehouseBusy, connect

    period = candidate.period
    try:
        with connect(ws.warehouse, read_only=True) as con:
            blocking = unwaived_errors(con, period).get_column("check_id").unique().to_list()
            pending = open_issues(con, period).height if open_issues_too else 0
            current = current_submissions(con, period)
    except WarehouseBusy as error:
        raise WorkflowError(
            "release.workflow.check_warehouse.warehouse_use_by_pipeline", error=error
        ) from error
    if blocking:
        raise WorkflowError(
            "release.workflow.check_warehouse.still_has_failing_error",
            period=period,
            count=len(blocking),
            checks=", ".join(sorted(blocking)),
        )
    if pending:
        raise WorkflowError(
            "release.workflow.check_warehouse.still_has_open_quality",
            period=period,
            pending=pending,
        )
    frozen = sorted(
        (s["dataset"], s["submission_id"], s["version"])
        for s in candidate.manifest.get("submissions", [])
    )
    if frozen != sorted(current):
        raise WorkflowError(
            "release.workflow.check_warehouse.new_submissions_have_arrived",
            candidate_id=candidate.candidate_id,
            period=period,
        )


def signoff(
    ws: Workspace, user: User | None, candidate_id: str, comment: str = "", now=None
) -> dict:
    """The steward's sign-off of a candidate's quality."""
    user = require(user, "steward", "auth.action.signoff")
    candidate = get_candidate(ws, candidate_id)
    current = status(ws, candidate)
    if current.signoff:
        raise WorkflowError(
            "release.workflow.signoff.candidate_was_already_signed",
            candidate_id=candidate_id,
            actor=current.signoff["actor"],
        )
    _check_files(candidate)
    _check_warehouse(ws, candidate, open_issues_too=True)
    return _record_decision(ws, user, "steward", "signoff", candidate, comment, now)


def approve(
    ws: Workspace, user: User | None, candidate_id: str, comment: str = "", now=None
) -> dict:
    """The DRC's approval; four eyes: not by the preparer, not by the signer."""
    user = require(user, "publisher", "auth.action.approve")
    candidate = get_candidate(ws, candidate_id)
    current = status(ws, candidate)
    if not current.signoff:
        raise WorkflowError(
            "release.workflow.approve.candidate_has_not_been", candidate_id=candidate_id
        )
    if current.approval:
        raise WorkflowError(
            "release.workflow.approve.candidate_was_already_approved",
            candidate_id=candidate_id,
            actor=current.approval["actor"],
        )
    if same_person(user.username, candidate.prepared_by):
        raise AccessDenied(
            "release.workflow.approve.four_eyes_prepared_may",
            username=user.username,
            candidate_id=candidate_id,
        )
    if same_person(user.username, current.signoff["actor"]):
        raise AccessDenied(
            "release.workflow.approve.four_eyes_signed_off",
            username=user.username,
            candidate_id=candidate_id,
        )
    return _record_decision(ws, user, "publisher", "approve", candidate, comment, now)


def _record_decision(
    ws: Workspace, user: User, role: str, action: str, candidate: Candidate, comment: str, now
) -> dict:
    """The audit entry of a steward's sign-off or a publisher's approval of ``candidate``."""
    return audit.append(
        ws.home,
        user.username,
        role,
        action,
        candidate.candidate_id,
        {"period": candidate.period, "comment": comment},
        at=now,
    )


def _check_revision(
    candidate: Candidate, releases: list[Release], revision: dict | None
) -> Release | None:
    """The release this one supersedes (None for a first release), or a refusal."""
    current = next((r for r in releases if r.period == candidate.period and r.is_current), None)
    if revision is None:
        if current:
            raise WorkflowError(
                "release.workflow.check_revision.already_has_release_new",
                period=candidate.period,
                release_id=current.release_id,
            )
        return None
    if revision.get("type") not in REVISION_TYPES:
        raise WorkflowError(
            "release.workflow.check_revision.revision_type_must_one",
            types=", ".join(REVISION_TYPES),
        )
    missing = [k for k in ("cause_zh", "cause_en", "impact_zh", "impact_en") if not revision.get(k)]
    if missing:
        raise WorkflowError(
            "release.workflow.check_revision.correction_revision_needs_its",
            missing=", ".join(missing),
        )
    if current is None or revision.get("supersedes") != current.release_id:
        raise WorkflowError(
            "release.workflow.check_revision.superseded_release_must_current",
            period=candidate.period,
            current=current.release_id if current else Message("release.workflow.none_yet"),
        )
    return current


def _write_release(
    staging: Path, candidate: Candidate, manifest: dict, previous: Release | None
) -> None:
    staging.mkdir(parents=True)
    tables = []
    for name in sorted(candidate.manifest["files"]):
        shutil.copyfile(candidate.path / name, staging / name)
        tables.append(Path(name).stem)
    manifest["tables"] = tables
    (staging / "indicators.json").write_text(
        json.dumps(indicator_metadata(manifest), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    changes = None
    if previous is not None:
        changes = indicator_changes(
            previous.table("fct_indicators"), staging / "fct_indicators.parquet"
        )
        changes.write_parquet(staging / "changes.parquet")
        manifest["revision"]["changed_indicator_values"] = changes.height
    observation_status(staging, changes).write_parquet(staging / "observation_status.parquet")
    revised = write_revisions(
        staging, previous.path if previous else None, previous.release_id if previous else None
    )
    (staging / "NOTICE.md").write_text(notice_text(manifest), encoding="utf-8")
    write_data_files(staging, manifest, revised)
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    manifest["files"] = {p.relative_to(staging).as_posix(): sha256_of(p) for p in files}
    (staging / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    for path in [*files, staging / "manifest.json"]:
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
        path.chmod(0o444)


def _record_publication(ws: Workspace, release: Release, actor: str) -> dict:
    """The publication entry, then its head in the external anchor and the public heads file."""
    entry = audit.append(
        ws.home,
        actor,
        "publisher",
        "publish",
        release.manifest["candidate_id"],
        {
            "release_id": release.release_id,
            "period": release.period,
            "manifest_sha256": sha256_of(release.path / "manifest.json"),
            "supersedes": (release.revision or {}).get("supersedes"),
        },
        at=release.published_at,
    )
    anchor.record(ws.home, ws.releases, entry)
    return entry


def _used_versions(ws: Workspace, period: str) -> set[int]:
    """Every version of ``period`` ever published: folders, the audit log, the anchor. A
    release id is never given twice, even after its folder (or log entries) disappeared."""
    ids = {r.release_id for r in list_releases(ws.releases, published_only=False)}
    ids |= {e["details"].get("release_id") for e in audit.find(ws.home, action="publish")}
    for source in (anchor.anchor_path(ws.home), anchor.heads_path(ws.releases)):
        ids |= {line.get("release_id") for line in anchor.read_lines(source)}
    prefix = release_id(period, 0)[: -len("0")]
    return {
        int(i[len(prefix) :])
        for i in ids
        if i and i.startswith(prefix) and i[len(prefix) :].isdigit()
    }


def publish(
    ws: Workspace,
    user: User | None,
    candidate_id: str,
    *,
    revision: dict | None = None,
    now: datetime | None = None,
) -> Release:
    """Publish an approved candidate as an immutable release (or finish an interrupted one)."""
    user = require(user, "publisher", "auth.action.publish")
    candidate = get_candidate(ws, candidate_id)
    now = now or datetime.now(UTC)
    with exclusive_lock(ws.releases / ".publish.lock"):
        for leftover in ws.releases.glob(".tmp-*"):  # from a publication killed part-way
            shutil.rmtree(leftover, ignore_errors=True)
        anchor.anchor_path(ws.home)  # refuse before anything is written if none is configured
        current = status(ws, candidate)
        if current.release_id:  # published before: make sure the log and the anchor say so
            release = get_release(ws.releases, current.release_id, published_only=False)
            recorded = audit.find(ws.home, "publish")
            entry = next(
                (e for e in recorded if e["details"].get("release_id") == release.release_id),
                None,
            )
            if entry is None:
                _record_publication(ws, release, release.manifest["published_by"])
            else:
                anchor.record(ws.home, ws.releases, entry)
            return get_release(ws.releases, release.release_id)
        if not current.approval:
            raise WorkflowError(
                "release.workflow.publish.candidate_has_not_been", candidate_id=candidate_id
            )
        if same_person(user.username, candidate.prepared_by):
            raise AccessDenied(
                "release.workflow.publish.four_eyes_prepared_may",
                username=user.username,
                candidate_id=candidate_id,
            )
        releases = list_releases(ws.releases)
        previous = _check_revision(candidate, releases, revision)
        planned = calendar.planned_time(ws, candidate.period)
        if previous is None:  # a first release keeps the calendar; corrections go out at once
            if planned is None:
                raise WorkflowError(
                    "release.workflow.publish.release_calendar_has_no", period=candidate.period
                )
            if now < planned:
                raise WorkflowError(
                    "release.workflow.publish.under_embargo_until_may",
                    period=candidate.period,
                    planned=planned.isoformat(),
                )
        _check_files(candidate)
        _check_warehouse(ws, candidate, open_issues_too=False)
        version = 1 + max(_used_versions(ws, candidate.period), default=0)
        new_id = release_id(candidate.period, version)
        manifest = {
            "kind": "release",
            "release_id": new_id,
            "period": candidate.period,
            "version": version,
            "published_at": now.astimezone(UTC).isoformat(),
            "planned_at": planned.isoformat() if planned else None,
            "vintage": now.astimezone(UTC).isoformat(),
            "candidate_id": candidate_id,
            "run_id": candidate.manifest.get("run_id"),
            "factor_vintage": candidate.manifest.get("factor_vintage"),
            "prepared_by": candidate.prepared_by,
            "signed_off_by": {
                "user": current.signoff["actor"],
                "at": current.signoff["at"],
                "comment": current.signoff["details"].get("comment", ""),
            },
            "approved_by": {"user": current.approval["actor"], "at": current.approval["at"]},
            "published_by": user.username,
            "submissions": candidate.manifest.get("submissions", []),
            "revision": {**revision, "supersedes": previous.release_id} if previous else None,
            "audit_head": audit.head(ws.home),
        }
        staging = ws.releases / f".tmp-{new_id}"
        try:
            _write_release(staging, candidate, manifest, previous)
            failpoint("release.before_rename")
            os.replace(staging, ws.releases / new_id)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        directory = os.open(ws.releases, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        release = get_release(ws.releases, new_id, published_only=False)
        _record_publication(ws, release, user.username)
        return get_release(ws.releases, new_id)
