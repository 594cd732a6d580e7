"""What changed between two releases of a period (practice 26): indicator values compared
key by key, so a correction notice can say exactly which figures moved and by how much."""

from __future__ import annotations

from pathlib import Path

import polars as pl

KEYS = ["period", "region_code", "indicator_code"]


def indicator_changes(old: pl.DataFrame, new: pl.DataFrame | Path) -> pl.DataFrame:
    """Rows whose value differs, appeared or disappeared: keys, unit, old_value, new_value,
    change and change_pct (None where the old value is 0 or missing)."""
    new_frame = pl.read_parquet(new) if isinstance(new, Path) else new
    joined = old.select(*KEYS, "unit", old_value="value").join(
        new_frame.select(*KEYS, "unit", new_value="value"),
        on=[*KEYS, "unit"],
        how="full",
        coalesce=True,
    )
    return (
        joined.filter(
            pl.col("old_value").is_null()
            | pl.col("new_value").is_null()
            | ((pl.col("new_value") - pl.col("old_value")).abs() > 1e-9)
        )
        .with_columns(change=pl.col("new_value") - pl.col("old_value"))
        .with_columns(
            change_pct=pl.when(pl.col("old_value") != 0)
            .then(pl.col("change") / pl.col("old_value").abs() * 100)
            .otherwise(None)
        )
        .sort(KEYS)
    )
