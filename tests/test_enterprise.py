"""Enterprise-level data: the streamed generator, large-file intake, incremental dbt marts.

Small scales only (tens of units); benchmarks/enterprise_scale.py measures the large ones.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import module_workspace, sample_files
from dbt_fixtures import run_dbt

from dualcarbon.intake import check_file, engine, process_inbox
from dualcarbon.intake.service import check_in_memory
from dualcarbon.sample import build_year, enterprise, write_enterprise
from dualcarbon.sample._common import Refs
from orchestration.dbt_run import run_settings

DATASET = "enterprise_energy_monthly"


@pytest.fixture(scope="module")
def consumption_2019() -> pl.DataFrame:
    return build_year(2019, Refs())["energy_consumption"]


# --- generator ------------------------------------------------------------------------------


def test_unit_ids_carry_the_gb_32100_check_character():
    # Unit 0 in Nanjing: body 91 320100 100000000. GB 32100-2015 weights 3^i mod 31:
    # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28; digits 9 1 3 2 0 1 0 0 1 0 0 0 0 0 0 0 0
    # -> 9*1 + 1*3 + 3*9 + 2*27 + 1*26 + 1*20 = 139; 139 mod 31 = 15; 31 - 15 = 16 -> 'G'.
    ids = pl.select(enterprise.unit_ids(pl.lit(0, pl.Int64), pl.lit("320100"))).item()
    assert ids == "91320100100000000G"


def test_generator_is_deterministic_and_streams_in_bounded_batches(tmp_path, consumption_2019):
    units = enterprise.units(7, enterprise.regional_cells(consumption_2019))
    batches = list(enterprise.year_batches(consumption_2019, units, batch_units=2))
    assert len(batches) == 4  # 7 units in batches of 2: 2, 2, 2, 1
    fuels = consumption_2019.get_column("fuel_code").n_unique()
    assert all(0 < b.height <= 2 * 12 * fuels for b in batches)
    # Batching changes nothing: one batch of all units gives the same rows.
    whole = next(enterprise.year_batches(consumption_2019, units, batch_units=100))
    assert pl.concat(batches).equals(whole)
    # Same inputs, same bytes.
    first = write_enterprise(tmp_path / "a", 7, range(2019, 2020))
    second = write_enterprise(tmp_path / "b", 7, range(2019, 2020))
    (path_a,), (path_b,) = first, second
    assert path_a.read_bytes() == path_b.read_bytes()
    assert first[path_a] == whole.height


def test_units_sum_to_the_defined_share_of_the_regional_totals(consumption_2019):
    units = enterprise.units(60, enterprise.regional_cells(consumption_2019))
    rows = pl.concat(enterprise.year_batches(consumption_2019, units, batch_units=25))
    assert rows.get_column("month").unique().sort().to_list() == list(range(1, 13))
    cells = rows.group_by("region_code", "sector_code", "fuel_code").agg(
        pl.col("quantity").sum(), units=pl.col("unit_id").n_unique(), n=pl.len()
    )
    regional = enterprise.regional_cells(consumption_2019)
    joined = cells.join(regional, on=["region_code", "sector_code", "fuel_code"], how="left")
    assert joined.get_column("regional_quantity").null_count() == 0  # no unit outside its city
    # The rule: sum = 0.6 x regional, each row rounded down at 1e-4, so never above it.
    slack = pl.col("n") * 1e-4
    expected = pl.col("regional_quantity") * 0.6
    check = joined.select(
        below=(pl.col("quantity") <= expected + 1e-9).all(),
        close=(pl.col("quantity") >= expected - slack - 1e-9).all(),
        within_regional=(pl.col("quantity") <= pl.col("regional_quantity")).all(),
    )
    assert check.row(0) == (True, True, True)
    # Every unit reports electricity every month; quantities are never negative.
    assert rows.filter(pl.col("quantity") < 0).height == 0
    electricity = rows.filter(pl.col("fuel_code") == "electricity")
    assert electricity.height == 60 * 12


def test_bundled_sample_has_key_unit_files_every_year():
    files = [p for p in sample_files() if p.name.startswith(DATASET)]
    assert [p.parent.name for p in files] == [str(y) for y in range(2015, 2025)]


# --- intake ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def enterprise_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("enterprise")
    (path,) = write_enterprise(out, 12, range(2019, 2020))
    return path


def test_clean_large_file_takes_the_fast_path_in_file_order(
    workspace, enterprise_file, monkeypatch
):
    rows = sum(1 for _ in enterprise_file.open(encoding="utf-8")) - 1
    inbox_copy = workspace.inbox / enterprise_file.name
    inbox_copy.write_bytes(enterprise_file.read_bytes())
    # Not for another period's run: deferred, nothing loaded (the fast path's load is undone).
    (deferred,) = process_inbox(workspace, periods={"2018"})
    assert deferred.status == "deferred" and inbox_copy.exists()
    # Copied for the archive while hashed, but not archived: no copy is left behind.
    assert not [p for p in workspace.archive.rglob("*") if p.is_file()]

    def staged_path_not_expected(*args, **kwargs):
        raise AssertionError("a clean file takes the fast path (bulk_load), not the staged one")

    monkeypatch.setattr(engine, "check_large_csv", staged_path_not_expected)
    (result,) = process_inbox(workspace)
    assert (result.status, result.row_count, result.dataset, result.period) == (
        "accepted",
        rows,
        DATASET,
        "2019",
    )
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        loaded = con.execute(
            "select count(*), min(source_row), max(source_row), sum(quantity) "
            f"from raw.{DATASET} where submission_id = ?",
            [result.submission_id],
        ).fetchall()[0]
        archive = con.execute(
            "select archive_path, file_sha256 from raw.submissions where submission_id = ?",
            [result.submission_id],
        ).fetchall()[0]
        in_db = con.sql(
            f"select source_row, unit_id, month, fuel_code, quantity from raw.{DATASET} "
            "order by source_row"
        ).pl()
    in_file = pl.read_csv(enterprise_file, schema_overrides={"地区代码": pl.String})
    assert loaded[:3] == (rows, 2, rows + 1)  # row 1 is the header
    assert loaded[3] == pytest.approx(in_file.get_column("消费量").sum(), rel=1e-12)
    # Row n of the raw layer is line n of the file.
    assert in_db.get_column("source_row").to_list() == list(range(2, rows + 2))
    assert in_db.get_column("unit_id").to_list() == in_file.get_column("统一社会信用代码").to_list()
    assert in_db.get_column("fuel_code").to_list() == in_file.get_column("能源品种代码").to_list()
    assert in_db.get_column("month").to_list() == in_file.get_column("月份").to_list()
    original = enterprise_file.read_bytes()
    assert Path(archive[0]).read_bytes() == original
    assert [p for p in workspace.archive.rglob("*") if p.is_file()] == [Path(archive[0])]
    assert archive[1] == hashlib.sha256(original).hexdigest()


def _corrupt(source: Path, dest: Path) -> Path:
    """Rows 5 (quantity), 7 (region), 9 (unit id), 13 (month) broken; row 3 duplicated."""
    lines = source.read_text(encoding="utf-8").splitlines()
    edits = {5: (5, "约12吨"), 7: (1, "329999"), 9: (0, "9132010010000000IO"), 13: (3, "13")}
    for row, (column, value) in edits.items():
        cells = lines[row - 1].split(",")
        cells[column] = value
        lines[row - 1] = ",".join(cells)
    lines.append(lines[2])
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def test_bad_rows_reject_the_file_naming_row_and_column(workspace, enterprise_file, tmp_path):
    bad = _corrupt(enterprise_file, workspace.inbox / enterprise_file.name)
    total = len(bad.read_text(encoding="utf-8").splitlines())
    (result,) = process_inbox(workspace)
    assert result.status == "rejected"
    found = [(i.code, i.row, i.column) for i in result.issues]
    assert found == [
        ("not_a_number", 5, "消费量"),
        ("unknown_code", 7, "地区代码"),
        ("pattern_mismatch", 9, "统一社会信用代码"),
        ("above_maximum", 13, "月份"),
        ("duplicate_key", total, "统一社会信用代码"),
    ]
    quantity = result.issues[0]
    assert quantity.message_zh == "“约12吨”不是数值。"
    assert quantity.message_en == "'约12吨' is not a number."
    assert "第 3 行" in result.issues[-1].message_zh and "row 3" in result.issues[-1].message_en
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        assert con.execute(f"select count(*) from raw.{DATASET}").fetchall() == [(0,)]
        logged = con.execute(
            "select row_number, column_name, message_zh, message_en from raw.submission_issues "
            "where submission_id = ? order by issue_seq",
            [result.submission_id],
        ).fetchall()
    assert logged[0] == (5, "消费量", quantity.message_zh, quantity.message_en)
    # The DuckDB path finds exactly what the in-memory path finds, row for row.
    again = _corrupt(enterprise_file, tmp_path / enterprise_file.name)
    in_duckdb = [(i.code, i.row, i.column, i.message_en) for i in check_file(again).issues]
    in_memory = [(i.code, i.row, i.column, i.message_en) for i in check_in_memory(again).issues]
    assert in_duckdb[:-1] == in_memory[:-1]
    assert in_duckdb[-1][:3] == in_memory[-1][:3]


def _edited(source: Path, dest: Path, row: int, column: int | None, value: str) -> Path:
    """``source`` with one cell of line ``row`` changed (``column`` None: the line replaced)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    if column is None:
        lines[row - 1] = value
    else:
        cells = lines[row - 1].split(",")
        cells[column] = value
        lines[row - 1] = ",".join(cells)
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def _fast_answers(monkeypatch) -> list:
    """What the fast path's check (bulk_load.check) answers, file by file."""
    from dualcarbon.intake import bulk_load

    original = bulk_load.check
    answers = []

    def recorded(*args, **kwargs):
        answers.append(original(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(bulk_load, "check", recorded)
    return answers


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        (5, "约12吨", "not_a_number"),
        (1, "329999", "unknown_code"),
        (0, "9132010010000000IO", "pattern_mismatch"),
        (3, "13", "above_maximum"),
        (6, "10k_t", "unit_not_allowed"),  # a unit of the code list, not this fuel's
        (None, None, "duplicate_key"),  # line 9 repeats line 3
    ],
)
def test_each_check_of_the_fast_path_alone_turns_a_file_away(
    workspace, enterprise_file, monkeypatch, column, value, code
):
    """The fast path decides with one query; each of its checks, on its own, must send the
    file to the staged check, which names the row (line 9)."""
    answers = _fast_answers(monkeypatch)
    if column is None:
        line_3 = enterprise_file.read_text(encoding="utf-8").splitlines()[2]
        _edited(enterprise_file, workspace.inbox / enterprise_file.name, 9, None, line_3)
    else:
        _edited(enterprise_file, workspace.inbox / enterprise_file.name, 9, column, value)
    (result,) = process_inbox(workspace)
    assert answers == [None]
    assert result.status == "rejected"
    assert [(i.code, i.row) for i in result.issues] == [(code, 9)]
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        assert con.execute(f"select count(*) from raw.{DATASET}").fetchall() == [(0,)]


