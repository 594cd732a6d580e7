"""Intake: from a file in the inbox to an accepted version in the raw layer, or a rejection.

For each file: identify it, check it against its contract, archive the original bytes
unchanged (content-addressed by SHA-256), then record it and load its rows in one DuckDB
transaction. Only after the commit is the file removed from the inbox, so a crash at any
point leaves either nothing or everything, and a rerun finishes the job: a file whose hash
is already registered is recognised and not loaded twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from dualcarbon.auth import User
from dualcarbon.contracts import Contract
from dualcarbon.failpoints import failpoint
from dualcarbon.files import sha256_of
from dualcarbon.intake import bulk_load, clock, engine, staging
from dualcarbon.intake.faults import DiskFull, is_disk_full, writable_warehouse
from dualcarbon.intake.feedback import Receipt, write_feedback
from dualcarbon.intake.identify import best_header_score, identify, identify_by_name
from dualcarbon.intake.messages import Issue, SubmissionRejected
from dualcarbon.intake.reader import read_sheet
from dualcarbon.paths import Workspace
from dualcarbon.periods import Period


@dataclass
class Check:
    """What intake thinks of a file, before anything is written."""

    path: Path
    contract: Contract | None = None
    period: Period | None = None
    data: pl.DataFrame | None = None
    encoding: str | None = None
    issues: list[Issue] = field(default_factory=list)
    staged: staging.Staged | None = None  # checked rows in a DuckDB temporary table
    # Large files on the fast path: rows already in the raw layer, in a transaction left
    # open on the intake connection for _record to finish (bulk_load.py).
    loaded: int | None = None
    in_transaction: bool = False  # the fast path's transaction is still open

    @property
    def accepted(self) -> bool:
        has_rows = self.data is not None or self.staged is not None or self.loaded is not None
        return has_rows and not self.issues

    @property
    def row_count(self) -> int:
        if self.loaded is not None:
            return self.loaded
        if self.staged is not None:
            return self.staged.row_count
        return self.data.height if self.data is not None else 0


@dataclass
class IntakeResult:
    file_name: str
    status: str  # accepted | rejected | duplicate | deferred
    submission_id: str | None = None
    dataset: str | None = None
    period: str | None = None
    version: int | None = None
    row_count: int = 0
    issues: list[Issue] = field(default_factory=list)
    report: Path | None = None
    note: str = ""


# `dualcarbon check` of a large file shows its typed rows only up to this many.
PREVIEW_ROWS = 200_000


def _is_large(path: Path) -> bool:
    contract = identify_by_name(path)[0]
    return path.suffix.lower() == ".csv" and contract is not None and contract.large_files


def _check_large(
    path: Path,
    con: duckdb.DuckDBPyConnection | None,
    submission_id: str | None,
    fast: bulk_load.Fast | None = None,
) -> Check:
    """Large CSV files are checked in DuckDB: on the intake connection, loaded straight into
    the raw layer if clean (bulk_load.py), else staged and checked (engine.py); or, when only
    checking, in a scratch in-memory database. ``fast``: the fast check, if done already."""
    check = Check(path)
    try:
        head = staging.read_head(path, best_header_score)
        check.encoding = head.encoding
        check.contract, check.period = identify(path, head.headers, head.preamble)
        if not check.contract.large_files:  # named one way, headers another: the usual path
            return check_in_memory(path, con)
        own = con is None
        con = _scratch() if own else con
        if submission_id is not None:
            if fast is None:
                check.loaded = bulk_load.try_load(con, path, check.contract, head, submission_id)
            elif fast.checked is not None:
                check.loaded = bulk_load.load(con, check.contract, fast.checked, submission_id)
            if check.loaded is not None:
                check.in_transaction = True
                return check
        check.staged, check.issues = engine.check_large_csv(con, path, check.contract, head)
    except SubmissionRejected as rejection:
        check.issues = rejection.issues
        check.contract, check.period = identify_by_name(path)
        return check
    if own:
        _preview(con, check)
    return check


def _preview(con: duckdb.DuckDBPyConnection, check: Check) -> None:
    """Only checking (`dualcarbon check`): the typed rows as a table, up to PREVIEW_ROWS; the
    staged rows are then dropped from the scratch database."""
    if check.staged is not None and check.staged.row_count <= PREVIEW_ROWS:
        check.data = con.sql(staging.typed_select_sql(check.contract, check.staged)).pl()
    if check.staged is not None:
        staging.drop(con, check.staged)


_scratch_connections = threading.local()


def _scratch() -> duckdb.DuckDBPyConnection:
    """The in-memory database in which files are only checked, one per thread, kept for the
    next file: opening one per file took longer (0.1 s) than checking a small file."""
    if not hasattr(_scratch_connections, "con"):
        _scratch_connections.con = duckdb.connect()
    return _scratch_connections.con


def check_file(
    path: Path,
    con: duckdb.DuckDBPyConnection | None = None,
    submission_id: str | None = None,
    fast: bulk_load.Fast | None = None,
) -> Check:
    """Identify and validate a file without writing anything (also `dualcarbon check`).

    ``con`` and ``submission_id``: intake's connection and the id the file will have; a clean
    large file is then already loaded, in a transaction left open (``Check.loaded``).
    ``fast``: the result of _fast_check on ``con``, if intake ran it already."""
    if _is_large(path):
        return _check_large(path, con, submission_id, fast)
    return check_in_memory(path, con)


def _fast_check(con: duckdb.DuckDBPyConnection, path: Path) -> bulk_load.Fast | None:
    """The fast path's parse and check of a large file (bulk_load.check), or None if the file
    does not take the large-file path. Nothing is written but a temporary table."""
    if not _is_large(path):
        return None
    try:
        head = staging.read_head(path, best_header_score)
        contract, _ = identify(path, head.headers, head.preamble)
    except SubmissionRejected:  # check_file finds it again and words it
        return bulk_load.Fast(None)
    if not contract.large_files:
        return None
    return bulk_load.Fast(bulk_load.check(con, path, contract, head))


def check_in_memory(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> Check:
    """Ordinary files (and XLSX): read into memory (reader.py), then checked by the one
    engine (engine.py) on ``con``, or on a scratch in-memory database when only checking."""
    check = Check(path)
    try:
        sheet = read_sheet(path, best_header_score)
        check.encoding = sheet.encoding
        check.contract, check.period = identify(path, sheet.headers, sheet.preamble)
    except SubmissionRejected as rejection:
        check.issues = rejection.issues
        # Unreadable files still go back to the department the file name points to.
        check.contract, check.period = identify_by_name(path)
        return check
    own = con is None
    con = _scratch() if own else con
    check.staged, check.issues = engine.check_sheet(con, check.contract, sheet)
    if own:
        _preview(con, check)
    return check


def inbox_files(workspace: Workspace) -> list[Path]:
    """Entries waiting in the inbox, oldest first; hidden, temporary, lock and ``.part`` files
    (still being copied in) are skipped. Links and other non-regular entries are listed too,
    so that intake refuses them (``lstat``: a link is never followed)."""
    if not workspace.inbox.exists():
        return []
    entries = [
        p
        for p in workspace.inbox.iterdir()
        if not p.name.startswith((".", "~$")) and not p.name.endswith(".part")
    ]
    return sorted(entries, key=lambda p: (p.lstat().st_mtime, p.name))


class NotRegularFile(Exception):
    """An inbox entry that is a link, a folder, a device or a pipe: never read or copied."""


class StillChanging(Exception):
    """The file changed while it was read: it is still being written."""


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _copy_part(workspace: Workspace, source: Path) -> Path:
    """Where the original's bytes are copied while they are hashed, before the hash names
    their place in the archive (same file system, so the rename into it is atomic)."""
    return workspace.archive / ".incoming" / (source.name + ".part")


def _hash_and_copy(source: Path, part: Path) -> tuple[str, tuple]:
    """SHA-256 of the file, and its bytes copied to ``part`` (synced to disk), in one read
    in 1 MiB steps: the bytes archived are the bytes hashed. Runs in a thread beside DuckDB's
    parse of the same file (hashlib and file IO let go of the GIL).

    The inbox is written by others, so it is trusted for nothing: the file is opened without
    following a link (O_NOFOLLOW; O_NONBLOCK so a named pipe cannot hang intake) and must be
    a regular file, the very one listed; if its size or time changed while it was read, it is
    still being written and is left for a later run."""
    before = source.lstat()
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFile(source.name)
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:  # ELOOP: it became a link after the lstat
        raise NotRegularFile(source.name) from error
    digest = hashlib.sha256()
    part.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(fd, "rb") as src, open(part, "wb") as handle:
        opened = os.fstat(src.fileno())
        if not stat.S_ISREG(opened.st_mode) or _stamp(opened) != _stamp(before):
            raise NotRegularFile(source.name)
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
        if _stamp(os.fstat(src.fileno())) != _stamp(before) or handle.tell() != before.st_size:
            raise StillChanging(source.name)
    return digest.hexdigest(), _stamp(before)


def _archive(workspace: Workspace, sha: str, source: Path, part: Path) -> Path:
    """Keep the original bytes (copied to ``part`` as they were hashed), once per content,
    renamed atomically into place."""
    dest = workspace.archive / sha[:2] / sha / source.name
    if dest.exists() and sha256_of(dest) == sha:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, dest)
    return dest


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the open transaction. A failed commit (a full disk) has already ended it, and
    saying so must not hide the error that ended it."""
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("rollback")


