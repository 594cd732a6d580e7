"""Checks of the statistics bureau's energy consumption by region, sector, fuel and use."""

from __future__ import annotations

import polars as pl

from dualcarbon.contracts import get_contract
from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import (
    a_above_b,
    between,
    checks,
    in_set,
    rows_frame,
    said,
    spec,
    staging_view,
)

DATASET = "energy_consumption"
VIEW = staging_view(get_contract(DATASET))


def _required_fuels(ctx: CheckContext) -> pl.DataFrame:
    fuels = list(ctx.thresholds["required_fuels"])
    return ctx.sql(
        "select r.region_code, r.name_zh, r.name_en, f.fuel_code, "
        "count(s.source_row) as rows_reported "
        "from reference.ref_regions r cross join (select unnest($fuels) as fuel_code) f "
        f"left join {VIEW} s on s.region_code = r.region_code and s.fuel_code = f.fuel_code "
        "and s.submission_id = $submission_id "
        "group by all order by r.region_code, f.fuel_code",
        fuels=fuels,
        submission_id=ctx.submission_id,
    )


def _with_fuel(ctx: CheckContext, rows: pl.DataFrame) -> pl.DataFrame:
    """Each row's fuel group, its fuel group if used as feedstock, and its unit's maximum.

    A jump is judged only in cells that matter: where the larger of this and last period's
    quantity is at least `jump_materiality_tce` of standard coal. Small cells move tenfold
    routinely (a sector starting or stopping a minor fuel) without touching any total."""
    fuels = ctx.sql("select fuel_code, fuel_group from reference.ref_fuels")
    tce = ctx.sql(
        "select fuel_code, tce_per_unit from intermediate.int_factors__tce_per_unit "
        "where period = $period",
        period=ctx.period,
    )
    limits = ctx.thresholds["energy_cell_max_by_unit"]
    maxima = pl.DataFrame(
        {"unit_code": list(limits), "max_quantity": [float(v) for v in limits.values()]}
    )
    material = float(ctx.thresholds["jump_materiality_tce"])
    larger_tce = pl.max_horizontal("quantity", "previous_quantity") * pl.col("tce_per_unit")
    return (
        rows.join(fuels, on="fuel_code", how="left")
        .join(tce, on="fuel_code", how="left")
        .join(maxima, on="unit_code", how="left")
        .with_columns(
            feedstock_fuel_group=pl.when(pl.col("use_type") == "feedstock").then(
                pl.col("fuel_group")
            ),
            quantity_ratio=pl.when(larger_tce.fill_null(float("inf")) >= material).then(
                pl.col("quantity_ratio")
            ),
        )
        .drop("tce_per_unit")
    )


ROWS = rows_frame(DATASET, extend=_with_fuel)

REGION_FUELS = Frame(f"{DATASET}.region_fuels", _required_fuels, keys=("region_code", "fuel_code"))

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "completeness.required_fuels_reported",
        "ERROR",
        REGION_FUELS,
        between("rows_reported", 1),
        values={"name": said("name")},
    ),
    spec(
        "validity.quantity_within_unit_maximum",
        "ERROR",
        ROWS,
        a_above_b(
            "max_quantity",
            "quantity",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ),
    spec(
        "validity.feedstock_only_fossil_fuels",
        "ERROR",
        ROWS,
        in_set("feedstock_fuel_group", ["coal", "oil", "gas"]),
    ),
)