@pytest.mark.parametrize(
    ("column", "fast"),
    [(0, False), (1, False), (3, True), (4, False), (5, True), (6, False)],
)
def test_a_padded_cell_is_trimmed_on_either_path(
    workspace, enterprise_file, monkeypatch, column, fast
):
    """The fast path does not trim cells: a number parses the same padded or not, and a
    padded code or unit id fails its check there, so the file goes to the staged check,
    which trims. Either way the file is accepted with the trimmed value."""
    answers = _fast_answers(monkeypatch)
    lines = enterprise_file.read_text(encoding="utf-8").splitlines()
    cells = lines[8].split(",")
    _edited(
        enterprise_file, workspace.inbox / enterprise_file.name, 9, column, f"  {cells[column]} "
    )
    (result,) = process_inbox(workspace)
    assert (result.status, result.row_count) == ("accepted", len(lines) - 1)
    assert (answers[0] is not None) == fast
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        row = con.execute(
            "select unit_id, region_code, sector_code, month, fuel_code, quantity, unit "
            f"from raw.{DATASET} where source_row = 9"
        ).fetchall()
    assert row == [(*cells[:3], int(cells[3]), cells[4], pytest.approx(float(cells[5])), cells[6])]


def test_a_blank_line_is_skipped_and_the_lines_after_it_keep_their_numbers(
    workspace, enterprise_file
):
    lines = enterprise_file.read_text(encoding="utf-8").splitlines()
    _edited(enterprise_file, workspace.inbox / enterprise_file.name, 6, None, ",,,,,,")
    (result,) = process_inbox(workspace)
    assert (result.status, result.row_count) == ("accepted", len(lines) - 2)
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        numbered = con.execute(
            f"select source_row, unit_id, month, fuel_code from raw.{DATASET} "
            "where source_row between 5 and 7 order by source_row"
        ).fetchall()
    expected = [lines[4].split(","), lines[6].split(",")]
    assert numbered == [
        (5, expected[0][0], int(expected[0][3]), expected[0][4]),
        (7, expected[1][0], int(expected[1][3]), expected[1][4]),
    ]