def _next_version(con: duckdb.DuckDBPyConnection, dataset: str, period: str) -> int:
    (latest,) = con.execute(
        "select coalesce(max(version), 0) from raw.submissions "
        "where dataset = ? and period = ? and status = 'accepted'",
        [dataset, period],
    ).fetchone()
    return latest + 1


SUBMISSION_COLUMNS = (
    "submission_id",
    "status",
    "dataset",
    "department",
    "period",
    "version",
    "contract_version",
    "file_name",
    "file_sha256",
    "file_bytes",
    "encoding",
    "archive_path",
    "received_at",
    "processed_at",
    "row_count",
    "issue_count",
    "run_id",
    "submitted_by",
    "file_modified_at",
)


def _record(
    con: duckdb.DuckDBPyConnection,
    receipt: Receipt,
    check: Check,
    archive: Path,
    size: int,
    file_modified: datetime,
    context: Submission,
) -> None:
    """Register the submission, its issues and (if accepted) its rows in one transaction."""
    contract = check.contract
    if check.loaded is None:  # else the fast path's transaction holds the rows already
        con.execute("begin transaction")
    try:
        con.execute(
            f"insert into raw.submissions ({', '.join(SUBMISSION_COLUMNS)}) "
            f"values ({', '.join('?' * len(SUBMISSION_COLUMNS))})",
            [
                receipt.submission_id,
                "accepted" if receipt.accepted else "rejected",
                contract.dataset if contract else None,
                contract.department if contract else None,
                check.period.key if check.period else None,
                receipt.version,
                contract.version if contract else None,
                receipt.file_name,
                receipt.sha256,
                size,
                check.encoding,
                str(archive),
                receipt.received_at.replace(tzinfo=None),
                datetime.now(UTC).replace(tzinfo=None),
                receipt.row_count,
                len(receipt.issues),
                context.run_id,
                context.submitter.username if context.submitter else None,
                file_modified.replace(tzinfo=None),
            ],
        )
        if receipt.issues:
            issues = pl.DataFrame([i.as_record() for i in receipt.issues]).with_row_index(
                "issue_seq", offset=1
            )
            con.register("issues_frame", issues)
            con.execute(
                "insert into raw.submission_issues select ?, issue_seq, issue_code, row_number, "
                "column_name, value, message_zh, message_en, fix_zh, fix_en from issues_frame",
                [receipt.submission_id],
            )
            con.unregister("issues_frame")
        if check.loaded is not None:
            pass
        elif receipt.accepted:
            staging.insert(con, contract, check.staged, receipt.submission_id)
        failpoint("intake.before_commit")
        con.execute("commit")
    except BaseException:
        _rollback(con)
        raise
    finally:
        check.in_transaction = False


