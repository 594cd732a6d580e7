"""Attacks on sign-in and on the internal dashboard: password guessing, timing, a role
removed during an open session, looking before signing in. Each is refused, and nothing
internal is shown or done."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboards.internal.session import USER_KEY
from dualcarbon.auth import AuthError, LocalUserStore
from dualcarbon.auth.throttle import FREE_FAILURES
from dualcarbon.paths import Workspace

APP = Path(__file__).resolve().parents[2] / "dashboards" / "internal" / "app.py"
TIMEOUT = 60
PASSWORD = "steward-pass-2026"


@pytest.fixture
def store(workspace: Workspace) -> LocalUserStore:
    users = LocalUserStore.of(workspace.home)
    admin = users.add("li_admin", "admin-pass-2026", ["admin"])
    users.add("wang_steward", PASSWORD, ["steward"], by=admin)
    return users


def test_guessing_is_throttled_per_user_and_survives_a_restart(store: LocalUserStore):
    for _ in range(FREE_FAILURES["user"]):
        with pytest.raises(AuthError) as wrong:
            store.authenticate("wang_steward", "guess-0000")
        assert "Wrong user name or password" in wrong.value.message_en
    # the right password is refused now too, in a new store object (a new process)
    fresh = LocalUserStore.of(store.home)
    with pytest.raises(AuthError) as throttled:
        fresh.authenticate("wang_steward", PASSWORD)
    assert "Too many failed sign-ins" in throttled.value.message_en
    assert "登录失败次数过多" in throttled.value.message_zh
    # another person is not locked out by it
    assert fresh.authenticate("li_admin", "admin-pass-2026").username == "li_admin"


def test_guessing_is_throttled_per_address(store: LocalUserStore):
    """Many names tried from one address: that address waits, even for a right password."""
    for n in range(FREE_FAILURES["address"]):
        with pytest.raises(AuthError):
            store.authenticate(f"guess{n}", "guess-0000", address="203.0.113.9")
    with pytest.raises(AuthError) as throttled:
        store.authenticate("wang_steward", PASSWORD, address="203.0.113.9")
    assert "Too many failed sign-ins" in throttled.value.message_en
    assert store.authenticate("wang_steward", PASSWORD, address="198.51.100.7")


def test_an_unknown_user_is_answered_as_slowly_as_a_known_one(store: LocalUserStore):
    """The unknown name costs the same scrypt work (a dummy hash): the medians of the two
    answers differ by less than half (before the fix: 0 ms against 60 ms). Four failures:
    below the throttle, whose quick refusals would otherwise be timed."""

    def answer_time(name: str) -> float:
        start = time.perf_counter()
        with pytest.raises(AuthError):
            store.authenticate(name, "guess-0000")
        return time.perf_counter() - start

    pairs = [(answer_time("wang_steward"), answer_time(f"nobody{n}")) for n in range(4)]
    known = statistics.median(k for k, _ in pairs)  # interleaved: both see the same load
    unknown = statistics.median(u for _, u in pairs)
    assert unknown > 0.5 * known and known > 0.5 * unknown, (known, unknown)


def _app(home: Path, user: str | None) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    if user:
        at.session_state[USER_KEY] = LocalUserStore.of(home).get(user)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_nothing_internal_before_sign_in(workspace: Workspace, store: LocalUserStore):
    from test_dashboard_review import seed_review_workspace

    seed_review_workspace(workspace.home)
    at = _app(workspace.home, None)
    assert any("Please sign in" in i.value for i in at.info)
    assert not at.dataframe and not at.title and not at.metric  # no queue, log or trend
    signed_in = _app(workspace.home, "wang_steward")
    assert signed_in.title[0].value == "Quality review" and signed_in.dataframe


@pytest.mark.parametrize("change", ["role removed", "user removed"])
def test_a_removed_role_stops_working_in_an_open_session(
    change, workspace: Workspace, store: LocalUserStore
):
    from test_dashboard_review import seed_review_workspace

    seed_review_workspace(workspace.home)
    at = _app(workspace.home, "wang_steward")
    assert at.session_state[USER_KEY].has("steward")
    admin = store.get("li_admin")
    if change == "role removed":
        store.set_roles("wang_steward", ["statistician"], by=admin)
    else:
        store.remove("wang_steward", by=admin)
    at.run()  # the next click in the same open session
    assert not at.exception
    if change == "role removed":
        assert not at.session_state[USER_KEY].has("steward")
        assert any("requires signing in as a data steward" in w.value for w in at.warning)
    else:
        assert USER_KEY not in at.session_state and not at.dataframe
