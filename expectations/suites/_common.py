"""Check factories shared by the submission suites.

Every dataset gets the checks that follow from its contract (``validity_checks``: units,
ranges, all regions present, on time) with no code of its own; a module
``expectations/suites/<dataset>.py`` adds only hand-written plausibility and consistency
checks (``jump_check``, ``cities_vs_province_check`` and bespoke ones)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import great_expectations as gx
import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, Contract, get_contract
from dualcarbon.contracts.deadlines import deadline
from expectations import config
from expectations.checks import Check, CheckContext, Frame


def staging_view(contract: Contract) -> str:
    """dbt's staging view of a dataset: stg_<department>__<dataset>."""
    return f"staging.stg_{contract.department}__{contract.dataset}"


def staged_keys(contract: Contract) -> tuple[str, ...]:
    return tuple(contract.column(k).staging_name for k in contract.keys)


def row_columns(contract: Contract) -> tuple[str, ...]:
    return ("source_row", *(c.staging_name for c in contract.columns))


def rows_frame(
    dataset: str,
    jump_columns: Sequence[str] = (),
    extend: Callable[[CheckContext, pl.DataFrame], pl.DataFrame] | None = None,
) -> Frame:
    """The rows of the submission being validated, as staged, with what the row-level checks
    need beside them: the unit the code list requires (``expected_unit``), the same cell of
    the previous period's accepted submission (``previous_<v>``, ``<v>_ratio``) and whatever
    ``extend`` adds. All row-level checks of a dataset share this one frame."""
    contract = get_contract(dataset)
    view = staging_view(contract)
    keys = staged_keys(contract)
    rule = contract.column("unit").must_equal_attribute if "unit" in contract.column_names else None

    def build(ctx: CheckContext) -> pl.DataFrame:
        select, joins = ["cur.*"], []
        if rule is not None:
            select.append(f"ref.{rule.attribute} as expected_unit")
            joins.append(
                f"left join reference.{rule.code_list} ref "
                f"on ref.{rule.key_column} = cur.{rule.key_column}"
            )
        if jump_columns:
            on = " and ".join(f"prev.{k} = cur.{k}" for k in keys)
            joins.append(f"left join (select * from {view} where period = $previous) prev on {on}")
            for v in jump_columns:
                select.append(f"prev.{v} as previous_{v}")
                select.append(f"cur.{v} / nullif(prev.{v}, 0) as {v}_ratio")
        params = {"submission_id": ctx.submission_id}
        if jump_columns:
            params["previous"] = ctx.previous_period
        frame = ctx.sql(
            f"select {', '.join(select)} from {view} cur {' '.join(joins)} "
            "where cur.submission_id = $submission_id order by cur.source_row",
            **params,
        )
        return extend(ctx, frame) if extend else frame

    return Frame(
        f"{dataset}.rows",
        build,
        keys=("source_row",),
        label_columns=keys,
        row_columns=row_columns(contract),
    )


def unit_check(dataset: str, rows: Frame) -> Check | None:
    contract = get_contract(dataset)
    if "unit" not in contract.column_names:
        return None
    column = contract.column("unit")
    rule = column.must_equal_attribute
    if rule is not None:
        key = rule.key_column

        def expectations(ctx: CheckContext):
            return [
                gx.expectations.ExpectColumnPairValuesToBeEqual(
                    column_A="unit_code", column_B="expected_unit"
                )
            ]

        return Check(
            check_id=f"{dataset}.validity.unit_as_required",
            dataset=dataset,
            kind="validity",
            severity="ERROR",
            row_level=True,
            description_zh=f"计量单位必须是代码表（{rule.code_list}）为该{key}规定的单位，否则折算结果错误。请部门按规定单位填报后重新报送。",
            description_en=f"The unit must be the one the code list ({rule.code_list}) sets for the {key}; otherwise conversions are wrong. Ask the department to report in that unit and resubmit.",
            frame=rows,
            expectations=expectations,
            reason_zh="第 {source_row} 行单位为 {unit_code}，应为 {expected_unit}",
            reason_en="row {source_row} is in {unit_code}, should be {expected_unit}",
        )
    allowed = list(column.allowed or [])

    def allowed_expectations(ctx: CheckContext):
        return [gx.expectations.ExpectColumnValuesToBeInSet(column="unit_code", value_set=allowed)]

    return Check(
        check_id=f"{dataset}.validity.unit_as_required",
        dataset=dataset,
        kind="validity",
        severity="ERROR",
        row_level=True,
        description_zh=f"计量单位必须是 {', '.join(allowed)}。请部门按规定单位填报后重新报送。",
        description_en=f"The unit must be {', '.join(allowed)}. Ask the department to report in that unit and resubmit.",
        frame=rows,
        expectations=allowed_expectations,
        reason_zh="第 {source_row} 行单位为 {unit_code}",
        reason_en="row {source_row} is in {unit_code}",
    )


