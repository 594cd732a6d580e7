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
from dualcarbon.paths import Workspace
from dualcarbon.release import anchor
from dualcarbon.release.store import Release, list_releases


@dataclass(frozen=True)
class Problem:
    subject: str
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return f"{self.subject}: {self.message_zh if lang == 'zh' else self.message_en}"


def verify_release(ws: Workspace, release: Release, log: list[dict]) -> list[Problem]:
    rid = release.release_id
    problems = []
    listed = release.manifest.get("files", {})
    for name, expected in sorted(listed.items()):
        path = release.path / name
        if not path.is_file():
            problems.append(Problem(rid, f"文件 {name} 缺失。", f"file {name} is missing."))
        elif sha256_of(path) != expected:
            problems.append(
                Problem(
                    rid,
                    f"文件 {name} 已被改动（SHA-256 与清单不符）。",
                    f"file {name} was changed (SHA-256 differs from the manifest).",
                )
            )
    for path in sorted(p for p in release.path.rglob("*") if not p.is_dir()):
        name = path.relative_to(release.path).as_posix()  # data/<indicator>.csv too
        if name not in listed and name != "manifest.json":
            problems.append(
                Problem(rid, f"多出未登记的文件 {name}。", f"unlisted extra file {name}.")
            )
    recorded = [
        e for e in log if e.get("action") == "publish" and e["details"].get("release_id") == rid
    ]
    if not recorded:
        problems.append(
            Problem(
                rid,
                "审计日志中没有该版本的发布记录。",
                "the audit log has no publication entry for this release.",
            )
        )
    elif recorded[-1]["details"].get("manifest_sha256") != sha256_of(
        release.path / "manifest.json"
    ):
        problems.append(
            Problem(
                rid,
                "manifest.json 已被改动（与发布时审计日志记录的哈希不符）。",
                "manifest.json was changed (its hash differs from the one logged at publication).",
            )
        )
    anchor = release.manifest.get("audit_head")
    if anchor and anchor != audit.GENESIS and anchor not in {e.get("hash") for e in log}:
        problems.append(
            Problem(
                rid,
                "发布时的审计日志头已不在日志中（日志被截断或改写）。",
                "the audit-log head recorded at publication is gone (the log was cut or rewritten).",
            )
        )
    return problems


def _log_problems(ws: Workspace, log: list[dict], folders: set[str]) -> list[Problem]:
    """Publications whose folder is gone, release ids used twice, candidates not in the chain."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for entry in (e for e in log if e.get("action") == "publish"):
        rid = entry["details"].get("release_id")
        if rid in seen:
            problems.append(
                Problem(
                    rid,
                    f"发布编号被重复使用（审计日志第 {seen[rid]} 条和第 {entry['seq']} 条）：该版本曾被删除后重新发布。",
                    f"the release id was used twice (audit entries {seen[rid]} and "
                    f"{entry['seq']}): the release was deleted and published again.",
                )
            )
        seen.setdefault(rid, entry["seq"])
        if rid not in folders:
            problems.append(
                Problem(
                    rid,
                    f"审计日志第 {entry['seq']} 条记录了该版本的发布，但其目录已不存在（被删除）。",
                    f"audit entry {entry['seq']} records its publication, but its folder is "
                    "gone (deleted).",
                )
            )
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
            problems.append(
                Problem(
                    path.name,
                    "发布候选不在审计链中，或其清单（含编制人）与冻结时记录的哈希不符。",
                    "the candidate is not in the audit chain, or its manifest (preparer "
                    "included) differs from the hash logged when it was frozen.",
                )
            )
    return problems


def _check_heads(ws: Workspace, source: str, lines: list[dict], log: list[dict]) -> list[Problem]:
    """Each kept head against the workspace: release folder, manifest hash, audit entry."""
    problems = [Problem(source, zh, en) for zh, en in anchor.chain_problems(lines)]
    by_seq = {e.get("seq"): e for e in log}
    for line in (x for x in lines if "_unreadable" not in x):
        rid, seq = line.get("release_id"), line.get("audit_seq")
        folder = ws.releases / str(rid) / "manifest.json"
        if not folder.is_file():
            problems.append(
                Problem(
                    source,
                    f"{rid} 在此记录中已发布，但工作区中已没有该版本（被删除或截去）。",
                    f"{rid} is recorded as published here, but the workspace no longer has it "
                    "(deleted or cut off).",
                )
            )
        elif sha256_of(folder) != line.get("manifest_sha256"):
            problems.append(
                Problem(
                    source,
                    f"{rid} 的 manifest.json 与此处记录的哈希不符（版本被替换或伪造）。",
                    f"the manifest.json of {rid} differs from the hash recorded here (the "
                    "release was replaced or forged).",
                )
            )
        entry = by_seq.get(seq)
        if entry is None:
            problems.append(
                Problem(
                    source,
                    f"审计日志中已没有第 {seq} 条（{rid} 的发布记录）：日志被截断。",
                    f"the audit log no longer has entry {seq} ({rid}'s publication): the log "
                    "was cut off.",
                )
            )
        elif entry.get("hash") != line.get("audit_hash"):
            problems.append(
                Problem(
                    source,
                    f"审计日志第 {seq} 条的哈希与此处记录的不符：审计链被改写（重新计算哈希）。",
                    f"audit entry {seq} has another hash than the one recorded here: the audit "
                    "chain was rewritten (re-hashed).",
                )
            )
    return problems


def _anchor_problems(ws: Workspace, log: list[dict]) -> list[Problem]:
    publications = [e for e in log if e.get("action") == "publish"]
    try:
        path = anchor.anchor_path(ws.home)
    except anchor.AnchorError as error:
        if not publications and not list_releases(ws.releases, published_only=False):
            return []  # nothing published yet: nothing to anchor
        return [Problem(anchor.ANCHOR_ENV, error.message_zh, error.message_en)]
    lines = anchor.read_lines(path)
    problems = _check_heads(ws, "anchor", lines, log)
    anchored = {(x.get("audit_seq"), x.get("audit_hash")) for x in lines}
    for entry in publications:
        if (entry["seq"], entry["hash"]) not in anchored:
            problems.append(
                Problem(
                    entry["details"].get("release_id"),
                    f"审计日志第 {entry['seq']} 条记录的发布不在外部锚点中。",
                    f"the publication in audit entry {entry['seq']} is not in the external anchor.",
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
            problems.append(Problem(rid, "没有这个发布版本。", "no such published release."))
    log = audit.read(ws.home)
    for rid in wanted:
        if rid in known:
            problems += verify_release(ws, known[rid], log)
    problems += [
        Problem("audit.jsonl", p.message_zh, p.message_en) for p in audit.verify_chain(ws.home)
    ]
    problems += _log_problems(ws, log, set(known))
    problems += _anchor_problems(ws, log)
    if against is not None:
        problems += _check_heads(ws, against.name, anchor.read_lines(against), log)
    return [rid for rid in wanted if rid in known], problems
