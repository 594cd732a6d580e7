"""Revised figures, computed at publication (issue 16, item 6): ``revisions.parquet``.

A figure is one indicator value of one region and year. It is *revised* when the release this
one supersedes published the same figure with a different value. The two values must differ
beyond rounding: by more than ``RELATIVE_TOLERANCE`` of the larger of their magnitudes (and 1),
because DuckDB's parallel sums add in no fixed order and the same build can differ in its last
bits (benchmarks/README.md). A figure that appeared or disappeared is not a revision: it has no
history to show (``changes.parquet`` lists those too).

Every release carries the file, empty for a first release, so a reader never has to ask
whether it exists. ``dualcarbon.report.revisions`` reads it for the pages and the PDF.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

FILE = "revisions.parquet"
RELATIVE_TOLERANCE = 1e-9
COLUMNS = {
    "indicator_code": pl.String,
    "region_code": pl.String,
    "period": pl.String,
    "unit": pl.String,
    "previous_release_id": pl.String,
    "previous_value": pl.Float64,
    "value": pl.Float64,
}


def revisions(
    indicators: Path, previous: Path | None, previous_release_id: str | None
) -> pl.DataFrame:
    """Figures of ``indicators`` (a release's fct_indicators.parquet) whose value differs from
    the one in ``previous`` (the superseded release's), both published; empty without one."""
    import duckdb  # here, not above: the public site imports COLUMNS and never loads DuckDB

    if previous is None:
        return pl.DataFrame(schema=COLUMNS)
    with duckdb.connect() as con:
        frame = con.sql(
            """
            select n.indicator_code, n.region_code, cast(n.period as varchar) as period, n.unit,
                   ? as previous_release_id, o.value as previous_value, n.value
            from read_parquet(?) as n
            join read_parquet(?) as o
                using (period, region_code, indicator_code)
            where abs(n.value - o.value)
                > ? * greatest(abs(n.value), abs(o.value), 1)
            order by n.indicator_code, n.region_code, period
            """,
            params=[previous_release_id, str(indicators), str(previous), RELATIVE_TOLERANCE],
        ).pl()
    return frame.cast(COLUMNS).select(list(COLUMNS))


def write_revisions(
    release_dir: Path, previous_dir: Path | None, previous_id: str | None
) -> pl.DataFrame:
    """Compute and write ``revisions.parquet`` into a release being published."""
    previous = previous_dir / "fct_indicators.parquet" if previous_dir is not None else None
    frame = revisions(release_dir / "fct_indicators.parquet", previous, previous_id)
    frame.write_parquet(release_dir / FILE)
    return frame
