"""Names of the codes a release's tables use, in Chinese and English.

Regions, fuels and sectors come with the release itself (dim_*). Indicator and unit names come
from the release's ``indicators.json`` when it has them, else from the versioned reference
code lists (dbt seeds ref_indicators and ref_units): public code lists, not figures, so the
public read path may use them.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from dualcarbon.i18n import Labels
from dualcarbon.paths import REFERENCE_SEEDS_DIR

# Aggregation groups used in the marts without a code list of their own (names: catalogue).
FUEL_GROUPS = Labels(
    "report.fuel_group", ("coal", "oil", "gas", "non_fossil", "electricity", "heat")
)
SCOPES = Labels("report.scope", ("direct", "process", "indirect_electricity", "indirect_heat"))
# Large totals are shown in 10^4 units, as in the yearbooks.
DISPLAY_SCALE: dict[str, tuple[str, float]] = {
    "t_co2": ("10k_t_co2", 1e4),
    "tce": ("10k_tce", 1e4),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


@cache
def _seed(name: str) -> pl.DataFrame:
    return pl.read_csv(REFERENCE_SEEDS_DIR / f"{name}.csv", infer_schema=False)


def indicator_names(indicators_meta: list[dict] | None = None) -> dict[str, tuple[str, str]]:
    """indicator_code -> (zh, en), the release's own metadata first."""
    names = {
        row["indicator_code"]: (row["name_zh"], row["name_en"])
        for row in _seed("ref_indicators").iter_rows(named=True)
    }
    for meta in indicators_meta or []:
        code = meta.get("indicator_code")
        if code and meta.get("name_zh") and meta.get("name_en"):
            names[code] = (meta["name_zh"], meta["name_en"])
    return names


def code_names(seed: str, code_column: str) -> dict[str, tuple[str, str]]:
    """code -> (zh, en) of a reference code list with name_zh/name_en (ref_sink_types,
    ref_project_statuses, ...), in the list's order."""
    return {
        row[code_column]: (row["name_zh"], row["name_en"])
        for row in _seed(seed).iter_rows(named=True)
    }


def unit_names() -> dict[str, tuple[str, str]]:
    return {
        row["unit_code"]: (row["name_zh"], row["name_en"])
        for row in _seed("ref_units").iter_rows(named=True)
    }


def unit_label(unit: str | None, lang: str) -> str:
    from dualcarbon.report.formatting import UNIT_NAMES  # display units beyond ref_units

    if not unit:
        return ""
    pair = UNIT_NAMES.get(unit) or unit_names().get(unit)
    return pick(pair, lang) if pair else unit


def indicator_unit(code: str) -> str | None:
    row = _seed("ref_indicators").filter(pl.col("indicator_code") == code)
    return row.item(0, "unit_code") if row.height else None


def better_direction(code: str) -> str | None:
    """``up`` or ``down``: which way is progress for this indicator (ref_indicators)."""
    row = _seed("ref_indicators").filter(pl.col("indicator_code") == code)
    return row.item(0, "better_direction") if row.height else None