def range_checks(dataset: str, rows: Frame) -> list[Check]:
    """One check per numeric column: present, and within the contract's bounds."""
    contract = get_contract(dataset)
    checks = []
    for column in contract.columns:
        if column.type not in {"decimal", "integer"}:
            continue
        lo, hi = column.min, column.max
        if lo is None and hi is None:
            continue
        name = "non_negative" if (lo == 0 and hi is None) else "in_range"
        bounds_zh = "不得为负" if name == "non_negative" else f"应在 {lo} 至 {hi} 之间"
        bounds_en = (
            "must not be negative" if name == "non_negative" else f"must be between {lo} and {hi}"
        )

        def expectations(ctx: CheckContext, column=column, lo=lo, hi=hi):
            built = [
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column=column.name, min_value=lo, max_value=hi
                )
            ]
            if column.required:
                built.insert(0, gx.expectations.ExpectColumnValuesToNotBeNull(column=column.name))
            return built

        checks.append(
            Check(
                check_id=f"{dataset}.validity.{column.name}_{name}",
                dataset=dataset,
                kind="validity",
                severity="ERROR",
                row_level=True,
                description_zh=f"{column.label_zh}必须填报且{bounds_zh}。请部门核实并更正后重新报送。",
                description_en=f"{column.label_en} must be given and {bounds_en}. Ask the department to check, correct and resubmit.",
                frame=rows,
                expectations=expectations,
                reason_zh=f"第 {{source_row}} 行{column.label_zh}为 {{{column.name}}}，{bounds_zh}",
                reason_en=f"row {{source_row}}: {column.label_en} is {{{column.name}}}, {bounds_en}",
            )
        )
    return checks


def all_regions_check(dataset: str, severity: str = "ERROR") -> Check:
    """Every region the contract covers has at least one row."""
    contract = get_contract(dataset)
    province_only = contract.regions == "province"

    def build(ctx: CheckContext) -> pl.DataFrame:
        scope = "where r.level = 'province'" if province_only else ""
        return ctx.sql(
            "select r.region_code, r.name_zh, r.name_en, count(s.source_row) as rows_reported "
            "from reference.ref_regions r "
            f"left join {staging_view(contract)} s "
            "on s.region_code = r.region_code and s.submission_id = $submission_id "
            f"{scope} group by all order by r.region_code",
            submission_id=ctx.submission_id,
        )

    def expectations(ctx: CheckContext):
        return [gx.expectations.ExpectColumnValuesToBeBetween(column="rows_reported", min_value=1)]

    who_zh = "全省" if province_only else "全省及13个设区市"
    who_en = "the province" if province_only else "the province and each of the 13 cities"
    return Check(
        check_id=f"{dataset}.completeness.all_regions_reported",
        dataset=dataset,
        kind="completeness",
        severity=severity,
        row_level=False,
        description_zh=f"{who_zh}都必须有数据，缺少地区会使该地区指标缺失、全省与各市无法核对。请部门补报缺失地区的数据。",
        description_en=f"There must be rows for {who_en}; a missing region has no figures and cannot be reconciled. Ask the department to add the missing regions and resubmit.",
        frame=Frame(f"{dataset}.regions", build, keys=("region_code",)),
        expectations=expectations,
        reason_zh="缺少地区 {region_code}（{name_zh}）的数据",
        reason_en="no rows for {region_code} ({name_en})",
    )


