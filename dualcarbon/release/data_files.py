"""Static data files written into every release at publication (issue 16, item 5): the
figures by URL, read-only, with no database behind them (docs/data-api.md).

``releases/<release id>/data/`` holds, for each indicator of ``fct_indicators``,
``<indicator_code>.csv`` and ``<indicator_code>.json`` (values by region and year, with unit,
unit multiplier, observation status and, for a revised figure, the superseded release's value;
the JSON adds the indicator's metadata and the release stamp), ``index.json`` listing them, and
``sdmx.csv``: the whole release in the SDMX-CSV 2.0 layout. They are written in the staging
folder before the manifest, so the manifest's checksums, the audit chain and the read-only
mode cover them like every other file of the release; candidates never get them.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import polars as pl

from dualcarbon.files import sha256_of
from dualcarbon.i18n import LANGS, text
from dualcarbon.release.metadata import terms
from dualcarbon.report.formatting import BEIJING
from dualcarbon.report.spreadsheet import formula_safe

DATA_DIR = "data"
INDEX = "index.json"
SDMX_FILE = "sdmx.csv"
FORMAT_VERSION = 1  # raised only when a column or key is removed or changes meaning
AGENCY = "CN_JS_DRC"
STRUCTURE_ID = f"{AGENCY}:DF_DUALCARBON(1.0)"
CODELISTS = {
    "FREQ": "SDMX:CL_FREQ(2.1), always A (annual)",
    "REF_AREA": f"{AGENCY}:CL_REGION(1.0), GB/T 2260 codes of ref_regions (dim_region.parquet)",
    "INDICATOR": f"{AGENCY}:CL_INDICATOR(1.0), the codes of ref_indicators (indicators.json)",
    "UNIT_MEASURE": f"{AGENCY}:CL_UNIT(1.0), the codes of ref_units",
    "UNIT_MULT": "SDMX:CL_UNIT_MULT(1.1), always 0: values are in UNIT_MEASURE itself",
    "OBS_STATUS": "SDMX:CL_OBS_STATUS(2.2): A normal, E estimated, R revised",
}
CSV_COLUMNS = [
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
KEYS = ["period", "region_code", "indicator_code"]


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(k).cast(pl.String) for k in KEYS if k in frame.columns)


def observations(release_dir: Path, release_id: str, revisions: pl.DataFrame) -> pl.DataFrame:
    """Every indicator value of the release, one row each, in ``CSV_COLUMNS``."""
    regions = pl.read_parquet(release_dir / "dim_region.parquet").select(
        pl.col("region_code").cast(pl.String),
        region_name_zh="name_zh",
        region_name_en="name_en",
    )
    status = _keyed(pl.read_parquet(release_dir / "observation_status.parquet")).select(
        *KEYS, obs_status="status", obs_note_zh="note_zh", obs_note_en="note_en"
    )
    revised = _keyed(revisions).select(*KEYS, "previous_release_id", "previous_value")
    return (
        _keyed(pl.read_parquet(release_dir / "fct_indicators.parquet"))
        .join(regions, on="region_code", how="left")
        .join(status, on=KEYS, how="left")
        .join(revised, on=KEYS, how="left")
        .with_columns(
            release_id=pl.lit(release_id),
            value=pl.col("value").cast(pl.Float64).fill_nan(None),
            unit_mult=pl.lit(0, dtype=pl.Int64),
            obs_status=pl.col("obs_status").fill_null("A"),
        )
        .select(CSV_COLUMNS)
        .sort("indicator_code", "region_code", "period")
    )


def sdmx_csv(frame: pl.DataFrame) -> pl.DataFrame:
    """The release's observations in the SDMX-CSV 2.0 layout: STRUCTURE, STRUCTURE_ID,
    ACTION, the dimensions, OBS_VALUE, then the attributes."""
    return frame.select(
        STRUCTURE=pl.lit("dataflow"),
        STRUCTURE_ID=pl.lit(STRUCTURE_ID),
        ACTION=pl.lit("I"),  # information: the whole release, as published
        FREQ=pl.lit("A"),
        REF_AREA="region_code",
        INDICATOR="indicator_code",
        TIME_PERIOD="period",
        OBS_VALUE="value",
        UNIT_MEASURE="unit",
        UNIT_MULT="unit_mult",
        OBS_STATUS="obs_status",
    )


def release_facts(manifest: dict) -> dict:
    """What every data file says about its release: id, period, publication time in Beijing
    time, what it supersedes, the stamp, the terms of use."""
    revision = manifest.get("revision") or {}
    rid = manifest["release_id"]
    licence = terms()
    return {
        "release_id": rid,
        "period": str(manifest["period"]),
        "version": manifest["version"],
        "published_at": datetime.fromisoformat(manifest["published_at"])
        .astimezone(BEIJING)
        .isoformat(),
        "supersedes": revision.get("supersedes"),
        "revision_type": revision.get("type"),
        "stamp": {lang: text("release.data_files.stamp", lang, release_id=rid) for lang in LANGS},
        "terms": {"zh": licence["zh"], "en": licence["en"]},
    }


def _pair(meta: dict, field: str) -> dict:
    return {"zh": meta.get(f"{field}_zh"), "en": meta.get(f"{field}_en")}


def indicator_document(code: str, rows: pl.DataFrame, meta: dict, facts: dict) -> dict:
    """The JSON file of one indicator: its metadata, the release's facts, its values."""
    return {
        "format_version": FORMAT_VERSION,
        "indicator_code": code,
        "title": _pair(meta, "name"),
        "unit": rows["unit"][0] if rows.height else meta.get("unit_code"),
        "unit_mult": 0,
        "definition": _pair(meta, "definition"),
        "scope": _pair(meta, "scope"),
        "method": _pair(meta, "method"),
        "method_link": "../indicators.json",
        "caveats": _pair(meta, "caveats"),
        "sources": meta.get("sources") or [],
        "factor_vintage": meta.get("factor_vintage"),
        "contact": _pair(meta, "contact"),
        **facts,
        "observations": rows.drop("release_id", "indicator_code", "unit").to_dicts(),
    }


