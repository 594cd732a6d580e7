"""The `dualcarbon` command line, run as a department or statistician would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import add_users, energy_csv, put

DUALCARBON = [str(Path(sys.executable).parent / "dualcarbon")]


def _run(
    *args: str, env_home: Path, lang: str | None = None, user: str = "stat"
) -> subprocess.CompletedProcess:
    add_users(
        env_home,
        ("stat", "stat-pass-2026", ["statistician"]),
        ("clerk", "stat-pass-2026", ["steward"]),
    )
    env = {
        "DUALCARBON_HOME": str(env_home),
        "PATH": "/usr/bin:/bin",
        "DUALCARBON_USER": user,
        "DUALCARBON_PASSWORD": "stat-pass-2026",
    }
    if lang:
        env["DUALCARBON_LANG"] = lang
    return subprocess.run(
        [*DUALCARBON, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_check_accepts_a_valid_file_and_loads_nothing(workspace, tmp_path):
    path = put(tmp_path, "energy_consumption_2019.csv", energy_csv())
    result = _run("check", str(path), env_home=workspace.home)
    assert result.returncode == 0, result.stderr
    assert "✓" in result.stdout and "共 4 行" in result.stdout
    assert not workspace.warehouse.exists()


def test_check_explains_every_problem_in_chinese_by_default(workspace, tmp_path):
    path = put(
        tmp_path,
        "energy_consumption_2019.csv",
        energy_csv(["329900,S01,raw_coal,combustion,约12万,t"]),
    )
    result = _run("check", str(path), env_home=workspace.home)
    assert result.returncode == 1
    assert "第 2 行" in result.stdout and "“329900”不是有效的地区代码" in result.stdout
    assert "“约12万”不是数值" in result.stdout


def test_english_switch(workspace, tmp_path):
    path = put(
        tmp_path, "energy_consumption_2019.csv", energy_csv(["329900,S01,raw_coal,combustion,1,t"])
    )
    by_env = _run("check", str(path), env_home=workspace.home, lang="en")
    by_flag = _run("--lang", "en", "check", str(path), env_home=workspace.home)
    for result in (by_env, by_flag):
        assert "row 2" in result.stdout and "'329900' is not a valid Region code" in result.stdout


def test_submit_takes_files_in_at_once_and_reports_versions(workspace, tmp_path):
    good = put(tmp_path, "energy_consumption_2019.csv", energy_csv())
    first = _run("submit", str(good), env_home=workspace.home)
    assert first.returncode == 0, first.stderr + first.stdout
    assert "已接收" in first.stdout and "第 1 版" in first.stdout
    again = _run("submit", str(good), env_home=workspace.home)
    assert again.returncode == 0 and "未重复入库" in again.stdout
    bad = put(tmp_path, "gdp_population_2019.csv", "地区代码\n320000\n")
    rejected = _run("submit", str(bad), env_home=workspace.home)
    assert rejected.returncode == 1 and "已退回" in rejected.stdout
    status = _run("--lang", "en", "status", env_home=workspace.home)
    assert "energy_consumption" in status.stdout and "gdp_population_2019.csv" in status.stdout


def test_run_without_files_or_period_says_what_to_do(workspace):
    result = _run("run", env_home=workspace.home)
    assert result.returncode == 2 and "--period" in result.stderr


def test_only_a_statistician_may_run_and_only_a_submitter_or_statistician_submit(
    workspace, tmp_path
):
    refused = _run("--lang", "en", "run", "--period", "2019", env_home=workspace.home, user="clerk")
    assert refused.returncode == 1
    assert "may not run the pipeline: it requires the Statistician role" in refused.stderr
    good = put(tmp_path, "energy_consumption_2019.csv", energy_csv())
    not_submitter = _run("--lang", "en", "submit", str(good), env_home=workspace.home, user="clerk")
    assert (
        not_submitter.returncode == 1
        and "Only submitters and statisticians" in not_submitter.stderr
    )
    assert not workspace.warehouse.exists()
