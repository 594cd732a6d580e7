"""The steward's review of quality issues: queue, waivers, acknowledgements, send-back, gate.

Validation results are inserted straight into the quality tables (the agreed interface with
the validation runner), so these tests do not depend on the runner.
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import add_users

from dualcarbon import audit
from dualcarbon.quality.gate import gate_is_open, unwaived_errors
from dualcarbon.quality.review import (
    ISSUE_COLUMNS,
    REASON_CODES,
    ReviewError,
    acknowledge,
    actions,
    failing_rows,
    open_issues,
    quality_trend,
    send_back,
    waive,
)
from dualcarbon.warehouse import connect

DUALCARBON = [str(Path(sys.executable).parent / "dualcarbon")]
DATASET = "energy_consumption"
ERROR_CHECK = "energy_consumption.validity.quantity_non_negative"
WARN_CHECK = "energy_consumption.plausibility.yoy_change_within_band"
PASS_CHECK = "energy_consumption.completeness.all_sectors_reported"
MART_CHECK = "fct_indicators.plausibility.intensity_within_band"


def _utc(minutes_ago: float = 0) -> datetime:
    return datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=minutes_ago)


def record_validation(
    con,
    submission_id: str | None,
    *,
    results: list[tuple[str, str, bool, int]] | None = None,
    dataset: str = DATASET,
    period: str = "2019",
    version: int | None = 1,
    validated_at: datetime | None = None,
) -> str:
    """Record one validation run; ``results`` = (check_id, severity, success, failing_count).

    By default: a failing ERROR (2 failing rows), a failing WARN and a passing check.
    """
    if results is None:
        results = [
            (ERROR_CHECK, "ERROR", False, 2),
            (WARN_CHECK, "WARN", False, 0),
            (PASS_CHECK, "ERROR", True, 0),
        ]
    validation_id = uuid.uuid4().hex
    validated_at = validated_at or _utc(minutes_ago=60)
    target = "mart" if submission_id is None else "submission"
    failed = sum(not ok for _, _, ok, _ in results)
    con.execute(
        "insert into quality.validation_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            validation_id,
            "run-1",
            validated_at,
            period,
            dataset,
            target,
            submission_id,
            version if submission_id else None,
            failed == 0,
            len(results),
            failed,
            f"reports/data_docs/validations/{validation_id}.html",
        ],
    )
    for check_id, severity, ok, failing in results:
        kind = check_id.split(".")[1]
        con.execute(
            "insert into quality.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                validation_id,
                check_id,
                dataset,
                period,
                submission_id,
                version if submission_id else None,
                kind,
                severity,
                failing > 0,
                ok,
                failing,
                None if ok else f"observed for {check_id}",
                f"中文说明：{check_id}",
                f"English description: {check_id}",
            ],
        )
        for n in range(failing):
            con.execute(
                "insert into quality.failing_rows values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    validation_id,
                    check_id,
                    submission_id,
                    n + 2,
                    f"320000|S0{n + 1}|raw_coal",
                    f"-{n + 1}",
                    "消费量不能为负数",
                    "Quantity must not be negative",
                ],
            )
    return validation_id


@pytest.fixture
def con(workspace):
    with connect(workspace.warehouse) as con:
        yield con


def _open(con, period: str | None = None) -> set[tuple[str, str]]:
    return {(r["check_id"], r["submission_id"]) for r in open_issues(con, period).to_dicts()}


# --- the queue -------------------------------------------------------------------------------


def test_queue_lists_the_failing_checks_of_the_latest_run(con):
    older = record_validation(
        con, "sub-a", results=[(PASS_CHECK, "ERROR", False, 1)], validated_at=_utc(120)
    )
    latest = record_validation(con, "sub-a")
    queue = open_issues(con)
    assert queue.columns == ISSUE_COLUMNS
    # ERROR first; the passing check (failing in the older run) is not in the queue.
    assert queue.select("check_id", "severity").rows() == [
        (ERROR_CHECK, "ERROR"),
        (WARN_CHECK, "WARN"),
    ]
    first = queue.row(0, named=True)
    assert first["validation_id"] == latest != older
    assert first["department"] == "stats" and first["period"] == "2019"
    assert first["submission_version"] == 1 and first["failing_count"] == 2
    assert first["data_docs_path"].endswith(f"{latest}.html")
    rows = failing_rows(con, latest, ERROR_CHECK)
    assert rows["source_row"].to_list() == [2, 3]
    assert open_issues(con, "2020").is_empty()


def test_mart_checks_are_keyed_by_mart_dataset_and_period(con):
    record_validation(
        con,
        None,
        dataset="fct_indicators",
        results=[(MART_CHECK, "ERROR", False, 0)],
    )
    key = "mart:fct_indicators:2019"
    issue = open_issues(con).row(0, named=True)
    assert issue["submission_id"] == key and issue["department"] is None
    assert not gate_is_open(con, "2019")
    waive(con, "王敏", "steward", MART_CHECK, key, "method_change", "口径调整，已核实")
    assert open_issues(con).is_empty() and gate_is_open(con, "2019")
    with pytest.raises(ReviewError):
        send_back(con, None, "王敏", "steward", key, "other", "marts cannot be returned")


# --- waivers and the gate --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "comment"),
    [(None, "有说明"), ("", "有说明"), ("not_a_code", "有说明"), ("other", ""), ("other", "   ")],
)
def test_waive_without_a_valid_reason_and_comment_is_refused_and_not_logged(con, reason, comment):
    record_validation(con, "sub-a")
    with pytest.raises(ReviewError) as refused:
        waive(con, "王敏", "steward", ERROR_CHECK, "sub-a", reason, comment)
    assert refused.value.message_zh and refused.value.message_en
    assert actions(con).is_empty()
    assert (ERROR_CHECK, "sub-a") in _open(con)
    assert not gate_is_open(con, "2019")


def test_waive_with_a_reason_closes_the_error_and_opens_the_gate(con):
    record_validation(con, "sub-a")
    assert not gate_is_open(con, "2019")
    assert unwaived_errors(con, "2019")["check_id"].to_list() == [ERROR_CHECK]
    assert unwaived_errors(con, "2019").columns == ISSUE_COLUMNS
    action_id = waive(
        con, "王敏", "steward", ERROR_CHECK, "sub-a", "confirmed_by_department", "统计局电话确认"
    )
    assert re.fullmatch(r"[0-9a-f]{32}", action_id)
    assert _open(con) == {(WARN_CHECK, "sub-a")}  # the WARN does not hold the gate
    assert unwaived_errors(con, "2019").is_empty()
    assert gate_is_open(con, "2019")
    with pytest.raises(ReviewError):  # already closed: nothing to waive twice
        waive(con, "王敏", "steward", ERROR_CHECK, "sub-a", "other", "again")
    with pytest.raises(ReviewError):  # a passing check is no issue
        waive(con, "王敏", "steward", PASS_CHECK, "sub-a", "other", "not failing")
    assert actions(con).height == 1


def test_a_waiver_does_not_carry_over_to_a_resubmission(con):
    record_validation(con, "sub-a", validated_at=_utc(120))
    waive(con, "王敏", "steward", ERROR_CHECK, "sub-a", "other", "临时豁免")
    assert gate_is_open(con, "2019")
    # The department resubmits (version 2, a new submission id); the same check fails again.
    record_validation(con, "sub-b", version=2, validated_at=_utc(0))
    assert (ERROR_CHECK, "sub-b") in _open(con)
    assert not gate_is_open(con, "2019")
    assert unwaived_errors(con, "2019")["submission_version"].to_list() == [2]


def test_a_waiver_holds_when_the_same_submission_is_validated_again(con):
    record_validation(con, "sub-a", validated_at=_utc(120))
    waive(con, "王敏", "steward", ERROR_CHECK, "sub-a", "other", "豁免")
    record_validation(con, "sub-a", validated_at=_utc(0) + timedelta(seconds=1))
    assert gate_is_open(con, "2019")
    # ... but once the check has passed, a later failure is a new issue.
    later = _utc(0) + timedelta(seconds=2)
    record_validation(con, "sub-a", results=[(ERROR_CHECK, "ERROR", True, 0)], validated_at=later)
    record_validation(con, "sub-a", validated_at=later + timedelta(seconds=1))
    assert not gate_is_open(con, "2019")


def test_a_period_never_validated_keeps_the_gate_closed(con):
    assert unwaived_errors(con, "2021").is_empty()
    assert not gate_is_open(con, "2021")
    record_validation(con, "sub-c", period="2021", results=[(PASS_CHECK, "ERROR", True, 0)])
    assert gate_is_open(con, "2021")


# --- acknowledge and send back ---------------------------------------------------------------


def test_a_warn_is_closed_by_acknowledging_it_but_an_error_is_not(con):
    record_validation(con, "sub-a")
    with pytest.raises(ReviewError):
        acknowledge(con, "王敏", "steward", ERROR_CHECK, "sub-a")
    acknowledge(con, "王敏", "steward", WARN_CHECK, "sub-a")
    assert _open(con) == {(ERROR_CHECK, "sub-a")}
    logged = actions(con).row(0, named=True)
    assert logged["action"] == "acknowledge" and logged["reason_code"] is None


def test_send_back_writes_both_reports_and_closes_the_issues(con, workspace):
    record_validation(con, "sub-a")
    with pytest.raises(ReviewError):
        send_back(con, workspace, "王敏", "steward", "sub-a", "other", "")
    assert not (workspace.feedback / "sub-a").exists()
    report = send_back(
        con,
        workspace,
        "王敏",
        "steward",
        "sub-a",
        "confirmed_by_department",
        "负值应为录入错误，请核实后重报",
    )
    folder = workspace.feedback / "sub-a"
    assert report == folder / "returned.zh.md"
    zh = (folder / "returned.zh.md").read_text(encoding="utf-8")
    en = (folder / "returned.en.md").read_text(encoding="utf-8")
    for text in (zh, en):
        assert ERROR_CHECK in text and WARN_CHECK in text and PASS_CHECK not in text
        assert r"320000\|S01\|raw_coal" in text and "-2" in text  # rows, pipes escaped
        assert "负值应为录入错误，请核实后重报" in text
    assert "江苏省统计局" in zh and "报送单位已确认数据无误" in zh and "重新报送" in zh
    assert "消费量不能为负数" in zh and "Quantity must not be negative" in en
    assert "Jiangsu Provincial Bureau of Statistics" in en and "resubmit" in en
    assert open_issues(con).is_empty()
    logged = actions(con, "sub-a")
    assert sorted(logged["check_id"].to_list()) == sorted([ERROR_CHECK, WARN_CHECK])
    assert set(logged["action"]) == {"send_back"}
    with pytest.raises(ReviewError):  # nothing left to send back
        send_back(con, workspace, "王敏", "steward", "sub-a", "other", "again")


def test_the_report_lists_at_most_fifty_failing_rows(con, workspace):
    record_validation(con, "sub-a", results=[(ERROR_CHECK, "ERROR", False, 60)])
    send_back(con, workspace, "王敏", "steward", "sub-a", "other", "请全面核查")
    zh = (workspace.feedback / "sub-a" / "returned.zh.md").read_text(encoding="utf-8")
    assert "共 60 行，以下列出前 50 行" in zh
    assert zh.count("消费量不能为负数") == 50


# --- the log and roles -----------------------------------------------------------------------


def test_every_action_is_logged_with_actor_role_time_and_reason(con, workspace):
    record_validation(con, "sub-a")
    record_validation(
        con, "sub-b", dataset="gdp_population", results=[(WARN_CHECK, "WARN", False, 0)]
    )
    before = _utc()
    acknowledge(con, "李强", "steward", WARN_CHECK, "sub-a", "已知波动")
    waive(con, "王敏", "steward", ERROR_CHECK, "sub-a", "known_structural_change", "新电厂投产")
    send_back(con, workspace, "王敏", "steward", "sub-b", "other", "请补充说明")
    after = _utc()
    log = actions(con)
    assert log.columns == [
        "action_id",
        "acted_at",
        "actor",
        "role",
        "action",
        "check_id",
        "submission_id",
        "submission_version",
        "period",
        "dataset",
        "reason_code",
        "comment",
    ]
    assert log.select(
        "actor", "role", "action", "submission_id", "reason_code", "comment"
    ).rows() == [
        ("李强", "steward", "acknowledge", "sub-a", None, "已知波动"),
        ("王敏", "steward", "waive", "sub-a", "known_structural_change", "新电厂投产"),
        ("王敏", "steward", "send_back", "sub-b", "other", "请补充说明"),
    ]
    assert all(before <= t <= after for t in log["acted_at"])  # UTC
    assert log["action_id"].n_unique() == 3
    assert set(log["period"]) == {"2019"} and set(log["submission_version"]) == {1}
    assert actions(con, "sub-b").height == 1


@pytest.mark.parametrize("role", ["statistician", "submitter", "publisher", ""])
def test_only_a_steward_may_act(con, workspace, role):
    record_validation(con, "sub-a")
    with pytest.raises(ReviewError) as refused:
        waive(con, "张三", role, ERROR_CHECK, "sub-a", "other", "我来豁免")
    assert "steward" in refused.value.message_en
    with pytest.raises(ReviewError):
        acknowledge(con, "张三", role, WARN_CHECK, "sub-a")
    with pytest.raises(ReviewError):
        send_back(con, workspace, "张三", role, "sub-a", "other", "退回")
    with pytest.raises(ReviewError):  # a steward must be named
        waive(con, " ", "steward", ERROR_CHECK, "sub-a", "other", "匿名")
    assert actions(con).is_empty() and len(_open(con)) == 2
    assert not (workspace.feedback / "sub-a").exists()


# --- trend -----------------------------------------------------------------------------------


def _three_checks(error_failing: int) -> list[tuple[str, str, bool, int]]:
    """The ERROR, WARN and passing checks, the WARN passing this time; the ERROR fails on
    ``error_failing`` rows (0: it passes)."""
    return [
        (ERROR_CHECK, "ERROR", error_failing == 0, error_failing),
        (WARN_CHECK, "WARN", True, 0),
        (PASS_CHECK, "ERROR", True, 0),
    ]


def test_quality_trend_is_the_pass_rate_per_department_dataset_and_day(con):
    day1 = datetime(2025, 3, 1, 8, 0)
    day2 = datetime(2025, 3, 2, 8, 0)
    # energy_consumption (stats), day 1: two runs, 3 + 3 checks, 1 + 2 passed -> 3/6.
    record_validation(con, "sub-a", validated_at=day1)  # 1 of 3 passes
    later = day1 + timedelta(hours=2)
    record_validation(con, "sub-a", validated_at=later, results=_three_checks(error_failing=1))
    # energy_consumption, day 2: 3 of 3.
    record_validation(
        con, "sub-b", version=2, validated_at=day2, results=_three_checks(error_failing=0)
    )
    # electricity_generation (energy), day 2: 1 of 4.
    record_validation(
        con,
        "sub-e",
        dataset="electricity_generation",
        validated_at=day2,
        results=[(f"electricity_generation.validity.c{i}", "ERROR", i == 0, 0) for i in range(4)],
    )
    trend = quality_trend(con)
    assert trend.columns == [
        "department",
        "dataset",
        "validated_on",
        "checks",
        "passed",
        "pass_rate",
    ]
    assert trend.rows() == [
        ("energy", "electricity_generation", date(2025, 3, 2), 4, 1, 0.25),
        ("stats", "energy_consumption", date(2025, 3, 1), 6, 3, 0.5),
        ("stats", "energy_consumption", date(2025, 3, 2), 3, 3, 1.0),
    ]


# --- the command line ------------------------------------------------------------------------


PASSWORD = "review-pass-2026"  # every test user's password (tests only)


def _cli(home: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {"DUALCARBON_HOME": str(home), "PATH": "/usr/bin:/bin", "DUALCARBON_PASSWORD": PASSWORD}
    if lang:
        env["DUALCARBON_LANG"] = lang
    return subprocess.run(
        [*DUALCARBON, *args], capture_output=True, text=True, env=env, timeout=120
    )


def _seed(workspace) -> None:
    with connect(workspace.warehouse) as con:
        record_validation(con, "sub-a")
    add_users(
        workspace.home,
        ("王敏", PASSWORD, ["steward"]),
        ("Wang Min", PASSWORD, ["steward"]),
        ("张统计", PASSWORD, ["statistician"]),
    )


def test_cli_lists_the_queue(workspace):
    _seed(workspace)
    listed = _cli(workspace.home, "review", "list", "--period", "2019")
    assert listed.returncode == 0, listed.stderr
    out = listed.stdout
    assert ERROR_CHECK in out and WARN_CHECK in out and PASS_CHECK not in out
    assert "江苏省统计局" in out and "sub-a" in out and f"中文说明：{ERROR_CHECK}" in out
    assert "reports/data_docs/validations/" in out
    assert "发布闸门：关闭" in out
    english = _cli(workspace.home, "--lang", "en", "review", "list")
    assert "Jiangsu Provincial Bureau of Statistics" in english.stdout
    assert f"English description: {ERROR_CHECK}" in english.stdout
    shown = _cli(workspace.home, "review", "show", ERROR_CHECK, "sub-a")
    assert shown.returncode == 0, shown.stderr
    assert "320000|S01|raw_coal" in shown.stdout and "消费量不能为负数" in shown.stdout


def test_cli_waives_in_chinese_and_in_english(workspace):
    _seed(workspace)
    waived = _cli(
        workspace.home,
        "review", "waive", ERROR_CHECK, "sub-a",
        "--reason", "confirmed_by_department", "--comment", "已电话确认", "--as", "王敏",
    )  # fmt: skip
    assert waived.returncode == 0, waived.stderr
    assert "已豁免" in waived.stdout and "报送单位已确认数据无误" in waived.stdout
    assert "尚有 0 个未豁免的错误" in waived.stdout
    acked = _cli(
        workspace.home,
        "--lang", "en", "review", "ack", WARN_CHECK, "sub-a", "--as", "Wang Min",
        "--comment", "known swing",
    )  # fmt: skip
    assert acked.returncode == 0, acked.stderr
    assert "Acknowledged" in acked.stdout
    listed = _cli(workspace.home, "--lang", "en", "review", "list", "--period", "2019")
    assert "No open data-quality issues" in listed.stdout and "gate for 2019: open" in listed.stdout
    everything = _cli(workspace.home, "--lang", "en", "review", "list", "--all")
    assert "waived" in everything.stdout and "acknowledged" in everything.stdout
    logged = [
        (e["actor"], e["action"], e["subject"])
        for e in audit.read(workspace.home)
        if e["action"] != "user_add"  # the seeded users are audited too
    ]
    assert logged == [("王敏", "waive", "sub-a"), ("Wang Min", "acknowledge", "sub-a")]
    assert audit.verify_chain(workspace.home) == []
    log = _cli(workspace.home, "review", "log", "--submission", "sub-a")
    assert (
        "王敏" in log.stdout
        and "Wang Min" in log.stdout
        and "confirmed_by_department" in log.stdout
    )


def test_cli_english_waive_and_send_back(workspace):
    _seed(workspace)
    waived = _cli(
        workspace.home,
        "review", "waive", WARN_CHECK, "sub-a", "--reason", "method_change",
        "--comment", "new method", "--as", "Wang Min",
    lang="en")  # fmt: skip
    assert waived.returncode == 0, waived.stderr
    assert "Waived" in waived.stdout and "The definition or method changed" in waived.stdout
    assert "1 unwaived ERROR(s) remain for 2019" in waived.stdout
    returned = _cli(
        workspace.home,
        "review", "send-back", "sub-a", "--reason", "other", "--comment", "请核实负值",
        "--as", "王敏",
    )  # fmt: skip
    assert returned.returncode == 0, returned.stderr
    assert (workspace.feedback / "sub-a" / "returned.zh.md").exists()
    assert (workspace.feedback / "sub-a" / "returned.en.md").exists()


def test_cli_refuses_a_waive_without_a_comment_or_by_a_non_steward(workspace):
    _seed(workspace)
    base = ["review", "waive", ERROR_CHECK, "sub-a", "--reason", "other", "--as", "王敏"]
    refused = _cli(workspace.home, *base)
    assert refused.returncode == 1
    assert "操作被拒绝" in refused.stderr and "必须填写说明" in refused.stderr
    assert "Traceback" not in refused.stderr
    english = _cli(workspace.home, "--lang", "en", *base)
    assert english.returncode == 1 and "A comment is required" in english.stderr
    not_steward = _cli(workspace.home, *base[:-2], "--comment", "x", "--as", "张统计", lang="en")
    assert not_steward.returncode == 1 and "steward" in not_steward.stderr
    wrong = _cli(workspace.home, *base, "--comment", "x", "--as", "nobody")
    assert wrong.returncode == 1 and "用户名或密码不正确" in wrong.stderr
    with connect(workspace.warehouse, read_only=True) as con:
        assert actions(con).is_empty()


def test_cli_help_lists_the_reason_codes(workspace):
    for command in ("waive", "send-back"):
        helped = _cli(workspace.home, "review", command, "--help")
        assert helped.returncode == 0
        assert all(code in helped.stdout for code in REASON_CODES)


def test_cli_says_so_when_a_pipeline_run_holds_the_warehouse(workspace):
    _seed(workspace)
    with connect(workspace.warehouse):  # this process holds the warehouse, as a run would
        for args in (
            ("review", "list"),
            ("review", "waive", ERROR_CHECK, "sub-a", "--reason", "other", "--comment", "x",
             "--as", "王敏"),
        ):  # fmt: skip
            busy = _cli(workspace.home, *args)
            assert busy.returncode == 3
            assert "流水线运行占用" in busy.stderr and "held by a pipeline run" in busy.stderr
            assert "Traceback" not in busy.stderr


def test_cli_trend(workspace):
    _seed(workspace)
    trend = _cli(workspace.home, "review", "trend")
    assert trend.returncode == 0, trend.stderr
    assert "energy_consumption" in trend.stdout and "33.3%" in trend.stdout
