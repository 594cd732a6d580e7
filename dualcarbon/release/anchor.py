"""Heads of the audit chain kept outside the workspace, as a transparency log keeps them.

At each publication one line is appended to two places:

- the **anchor**, ``$DUALCARBON_ANCHOR``: a file outside ``$DUALCARBON_HOME``, configured
  separately (in production on append-only storage such as WORM or object lock), so that
  whoever can rewrite the workspace cannot rewrite it too;
- the public **heads** file, ``releases/heads.jsonl``: the same lines for readers, shown by
  the public site and the PDF, so anyone can keep a copy and check it later
  (``dualcarbon verify --against <copy>``).

A line names the release, its manifest's SHA-256, and the audit entry of its publication
(``audit_seq``, ``audit_hash``). Because the audit log is a hash chain, ``audit_hash`` commits
to every entry before it: a re-hashed (forged) chain, a truncated log, a deleted or
re-published release no longer match a line kept elsewhere. Anchor lines are themselves
chained (``prev``, ``hash``) so that an edited anchor line shows.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from dualcarbon.errors import BilingualError
from dualcarbon.files import exclusive_lock
from dualcarbon.i18n import Message

ANCHOR_ENV = "DUALCARBON_ANCHOR"
HEADS_FILE = "heads.jsonl"
GENESIS = "0" * 64
FIELDS = ("release_id", "period", "manifest_sha256", "audit_seq", "audit_hash", "published_at")


class AnchorError(BilingualError):
    """The anchor is missing, misplaced or unreadable, said in zh and en."""


def anchor_path(home: Path) -> Path:
    """The configured anchor file; refused when unset or inside the workspace."""
    configured = os.environ.get(ANCHOR_ENV, "").strip()
    if not configured:
        raise AnchorError(
            "release.anchor.anchor_path.no_external_anchor_configured", anchor_env=ANCHOR_ENV
        )
    path = Path(configured).expanduser().resolve()
    if path.is_relative_to(home.resolve()):
        raise AnchorError(
            "release.anchor.anchor_path.anchor_inside_workspace_whoever", path=path, home=home
        )
    return path


def heads_path(releases_dir: Path) -> Path:
    return releases_dir / HEADS_FILE


def _line_hash(line: dict) -> str:
    body = {k: v for k, v in line.items() if k != "hash"}
    return hashlib.sha256(
        json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def read_lines(path: Path) -> list[dict]:
    """Every line of an anchor or heads file; an unparsable line is kept as ``_unreadable``."""
    if not path.is_file():
        return []
    lines = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if text.strip():
            try:
                lines.append(json.loads(text))
            except ValueError:
                lines.append({"_unreadable": text})
    return lines


def _append(path: Path, head: dict) -> dict:
    """Append ``head`` (chained to the file's last line) unless its release is already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(path.with_name(path.name + ".lock")):
        lines = read_lines(path)
        for line in lines:
            if line.get("release_id") == head["release_id"]:
                return line  # idempotent: a publication finished after a crash
        previous = next((x for x in reversed(lines) if "hash" in x), None)
        line = {**head, "prev": previous["hash"] if previous else GENESIS}
        line["hash"] = _line_hash(line)
        # O_APPEND: never rewrite what is there; fsync: the line survives a crash
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    return line


def head_of(publish_entry: dict) -> dict:
    details = publish_entry["details"]
    return {
        "release_id": details["release_id"],
        "period": details.get("period"),
        "manifest_sha256": details["manifest_sha256"],
        "audit_seq": publish_entry["seq"],
        "audit_hash": publish_entry["hash"],
        "published_at": publish_entry["at"],
    }


def record(home: Path, releases_dir: Path, publish_entry: dict) -> dict:
    """Write a publication's head to the external anchor, then to the public heads file."""
    head = head_of(publish_entry)
    _append(anchor_path(home), head)
    return _append(heads_path(releases_dir), head)


def chain_problems(lines: list[dict]) -> list[Message]:
    """What is wrong with each unreadable, edited or unlinked line of an anchor or heads file."""
    problems, previous = [], GENESIS
    for number, line in enumerate(lines, start=1):
        if "_unreadable" in line or any(f not in line for f in FIELDS):
            problems.append(Message("release.anchor.line_unreadable", {"number": number}))
            continue
        if line.get("prev") != previous or _line_hash(line) != line.get("hash"):
            problems.append(Message("release.anchor.line_altered", {"number": number}))
        previous = line.get("hash", "")
    return problems
