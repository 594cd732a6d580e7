"""benchmarks/compare_releases.py on tiny synthetic release folders."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from dualcarbon.paths import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "compare_releases", REPO_ROOT / "benchmarks" / "compare_releases.py"
)
compare_releases = importlib.util.module_from_spec(_spec)
sys.modules["compare_releases"] = compare_releases  # dataclasses look their module up there
_spec.loader.exec_module(compare_releases)

ROWS = "select * from (values ('2024', '320000', 100.5::double), ('2024', '320100', 20.25::double)) t(period, region_code, tco2)"


def _workspace(root: Path, co2_rows: str = ROWS) -> Path:
    """A workspace with one published release (two tables, a manifest) and a candidate."""
    release = root / "releases" / "JS-2024-v1"
    release.mkdir(parents=True)
    con = duckdb.connect()
    con.execute(f"copy ({co2_rows}) to '{release / 'fct_co2_emissions.parquet'}' (format parquet)")
    con.execute(
        "copy (select 'tce' as unit_code, 1 as sort_order) "
        f"to '{release / 'dim_unit.parquet'}' (format parquet)"
    )
    (release / "manifest.json").write_text(f'{{"published_at": "{root.name}"}}')
    candidate = root / "releases" / "candidates" / f"RC-2024-{root.name}"
    candidate.mkdir(parents=True)
    shutil.copy(release / "dim_unit.parquet", candidate)
    return root


def test_identical_releases_exit_zero(tmp_path, capsys):
    old, new = _workspace(tmp_path / "old"), _workspace(tmp_path / "new")
    # Manifests differ (publication times) and candidates have other ids: both left out.
    assert compare_releases.main([str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "2 files compared, 0 difference(s)" in out


def test_a_releases_folder_works_as_well_as_a_workspace(tmp_path):
    old, new = _workspace(tmp_path / "old"), _workspace(tmp_path / "new")
    assert compare_releases.main([str(old / "releases"), str(new)]) == 0


def test_a_changed_value_names_the_table_column_and_rows(tmp_path, capsys):
    old = _workspace(tmp_path / "old")
    new = _workspace(tmp_path / "new", ROWS.replace("20.25", "20.26"))
    assert compare_releases.main([str(old), str(new), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "JS-2024-v1/fct_co2_emissions.parquet: table fct_co2_emissions differs" in out
    assert "rows: old 2, new 2; 1 only in old, 1 only in new" in out
    assert "columns whose values differ: tco2\n" in out
    assert "only in old: ('2024', '320100', 20.25)" in out
    assert "only in new: ('2024', '320100', 20.26)" in out
    assert "dim_unit" not in out  # --quiet leaves out what is the same
    assert "2 files compared, 1 difference(s)" in out


def test_a_missing_release_is_a_difference(tmp_path, capsys):
    old, new = _workspace(tmp_path / "old"), _workspace(tmp_path / "new")
    shutil.copytree(old / "releases" / "JS-2024-v1", old / "releases" / "JS-2023-v1")
    assert compare_releases.main([str(old), str(new)]) == 1
    assert "release JS-2023-v1: only in old" in capsys.readouterr().out


def test_timestamp_columns_are_left_out(tmp_path, capsys):
    stamped = "select 1 as n, now() as built_at"
    old = _workspace(tmp_path / "old", stamped)
    new = _workspace(tmp_path / "new", stamped.replace("now()", "now() + interval 1 hour"))
    assert compare_releases.main([str(old), str(new)]) == 0
    assert "timestamp columns left out: built_at" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["missing", "empty"])
def test_bad_input_exits_two(tmp_path, bad):
    (tmp_path / "empty" / "releases").mkdir(parents=True)
    assert compare_releases.main([str(tmp_path / bad), str(tmp_path / "empty")]) == 2


def test_last_bit_noise_is_accepted_only_when_asked(tmp_path, capsys):
    # 0.1 + 0.2 and 0.3 differ in the last bit, as a parallel sum may in another order.
    old = _workspace(tmp_path / "old", ROWS.replace("20.25::double", "0.3::double"))
    new = _workspace(tmp_path / "new", ROWS.replace("20.25::double", "(0.1::double + 0.2)"))
    assert compare_releases.main([str(old), str(new)]) == 1
    assert "table fct_co2_emissions differs" in capsys.readouterr().out
    assert compare_releases.main([str(old), str(new), "--rel-tol", "1e-12"]) == 0
    out = capsys.readouterr().out
    assert "NOISE     JS-2024-v1/fct_co2_emissions.parquet" in out
    assert "0 difference(s), 1 equal only within 1e-12" in out
    # A real change stays a difference under the tolerance.
    changed = _workspace(tmp_path / "changed", ROWS.replace("20.25::double", "0.3001::double"))
    assert compare_releases.main([str(old), str(changed), "--rel-tol", "1e-12"]) == 1
