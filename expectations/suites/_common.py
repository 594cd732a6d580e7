"""What the suites are made of: checks as data, and the check factories they share.

Every dataset gets the checks that follow from its contract (``validity_checks``: units,
ranges, all regions present, on time) with no code of its own; a module
``expectations/suites/<dataset>.py`` adds only hand-written plausibility and consistency
checks: ``jump_check``, ``cities_vs_province_check``, and a table of its own checks
(``Spec`` rows, made into checks by ``checks``), each row naming its frame, its expectations
(``between``, ``in_set``, ...; thresholds read when the check runs) and its severity. What a
steward reads about a check is in the message catalogue (``gx.<check_id>.description`` and
``.reason``), never in the code."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import great_expectations as gx
import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, Contract, get_contract
from dualcarbon.contracts.deadlines import deadline
from dualcarbon.i18n import Join, Message, Pair
from expectations import config
from expectations.checks import Check, CheckContext, ExpectationBuilder, Frame


def staging_view(contract: Contract) -> str:
    """dbt's staging view of a dataset: stg_<department>__<dataset>."""
    return f"staging.stg_{contract.department}__{contract.dataset}"


def staged_keys(contract: Contract) -> tuple[str, ...]:
    return tuple(contract.column(k).staging_name for k in contract.keys)


def row_columns(contract: Contract) -> tuple[str, ...]:
    return ("source_row", *(c.staging_name for c in contract.columns))


def rows_frame(
    dataset: str,
    extend: Callable[[CheckContext, pl.DataFrame], pl.DataFrame] | None = None,
) -> Frame:
    """The rows of the submission being validated, as staged, with what the row-level checks
    need beside them: the unit the code list requires (``expected_unit``), the same cell of
    the previous period's accepted submission (``previous_<v>``, ``<v>_ratio``) for the
    contract's ``plausibility.jump`` columns and whatever ``extend`` adds. All row-level checks
    of a dataset share this one frame."""
    contract = get_contract(dataset)
    jump_columns = contract.plausibility.jump
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


# --- checks as data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """A value of thresholds.yaml (``path`` of keys and indices), read when the check runs so
    a deployment's own thresholds apply; ``then`` converts it (float, a bound's negative)."""

    path: tuple[str | int, ...]
    then: Callable[[Any], Any] | None = None

    def read(self, thresholds: Mapping[str, Any]) -> Any:
        value: Any = thresholds
        for step in self.path:
            value = value[step]
        return self.then(value) if self.then else value


def threshold(*path: str | int, then: Callable[[Any], Any] | None = None) -> Threshold:
    return Threshold(tuple(path), then)


@dataclass(frozen=True)
class Expect:
    """One Great Expectations expectation as data: its class in ``gx.expectations`` and its
    arguments, a ``Threshold`` among them read when the check runs."""

    name: str
    arguments: Mapping[str, Any]

    def build(self, thresholds: Mapping[str, Any]):
        read = {
            k: v.read(thresholds) if isinstance(v, Threshold) else v
            for k, v in self.arguments.items()
        }
        return getattr(gx.expectations, self.name)(**read)


def _expect(name: str, **arguments: Any) -> Expect:
    return Expect(name, {k: v for k, v in arguments.items() if v is not None})


def between(column: str, min_value: Any = None, max_value: Any = None, **options: Any) -> Expect:
    return _expect(
        "ExpectColumnValuesToBeBetween",
        column=column,
        min_value=min_value,
        max_value=max_value,
        **options,
    )


def at_most(column: str, key: str) -> Expect:
    """At most a maximum of thresholds.yaml."""
    return between(column, max_value=threshold(key, then=float))


def band(column: str, key: str) -> Expect:
    """Within a ``[low, high]`` band of thresholds.yaml."""
    return between(column, threshold(key, 0), threshold(key, 1))


def within_tolerance(column: str, section: str, key: str) -> Expect:
    """A percentage gap within ±thresholds[section][key] (province vs cities, the electricity
    balance, ...)."""
    return between(
        column,
        threshold(section, key, then=lambda v: -float(v)),
        threshold(section, key, then=float),
    )


def not_null(column: str) -> Expect:
    return _expect("ExpectColumnValuesToNotBeNull", column=column)


def in_set(column: str, value_set: Sequence[Any]) -> Expect:
    return _expect("ExpectColumnValuesToBeInSet", column=column, value_set=list(value_set))


def not_in_set(column: str, value_set: Sequence[Any]) -> Expect:
    return _expect("ExpectColumnValuesToNotBeInSet", column=column, value_set=list(value_set))


def a_above_b(column_a: str, column_b: str, **options: Any) -> Expect:
    """Column A greater than column B (``or_equal=True``: at least B)."""
    return _expect(
        "ExpectColumnPairValuesAToBeGreaterThanB", column_A=column_a, column_B=column_b, **options
    )


def pair_equal(column_a: str, column_b: str, **options: Any) -> Expect:
    return _expect(
        "ExpectColumnPairValuesToBeEqual", column_A=column_a, column_B=column_b, **options
    )


def expecting(*expects: Expect) -> ExpectationBuilder:
    """The expectations of a check, built when it runs with the thresholds in force."""
    return lambda ctx: [e.build(ctx.thresholds) for e in expects]


def said(column: str) -> Pair:
    """A column the row has in both languages (``name_zh``, ``name_en``): a reason's
    placeholder that names the one of the reason's language."""
    return Pair(f"{{{column}_zh}}", f"{{{column}_en}}")