def _write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_data_files(release_dir: Path, manifest: dict, revisions: pl.DataFrame) -> list[Path]:
    """Write ``data/`` into a release being published (after observation_status.parquet and
    indicators.json, before the manifest); returns the files written."""
    folder = release_dir / DATA_DIR
    folder.mkdir()
    facts = release_facts(manifest)
    frame = observations(release_dir, manifest["release_id"], revisions)
    metadata = {
        m["indicator_code"]: m
        for m in json.loads((release_dir / "indicators.json").read_text(encoding="utf-8"))
    }
    listed = []
    for (code,), rows in sorted(frame.partition_by("indicator_code", as_dict=True).items()):
        meta = metadata.get(code, {})
        formula_safe(rows).write_csv(folder / f"{code}.csv")
        _write_json(folder / f"{code}.json", indicator_document(code, rows, meta, facts))
        listed.append(
            {
                "indicator_code": code,
                "title": _pair(meta, "name"),
                "unit": rows["unit"][0],
                "observations": rows.height,
                "csv": f"{code}.csv",
                "json": f"{code}.json",
                "sha256": {kind: sha256_of(folder / f"{code}.{kind}") for kind in ("csv", "json")},
            }
        )
    formula_safe(sdmx_csv(frame)).write_csv(folder / SDMX_FILE)
    index = {
        "format_version": FORMAT_VERSION,
        **facts,
        "indicators": listed,
        "sdmx": {"file": SDMX_FILE, "structure_id": STRUCTURE_ID, "codelists": CODELISTS},
    }
    _write_json(folder / INDEX, index)
    return sorted(folder.iterdir())