def _process(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    path: Path,
    context: Submission,
) -> IntakeResult:
    part = _copy_part(workspace, path)
    fast = None
    try:
        # The file is hashed and copied for the archive while DuckDB parses and checks it.
        with ThreadPoolExecutor(max_workers=1) as pool:
            hashing = pool.submit(_hash_and_copy, path, part)
            if stat.S_ISREG(path.lstat().st_mode):
                fast = _fast_check(con, path)
            sha, stamp = hashing.result()
        return _process_hashed(con, workspace, path, (sha, stamp), part, fast, context)
    except NotRegularFile:
        if fast is not None:
            bulk_load.discard(con)
        return _refuse_entry(path)
    except StillChanging:
        if fast is not None:
            bulk_load.discard(con)
        return IntakeResult(path.name, "deferred", note="still being written")
    finally:
        part.unlink(missing_ok=True)  # archived by now (renamed), or not to be


def _refuse_entry(path: Path) -> IntakeResult:
    """A link or other non-regular entry: nothing read, copied or recorded. The entry itself
    (never what a link points to) is removed so that it is not refused again on every run."""
    if not path.is_dir() or path.is_symlink():
        path.unlink(missing_ok=True)
    issue = Issue("not_a_regular_file", details={"file": path.name})
    return IntakeResult(path.name, "refused", issues=[issue])


@dataclass(frozen=True)
class Submission:
    """Who hands the files in, and for which run: the authenticated user (None when the
    pipeline picks up files dropped in the inbox), the periods taken, the run."""

    periods: set[str] | None = None
    run_id: str | None = None
    submitter: User | None = None


