"""`dualcarbon verify`: prove a release is exactly what was published, and the audit log intact.

For a release: every file in the manifest re-hashed; no file missing or added; the manifest's
own hash equal to the one the audit log recorded at publication; and the manifest's
``audit_head`` still present in the log. Then the audit chain itself
(``dualcarbon.audit.verify_chain``, a corrupted last line included), every publication's
folder still there and its id used once, every candidate in the chain.

All of that lives in the workspace, so whoever can rewrite it can re-hash it all. What they
cannot rewrite is the external anchor (``$DUALCARBON_ANCHOR``) and the heads a reader saved
(``--against``): each line there names a publication's manifest hash and the hash of its audit
entry, and must still match (``dualcarbon/release/anchor.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dualcarbon import audit
from dualcarbon.files import sha256_of
from dualcarbon.i18n import Message
from dualcarbon.paths import Workspace
from dualcarbon.release import anchor
from dualcarbon.release.store import Release, list_releases


@dataclass(frozen=True)
class Problem:
    """What is wrong (a catalogue message) with what (a release, a file, a candidate)."""

    subject: str
    said: Message

    def message(self, lang: str = "zh") -> str:
        return f"{self.subject}: {self.said.render(lang)}"

    @property
    def message_zh(self) -> str:
        return self.said.render("zh")

    @property
    def message_en(self) -> str:
        return self.said.render("en")


def _problem(subject: str, key: str, **values: object) -> Problem:
    return Problem(subject, Message(key, values))


def verify_release(ws: Workspace, release: Release, log: list[dict]) -> list[Problem]:
    rid = release.release_id
    problems = []
    listed = release.manifest.get("files", {})
    for name, expected in sorted(listed.items()):
        path = release.path / name
        if not path.is_file():
            problems.append(_problem(rid, "release.verify.file_missing", name=name))
        elif sha256_of(path) != expected:
            problems.append(_problem(rid, "release.verify.file_changed", name=name))
    for path in sorted(p for p in release.path.rglob("*") if not p.is_dir()):
        name = path.relative_to(release.path).as_posix()  # data/<indicator>.csv too
        if name not in listed and name != "manifest.json":
            problems.append(_problem(rid, "release.verify.file_unlisted", name=name))
    recorded = [
        e for e in log if e.get("action") == "publish" and e["details"].get("release_id") == rid
    ]
    if not recorded:
        problems.append(_problem(rid, "release.verify.not_in_audit_log"))
    elif recorded[-1]["details"].get("manifest_sha256") != sha256_of(
        release.path / "manifest.json"
    ):
        problems.append(_problem(rid, "release.verify.manifest_changed"))
    anchor = release.manifest.get("audit_head")
    if anchor and anchor != audit.GENESIS and anchor not in {e.get("hash") for e in log}:
        problems.append(_problem(rid, "release.verify.audit_head_gone"))
    return problems


def _log_problems(ws: Workspace, log: list[dict], folders: set[str]) -> list[Problem]:
    """Publications whose folder is gone, release ids used twice, candidates not in the chain."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for entry in (e for e in log if e.get("action") == "publish"):
        rid = entry["details"].get("release_id")
        if rid in seen:
            problems.append(
                _problem(rid, "release.verify.id_used_twice", first=seen[rid], second=entry["seq"])
            )
        seen.setdefault(rid, entry["seq"])
        if rid not in folders:
            problems.append(_problem(rid, "release.verify.folder_gone", seq=entry["seq"]))
    logged = {
        e["subject"]: e["details"].get("manifest_sha256")
        for e in log
        if e.get("action") == "candidate_freeze"
    }
    candidates = ws.releases / "candidates"
    for path in sorted(candidates.iterdir()) if candidates.is_dir() else []:
        if path.name.startswith(".") or not path.is_dir():
            continue
        manifest = path / "manifest.json"
        if not manifest.is_file() or logged.get(path.name) != sha256_of(manifest):
            problems.append(_problem(path.name, "release.verify.candidate_not_in_chain"))
    return problems


def _check_heads(ws: Workspace, source: str, lines: list[dict], log: list[dict]) -> list[Problem]:
    """Each kept head against the workspace: release folder, manifest hash, audit entry."""
    problems = [Problem(source, said) for said in anchor.chain_problems(lines)]
    by_seq = {e.get("seq"): e for e in log}
    for line in (x for x in lines if "_unreadable" not in x):
        rid, seq = line.get("release_id"), line.get("audit_seq")
        folder = ws.releases / str(rid) / "manifest.json"
        if not folder.is_file():
            problems.append(_problem(source, "release.verify.head_release_gone", rid=rid))
        elif sha256_of(folder) != line.get("manifest_sha256"):
            problems.append(_problem(source, "release.verify.head_manifest_differs", rid=rid))
        entry = by_seq.get(seq)
        if entry is None:
            problems.append(_problem(source, "release.verify.head_entry_gone", seq=seq, rid=rid))
        elif entry.get("hash") != line.get("audit_hash"):
            problems.append(_problem(source, "release.verify.head_hash_differs", seq=seq))
    return problems


def _anchor_problems(ws: Workspace, log: list[dict]) -> list[Problem]:
    publications = [e for e in log if e.get("action") == "publish"]
    try:
        path = anchor.anchor_path(ws.home)
    except anchor.AnchorError as error:
        if not publications and not list_releases(ws.releases, published_only=False):
            return []  # nothing published yet: nothing to anchor
        return [Problem(anchor.ANCHOR_ENV, Message(error.key, error.values))]
    lines = anchor.read_lines(path)
    problems = _check_heads(ws, "anchor", lines, log)
    anchored = {(x.get("audit_seq"), x.get("audit_hash")) for x in lines}
    for entry in publications:
        if (entry["seq"], entry["hash"]) not in anchored:
            problems.append(
                _problem(
                    entry["details"].get("release_id"),
                    "release.verify.not_anchored",
                    seq=entry["seq"],
                )
            )
    return problems


def verify(
    ws: Workspace, release_ids: list[str] | None = None, against: Path | None = None
) -> tuple[list[str], list[Problem]]:
    """Check the named releases (all if None), the audit chain, the workspace against the
    external anchor, and against a reader's saved heads file if given; (checked, problems)."""
    releases = list_releases(ws.releases, published_only=False)
    known = {r.release_id: r for r in releases}
    problems: list[Problem] = []
    wanted = release_ids if release_ids else list(known)
    for rid in wanted:
        if rid not in known:
            problems.append(_problem(rid, "release.verify.no_such_release"))
    log = audit.read(ws.home)
    for rid in wanted:
        if rid in known:
            problems += verify_release(ws, known[rid], log)
    problems += [Problem("audit.jsonl", p.said) for p in audit.verify_chain(ws.home)]
    problems += _log_problems(ws, log, set(known))
    problems += _anchor_problems(ws, log)
    if against is not None:
        problems += _check_heads(ws, against.name, anchor.read_lines(against), log)
    return [rid for rid in wanted if rid in known], problems
