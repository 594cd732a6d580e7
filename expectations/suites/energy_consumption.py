"""Checks of the statistics bureau's energy consumption by region, sector, fuel and use."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from dualcarbon.contracts import get_contract
from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import (
    cities_vs_province_check,
    jump_check,
    rows_frame,
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


ROWS = rows_frame(DATASET, jump_columns=["quantity"], extend=_with_fuel)

CHECKS: list[Check] = [
    Check(
        check_id=f"{DATASET}.completeness.required_fuels_reported",
        dataset=DATASET,
        kind="completeness",
        severity="ERROR",
        row_level=False,
        description_zh="每个地区都必须填报原煤、天然气、柴油、汽油和电力（清单见 thresholds.yaml 的 required_fuels）；缺少任何一项，该地区能源消费总量和排放都会偏低。请部门补报缺失的品种。",
        description_en="Every region must report raw coal, natural gas, diesel, gasoline and electricity (thresholds.yaml, required_fuels); without any of them the region's energy and CO2 totals are too low. Ask the department to add the missing fuels.",
        frame=Frame(f"{DATASET}.region_fuels", _required_fuels, keys=("region_code", "fuel_code")),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="rows_reported", min_value=1)
        ],
        reason_zh="地区 {region_code}（{name_zh}）没有填报 {fuel_code}",
        reason_en="{region_code} ({name_en}) reports no {fuel_code}",
    ),
    Check(
        check_id=f"{DATASET}.validity.quantity_within_unit_maximum",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="单个单元格（地区×行业×品种×用途）的消费量不应超过该计量单位的合理上限（thresholds.yaml 的 energy_cell_max_by_unit，远高于江苏实际最大值），超过通常是单位填错（如吨填成千克）。该行已隔离：请部门核实单位和数值后重新报送。",
        description_en="One cell (region × sector × fuel × use) must not exceed the plausible maximum for its unit (thresholds.yaml, energy_cell_max_by_unit, far above Jiangsu's largest real cell); a larger value is usually a wrong unit (kilograms for tonnes). The row is quarantined: ask the department to check the unit and value and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="max_quantity",
                column_B="quantity",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        ],
        reason_zh="第 {source_row} 行 {region_code}/{sector_code}/{fuel_code} 消费量 {quantity:,.2f} {unit_code} 超过上限 {max_quantity:,.0f}",
        reason_en="row {source_row} {region_code}/{sector_code}/{fuel_code}: {quantity:,.2f} {unit_code} exceeds the maximum {max_quantity:,.0f}",
    ),
    Check(
        check_id=f"{DATASET}.validity.feedstock_only_fossil_fuels",
        dataset=DATASET,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh="用途为“原料”（非能源用途）的只能是化石能源（煤、油、气）；电力、热力等不能作原料。该行已隔离：请部门将用途改为“燃烧”或更正品种后重新报送。",
        description_en="Only fossil fuels (coal, oil, gas) can have the use 'feedstock' (non-energy use); electricity, heat and the like cannot. The row is quarantined: ask the department to change the use to combustion or correct the fuel, and resubmit.",
        frame=ROWS,
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="feedstock_fuel_group", value_set=["coal", "oil", "gas"]
            )
        ],
        reason_zh="第 {source_row} 行 {fuel_code}（{fuel_group}）不能作为原料",
        reason_en="row {source_row}: {fuel_code} ({fuel_group}) cannot be a feedstock",
    ),
    cities_vs_province_check(DATASET, "fuel_code", "quantity", "能源品种", "fuel"),
    jump_check(DATASET, ROWS, ["quantity"]),
]
