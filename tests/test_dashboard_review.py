"""The internal dashboard's quality review page, rendered headless with Streamlit's AppTest.

The warehouse is seeded through the agreed interface (rows inserted into the quality tables,
docs/design/quality.md) with one validation run that fails an ERROR and a WARN check. The
browser test (tests/browser/test_review_page.py) uses the same seed.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st
from conftest import add_users
from streamlit.testing.v1 import AppTest

from dashboards import i18n
from dashboards.internal.session import USER_KEY
from dualcarbon.auth import LocalUserStore
from dualcarbon.paths import REPO_ROOT, Workspace
from dualcarbon.warehouse import connect

APP = REPO_ROOT / "dashboards" / "internal" / "app.py"
APP_TIMEOUT = 60  # seconds; AppTest's default of 3 s is too short for a cold first import

SUBMISSION = "sub-0123456789abcdef"
OLD_SUBMISSION = "sub-fedcba9876543210"
VALIDATION = "val-2023-energy-0001"
OLD_VALIDATION = "val-2022-energy-0001"
ERROR_CHECK = "energy_consumption.validity.quantity_non_negative"
WARN_CHECK = "energy_consumption.plausibility.yoy_change_within_band"
ERROR_ZH, ERROR_EN = "能源消费量不得为负值", "Energy consumption must not be negative"
WARN_ZH, WARN_EN = "同比变化超出 ±30% 区间", "Year-on-year change outside the ±30% band"
DATA_DOCS = "reports/data_docs/validations/val-2023-energy-0001.html"


def seed_review_workspace(home: Path) -> Workspace:
    """A workspace whose warehouse holds one 2023 energy_consumption submission that fails an
    ERROR and a WARN check (and a passing 2022 run the day before, for the trend)."""
    ws = Workspace(home).ensure()
    docs = ws.home / DATA_DOCS
    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.write_text("<html><body><h1>Data Docs</h1></body></html>", encoding="utf-8")
    with connect(ws.warehouse) as con:
        for sid, period, received in (
            (SUBMISSION, "2023", datetime(2026, 1, 15, 8, 0)),
            (OLD_SUBMISSION, "2022", datetime(2026, 1, 14, 8, 0)),
        ):
            con.execute(
                "insert into raw.submissions values "
                "(?, 'accepted', 'energy_consumption', 'stats', ?, 1, 1, ?, ?, 2048, 'utf-8', ?, "
                "?, ?, 4, 0, 'run-seed', null, ?)",
                [
                    sid,
                    period,
                    f"energy_consumption_{period}.csv",
                    sid.removeprefix("sub-") * 4,
                    f"archive/{sid}.csv",
                    received,
                    received,
                    received,
                ],
            )
        con.execute(
            "insert into quality.validation_runs values "
            "(?, 'run-seed', ?, '2023', 'energy_consumption', 'submission', ?, 1, false, 4, 2, ?),"
            "(?, 'run-seed', ?, '2022', 'energy_consumption', 'submission', ?, 1, true, 4, 0, null)",
            [
                VALIDATION,
                datetime(2026, 1, 15, 9, 0),
                SUBMISSION,
                DATA_DOCS,
                OLD_VALIDATION,
                datetime(2026, 1, 14, 9, 0),
                OLD_SUBMISSION,
            ],
        )
        checks = [
            (
                ERROR_CHECK,
                "validity",
                "ERROR",
                True,
                1,
                "1 行为负值 / 1 negative row",
                ERROR_ZH,
                ERROR_EN,
            ),
            (WARN_CHECK, "plausibility", "WARN", False, 0, "+45.2%", WARN_ZH, WARN_EN),
            (
                "energy_consumption.completeness.all_regions",
                "completeness",
                "ERROR",
                False,
                0,
                None,
                "应报地区齐全",
                "Every region is reported",
            ),
            (
                "energy_consumption.validity.known_fuel_codes",
                "validity",
                "ERROR",
                True,
                0,
                None,
                "能源品种代码有效",
                "Fuel codes are known",
            ),
        ]
        for validation, sid, period, failing in (
            (VALIDATION, SUBMISSION, "2023", {ERROR_CHECK, WARN_CHECK}),
            (OLD_VALIDATION, OLD_SUBMISSION, "2022", set()),
        ):
            for check_id, kind, severity, row_level, count, observed, zh, en in checks:
                failed = check_id in failing
                con.execute(
                    "insert into quality.check_results values "
                    "(?, ?, 'energy_consumption', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        validation,
                        check_id,
                        period,
                        sid,
                        kind,
                        severity,
                        row_level,
                        not failed,
                        count if failed else 0,
                        observed if failed else None,
                        zh,
                        en,
                    ],
                )
        con.execute(
            "insert into quality.failing_rows values (?, ?, ?, 4, ?, '-100', ?, ?)",
            [
                VALIDATION,
                ERROR_CHECK,
                SUBMISSION,
                "320100|S01|raw_coal|combustion",
                "消费量为负值",
                "The quantity is negative",
            ],
        )
    return ws


@pytest.fixture
def seeded(workspace: Workspace) -> Workspace:
    return seed_review_workspace(workspace.home)


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


VIEWER = "李统计"  # a statistician: may read the queue (signed in), may not act on it


def run_app(lang: str | None = None, reviewer: str | None = None) -> AppTest:
    """The app signed in as ``reviewer`` (a data steward), else as a statistician: nothing
    internal is shown before sign-in (tests/adversarial/test_sign_in.py)."""
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    name, role = (reviewer, "steward") if reviewer else (VIEWER, "statistician")
    home = Workspace.from_env().home
    add_users(home, (name, "review-pass-2026", [role]))
    at.session_state[USER_KEY] = LocalUserStore.of(home).get(name)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def waive_button(at: AppTest):
    return next(b for b in at.button if b.label == "豁免该问题")


def select(at: AppTest, title: str):
    return next(s for s in at.selectbox if s.label == title)


def table_with(at: AppTest, column: str):
    """The first table (st.dataframe) that has this column header, as pandas."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def queue_of(at: AppTest):
    """The queue table, or None when the page shows no queue (nothing open)."""
    column = "不合格行数" if at.title[0].value == "数据质量审核" else "Failing rows"
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


