"""Revision marks for the public pages and the PDF (issue 16, item 6): which figures of a
release were revised, and the history of one figure across every release of its period.

Reads published releases only (``dualcarbon.release.store``), with Polars: the public site
never loads DuckDB.
"""

from __future__ import annotations

import polars as pl

from dualcarbon.release.revisions import COLUMNS, FILE
from dualcarbon.release.store import Release

HISTORY_COLUMNS = {
    "release_id": pl.String,
    "version": pl.Int64,
    "published_at": pl.String,
    "revision_type": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
}


def revised_figures(release: Release) -> pl.DataFrame:
    """The release's revised figures (``revisions.parquet``): indicator_code, region_code,
    period, unit, previous_release_id, previous_value, value. Empty for a first release and
    for a release published before the file existed."""
    path = release.path / FILE
    return pl.read_parquet(path) if path.is_file() else pl.DataFrame(schema=COLUMNS)


def is_revised(release: Release, period: str, region_code: str, indicator_code: str) -> bool:
    """Whether this figure carries a revision mark in this release."""
    return (
        revised_figures(release)
        .filter(period=str(period), region_code=str(region_code), indicator_code=indicator_code)
        .height
        > 0
    )


def figure_history(
    releases: list[Release], period: str, region_code: str, indicator_code: str
) -> pl.DataFrame:
    """Every published release's value of one figure, oldest first: release_id, version,
    published_at (ISO, UTC), revision_type (None for a first release), value, unit. A release
    of the period that does not publish the figure has no row."""
    frames = [
        pl.scan_parquet(r.path / "fct_indicators.parquet")
        .filter(
            pl.col("period").cast(pl.String) == str(period),
            pl.col("region_code").cast(pl.String) == str(region_code),
            pl.col("indicator_code") == indicator_code,
        )
        .select(
            release_id=pl.lit(r.release_id),
            version=pl.lit(r.version, dtype=pl.Int64),
            published_at=pl.lit(r.published_at.isoformat()),
            revision_type=pl.lit((r.revision or {}).get("type"), dtype=pl.String),
            value=pl.col("value").cast(pl.Float64),
            unit=pl.col("unit").cast(pl.String),
        )
        for r in releases
        if r.period == str(period) and "fct_indicators" in r.tables
    ]
    if not frames:
        return pl.DataFrame(schema=HISTORY_COLUMNS)
    return pl.concat(pl.collect_all(frames)).sort("version")