def _process_hashed(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    path: Path,
    hashed: tuple[str, tuple],
    part: Path,
    fast: bulk_load.Fast | None,
    context: Submission,
) -> IntakeResult:
    sha, stamp = hashed
    # The server's clock, never the file's (a sender sets that), but for replays (clock.py).
    file_modified = datetime.fromtimestamp(stamp[3] / 1e9, UTC)
    received = clock.received_at(file_modified)
    # A submission is its bytes under its name: the name carries the period, so the same
    # bytes under another name are a different submission.
    known = con.execute(
        "select submission_id, status, dataset, period, version from raw.submissions "
        "where file_sha256 = ? and file_name = ?",
        [sha, path.name],
    ).fetchone()
    if known:
        # Already registered (a rerun after a crash, or the same file sent twice): keep the
        # archived original, drop the inbox copy, load nothing.
        submission_id, status, dataset, period, version = known
        if fast is not None and fast.checked is not None:
            bulk_load.discard(con)
        path.unlink()
        return IntakeResult(
            path.name,
            "duplicate",
            submission_id,
            dataset,
            period,
            version,
            note=f"identical to {submission_id} ({status})",
        )
    check = check_file(path, con, _submission_id(path.name, sha), fast)
    try:
        if _stamp(path.lstat()) != stamp:  # changed while it was checked
            raise StillChanging(path.name)
        return _register(con, workspace, path, sha, part, check, (received, file_modified), context)
    finally:
        if check.in_transaction:  # deferred, or failed before _record: load nothing
            _rollback(con)
        if check.staged is not None:
            staging.drop(con, check.staged)


def _submission_id(file_name: str, sha: str) -> str:
    return "sub-" + hashlib.sha256(f"{file_name}\0{sha}".encode()).hexdigest()[:16]


def _register(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    path: Path,
    sha: str,
    part: Path,
    check: Check,
    times: tuple[datetime, datetime],
    context: Submission,
) -> IntakeResult:
    """Record the checked file; ``times``: when it was received, and the file's own time."""
    received, file_modified = times
    periods = context.periods
    if periods is not None and check.period is not None and check.period.key not in periods:
        return IntakeResult(
            path.name,
            "deferred",
            dataset=check.contract.dataset,
            period=check.period.key,
            note="belongs to another period",
        )
    _check_department(con, check, context.submitter)
    submission_id = _submission_id(path.name, sha)
    version = (
        _next_version(con, check.contract.dataset, check.period.key) if check.accepted else None
    )
    receipt = Receipt(
        submission_id,
        path.name,
        sha,
        received,
        check.contract,
        check.period,
        check.accepted,
        version,
        check.row_count if check.accepted else 0,
        check.issues,
    )
    archive = _archive(workspace, sha, path, part)
    report = write_feedback(workspace.feedback / submission_id, receipt)
    _record(con, receipt, check, archive, path.lstat().st_size, file_modified, context)
    path.unlink()
    return IntakeResult(
        path.name,
        "accepted" if check.accepted else "rejected",
        submission_id,
        check.contract.dataset if check.contract else None,
        check.period.key if check.period else None,
        version,
        receipt.row_count,
        check.issues,
        report,
    )


def _check_department(con: duckdb.DuckDBPyConnection, check: Check, user: User | None) -> None:
    """A department's submitter hands in only their department's datasets (statisticians
    and files picked up from the inbox by the pipeline are not tied to one department). A
    file of another department is rejected, and a fast-path load already made is undone."""
    contract = check.contract
    if user is None or contract is None or "submitter" not in user.roles:
        return
    if user.department == contract.department:
        return
    if check.in_transaction:
        con.execute("rollback")
        check.in_transaction, check.loaded = False, None
    check.issues = [
        Issue(
            "wrong_department",
            details={
                "user": user.username,
                "user_department": user.department or "-",
                "department": contract.department,
                "dataset_zh": contract.title_zh,
                "dataset_en": contract.title_en,
            },
        ),
        *check.issues,
    ]


def process_inbox(
    workspace: Workspace,
    periods: set[str] | None = None,
    run_id: str | None = None,
    submitter: User | None = None,
) -> list[IntakeResult]:
    """Take in every file waiting in the inbox (only those of ``periods``, if given).

    Files whose period cannot be told are rejected by any run, since they belong to none.
    ``submitter``: the signed-in user handing the files in (``dualcarbon submit``), recorded
    with each submission and checked against the dataset's department.
    """
    workspace.ensure()
    clock.replaying()  # an unknown replay mode is refused before anything is taken
    context = Submission(periods, run_id, submitter)
    try:
        with writable_warehouse(workspace.warehouse) as con:
            return [_process(con, workspace, path, context) for path in inbox_files(workspace)]
    except (OSError, duckdb.Error) as error:
        if is_disk_full(error):  # rolled back: nothing half-loaded, the file still in the inbox
            raise DiskFull(str(workspace.home)) from error
        raise
