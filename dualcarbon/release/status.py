"""Observation status flags (release practice 12, after SDMX CL_OBS_STATUS), written with every
release as ``observation_status.parquet``: one row per indicator value that is not a plain
normal observation, with the reason in both languages.

- ``E`` estimated: the value rests on a stand-in factor. CO2 including net imported
  electricity when the grid factor of another year was used (official grid factors exist for
  2021–2022 only); the non-fossil share when the year's power-generation coal rate is a proxy
  (a ``PROXY`` row of ``factor_power_coal_rate``).
- ``R`` revised: the value differs from the release this one supersedes (``changes.parquet``).

A value with no row is ``A`` (normal).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dualcarbon.paths import FACTOR_SEEDS_DIR

STATUS_LABELS = {
    "A": ("正常值", "normal"),
    "E": ("估算值", "estimated"),
    "R": ("修订值", "revised"),
}
INDIRECT_INDICATORS = ("co2_total_incl_net_imports_t",)
COAL_RATE_INDICATORS = ("non_fossil_share", "non_fossil_share_yoy")
COLUMNS = ["period", "region_code", "indicator_code", "status", "note_zh", "note_en"]


def _proxy_coal_rate_years() -> set[str]:
    seed = pl.read_csv(FACTOR_SEEDS_DIR / "factor_power_coal_rate.csv", infer_schema=False)
    return set(seed.filter(pl.col("source").str.starts_with("PROXY"))["year"].to_list())


def observation_status(release_dir: Path, changes: pl.DataFrame | None) -> pl.DataFrame:
    indicators = pl.read_parquet(release_dir / "fct_indicators.parquet")
    emissions = pl.read_parquet(release_dir / "fct_co2_emissions.parquet")
    grid_years = (
        emissions.filter(pl.col("factor_source").str.starts_with("factor_grid_emission:"))
        .select(
            "period",
            "region_code",
            grid_year=pl.col("factor_source").str.split(":").list.last(),
        )
        .unique()
        .filter(pl.col("grid_year") != pl.col("period"))
    )
    indirect = (
        indicators.filter(pl.col("indicator_code").is_in(INDIRECT_INDICATORS))
        .join(grid_years, on=["period", "region_code"])
        .select(
            "period",
            "region_code",
            "indicator_code",
            status=pl.lit("E"),
            note_zh=pl.format("使用 {} 年电网排放因子估算（当年因子未发布）", "grid_year"),
            note_en=pl.format(
                "estimated with the {} grid factor (none published for the year)", "grid_year"
            ),
        )
    )
    coal_rate = indicators.filter(
        pl.col("indicator_code").is_in(COAL_RATE_INDICATORS)
        & pl.col("period").is_in(sorted(_proxy_coal_rate_years()))
    ).select(
        "period",
        "region_code",
        "indicator_code",
        status=pl.lit("E"),
        note_zh=pl.lit("当年发电煤耗尚未发布，沿用上一年度数值估算"),
        note_en=pl.lit(
            "the year's power-generation coal rate is not published; the last one was carried forward"
        ),
    )
    frames = [indirect, coal_rate]
    if changes is not None and changes.height:
        frames.append(
            changes.filter(
                pl.col("old_value").is_not_null() & pl.col("new_value").is_not_null()
            ).select(
                "period",
                "region_code",
                "indicator_code",
                status=pl.lit("R"),
                note_zh=pl.format("较被取代版本修订：{} → {}", "old_value", "new_value"),
                note_en=pl.format(
                    "revised from the superseded release: {} → {}", "old_value", "new_value"
                ),
            )
        )
    # a revised estimate is shown as revised, the stronger news for a user
    return (
        pl.concat(frames)
        .sort("status", descending=True)
        .unique(subset=["period", "region_code", "indicator_code"], keep="first")
        .sort(COLUMNS[:3])
        .select(COLUMNS)
    )