def test_gb18030_large_file_is_transcoded_and_accepted(tmp_path, enterprise_file):
    path = tmp_path / enterprise_file.name
    path.write_bytes(enterprise_file.read_text(encoding="utf-8").encode("gb18030"))
    check = check_file(path)
    assert check.accepted and check.encoding == "gb18030"
    assert check.data.height == check.row_count > 0
    assert check.data.columns[:3] == ["source_row", "unit_id", "region_code"]


# --- incremental dbt ------------------------------------------------------------------------

MART = "marts.fct_enterprise_energy_monthly"
SELECT = ["--select", "stg_stats__enterprise_energy_monthly+"]  # the key-unit models and tests


def _dbt(home: Path, first: str, last: str, *extra: str) -> subprocess.CompletedProcess:
    return run_dbt(
        "build",
        *extra,
        home=home,
        target=home / "target",
        logs=home / "logs",
        **run_settings(first, last),
    )


def _mart(home: Path) -> pl.DataFrame:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        return con.sql(f"select * from {MART} order by all").pl()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """2018 and 2019 of the sample (every dataset) loaded and built."""
    with module_workspace(tmp_path_factory, "enterprise_incremental") as ws:
        for path in sample_files("2018") + sample_files("2019"):
            (ws.inbox / path.name).write_bytes(path.read_bytes())
        assert all(r.status == "accepted" for r in process_inbox(ws))
        built = _dbt(ws.home, "2018", "2019")  # everything, as the pipeline does
        assert built.returncode == 0, built.stdout[-3000:]
        yield ws