def test_every_string_has_both_languages():
    from dualcarbon import i18n as catalogue

    assert all(
        catalogue.text(k, lang).strip() for k in catalogue.message_ids() for lang in ("zh", "en")
    )
    assert i18n.normalise_lang("EN") == "en"
    assert i18n.normalise_lang("fr") == "zh"
    assert i18n.t("review.title", "zh") == "数据质量审核"
    assert i18n.t("review.title", "en") == "Quality review"


def test_queue_in_chinese_lists_both_issues(seeded: Workspace):
    at = run_app()
    assert at.title[0].value == "数据质量审核"
    assert any("内部" in c.value and "不得对外发布" in c.value for c in at.caption)
    queue = queue_of(at)
    assert list(queue.columns[:5]) == ["级别", "数据集", "报送单位", "报告期", "说明"]
    assert queue["检查"].tolist() == [ERROR_CHECK, WARN_CHECK]  # ERROR first
    assert queue["级别"].tolist() == ["错误", "警告"]
    assert queue["说明"].tolist() == [ERROR_ZH, WARN_ZH]
    assert set(queue["数据集"]) == {"分地区分行业分品种能源消费量"}
    assert set(queue["报送单位"]) == {"江苏省统计局"}
    assert set(queue["报送编号"]) == {SUBMISSION}
    assert [m.value for m in at.metric] == ["1", "1"]
    # the first issue's details: its failing row and its Data Docs file
    rows = table_with(at, "源文件行号")
    assert rows["值"].tolist() == ["-100"] and rows["问题"].tolist() == ["消费量为负值"]
    assert str(seeded.home / DATA_DOCS) in [c.value for c in at.code]
    # the action log is empty; the trend has a point per day
    assert any(c.value == "尚无审核记录。" for c in at.caption)
    trend = table_with(at, "通过率（%）")
    assert trend["通过率（%）"].tolist() == [100.0, 50.0]
    # a statistician is signed in: the actions wait for a data steward
    assert any("须以数据管理员身份登录" in w.value for w in at.warning)


def test_english_from_query_param(seeded: Workspace):
    at = run_app(lang="en")
    assert at.title[0].value == "Quality review"
    queue = queue_of(at)
    assert queue["Severity"].tolist() == ["Error", "Warning"]
    assert queue["Description"].tolist() == [ERROR_EN, WARN_EN]
    assert set(queue["Department"]) == {"Jiangsu Provincial Bureau of Statistics"}
    assert at.query_params["lang"] == "en"


def test_language_switch_in_sidebar(seeded: Workspace):
    at = run_app()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Quality review"
    assert queue_of(at)["Description"].tolist() == [ERROR_EN, WARN_EN]
    assert at.query_params["lang"] == "en"


def test_filters(seeded: Workspace):
    at = run_app()
    select(at, "级别").set_value("WARN").run()
    assert queue_of(at)["检查"].tolist() == [WARN_CHECK]
    select(at, "级别").set_value("").run()
    select(at, "报告期").set_value("2023").run()
    assert queue_of(at).shape[0] == 2


