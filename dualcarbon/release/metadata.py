"""What a release says about itself: per-indicator metadata (practice 11) and the notice with
citation, terms and any correction (practices 9 and 17)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml

from dualcarbon.contracts import department_names
from dualcarbon.paths import REFERENCE_SEEDS_DIR

METADATA_FILE = Path(__file__).with_name("indicator_metadata.yaml")
FAMILY_SUFFIXES = ("_yoy", "_change_since_base", "_decline")


@cache
def _metadata() -> dict:
    return yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))


def _family(code: str, known: dict) -> dict:
    if code in known:
        return known[code]
    for suffix in FAMILY_SUFFIXES:
        if code.endswith(suffix) and code.removesuffix(suffix) in known:
            return known[code.removesuffix(suffix)]
    return {}


def indicator_metadata(manifest: dict) -> list[dict]:
    """One record per indicator in ref_indicators, for the release described by ``manifest``."""
    meta = _metadata()
    indicators = pl.read_csv(REFERENCE_SEEDS_DIR / "ref_indicators.csv")
    records = []
    for row in indicators.iter_rows(named=True):
        entry = _family(row["indicator_code"], meta["indicators"])
        sources = [
            {
                "department": code,
                "name_zh": department_names(code)[0],
                "name_en": department_names(code)[1],
            }
            for code in entry.get("sources", [])
        ]
        records.append(
            {
                **row,
                **{k: v for k, v in entry.items() if k != "sources"},
                "sources": sources,
                "factor_vintage": manifest.get("factor_vintage"),
                "release_id": manifest["release_id"],
                "last_update": manifest["published_at"],
                "contact_zh": meta["contact"]["zh"],
                "contact_en": meta["contact"]["en"],
            }
        )
    return records


def terms() -> dict[str, str]:
    """The terms of use, ``{"zh": ..., "en": ...}``: in NOTICE.md and in every data file."""
    return dict(_metadata()["terms"])


def notice_text(manifest: dict) -> str:
    """NOTICE.md of a release: what it is, how to cite it, and any correction notice."""
    rid = manifest["release_id"]
    lines = [
        f"# 江苏省碳排放与能源统计数据 {manifest['period']} 年 · 发布版本 {rid}",
        f"# Jiangsu carbon and energy statistics {manifest['period']} · release {rid}",
        "",
        f"- 发布时间 / Published: {manifest['published_at']}",
        f"- 批准 / Approved by: {manifest['approved_by']['user']}; "
        f"质量签核 / Quality signed off by: {manifest['signed_off_by']['user']}; "
        f"编制 / Prepared by: {manifest['prepared_by']}",
        f"- 排放因子版本 / Factor vintage: {manifest.get('factor_vintage')}",
        "",
        f"数据来源：江苏省发展和改革委员会，发布版本 {rid}",
        f"Source: Jiangsu DRC, release {rid}",
        "",
        terms()["zh"],
        "",
        terms()["en"],
    ]
    revision = manifest.get("revision")
    if revision:
        lines += [
            "",
            f"## 更正/修订说明 · Revision notice ({revision['type']})",
            "",
            f"本版本取代 {revision['supersedes']}。 This release supersedes {revision['supersedes']}.",
            "",
            f"- 原因：{revision['cause_zh']}",
            f"- Cause: {revision['cause_en']}",
            f"- 影响：{revision['impact_zh']}",
            f"- Impact: {revision['impact_en']}",
            f"- 变动的指标值 / Indicator values changed: {revision.get('changed_indicator_values', 0)} "
            "(changes.parquet)",
        ]
    return "\n".join(lines) + "\n"
