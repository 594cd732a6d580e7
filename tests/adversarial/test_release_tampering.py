"""Attacks on published releases and the audit chain, on copies of the published workspace
(tests/release_fixtures.py): each is detected by `verify`, with a message in both languages,
and the forged figures are never served as a release.

The anchor the workspace copy uses ($DUALCARBON_ANCHOR, outside the workspace) is copied with
it (``workspace_copy``); an attacker here can write anything inside the workspace, heads file
included, but not the anchor or the heads a reader saved.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dualcarbon import audit
from dualcarbon.auth import LocalUserStore
from dualcarbon.cli import main
from dualcarbon.files import sha256_of
from dualcarbon.paths import Workspace
from dualcarbon.release import workflow
from dualcarbon.release.anchor import AnchorError, anchor_path, heads_path
from dualcarbon.release.store import list_releases, published_heads
from dualcarbon.release.verify import verify

LAST = "JS-2024-v2"


# --- what an attacker does, written from the documented formats, not with the platform's code


def _canonical_hash(body: dict) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rehash_audit(entries: list[dict]) -> list[dict]:
    """The whole chain recomputed, as a forger who read docs/releases.md would."""
    previous, out = "0" * 64, []
    for seq, entry in enumerate(entries, start=1):
        body = {k: v for k, v in entry.items() if k != "hash"} | {"seq": seq, "prev_hash": previous}
        body["hash"] = previous = _canonical_hash(body)
        out.append(body)
    return out


def _write_jsonl(path: Path, lines: list[dict]) -> None:
    path.write_text(
        "".join(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n" for x in lines), "utf-8"
    )


def _log(ws: Workspace) -> list[dict]:
    return [json.loads(x) for x in audit.log_path(ws.home).read_text("utf-8").splitlines()]


def _publish_index(entries: list[dict], release_id: str) -> int:
    return next(
        i
        for i, e in enumerate(entries)
        if e["action"] == "publish" and e["details"]["release_id"] == release_id
    )


def _writable(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(0o644)


def _forge_release(ws: Workspace, release_id: str, figures_from: Path) -> str:
    """Replace a release's indicators with other figures and fix its manifest; the new
    manifest hash."""
    folder = ws.releases / release_id
    _writable(folder)
    shutil.copyfile(figures_from / "fct_indicators.parquet", folder / "fct_indicators.parquet")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"]["fct_indicators.parquet"] = sha256_of(folder / "fct_indicators.parquet")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return sha256_of(folder / "manifest.json")


def _messages(problems) -> tuple[str, str]:
    return " ".join(p.message_zh for p in problems), " ".join(p.message_en for p in problems)


# --- the attacks -------------------------------------------------------------------------------


def _delete_release(ws: Workspace, draft: Path) -> None:
    shutil.rmtree(ws.releases / "JS-2023-v1")


def _republish_same_id(ws: Workspace, draft: Path) -> None:
    """Delete the release, then publish other figures under its id, with a proper entry."""
    new_hash = _forge_release(ws, LAST, draft)
    audit.append(
        ws.home, "drc_demo", "publisher", "publish", "RC-forged",
        {"release_id": LAST, "period": "2024", "manifest_sha256": new_hash},
    )  # fmt: skip


def _truncate_log(ws: Workspace, draft: Path) -> None:
    entries = _log(ws)
    _write_jsonl(audit.log_path(ws.home), entries[: _publish_index(entries, LAST)])


def _cut_after_last_publication(ws: Workspace, draft: Path) -> None:
    entries = _log(ws)
    _write_jsonl(audit.log_path(ws.home), entries[: _publish_index(entries, LAST) + 1])


def _corrupt_last_line(ws: Workspace, draft: Path) -> None:
    path = audit.log_path(ws.home)
    text = path.read_text("utf-8")
    path.write_text(text[: -len(text.splitlines()[-1]) - 1] + '{"seq": 9', encoding="utf-8")


def _cut_off_last_release(ws: Workspace, draft: Path) -> None:
    """The last release and everything logged from its publication on, heads file too."""
    shutil.rmtree(ws.releases / LAST)
    _truncate_log(ws, draft)
    heads = heads_path(ws.releases)
    lines = heads.read_text("utf-8").splitlines()
    heads.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")


ATTACKS = {
    # attack: (what it does, an English and a Chinese fragment of the detection)
    "deleted release": (_delete_release, "folder is gone (deleted)", "目录已不存在"),
    "re-published id": (_republish_same_id, "the release id was used twice", "发布编号被重复使用"),
    "truncated log": (_truncate_log, "the log was cut off", "日志被截断"),
    "entries cut after the last publication": (
        _cut_after_last_publication,
        "is not in the audit chain",
        "不在审计链中",
    ),
    "corrupted last line": (_corrupt_last_line, "cannot be parsed", "无法解析"),
    "last release cut off": (_cut_off_last_release, "no longer has it", "已没有该版本"),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_tampering_is_detected(attack, workspace_copy, published_workspace):
    ws = workspace_copy
    draft = ws.releases / "candidates" / published_workspace.draft_candidate_id
    assert verify(ws)[1] == []  # the copy is intact before the attack
    anchor_before = anchor_path(ws.home).read_bytes()
    tamper, english, chinese = ATTACKS[attack]
    tamper(ws, draft)
    problems = verify(ws)[1]
    zh, en = _messages(problems)
    assert english in en and chinese in zh, en
    assert anchor_path(ws.home).read_bytes() == anchor_before  # the anchor is untouched
    # forged figures are never served: the public listing shows only what was published
    served = {r.release_id: sha256_of(r.path / "manifest.json") for r in list_releases(ws.releases)}
    originals = published_workspace.workspace.releases
    for rid, digest in served.items():
        assert digest == sha256_of(originals / rid / "manifest.json"), rid


def test_a_rehashed_chain_is_caught_by_the_anchor_and_by_a_readers_heads(
    workspace_copy, published_workspace, tmp_path, monkeypatch
):
    """The full forgery: other figures in the last release, its manifest fixed, the whole
    audit chain and the public heads file re-hashed. Everything inside the workspace agrees."""
    ws = workspace_copy
    saved = tmp_path / "reader-heads.jsonl"
    shutil.copyfile(heads_path(ws.releases), saved)  # what a reader downloaded earlier
    heads = published_heads(ws.releases)
    log = _log(ws)
    assert [h["audit_hash"] for h in heads] == [
        e["hash"] for e in log if e["action"] == "publish"
    ]  # the heads are the hashes of the publication entries

    draft = ws.releases / "candidates" / published_workspace.draft_candidate_id
    new_hash = _forge_release(ws, LAST, draft)
    log[_publish_index(log, LAST)]["details"]["manifest_sha256"] = new_hash
    forged = _rehash_audit(log)
    _write_jsonl(audit.log_path(ws.home), forged)
    forged_heads, previous = [], "0" * 64
    for head in heads:
        entry = forged[head["audit_seq"] - 1]
        line = head | {"audit_hash": entry["hash"], "prev": previous}
        line["manifest_sha256"] = entry["details"]["manifest_sha256"]
        line["hash"] = previous = _canonical_hash({k: v for k, v in line.items() if k != "hash"})
        forged_heads.append(line)
    _write_jsonl(heads_path(ws.releases), forged_heads)
    assert audit.verify_chain(ws.home) == []  # internally consistent: the old verify passed

    zh, en = _messages(verify(ws)[1])
    assert "the audit chain was rewritten (re-hashed)" in en and "审计链被改写" in zh
    assert "the release was replaced or forged" in en

    monkeypatch.delenv("DUALCARBON_ANCHOR")  # a reader has no anchor, only the saved heads
    zh, en = _messages(verify(ws, against=saved)[1])
    assert "the audit chain was rewritten (re-hashed)" in en and "审计链被改写" in zh
    assert "No external anchor is configured" in en  # and says it could not check the anchor

    runner = CliRunner()
    result = runner.invoke(
        main, ["verify", "--against", str(saved)], env={"DUALCARBON_HOME": str(ws.home)}
    )
    assert result.exit_code == 2
    assert "审计链被改写" in result.output and "校验失败" in result.output


def test_release_ids_are_never_reused(workspace_copy, published_workspace):
    """After the last release's folder is deleted, the next publication of the period gets a
    new id, never the deleted one's."""
    from release_fixtures import CORRECTION

    from dualcarbon.demo import _acknowledge_warnings

    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    shutil.rmtree(ws.releases / LAST)
    store = LocalUserStore.of(ws.home)
    _acknowledge_warnings(ws, store.get("steward_demo"), "2024")
    workflow.signoff(ws, store.get("steward_demo"), draft, "ok")
    workflow.approve(ws, store.get("drc_demo"), draft, "ok")
    release = workflow.publish(
        ws, store.get("drc_demo"), draft, revision={**CORRECTION, "supersedes": "JS-2024-v1"}
    )
    assert release.release_id == "JS-2024-v3"
    assert not (ws.releases / LAST).exists()
    assert "folder is gone (deleted)" in _messages(verify(ws)[1])[1]