def jump_check(dataset: str, rows: Frame, value_columns: Sequence[str]) -> Check:
    """A value at least `jump_factor` times (or at most 1/jump_factor of) the same cell of the
    previous period's accepted submission: usually a unit or decimal slip. Row level, ERROR.
    ``rows`` must be built with the same ``jump_columns``."""
    contract = get_contract(dataset)
    labels = {c.name: c for c in contract.columns}

    def expectations(ctx: CheckContext):
        factor = float(ctx.thresholds["jump_factor"])
        return [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column=f"{v}_ratio",
                min_value=1 / factor,
                max_value=factor,
                strict_min=True,
                strict_max=True,
            )
            for v in value_columns
        ]

    names_zh = "、".join(labels[v].label_zh for v in value_columns)
    names_en = ", ".join(labels[v].label_en.lower() for v in value_columns)
    detail_zh = "；".join(
        f"{labels[v].label_zh} {{{v}}}（上期 {{previous_{v}}}）" for v in value_columns
    )
    detail_en = "; ".join(f"{v} {{{v}}} (previous {{previous_{v}}})" for v in value_columns)
    return Check(
        check_id=f"{dataset}.plausibility.no_tenfold_jump",
        dataset=dataset,
        kind="plausibility",
        severity="ERROR",
        row_level=True,
        description_zh=f"{names_zh}不应是上期已接收报送同一单元格的10倍以上或十分之一以下，这通常是单位或小数点错误。该行已隔离：请部门核实；如确属实际变化，由数据管理员注明理由后豁免。",
        description_en=f"The {names_en} must not be 10 times (or a tenth of) the same cell in the previous period's accepted submission; this is usually a unit or decimal-point slip. The row is quarantined: ask the department to check it; if the change is real, the steward waives it with the reason.",
        frame=rows,
        expectations=expectations,
        reason_zh=f"第 {{source_row}} 行：{detail_zh}，变化超过10倍",
        reason_en=f"row {{source_row}}: {detail_en}, a change of 10 times or more",
    )


def timeliness_check(dataset: str) -> Check:
    """The first accepted version arrived by the deadline of the release calendar."""
    contract = get_contract(dataset)

    def build(ctx: CheckContext) -> pl.DataFrame:
        frame = ctx.sql(
            "select dataset, department, min(received_at) as first_received_at, "
            "count(*) as accepted_versions from raw.submissions "
            "where dataset = $dataset and period = $period and status = 'accepted' group by all",
            dataset=dataset,
            period=ctx.period,
        )
        due = deadline(dataset, ctx.period)
        return frame.with_columns(deadline_utc=pl.lit(due)).with_columns(
            days_late=(pl.col("first_received_at") - pl.col("deadline_utc")).dt.total_seconds()
            / 86400.0
        )

    def expectations(ctx: CheckContext):
        return [gx.expectations.ExpectColumnValuesToBeBetween(column="days_late", max_value=0)]

    return Check(
        check_id=f"{dataset}.timeliness.received_by_deadline",
        dataset=dataset,
        kind="timeliness",
        severity="WARN",
        row_level=False,
        description_zh=f"{contract.title_zh}应在数据契约（deadline）规定的截止时间前报送。逾期不影响数据本身：请数据管理员确认并提醒部门按时报送。",
        description_en=f"{contract.title_en} is due by the deadline in its contract (deadline). Lateness does not change the figures: the steward acknowledges it and reminds the department of the deadline.",
        frame=Frame(f"{dataset}.receipt", build, keys=("dataset",)),
        expectations=expectations,
        reason_zh="首次报送时间 {first_received_at}（UTC），截止 {deadline_utc}（UTC），逾期 {days_late:.1f} 天",
        reason_en="first received {first_received_at} UTC, due {deadline_utc} UTC: {days_late:.1f} days late",
    )