def _is_rows(frame: Frame) -> bool:
    return "source_row" in frame.keys


@dataclass(frozen=True)
class Spec:
    """One hand-written check as a row of its suite's table: ``<kind>.<name>``, severity, the
    frame it judges (a check on a frame keyed by ``source_row`` judges submitted rows), its
    expectations, and the values its catalogue messages name. Its description and reason are
    ``gx.<check_id>.description`` and ``gx.<check_id>.reason`` (``reason`` names another
    check's reason when two share one)."""

    name: str
    severity: str
    frame: Frame
    expect: tuple[Expect, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None


def spec(
    name: str,
    severity: str,
    frame: Frame,
    *expect: Expect,
    values: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> Spec:
    return Spec(name, severity, frame, expect, values or {}, reason)


def tolerance_specs(
    names: tuple[str, str], frame: Frame, column: str, section: str
) -> tuple[Spec, Spec]:
    """A percentage gap judged twice: beyond ±thresholds[section].warn_pct a WARN, beyond
    error_pct an ERROR; both give the same reason (the first's)."""
    tol = config.thresholds()[section]
    warn, error = (
        spec(
            name,
            severity,
            frame,
            within_tolerance(column, section, key),
            values={"tol": tol[key]},
            reason=names[0],
        )
        for name, severity, key in zip(
            names, ("WARN", "ERROR"), ("warn_pct", "error_pct"), strict=True
        )
    )
    return warn, error


def checks(dataset: str, *specs: Spec) -> list[Check]:
    """A suite's table of hand-written checks, as checks."""
    made = []
    for row in specs:
        check_id = f"{dataset}.{row.name}"
        made.append(
            Check(
                check_id=check_id,
                dataset=dataset,
                kind=row.name.split(".")[0],
                severity=row.severity,
                row_level=_is_rows(row.frame),
                frame=row.frame,
                expectations=expecting(*row.expect),
                description_key=f"gx.{check_id}.description",
                reason_key=f"gx.{dataset}.{row.reason or row.name}.reason",
                values=row.values,
            )
        )
    return made


# --- the checks every dataset shares --------------------------------------------------------


def _shared(
    dataset: str,
    check: str,
    severity: str,
    frame: Frame,
    expect: Sequence[Expect],
    message: str,
    **values: Any,
) -> Check:
    """A check of a shape many datasets share (``check``: <kind>.<name>): its messages are
    ``gx.<message>.*``."""
    return Check(
        check_id=f"{dataset}.{check}",
        dataset=dataset,
        kind=check.split(".")[0],
        severity=severity,
        row_level=_is_rows(frame),
        frame=frame,
        expectations=expecting(*expect),
        description_key=f"gx.{message}.description",
        reason_key=f"gx.{message}.reason",
        values=values,
    )


def _validity(
    dataset: str, name: str, rows: Frame, message: str, expect: Sequence[Expect], **values: Any
) -> Check:
    return _shared(dataset, f"validity.{name}", "ERROR", rows, expect, message, **values)


def unit_check(dataset: str, rows: Frame) -> Check | None:
    """The unit a row is in: the one its code list requires for the row's code, or one of
    the contract's allowed units."""
    contract = get_contract(dataset)
    if "unit" not in contract.column_names:
        return None
    column = contract.column("unit")
    rule = column.must_equal_attribute
    if rule is not None:
        expect = pair_equal("unit_code", "expected_unit")
        values = {"code_list": rule.code_list, "key_column": rule.key_column}
        return _validity(dataset, "unit_as_required", rows, "unit.as_required", [expect], **values)
    allowed = list(column.allowed or [])
    expect = in_set("unit_code", allowed)
    units = ", ".join(allowed)
    return _validity(dataset, "unit_as_required", rows, "unit.allowed", [expect], units=units)


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
        bounds = Message(f"gx.range.{name}", {"lo": lo, "hi": hi})
        expect = [between(column.name, lo, hi)]
        if column.required:
            expect.insert(0, not_null(column.name))
        label = Pair(column.label_zh, column.label_en)
        checks.append(
            _validity(
                dataset,
                f"{column.name}_{name}",
                rows,
                "range",
                expect,
                label=label,
                bounds=bounds,
                value=f"{{{column.name}}}",
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

    if province_only:
        who = Message("gx.regions.province")
    else:
        who = Message("gx.regions.province_and_cities")
    return _shared(
        dataset,
        "completeness.all_regions_reported",
        severity,
        Frame(f"{dataset}.regions", build, keys=("region_code",)),
        [between("rows_reported", 1)],
        "regions",
        who=who,
        name=said("name"),
    )


def jump_check(dataset: str, rows: Frame, value_columns: Sequence[str]) -> Check:
    """A value at least `jump_factor` times (or at most 1/jump_factor of) the same cell of the
    previous period's accepted submission: usually a unit or decimal slip. Row level, ERROR.
    ``rows`` must be the dataset's ``rows_frame`` (it has the previous period's values)."""
    contract = get_contract(dataset)
    labels = {c.name: c for c in contract.columns}
    expect = [
        between(
            f"{v}_ratio",
            threshold("jump_factor", then=lambda f: 1 / float(f)),
            threshold("jump_factor", then=float),
            strict_min=True,
            strict_max=True,
        )
        for v in value_columns
    ]
    names = Join([Pair(labels[v].label_zh, labels[v].label_en.lower()) for v in value_columns])
    details = [
        Message(
            "gx.jump.detail",
            {
                "label": Pair(labels[v].label_zh, v),
                "value": f"{{{v}}}",
                "previous": f"{{previous_{v}}}",
            },
        )
        for v in value_columns
    ]
    detail = Join(details, separator="gx.jump.detail_separator")
    return _shared(
        dataset,
        "plausibility.no_tenfold_jump",
        "ERROR",
        rows,
        expect,
        "jump",
        names=names,
        detail=detail,
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

    return _shared(
        dataset,
        "timeliness.received_by_deadline",
        "WARN",
        Frame(f"{dataset}.receipt", build, keys=("dataset",)),
        [between("days_late", max_value=0)],
        "timeliness",
        title=Pair(contract.title_zh, contract.title_en),
    )


def cities_vs_province_check(dataset: str) -> Check | None:
    """The province's figure against the sum of its cities, per item, as the contract's
    ``plausibility.cities_vs_province`` says: per code of a column (fuel, source, ...; its
    label is ``gx.item.<column>``), or per value column (``gx.item.variable``)."""
    contract = get_contract(dataset)
    rule = contract.plausibility
    view = staging_view(contract)
    if rule.cities_by:
        item_sql, value_sql, from_extra, item = (
            rule.cities_by,
            rule.cities_value,
            "",
            rule.cities_by,
        )
    elif rule.cities_values:
        *first, last = rule.cities_values
        item_sql, item = "v.item", "variable"
        whens = " ".join(f"when '{v}' then {v}" for v in first)
        value_sql = f"case v.item {whens} else {last} end"
        listed = ", ".join(f"('{v}')" for v in rule.cities_values)
        from_extra = f"cross join (values {listed}) v(item)"
    else:
        return None

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

    return _shared(
        dataset,
        "consistency.cities_sum_to_province",
        "WARN",
        Frame(f"{dataset}.cities_vs_province", build, keys=("item",)),
        [within_tolerance("gap_pct", "reconciliation", "warn_pct")],
        "cities_vs_province",
        item_label=Message(f"gx.item.{item}"),
        tol=config.thresholds()["reconciliation"]["warn_pct"],
    )


def plausibility_checks(dataset: str, rows: Frame) -> list[Check]:
    """The checks the contract's ``plausibility:`` asks for, on the dataset's rows."""
    jump = get_contract(dataset).plausibility.jump
    cities = cities_vs_province_check(dataset)
    return [
        *([cities] if cities else []),
        *([jump_check(dataset, rows, jump)] if jump else []),
    ]


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
    "Expect",
    "Spec",
    "Threshold",
    "a_above_b",
    "all_regions_check",
    "at_most",
    "band",
    "between",
    "checks",
    "cities_vs_province_check",
    "expecting",
    "in_set",
    "jump_check",
    "not_in_set",
    "not_null",
    "pair_equal",
    "plausibility_checks",
    "range_checks",
    "rows_frame",
    "said",
    "spec",
    "staged_keys",
    "staging_view",
    "threshold",
    "timeliness_check",
    "tolerance_specs",
    "unit_check",
    "validity_checks",
    "within_tolerance",
]