def _resubmit(ws, factor: float) -> pl.DataFrame:
    """2019's key-unit file again, every quantity times ``factor`` (a new version)."""
    source = next(p for p in sample_files("2019") if p.name.startswith(DATASET))
    frame = pl.read_csv(source, infer_schema=False)
    frame = frame.with_columns(
        pl.col("消费量").cast(pl.Float64).mul(factor).round(4).cast(pl.String)
    )
    name = source.name.replace(".csv", f"_x{factor}.csv")
    frame.write_csv(ws.inbox / name)
    (result,) = process_inbox(ws)
    assert result.status == "accepted", [i.message_en for i in result.issues]
    return frame


def test_resubmitting_one_period_rebuilds_only_that_period(loaded):
    ws = loaded
    before = _mart(ws.home)
    assert sorted(before.get_column("period").unique()) == ["2018", "2019"]
    # A marker in 2018: a run for 2019 must not touch 2018's rows (it would erase the marker).
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute(f"update {MART} set unit_count = -1 where period = '2018'").fetchall()
    resubmitted = _resubmit(ws, 0.5)
    run = _dbt(ws.home, "2019", "2019", *SELECT)
    assert run.returncode == 0, run.stdout[-3000:]
    # The mart's grain test ran on the run's period alone (its `where` is filled in when the
    # test executes, macros/get_where_subquery.sql; the parsed project knows no period).
    (grain_test,) = (ws.home / "target" / "compiled").rglob(
        "fct_enterprise_energy_monthly.yml/unique_combination_*.sql"
    )
    assert "where period between '2019' and '2019'" in grain_test.read_text()
    after = _mart(ws.home)
    assert after.filter(pl.col("period") == "2018").get_column("unit_count").unique().to_list() == [
        -1
    ]
    old, new = (f.filter(pl.col("period") == "2019") for f in (before, after))
    assert new.select("month", "region_code", "sector_code", "fuel_code").equals(
        old.select("month", "region_code", "sector_code", "fuel_code")
    )
    # 2019 now holds the resubmitted file's sums (Polars, straight from the CSV).
    expected = (
        resubmitted.select(
            month=pl.col("月份").cast(pl.Int32),
            region_code="地区代码",
            sector_code="行业代码",
            fuel_code="能源品种代码",
            quantity=pl.col("消费量").cast(pl.Float64),
        )
        .group_by("month", "region_code", "sector_code", "fuel_code")
        .agg(pl.col("quantity").sum())
        .sort("month", "region_code", "sector_code", "fuel_code")
    )
    got = new.sort("month", "region_code", "sector_code", "fuel_code")
    assert got.get_column("quantity").to_list() == pytest.approx(
        expected.get_column("quantity").to_list(), rel=1e-9
    )
    assert got.get_column("quantity").sum() == pytest.approx(
        0.5 * old.get_column("quantity").sum(), rel=1e-3
    )
    # A full rebuild from scratch gives the same 2019 as the incremental run.
    full = _dbt(ws.home, "2018", "2019", *SELECT, "--full-refresh")
    assert full.returncode == 0, full.stdout[-3000:]
    rebuilt = _mart(ws.home)
    assert rebuilt.filter(pl.col("period") == "2019").equals(new)
    assert (rebuilt.get_column("unit_count") > 0).all()


def test_key_units_above_their_city_fail_the_consistency_test(loaded):
    ws = loaded
    _resubmit(ws, 2.0)  # 2 x 0.6 = 120% of the cities' consumption
    run = _dbt(ws.home, "2019", "2019", *SELECT)
    assert run.returncode == 0, run.stdout[-3000:]  # a warning: the accounts still build
    results = json.loads((ws.home / "target" / "run_results.json").read_text())
    (check,) = [
        r
        for r in results["results"]
        if "assert_enterprise_within_regional_totals" in r["unique_id"]
    ]
    assert check["status"] == "warn"
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        over = con.execute(
            "select count(*), min(enterprise_share) from marts.fct_enterprise_coverage "
            "where period = '2019'"
        ).fetchall()[0]
    assert check["failures"] == over[0] > 0  # every cell the units use is over its city
    assert 1.0 < over[1] <= 1.2  # 2 x 0.6, less where tiny quantities were rounded down