def gap_within_tolerance(column: str, section: str, key: str):
    """Expectations: a percentage gap within ±thresholds[section][key], read at validation
    time (province vs cities, the electricity balance, ...)."""

    def build(ctx: CheckContext):
        tol = float(ctx.thresholds[section][key])
        return [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column=column, min_value=-tol, max_value=tol
            )
        ]

    return build


def cities_vs_province_check(
    dataset: str,
    item_sql: str,
    value_sql: str,
    item_label_zh: str,
    item_label_en: str,
    severity: str = "WARN",
    from_extra: str = "",
) -> Check:
    """The province's figure against the sum of its cities, per item (fuel, source, ...).

    ``from_extra`` is joined to the staging view (e.g. a list of variables to unpivot)."""
    contract = get_contract(dataset)
    view = staging_view(contract)

    def build(ctx: CheckContext) -> pl.DataFrame:
        return ctx.sql(
            f"select {item_sql} as item, "
            f"sum({value_sql}) filter (where region_code = '{PROVINCE_CODE}') as province_value, "
            f"sum({value_sql}) filter (where region_code <> '{PROVINCE_CODE}') as cities_sum, "
            f"count(distinct region_code) filter (where region_code <> '{PROVINCE_CODE}') "
            "as cities_reported "
            f"from {view} {from_extra} where submission_id = $submission_id "
            "group by all order by item",
            submission_id=ctx.submission_id,
        ).with_columns(
            gap_pct=100.0
            * (pl.col("province_value") - pl.col("cities_sum"))
            / pl.when(pl.col("province_value") != 0).then(pl.col("province_value"))
        )

    key = "warn_pct" if severity == "WARN" else "error_pct"
    expectations = gap_within_tolerance("gap_pct", "reconciliation", key)
    tol = config.thresholds()["reconciliation"][key]
    return Check(
        check_id=f"{dataset}.consistency.cities_sum_to_province",
        dataset=dataset,
        kind="consistency",
        severity=severity,
        row_level=False,
        description_zh=f"按{item_label_zh}，13个设区市合计与全省数相差不应超过 ±{tol}%（阈值见 thresholds.yaml）。请部门核实全省数或有关城市的数据。",
        description_en=f"For each {item_label_en}, the sum of the 13 cities should be within ±{tol}% of the province's figure (thresholds.yaml). Ask the department to check the province's figure or the cities'.",
        frame=Frame(f"{dataset}.cities_vs_province", build, keys=("item",)),
        expectations=expectations,
        reason_zh=f"{item_label_zh} {{item}}：全省 {{province_value:,.2f}}，各市合计 {{cities_sum:,.2f}}，相差 {{gap_pct:+.2f}}%",
        reason_en=f"{item_label_en} {{item}}: province {{province_value:,.2f}}, cities {{cities_sum:,.2f}}, gap {{gap_pct:+.2f}}%",
    )


def validity_checks(dataset: str, rows: Frame, regions_severity: str = "ERROR") -> list[Check]:
    """The checks that follow from a dataset's contract alone.

    Code-list membership and unique keys are not here: intake rejects a file that breaks
    them and the staging model's dbt tests (relationships, unique_combination) guard them
    again, so a third copy could not fail. Units and ranges stay: they are what a steward
    sees in the review queue when a row is quarantined. Every region must report when the
    region is part of the key; a register of units (keyed by unit) has no row for the
    province and need not cover every city."""
    contract = get_contract(dataset)
    unit = unit_check(dataset, rows)
    regions = (
        [all_regions_check(dataset, regions_severity)] if "region_code" in contract.keys else []
    )
    return [
        *regions,
        *([unit] if unit else []),
        *range_checks(dataset, rows),
        timeliness_check(dataset),
    ]


__all__ = [
    "all_regions_check",
    "cities_vs_province_check",
    "jump_check",
    "range_checks",
    "rows_frame",
    "staged_keys",
    "staging_view",
    "timeliness_check",
    "unit_check",
    "validity_checks",
]
