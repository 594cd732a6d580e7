"""The internal dashboard's sign-in and release pages (Streamlit AppTest) on a copy of the
published workspace: a non-publisher cannot publish through the app; a publisher can; every
view of a draft is in the pre-release access register."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboards.internal.session import USER_KEY
from dualcarbon import audit
from dualcarbon.auth import LocalUserStore
from dualcarbon.release.store import list_releases

ROOT = Path(__file__).resolve().parent.parent
RELEASES_PAGE = ROOT / "dashboards" / "internal" / "releases.py"
APP = ROOT / "dashboards" / "internal" / "app.py"
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _page(ws, username: str | None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(RELEASES_PAGE), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    if username:
        at.session_state[USER_KEY] = LocalUserStore.of(ws.home).get(username)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _pick(at: AppTest, candidate_id: str) -> AppTest:
    at.selectbox(key="release_candidate").select(candidate_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_sign_in_form_checks_the_password(workspace_copy):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    at.text_input(key="sign_in_username").input("drc_demo")
    at.text_input(key="sign_in_password").input("wrong-password")
    _press(at, "Sign in")
    assert any("Wrong user name or password" in e.value for e in at.error)
    assert USER_KEY not in at.session_state
    at.text_input(key="sign_in_password").input("demo-drc-2026")
    _press(at, "Sign in")
    assert at.session_state[USER_KEY].username == "drc_demo"
    assert any("Signed in" in s.value for s in at.success)


def test_nobody_signed_in_sees_no_draft_figures(workspace_copy):
    at = _page(workspace_copy, None)
    assert any("Please sign in" in w.value for w in at.warning)
    assert not at.dataframe


def test_only_a_publisher_can_publish_through_the_app(workspace_copy, published_workspace):
    ws, draft = workspace_copy, published_workspace.draft_candidate_id
    steward = _pick(_page(ws, "steward_demo"), draft)
    assert any("DRAFT · NOT FOR RELEASE" in e.value for e in steward.error)
    from dualcarbon.demo import _acknowledge_warnings

    _acknowledge_warnings(ws, LocalUserStore.of(ws.home).get("steward_demo"), "2024")
    _press(steward, "Sign off quality (data steward)")
    assert any("Done" in s.value for s in steward.success), [e.value for e in steward.error]
    # the steward cannot approve or publish: the workflow refuses, whatever the page shows
    _press(steward, "Approve (DRC publisher)")
    assert any("requires the DRC publisher role" in e.value for e in steward.error)
    _press(steward, "Publish (DRC publisher)")
    assert any("requires the DRC publisher role" in e.value for e in steward.error)
    assert len(list_releases(ws.releases)) == 3

    drc = _pick(_page(ws, "drc_demo"), draft)
    _press(drc, "Approve (DRC publisher)")
    assert any("Done" in s.value for s in drc.success), [e.value for e in drc.error]
    for label, value in (
        ("Cause (Chinese)", "补报数据"),
        ("Cause (English)", "late data"),
        ("Impact (Chinese)", "上调"),
        ("Impact (English)", "upward"),
    ):
        next(w for w in drc.text_input if w.label == label).input(value)
    _press(drc, "Publish (DRC publisher)")
    assert any("Published JS-2024-v3" in s.value for s in drc.success), [e.value for e in drc.error]
    assert list_releases(ws.releases)[-1].revision["cause_en"] == "late data"

    views = audit.find(ws.home, "prerelease_access", draft)
    assert {e["actor"] for e in views} == {"steward_demo", "drc_demo"}
