"""`dualcarbon verify`: prove a release is exactly what was published, and the audit log intact.

For a release: every file in the manifest re-hashed; no file missing or added; the manifest's
own hash equal to the one the audit log recorded at publication; and the manifest's
``audit_head`` still present in the log (entries cut off after it would be noticed). Then the
audit chain itself (``dualcarbon.audit.verify_chain``).
"""

from __future__ import annotations

from dataclasses import dataclass

from dualcarbon import audit
from dualcarbon.files import sha256_of
from dualcarbon.paths import Workspace
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
    for path in sorted(release.path.iterdir()):
        if path.name not in listed and path.name != "manifest.json":
            problems.append(
                Problem(rid, f"多出未登记的文件 {path.name}。", f"unlisted extra file {path.name}.")
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


def verify(ws: Workspace, release_ids: list[str] | None = None) -> tuple[list[str], list[Problem]]:
    """Check the named releases (all if None) and the audit chain; return (checked, problems)."""
    releases = list_releases(ws.releases)
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
    return [rid for rid in wanted if rid in known], problems
