"""The static data files on the real published workspace (tests/release_fixtures.py): only
published releases have them, the manifest covers them so `verify` catches a changed, removed
or added one, and the correction JS-2024-v2 marks exactly the figures its resubmission moved."""

from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest
from release_fixtures import CORRECTION_T

from dualcarbon.release.store import get_release, list_releases
from dualcarbon.release.verify import verify
from dualcarbon.report.revisions import figure_history, revised_figures

LAST = "JS-2024-v2"

# methods.md §1a raw coal (proxy row): NCV 20.908 GJ/t, CC 26.18 tC/TJ, OF 0.93; §1b 0.7143 tce/t
RAW_COAL_TCO2_PER_T = 20.908 * 26.18 / 1000 * 0.93 * 44 / 12
RAW_COAL_TCE_PER_T = 0.7143


def test_every_published_release_has_its_data_files_in_the_manifest(published_workspace):
    for release in list_releases(published_workspace.workspace.releases):
        files = release.manifest["files"]
        index = json.loads((release.path / "data/index.json").read_text("utf-8"))
        assert index["release_id"] == release.release_id
        for entry in index["indicators"]:
            assert f"data/{entry['csv']}" in files and f"data/{entry['json']}" in files
        assert "data/index.json" in files and "data/sdmx.csv" in files
        assert "revisions.parquet" in files
        codes = set(release.table("fct_indicators")["indicator_code"])
        assert {e["indicator_code"] for e in index["indicators"]} == codes


def test_candidates_never_get_data_files(published_workspace):
    candidates = published_workspace.workspace.releases / "candidates"
    folders = [p for p in candidates.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert folders  # the fixture's draft and embargoed candidates are there
    for folder in folders:
        assert not (folder / "data").exists(), folder.name
        assert not (folder / "revisions.parquet").exists(), folder.name


def test_data_file_values_are_the_published_parquet_values(published_workspace):
    release = get_release(published_workspace.workspace.releases, "JS-2024-v2")
    parquet = release.table("fct_indicators").filter(indicator_code="co2_total_t")
    rows = list(csv.DictReader(io.StringIO((release.path / "data/co2_total_t.csv").read_text())))
    from_csv = {r["region_code"]: float(r["value"]) for r in rows}
    assert from_csv == dict(zip(parquet["region_code"], parquet["value"], strict=True))
    doc = json.loads((release.path / "data/co2_total_t.json").read_text("utf-8"))
    assert {o["region_code"]: o["value"] for o in doc["observations"]} == from_csv


def test_the_correction_marks_the_figures_it_moved_computed_by_hand(published_workspace):
    releases = list_releases(published_workspace.workspace.releases)
    v1, v2 = (next(r for r in releases if r.release_id == i) for i in ("JS-2024-v1", "JS-2024-v2"))
    assert revised_figures(v1).height == 0
    revised = revised_figures(v2)
    assert set(revised["previous_release_id"]) == {"JS-2024-v1"}
    # the resubmission changed the province's agricultural raw coal: no city figure moves
    assert set(revised["region_code"]) == {"320000"}
    by_code = {r["indicator_code"]: r for r in revised.iter_rows(named=True)}
    co2 = by_code["co2_total_t"]
    assert co2["value"] - co2["previous_value"] == pytest.approx(
        CORRECTION_T * RAW_COAL_TCO2_PER_T, rel=1e-6
    )
    energy = by_code["energy_total_tce"]
    assert energy["value"] - energy["previous_value"] == pytest.approx(
        CORRECTION_T * RAW_COAL_TCE_PER_T, rel=1e-6
    )
    history = figure_history(releases, "2024", "320000", "co2_total_t")
    assert history["release_id"].to_list() == ["JS-2024-v1", "JS-2024-v2"]
    assert history["value"].to_list() == [co2["previous_value"], co2["value"]]
    sdmx = pl.read_csv(v2.path / "data/sdmx.csv", infer_schema=False)
    row = sdmx.filter(REF_AREA="320000", INDICATOR="co2_total_t")
    assert row["OBS_STATUS"].to_list() == ["R"]  # the release's own status flag


def _tamper_changed(folder):
    path = folder / "data/co2_total_t.csv"
    path.chmod(0o644)
    path.write_text(path.read_text("utf-8") + "forged,row\n", "utf-8")
    return "file data/co2_total_t.csv was changed", "文件 data/co2_total_t.csv 已被改动"


def _tamper_removed(folder):
    (folder / "data/sdmx.csv").unlink()
    return "file data/sdmx.csv is missing", "文件 data/sdmx.csv 缺失"


def _tamper_added(folder):
    (folder / "data/co2_forged.json").write_text("{}", "utf-8")
    return "unlisted extra file data/co2_forged.json", "多出未登记的文件 data/co2_forged.json"


@pytest.mark.parametrize("tamper", [_tamper_changed, _tamper_removed, _tamper_added])
def test_verify_catches_a_tampered_data_file(tamper, workspace_copy):
    ws = workspace_copy
    assert verify(ws)[1] == []  # the new files are in the manifest: verify passes
    english, chinese = tamper(ws.releases / LAST)
    problems = verify(ws)[1]
    assert any(english in p.message_en for p in problems), [p.message_en for p in problems]
    assert any(chinese in p.message_zh for p in problems)


def test_the_releases_page_marks_revised_figures_and_links_the_files(
    published_workspace, monkeypatch
):
    import streamlit as st
    from test_public_dashboard import page_text, run_page

    home = published_workspace.workspace.home
    monkeypatch.setenv("DUALCARBON_HOME", str(home))
    monkeypatch.delenv("DUALCARBON_DATA_URL", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_page("releases.py", "en", "JS-2024-v2")
    text = page_text(at)
    assert "Figures revised in this release ✎" in text
    assert "releases/JS-2024-v2/data/co2_total_t.csv" in text
    assert "releases/JS-2024-v2/data/sdmx.csv" in text
    picker = at.selectbox(key="public.revisions.figure")
    wanted = next(
        i for i, x in enumerate(picker.options) if x.startswith("✎ Total CO2 emissions · Jiangsu")
    )
    picker.select_index(wanted).run()
    history = next(
        f.value
        for f in at.dataframe
        if list(f.value.columns) == ["Release", "Published", "Release type", "Value"]
    )
    releases = get_release(home / "releases", "JS-2024-v1"), get_release(home / "releases", LAST)
    values = [
        r.table("fct_indicators").filter(region_code="320000", indicator_code="co2_total_t")[
            "value"
        ][0]
        for r in releases
    ]
    shown = dict(zip(history["Release"], history["Value"], strict=True))
    # English pages print CO2 in Mt with two decimals
    assert shown == {
        "JS-2024-v1": f"{values[0] / 1e6:,.2f}",
        "JS-2024-v2": f"{values[1] / 1e6:,.2f}",
    }
    older = page_text(run_page("releases.py", "en", "JS-2024-v1"))
    assert "Figures revised in this release" not in older
