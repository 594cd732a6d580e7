"""Checks of the energy administration's inter-provincial electricity imports and exports,
including the province's electricity balance against generation and end-use consumption."""

from __future__ import annotations

import polars as pl

from dualcarbon.contracts import PROVINCE_CODE
from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import (
    at_most,
    between,
    checks,
    not_in_set,
    rows_frame,
    said,
    spec,
    tolerance_specs,
)

DATASET = "electricity_exchange"
ROWS = rows_frame(DATASET)


def _directions(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select d.direction_code as direction, d.name_zh, d.name_en, "
        "count(s.source_row) as rows_reported "
        "from reference.ref_exchange_directions d "
        "left join staging.stg_energy__electricity_exchange s "
        "on s.direction = d.direction_code and s.submission_id = $submission_id "
        "group by all order by 1",
        submission_id=ctx.submission_id,
    )


def _balance(ctx: CheckContext) -> pl.DataFrame:
    """Province: generation + imports - exports against end-use consumption (10^4 kWh), with
    the generation and consumption of the period's accepted submissions."""
    return ctx.sql(
        "with gen as (select sum(generation) as v from staging.stg_energy__electricity_generation "
        "  where period = $period and region_code = $province), "
        "cons as (select sum(quantity) as v from staging.stg_stats__energy_consumption "
        "  where period = $period and region_code = $province and fuel_code = 'electricity'), "
        "ex as (select sum(quantity) filter (where direction = 'import') as imports, "
        "  sum(quantity) filter (where direction = 'export') as exports "
        "  from staging.stg_energy__electricity_exchange where submission_id = $submission_id) "
        "select $province as region_code, gen.v as generation_10k_kwh, "
        "ex.imports as imports_10k_kwh, ex.exports as exports_10k_kwh, "
        "cons.v as consumption_10k_kwh, "
        "100.0 * (gen.v + ex.imports - coalesce(ex.exports, 0) - cons.v) / nullif(cons.v, 0) "
        "as balance_gap_pct from gen, cons, ex",
        period=ctx.period,
        province=PROVINCE_CODE,
        submission_id=ctx.submission_id,
    )


BALANCE = Frame(f"{DATASET}.province_balance", _balance, keys=("region_code",))
DIRECTIONS = Frame(f"{DATASET}.directions", _directions, keys=("direction",))

CHECKS: list[Check] = checks(
    DATASET,
    spec(
        "completeness.both_directions_reported",
        "ERROR",
        DIRECTIONS,
        between("rows_reported", 1),
        values={"name": said("name")},
    ),
    spec(
        "validity.counterpart_not_self",
        "ERROR",
        ROWS,
        not_in_set("counterpart_code", [PROVINCE_CODE]),
    ),
    spec(
        "validity.quantity_within_maximum",
        "ERROR",
        ROWS,
        at_most("quantity", "exchange_cell_max"),
    ),
    *tolerance_specs(
        ("consistency.province_balance_within_tolerance", "consistency.province_balance_gross_gap"),
        BALANCE,
        "balance_gap_pct",
        "electricity_balance",
    ),
)