def test_filters_survive_a_language_switch(seeded: Workspace):
    at = run_app()
    select(at, "级别").set_value("WARN").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert select(at, "Severity").value == "WARN"
    assert queue_of(at)["Check"].tolist() == [WARN_CHECK]
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert select(at, "级别").value == "WARN"
    assert queue_of(at)["检查"].tolist() == [WARN_CHECK]


def test_waive_needs_reason_and_comment_then_closes_the_issue(seeded: Workspace):
    at = run_app(reviewer="王审核")
    # missing reason: refused in the page, nothing written
    waive_button(at).click().run()
    assert [e.value for e in at.error] == ["请选择原因。"]
    waive_reason = next(s for s in at.selectbox if s.label == "原因")
    waive_reason.set_value("confirmed_by_department")
    next(a for a in at.text_area if a.label == "说明").input("报送单位电话确认：该行为冲减数。")
    waive_button(at).click().run()
    assert not at.exception
    assert any("已豁免" in s.value for s in at.success)
    assert queue_of(at)["检查"].tolist() == [WARN_CHECK]
    log = table_with(at, "操作人")
    assert log["操作"].tolist() == ["豁免"]
    assert log["原因"].tolist() == ["报送单位已确认数据无误"]
    assert log["操作人"].tolist() == ["王审核"]
    with connect(seeded.warehouse, read_only=True) as con:
        assert con.sql(
            "select actor, role, action, check_id, submission_id, reason_code from "
            "quality.review_actions"
        ).fetchall() == [
            ("王审核", "steward", "waive", ERROR_CHECK, SUBMISSION, "confirmed_by_department")
        ]


def test_acknowledge_the_warn(seeded: Workspace):
    at = run_app(reviewer="王审核")
    select(at, "级别").set_value("WARN").run()
    assert next(b for b in at.button if b.label == "确认该问题").disabled is False
    next(b for b in at.button if b.label == "确认该问题").click().run()
    assert any("已确认" in s.value for s in at.success)
    assert queue_of(at) is None  # the WARN filter now matches nothing
    assert at.info[0].value == "当前筛选条件下没有待处理的问题。"
    select(at, "级别").set_value("").run()
    assert queue_of(at)["检查"].tolist() == [ERROR_CHECK]


def test_send_back_closes_every_issue_and_writes_the_feedback(seeded: Workspace):
    at = run_app(reviewer="王审核")
    back_reason = [s for s in at.selectbox if s.label == "原因"][1]  # waive's first, then send back
    back_reason.set_value("data_source_limitation")
    [a for a in at.text_area if a.label == "说明"][1].input("请核实第 4 行并重新报送。")
    next(b for b in at.button if b.label == "退回该报送").click().run()
    assert not at.exception
    assert any("已退回报送" in s.value for s in at.success)
    assert any("没有待处理的问题" in s.value for s in at.success)
    assert (seeded.feedback / SUBMISSION / "returned.zh.md").is_file()
    assert (seeded.feedback / SUBMISSION / "returned.en.md").is_file()
    assert table_with(at, "操作人")["操作"].tolist() == ["退回", "退回"]


def test_review_error_shown_in_english(seeded: Workspace, monkeypatch: pytest.MonkeyPatch):
    from dualcarbon.i18n import Message
    from dualcarbon.quality import review

    def refuse(*args, **kwargs):
        raise review.ReviewError(
            "quality.review.issue.check_submission_already_closed",
            check_id="c",
            submission_id="s",
            status=Message("quality.review.status.acknowledged"),
        )

    monkeypatch.setattr(review, "acknowledge", refuse)
    at = run_app(lang="en", reviewer="Wang")
    select(at, "Severity").set_value("WARN").run()
    next(b for b in at.button if b.label == "Acknowledge this issue").click().run()
    assert [e.value for e in at.error] == [
        "Check c on submission s is already closed (acknowledged)."
    ]


def test_locked_warehouse_shows_a_bilingual_notice(seeded: Workspace):
    """A pipeline run holds DuckDB's write lock: the page says so instead of crashing."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
            "sys.stdin.read()",
            str(seeded.warehouse),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        at = run_app()
        notice = at.warning[0].value
        assert "写锁" in notice and "write lock" in notice
        assert not at.dataframe
    finally:
        holder.communicate(timeout=30)
    st.cache_data.clear()
    assert queue_of(run_app()).shape[0] == 2  # readable again once the run has finished


def test_no_warehouse(workspace: Workspace):
    at = run_app()
    assert "尚无数据仓库" in at.info[0].value