def test_a_release_folder_without_a_publication_entry_is_not_shown(workspace_copy):
    ws = workspace_copy
    dropped = ws.releases / "JS-2025-v1"
    shutil.copytree(ws.releases / "JS-2023-v1", dropped)
    _writable(dropped)
    manifest = json.loads((dropped / "manifest.json").read_text("utf-8"))
    manifest |= {"release_id": "JS-2025-v1", "period": "2025"}
    (dropped / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert "JS-2025-v1" not in {r.release_id for r in list_releases(ws.releases)}
    assert "the audit log has no publication entry" in _messages(verify(ws)[1])[1]


@pytest.mark.parametrize("where", ["unset", "inside the workspace"])
def test_publication_refuses_without_an_external_anchor(
    where, workspace_copy, published_workspace, monkeypatch
):
    from release_fixtures import CORRECTION

    from dualcarbon.demo import _acknowledge_warnings

    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    store = LocalUserStore.of(ws.home)
    _acknowledge_warnings(ws, store.get("steward_demo"), "2024")
    workflow.signoff(ws, store.get("steward_demo"), draft, "ok")
    workflow.approve(ws, store.get("drc_demo"), draft, "ok")
    if where == "unset":
        monkeypatch.delenv("DUALCARBON_ANCHOR")
    else:
        monkeypatch.setenv("DUALCARBON_ANCHOR", str(ws.home / "audit" / "anchor.jsonl"))
    log_before = audit.log_path(ws.home).read_bytes()
    folders_before = sorted(p.name for p in ws.releases.iterdir())
    with pytest.raises(AnchorError) as refused:
        workflow.publish(
            ws, store.get("drc_demo"), draft, revision={**CORRECTION, "supersedes": LAST}
        )
    assert "anchor" in refused.value.message_en and "锚点" in refused.value.message_zh
    assert audit.log_path(ws.home).read_bytes() == log_before
    assert sorted(p.name for p in ws.releases.iterdir()) == folders_before
