"""Checks of the industry department's register of key energy-using units."""

from __future__ import annotations

import polars as pl

from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import band, between, checks, rows_frame, said, spec

DATASET = "key_energy_units"
ROWS = rows_frame(DATASET)


def _cities(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select r.region_code, r.name_zh, r.name_en, count(s.source_row) as units_reported "
        "from reference.ref_regions r "
        "left join staging.stg_industry_it__key_energy_units s "
        "on s.region_code = r.region_code and s.submission_id = $submission_id "
        "where r.level = 'prefecture' group by all order by r.region_code",
        submission_id=ctx.submission_id,
    )


def _share(ctx: CheckContext) -> pl.DataFrame:
    """Each region's key units against its total energy in the accounts (if built)."""
    frame = ctx.sql(
        "select s.region_code, sum(s.energy_tce) as key_units_tce, max(i.value) as total_tce "
        "from staging.stg_industry_it__key_energy_units s "
        "left join marts.fct_indicators i on i.period = s.period "
        "and i.region_code = s.region_code and i.indicator_code = 'energy_total_tce' "
        "where s.submission_id = $submission_id group by all order by 1",
        submission_id=ctx.submission_id,
    )
    return frame.with_columns(share_pct=100 * pl.col("key_units_tce") / pl.col("total_tce"))


CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "completeness.every_city_has_units",
        "WARN",
        Frame(f"{DATASET}.cities", _cities, keys=("region_code",)),
        between("units_reported", 1),
        values={"name": said("name")},
    ),
    spec(
        "consistency.share_of_region_energy_in_band",
        "WARN",
        Frame(f"{DATASET}.share", _share, keys=("region_code",)),
        band("share_pct", "key_units_share_band"),
    ),
)
