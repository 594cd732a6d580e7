"""Attacks on accounts: the demo on a real workspace, users created or changed by someone who
is not an administrator, look-alike names. Each is refused with a message in both languages,
and no user, no audit entry and no inbox file appears; every accepted change is audited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dualcarbon import audit
from dualcarbon.auth import AccessDenied, AuthError, LocalUserStore
from dualcarbon.auth.names import same_person
from dualcarbon.demo import DEMO_MARKER, NotADemoWorkspace, claim_workspace, create_demo_users
from dualcarbon.paths import Workspace

DUALCARBON = str(Path(sys.executable).parent / "dualcarbon")


def _snapshot(ws: Workspace) -> tuple:
    users = LocalUserStore.of(ws.home).path
    return (
        users.read_bytes() if users.exists() else None,
        audit.log_path(ws.home).read_bytes() if audit.log_path(ws.home).exists() else None,
        sorted(p.name for p in ws.inbox.iterdir()),
    )


def _real_users(ws: Workspace) -> None:
    store = LocalUserStore.of(ws.home)
    admin = store.add("li_admin", "admin-pass-2026", ["admin"])
    store.add("zhang_stat", "stat-pass-2026", ["statistician"], by=admin)


def _data_only(ws: Workspace) -> None:
    (ws.inbox / "energy_consumption_2024.csv").write_text("地区代码\n", encoding="utf-8")


def _demo_with_a_real_user(ws: Workspace) -> None:
    claim_workspace(ws)
    people = create_demo_users(ws)
    LocalUserStore.of(ws.home).add(
        "zhang_stat", "stat-pass-2026", ["statistician"], by=people["admin_demo"]
    )


@pytest.mark.parametrize("setup", [_real_users, _data_only, _demo_with_a_real_user])
def test_demo_refuses_a_workspace_that_is_not_its_own(setup, workspace: Workspace):
    setup(workspace)
    before = _snapshot(workspace)
    result = subprocess.run(
        [DUALCARBON, "--lang", "en", "demo", "--no-serve"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is not a demo workspace" in result.stderr
    assert _snapshot(workspace) == before  # no user, no audit entry, no sample file staged
    with pytest.raises(NotADemoWorkspace) as refused:
        create_demo_users(workspace)  # the library refuses too, not only the command
    assert "不是演示工作区" in refused.value.message_zh


def test_the_demo_claims_only_an_unused_workspace(workspace: Workspace):
    claim_workspace(workspace)
    assert (workspace.home / DEMO_MARKER).is_file()
    [entry] = audit.read(workspace.home)
    assert entry["action"] == "demo_workspace"
    people = create_demo_users(workspace)
    actions = [(e["actor"], e["action"], e["subject"]) for e in audit.read(workspace.home)][1:]
    assert actions[0] == ("bootstrap", "user_add", "admin_demo")
    assert {a for a, _, _ in actions[1:]} == {"admin_demo"} and len(actions) == len(people)


@pytest.mark.parametrize("actor", [None, "zhang_stat", "removed_admin"])
def test_only_an_administrator_changes_users(actor, workspace: Workspace):
    store = LocalUserStore.of(workspace.home)
    admin = store.add("li_admin", "admin-pass-2026", ["admin"])
    stat = store.add("zhang_stat", "stat-pass-2026", ["statistician"], by=admin)
    by = {"zhang_stat": stat}.get(actor)
    if actor == "removed_admin":  # an admin object kept after the role was taken away
        other = store.add("wang_admin", "admin-pass-2026", ["admin"], by=admin)
        store.set_roles("wang_admin", ["statistician"], by=admin)
        by = other
    before = _snapshot(workspace)
    for change in (
        lambda: store.add("mallory", "mallory-pass-2026", ["publisher", "admin"], by=by),
        lambda: store.set_roles("zhang_stat", ["publisher"], by=by),
        lambda: store.remove("li_admin", by=by),
    ):
        with pytest.raises(AccessDenied) as refused:
            change()
        assert (
            "Administrator" in refused.value.message_en and "系统管理员" in refused.value.message_zh
        )
    assert _snapshot(workspace) == before


def test_the_cli_refuses_to_add_a_user_without_an_administrator(workspace: Workspace):
    _real_users(workspace)
    before = _snapshot(workspace)
    result = subprocess.run(
        [DUALCARBON, "--lang", "en", "users", "add", "mallory", "--role", "admin"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DUALCARBON_HOME": str(workspace.home),
             "DUALCARBON_NEW_PASSWORD": "mallory-pass-2026"},
    )  # fmt: skip
    assert result.returncode == 1 and "requires an administrator" in result.stderr
    assert _snapshot(workspace) == before


def test_every_account_change_is_audited(workspace: Workspace):
    store = LocalUserStore.of(workspace.home)
    admin = store.add("li_admin", "admin-pass-2026", ["admin"])
    store.add("zhang_stat", "stat-pass-2026", ["statistician"], by=admin)
    store.set_roles("zhang_stat", ["statistician", "steward"], by=admin)
    store.remove("zhang_stat", by=admin)
    entries = audit.read(workspace.home)
    assert [(e["actor"], e["action"], e["subject"]) for e in entries] == [
        ("bootstrap", "user_add", "li_admin"),
        ("li_admin", "user_add", "zhang_stat"),
        ("li_admin", "user_roles", "zhang_stat"),
        ("li_admin", "user_remove", "zhang_stat"),
    ]
    assert entries[2]["details"] == {
        "before": ["statistician"],
        "after": ["statistician", "steward"],
    }
    assert audit.verify_chain(workspace.home) == []


LOOK_ALIKES = [
    "drс_demo",  # Cyrillic es
    "аdmin_demo",  # Cyrillic a
    "stat_dεmo",  # Greek epsilon
    "王admin",  # Han and Latin mixed
    "drc\u200bdemo",  # zero-width space
    "drc_demo\n",  # stripped to drc_demo: the existing name, refused as a duplicate
    "ＤＲＣ_demo",  # full-width: NFKC gives DRC_demo, the same person as drc_demo
]


def test_look_alike_names_are_refused(workspace: Workspace):
    store = LocalUserStore.of(workspace.home)
    admin = store.add("li_admin", "admin-pass-2026", ["admin"])
    store.add("drc_demo", "drc-pass-2026", ["publisher"], by=admin)
    before = _snapshot(workspace)
    for name in LOOK_ALIKES:
        with pytest.raises(AuthError) as refused:
            store.add(name, "mallory-pass-2026", ["publisher"], by=admin)
        assert refused.value.message_en and refused.value.message_zh, name
    assert _snapshot(workspace) == before
    assert same_person("ＤＲＣ_demo", "drc_demo") and not same_person("drс_demo", "drc_demo")
    # Chinese names and pinyin with a space stay welcome
    assert store.add("王审核", "review-pass-2026", ["steward"], by=admin).username == "王审核"
    assert store.add("Wang Min", "review-pass-2026", ["steward"], by=admin).username == "Wang Min"
