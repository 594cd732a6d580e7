"""The static data files and revision marks of a release, on a tiny two-release fixture built
by hand: JS-2024-v1 and its correction JS-2024-v2, in which exactly one figure (the province's
CO2) was revised. Every expected value below is written out, not read from the code."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from dualcarbon.release.data_files import STRUCTURE_ID, write_data_files
from dualcarbon.release.revisions import revisions
from dualcarbon.release.store import Release
from dualcarbon.report.revisions import figure_history, is_revised, revised_figures
from dualcarbon.report.spreadsheet import formula_safe

REGIONS = pl.DataFrame(
    {
        "region_code": ["320000", "320100"],
        "name_zh": ["江苏省", "南京市"],
        "name_en": ["Jiangsu", "Nanjing"],
        "level": ["province", "prefecture"],
        "parent_code": [None, "320000"],
    }
)
META = [
    {
        "indicator_code": "co2_total_t",
        "name_zh": "二氧化碳排放总量",
        "name_en": "Total CO2 emissions",
        "unit_code": "t_co2",
        "definition_zh": "定义",
        "definition_en": "definition",
        "method_zh": "方法",
        "method_en": "method",
        "sources": [{"department": "stats", "name_zh": "省统计局", "name_en": "Statistics"}],
    },
    {
        "indicator_code": "non_fossil_share",
        "name_zh": "非化石能源占比",
        "name_en": "Non-fossil share",
    },
]


def _indicators(province_co2: float, nanjing_co2: float) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "period": ["2024", "2024", "2024"],
            "region_code": ["320000", "320100", "320000"],
            "indicator_code": ["co2_total_t", "co2_total_t", "non_fossil_share"],
            "value": [province_co2, nanjing_co2, 13.5],
            "unit": ["t_co2", "t_co2", "percent"],
        }
    )


def _release(root: Path, rid: str, version: int, indicators: pl.DataFrame, revision) -> Release:
    folder = root / rid
    folder.mkdir()
    indicators.write_parquet(folder / "fct_indicators.parquet")
    REGIONS.write_parquet(folder / "dim_region.parquet")
    pl.DataFrame(
        {
            "period": ["2024"],
            "region_code": ["320000"],
            "indicator_code": ["non_fossil_share"],
            "status": ["E"],
            "note_zh": ["沿用上一年度发电煤耗估算"],
            "note_en": ['=HYPERLINK("http://x")'],  # a note a spreadsheet would run
        }
    ).write_parquet(folder / "observation_status.parquet")
    (folder / "indicators.json").write_text(json.dumps(META, ensure_ascii=False), "utf-8")
    manifest = {
        "kind": "release",
        "release_id": rid,
        "period": "2024",
        "version": version,
        "published_at": f"2025-10-0{version}T02:00:00+00:00",
        "revision": revision,
        "tables": ["fct_indicators", "dim_region"],
    }
    published = datetime.fromisoformat(manifest["published_at"])
    return Release(rid, "2024", version, published, manifest, folder)


@pytest.fixture
def two_releases(tmp_path: Path) -> tuple[Release, Release]:
    v1 = _release(tmp_path, "JS-2024-v1", 1, _indicators(800_000_000.0, 150_000_000.0), None)
    # v2: the province's CO2 corrected by +26,202.5 t; Nanjing's differs in the last bits only
    v2 = _release(
        tmp_path,
        "JS-2024-v2",
        2,
        _indicators(800_026_202.5, 150_000_000.0 + 1e-7),
        {"type": "correction", "supersedes": "JS-2024-v1"},
    )
    return v1, v2


def _write(release: Release, previous: Release | None) -> pl.DataFrame:
    revised = revisions(
        release.path / "fct_indicators.parquet",
        previous.path / "fct_indicators.parquet" if previous else None,
        previous.release_id if previous else None,
    )
    revised.write_parquet(release.path / "revisions.parquet")
    write_data_files(release.path, release.manifest, revised)
    return revised


def test_only_the_figure_changed_beyond_rounding_is_revised(two_releases):
    v1, v2 = two_releases
    assert _write(v1, None).height == 0  # a first release revises nothing
    revised = _write(v2, v1)
    assert revised.rows() == [
        ("co2_total_t", "320000", "2024", "t_co2", "JS-2024-v1", 800_000_000.0, 800_026_202.5)
    ]
    assert is_revised(v2, "2024", "320000", "co2_total_t")
    assert not is_revised(v2, "2024", "320100", "co2_total_t")  # 1e-7 t: float noise
    assert not is_revised(v1, "2024", "320000", "co2_total_t")
    assert revised_figures(v2).height == 1


def test_a_figures_history_lists_every_release_of_its_period(two_releases):
    v1, v2 = two_releases
    history = figure_history([v2, v1], "2024", "320000", "co2_total_t")
    assert history.select("release_id", "version", "revision_type", "value").rows() == [
        ("JS-2024-v1", 1, None, 800_000_000.0),
        ("JS-2024-v2", 2, "correction", 800_026_202.5),
    ]
    assert figure_history([v1, v2], "2023", "320000", "co2_total_t").height == 0


def test_indicator_csv_cell_by_cell(two_releases):
    v1, v2 = two_releases
    _write(v2, v1)
    rows = list(csv.reader(io.StringIO((v2.path / "data/co2_total_t.csv").read_text("utf-8"))))
    assert rows[0] == [
        "release_id",
        "indicator_code",
        "region_code",
        "region_name_zh",
        "region_name_en",
        "period",
        "value",
        "unit",
        "unit_mult",
        "obs_status",
        "obs_note_zh",
        "obs_note_en",
        "previous_release_id",
        "previous_value",
    ]
    province, nanjing = rows[1], rows[2]
    assert len(rows) == 3
    assert province[:6] == ["JS-2024-v2", "co2_total_t", "320000", "江苏省", "Jiangsu", "2024"]
    assert float(province[6]) == 800_026_202.5
    assert province[7:13] == ["t_co2", "0", "A", "", "", "JS-2024-v1"]
    assert float(province[13]) == 800_000_000.0
    assert nanjing[2:6] == ["320100", "南京市", "Nanjing", "2024"]
    assert nanjing[9:] == ["A", "", "", "", ""]  # not revised: no previous value


def test_formula_leading_cells_are_escaped_and_numbers_are_not(two_releases):
    v1, v2 = two_releases
    _write(v2, v1)
    text = (v2.path / "data/non_fossil_share.csv").read_text("utf-8")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["obs_status"] == "E"
    assert row["obs_note_en"] == '\'=HYPERLINK("http://x")'
    assert row["obs_note_zh"] == "沿用上一年度发电煤耗估算"
    frame = formula_safe(pl.DataFrame({"a": ["-1", "@x", "+y", "ok", None], "n": [-1.5] * 5}))
    assert frame["a"].to_list() == ["'-1", "'@x", "'+y", "ok", None]
    assert frame["n"].to_list() == [-1.5] * 5


def test_indicator_json_carries_metadata_stamp_and_values(two_releases):
    v1, v2 = two_releases
    _write(v2, v1)
    doc = json.loads((v2.path / "data/co2_total_t.json").read_text("utf-8"))
    assert doc["title"] == {"zh": "二氧化碳排放总量", "en": "Total CO2 emissions"}
    assert doc["unit"] == "t_co2" and doc["unit_mult"] == 0
    assert doc["method"] == {"zh": "方法", "en": "method"}
    assert doc["sources"][0]["department"] == "stats"
    assert doc["release_id"] == "JS-2024-v2"
    assert doc["published_at"] == "2025-10-02T10:00:00+08:00"  # 02:00 UTC in Beijing time
    assert doc["supersedes"] == "JS-2024-v1" and doc["revision_type"] == "correction"
    assert doc["stamp"]["en"] == "Source: Jiangsu DRC, release JS-2024-v2"
    assert "Jiangsu" in doc["terms"]["en"] and "江苏省" in doc["terms"]["zh"]
    first = doc["observations"][0]
    assert first["region_code"] == "320000" and first["value"] == 800_026_202.5
    assert first["previous_value"] == 800_000_000.0 and first["obs_status"] == "A"
    assert len(doc["observations"]) == 2


def test_index_lists_every_file_with_its_checksum(two_releases):
    import hashlib

    v1, v2 = two_releases
    _write(v2, v1)
    index = json.loads((v2.path / "data/index.json").read_text("utf-8"))
    assert [i["indicator_code"] for i in index["indicators"]] == [
        "co2_total_t",
        "non_fossil_share",
    ]
    entry = index["indicators"][0]
    assert entry["observations"] == 2 and entry["csv"] == "co2_total_t.csv"
    digest = hashlib.sha256((v2.path / "data/co2_total_t.csv").read_bytes()).hexdigest()
    assert entry["sha256"]["csv"] == digest
    assert index["sdmx"]["file"] == "sdmx.csv"
    assert sorted(p.name for p in (v2.path / "data").iterdir()) == [
        "co2_total_t.csv",
        "co2_total_t.json",
        "index.json",
        "non_fossil_share.csv",
        "non_fossil_share.json",
        "sdmx.csv",
    ]


def test_sdmx_csv_layout_and_one_indicator_cell_by_cell(two_releases):
    v1, v2 = two_releases
    _write(v2, v1)
    rows = list(csv.reader(io.StringIO((v2.path / "data/sdmx.csv").read_text("utf-8"))))
    assert rows[0] == [
        "STRUCTURE",
        "STRUCTURE_ID",
        "ACTION",
        "FREQ",
        "REF_AREA",
        "INDICATOR",
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "UNIT_MULT",
        "OBS_STATUS",
    ]
    assert STRUCTURE_ID == "CN_JS_DRC:DF_DUALCARBON(1.0)"
    assert len(rows) == 4  # three figures
    share = next(r for r in rows if r[5] == "non_fossil_share")
    assert share[:7] == ["dataflow", STRUCTURE_ID, "I", "A", "320000", "non_fossil_share", "2024"]
    assert float(share[7]) == 13.5
    assert share[8:] == ["percent", "0", "E"]


def test_release_time_is_written_in_beijing_time_across_midnight(tmp_path):
    from dualcarbon.release.data_files import release_facts

    facts = release_facts(
        {
            "release_id": "JS-2024-v1",
            "period": 2024,
            "version": 1,
            "published_at": datetime(2025, 9, 30, 17, 30, tzinfo=UTC).isoformat(),
        }
    )
    assert facts["published_at"] == "2025-10-01T01:30:00+08:00"
    assert facts["period"] == "2024" and facts["supersedes"] is None


def test_compare_releases_compares_the_parquet_files_and_leaves_the_data_tree_out(tmp_path, capsys):
    from test_compare_releases import _workspace, compare_releases

    old, new = _workspace(tmp_path / "old"), _workspace(tmp_path / "new")
    for root, stamp in ((old, "2025-09-30T10:00:00+08:00"), (new, "2026-01-05T10:00:00+08:00")):
        data = root / "releases" / "JS-2024-v1" / "data"
        data.mkdir()
        (data / "index.json").write_text(f'{{"published_at": "{stamp}"}}', "utf-8")
    assert compare_releases.main([str(old), str(new)]) == 0
    assert "2 files compared, 0 difference(s)" in capsys.readouterr().out


def test_a_revision_is_printed_with_the_decimals_that_show_it():
    from dashboards.public.revision_marks import places, value_text

    # the pages' own decimals when they tell the two values apart
    assert places([825_838_886.84, 825_861_285.28], "t_co2", "en") == 2  # 825.84 -> 825.86 Mt
    # more where they would print the revision as no change
    assert places([0.680669, 0.680687], "t_co2_per_10k_yuan", "en") == 5  # 0.6807 twice at 4
    assert places([13.55, 13.5512], "percent", "en") == 3  # 13.55 twice at 2
    assert places([13.55, 13.55, None], "percent", "zh") == 2  # nothing to tell apart
    assert value_text(800_026_202.5, "t_co2", "en", 2) == "800.03"  # Mt CO2
    assert value_text(800_026_202.5, "t_co2", "zh", 2) == "80,002.62"  # 万吨二氧化碳
    assert value_text(None, "t_co2", "zh", 2) == "—"
