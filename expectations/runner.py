"""Validate a period: every suite on the latest accepted submission of each dataset and on
the key marts, with Great Expectations; persist the results, quarantine failing rows of
row-level ERROR checks, and build Data Docs (docs/design/quality.md).

One GX file context per run, rooted at ``$DUALCARBON_HOME/.state/gx/`` (suites and
validation results persist there), with one local Data Docs site built into
``$DUALCARBON_HOME/reports/data_docs/``. Frames are read from DuckDB with Polars and validated
as pandas DataFrames (GX has no Polars datasource; its SQL datasource over DuckDB is broken).
Each check's expectations run on its frame's batch; the results of one dataset's checks are
stored as one suite validation result, which is the Data Docs page recorded in
``quality.validation_runs.data_docs_path``.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import duckdb
import polars as pl

from dualcarbon.contracts import all_contracts
from dualcarbon.paths import Workspace
from dualcarbon.warehouse import connect
from expectations import config
from expectations.checks import GX_SEVERITY, Check, CheckContext

if TYPE_CHECKING:
    from great_expectations.data_context import FileDataContext

log = logging.getLogger(__name__)

SITE_NAME = "dualcarbon"
DATASOURCE = "dualcarbon_frames"
BATCH_DEFINITION = "whole_frame"
EXAMPLES_IN_OBSERVED = 3


@dataclass
class ValidationSummary:
    period: str
    run_id: str
    validations: int
    checks: int
    failed_errors: int
    failed_warnings: int
    data_docs_index: Path
    validation_ids: list[str] = field(default_factory=list)
    # check_id -> (severity, failing_count) of every failed check
    failed: dict[str, tuple[str, int]] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Target:
    dataset: str
    target: str  # 'submission' | 'mart'
    submission_id: str | None
    submission_version: int | None
    checks: list[Check]


@dataclass
class Outcome:
    check: Check
    success: bool
    failing_count: int
    observed: str
    failing: pl.DataFrame  # the frame's failing rows, with their failing values in `_value`


# --- Great Expectations context -----------------------------------------------------------


def _gx_context(workspace: Workspace) -> FileDataContext:
    """The workspace's file context, with its Data Docs site; no analytics, no progress bars."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root = (workspace.state / "gx").resolve()
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str((workspace.reports / "data_docs").resolve()),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    context = gx.get_context(mode="file", context_root_dir=str(root))
    variables = context.variables
    changed = False
    if dict(variables.data_docs_sites or {}) != {SITE_NAME: site}:
        variables.data_docs_sites = {SITE_NAME: site}
        changed = True
    if variables.analytics_enabled is not False:
        variables.analytics_enabled = False
        changed = True
    bars = variables.progress_bars
    bars = dict(bars) if isinstance(bars, dict) else vars(bars) if bars is not None else {}
    if bars.get("globally") is not False or bars.get("metric_calculations") is not False:
        variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        changed = True
    if changed:
        variables.save()
    return context


def _batch_definition(context: FileDataContext, dataset: str):
    if DATASOURCE in [d.name for d in context.data_sources.all().values()]:
        source = context.data_sources.get(DATASOURCE)
    else:
        source = context.data_sources.add_pandas(DATASOURCE)
    if dataset in [a.name for a in source.assets]:
        asset = source.get_asset(dataset)
    else:
        asset = source.add_dataframe_asset(dataset)
    for definition in asset.batch_definitions:
        if definition.name == BATCH_DEFINITION:
            return definition
    return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)


# --- what to validate ---------------------------------------------------------------------


def _targets(con: duckdb.DuckDBPyConnection, period: str) -> list[Target]:
    from expectations.suites import MART_SUITES, SUBMISSION_SUITES

    frequency = config.parse_key(period).frequency
    latest = {
        dataset: (submission_id, version)
        for dataset, submission_id, version in con.sql(
            "select dataset, submission_id, version from raw.submissions "
            "where period = $period and status = 'accepted' "
            "qualify row_number() over (partition by dataset order by version desc) = 1",
            params={"period": period},
        ).fetchall()
    }
    targets = []
    for dataset, checks in SUBMISSION_SUITES.items():
        contract = all_contracts()[dataset]
        if contract.frequency != frequency or dataset not in latest:
            continue  # a missing dataset is reported by submissions.completeness.*
        submission_id, version = latest[dataset]
        targets.append(Target(dataset, "submission", submission_id, version, checks))
    targets.extend(Target(name, "mart", None, None, checks) for name, checks in MART_SUITES.items())
    return targets


# --- validating ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """numpy scalars (as GX returns them) -> Python values."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str | bytes) else value


def _raised(evr) -> str | None:
    info = evr.exception_info or {}
    entries = [info] if "raised_exception" in info else list(info.values())
    for entry in entries:
        if isinstance(entry, dict) and entry.get("raised_exception"):
            return str(entry.get("exception_message") or "exception")
    return None


def _outcome(check: Check, frame: pl.DataFrame, evrs: list) -> Outcome:
    keys = list(check.frame.keys)
    failing_keys: dict[tuple, list[str]] = {}
    table_failures: list[str] = []
    for evr in evrs:
        if evr.success:
            continue
        error = _raised(evr)
        if error:
            table_failures.append(f"not evaluated: {error}")
            continue
        result = evr.result or {}
        index_list = result.get("unexpected_index_list")
        if index_list and isinstance(index_list[0], dict):
            for entry in index_list:
                key = tuple(_plain(entry.get(k)) for k in keys)
                values = [f"{k}={_plain(v)}" for k, v in entry.items() if k not in keys]
                failing_keys.setdefault(key, []).extend(values)
        else:
            observed = _plain(result.get("observed_value"))
            count = result.get("unexpected_count")
            table_failures.append(
                f"{evr.expectation_config.type}: "
                + (f"{count} unexpected" if count else f"observed {observed}")
            )
    if failing_keys:
        key_frame = pl.DataFrame(
            [[*k, "; ".join(dict.fromkeys(v))] for k, v in failing_keys.items()],
            schema={**{k: frame.schema[k] for k in keys}, "_value": pl.String},
            orient="row",
            strict=False,
        )
        failing = frame.join(key_frame, on=keys, how="inner", nulls_equal=True)
    else:
        failing = frame.clear().with_columns(_value=pl.lit(None, pl.String))
    failing_count = len(failing_keys) or (1 if table_failures else 0)
    success = not failing_keys and not table_failures
    if success:
        observed = f"0/{frame.height} failing"
    else:
        labels = [c for c in check.frame.labels if c in failing.columns]
        examples = [
            "/".join(str(row[c]) for c in labels) + f" ({row['_value']})"
            for row in failing.head(EXAMPLES_IN_OBSERVED).iter_rows(named=True)
        ]
        observed = "; ".join(
            [f"{failing_count}/{frame.height} failing", *table_failures, *examples]
        )
    return Outcome(check, success, failing_count, observed, failing)


def _not_evaluated(check: Check, error: Exception) -> Outcome:
    """A check whose frame could not be built fails (fail-closed): e.g. a mart not yet built."""
    message = f"not evaluated: {type(error).__name__}: {str(error).splitlines()[0][:300]}"
    return Outcome(
        check, False, 0, message, pl.DataFrame({"_value": []}, schema={"_value": pl.String})
    )


def _validate_target(
    context: FileDataContext, con: duckdb.DuckDBPyConnection, period: str, target: Target
) -> tuple[list[Outcome], Any, list]:
    """Run a target's checks; returns the outcomes, the persisted suite and the GX results."""
    import great_expectations as gx

    ctx = CheckContext(con, period, target.dataset, target.submission_id, target.submission_version)
    plan: list[tuple[Check, pl.DataFrame | None, list, Exception | None]] = []
    for check in target.checks:
        try:
            frame = ctx.frame(check.frame)
            expectations = list(check.expectations(ctx))
        except (duckdb.Error, pl.exceptions.PolarsError, KeyError, ValueError) as error:
            log.warning("%s could not be evaluated: %s", check.check_id, error)
            plan.append((check, None, [], error))
            continue
        for expectation in expectations:
            expectation.meta = {
                **(expectation.meta or {}),
                "check_id": check.check_id,
                "kind": check.kind,
                "severity": check.severity,
                "row_level": check.row_level,
                "notes": f"{check.description_zh}\n\n{check.description_en}",
            }
            expectation.severity = GX_SEVERITY[check.severity]
        plan.append((check, frame, expectations, None))

    suite = context.suites.add_or_update(
        gx.ExpectationSuite(
            name=target.dataset,
            expectations=[copy.copy(e) for _, _, expectations, _ in plan for e in expectations],
            meta={"notes": f"dualcarbon quality checks of {target.dataset} ({target.target})"},
        )
    )
    # One GX validation per frame: the expectations of every check on that frame together.
    batch_definition = _batch_definition(context, target.dataset)
    by_frame: dict[str, list[tuple[Check, list]]] = {}
    for check, _frame, expectations, error in plan:
        if error is None:
            by_frame.setdefault(check.frame.name, []).append((check, expectations))
    evrs: dict[str, list] = {}
    results: list = []
    for name, entries in by_frame.items():
        frame_spec = entries[0][0].frame
        batch = batch_definition.get_batch(
            batch_parameters={"dataframe": ctx.frame(frame_spec).to_pandas()}
        )
        validated = batch.validate(
            gx.ExpectationSuite(
                name=f"{target.dataset}.{name}",
                expectations=[e for _, expectations in entries for e in expectations],
            ),
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": list(frame_spec.keys),
                "return_unexpected_index_query": False,
            },
        )
        for evr in validated.results:
            evrs.setdefault(evr.expectation_config.meta["check_id"], []).append(evr)
        results.extend(validated.results)
    outcomes = [
        _not_evaluated(check, error)
        if error is not None or frame is None
        else _outcome(check, frame, evrs.get(check.check_id, []))
        for check, frame, _, error in plan
    ]
    return outcomes, suite, results


def _store_result(
    context: FileDataContext,
    target: Target,
    period: str,
    validation_id: str,
    run_identifier: Any,
    results: list,
):
    """Store one dataset's results as a GX suite validation result; return its identifier."""
    import great_expectations as gx
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    passed = sum(bool(r.success) for r in results)
    suite_result = ExpectationSuiteValidationResult(
        success=passed == len(results),
        results=results,
        suite_name=target.dataset,
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": passed,
            "unsuccessful_expectations": len(results) - passed,
            "success_percent": 100.0 * passed / len(results) if results else 100.0,
        },
        meta={
            "great_expectations_version": gx.__version__,
            "run_id": run_identifier,
            "validation_time": run_identifier.run_time,
            "batch_spec": {
                "batch_data": "PandasDataFrame",
                # Shown as the page's data asset: what was validated.
                "data_asset_name": f"{target.dataset} {period} "
                + (
                    f"{target.submission_id} v{target.submission_version}"
                    if target.submission_id
                    else "(mart)"
                ),
            },
            "active_batch_definition": {
                "datasource_name": DATASOURCE,
                "data_connector_name": "fluent",
                "data_asset_name": target.dataset,
                "batch_identifiers": {"period": period},
            },
            "dualcarbon": {
                "validation_id": validation_id,
                "period": period,
                "target": target.target,
                "submission_id": target.submission_id,
                "submission_version": target.submission_version,
            },
        },
    )
    identifier = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=target.dataset),
        run_id=run_identifier,
        batch_identifier=f"{period}__{target.submission_id or 'mart'}",
    )
    context.validation_results_store.set(identifier, suite_result)
    return identifier


def _docs_path(context: FileDataContext, identifier: Any = None) -> Path:
    urls = context.get_docs_sites_urls(
        resource_identifier=identifier, site_name=SITE_NAME, only_if_exists=False
    )
    return Path(unquote(urlparse(urls[0]["site_url"]).path))


# --- persisting ---------------------------------------------------------------------------


def _row_key(row: dict[str, Any], labels: tuple[str, ...]) -> str:
    return "/".join("" if row.get(c) is None else str(row[c]) for c in labels)


def _row_json(row: dict[str, Any], columns: tuple[str, ...] | None) -> str:
    kept = {c: row.get(c) for c in (columns or row) if not c.startswith("_")}
    return json.dumps(kept, ensure_ascii=False, default=str)


def _records(
    validation_id: str,
    period: str,
    target: Target,
    outcomes: list[Outcome],
    cap: int,
    quarantined_at: datetime,
) -> tuple[list[dict], list[dict], list[dict]]:
    checks, failing, quarantine = [], [], []
    for outcome in outcomes:
        check = outcome.check
        # What a check result and a quarantined row both record of the check and its target.
        judged = {
            "validation_id": validation_id,
            "check_id": check.check_id,
            "dataset": check.dataset,
            "period": period,
            "submission_id": target.submission_id,
            "submission_version": target.submission_version,
        }
        checks.append(
            {
                **judged,
                "kind": check.kind,
                "severity": check.severity,
                "row_level": check.row_level,
                "success": outcome.success,
                "failing_count": outcome.failing_count,
                "observed": outcome.observed,
                "description_zh": check.description_zh,
                "description_en": check.description_en,
            }
        )
        if outcome.success:
            continue
        rows = outcome.failing
        quarantines = check.quarantines and target.submission_id is not None
        wanted = rows if quarantines else rows.head(cap)
        for position, row in enumerate(wanted.iter_rows(named=True)):
            reason_zh, reason_en = check.reasons(row)
            source_row = row.get("source_row") if "source_row" in check.frame.keys else None
            if position < cap:
                failing.append(
                    _failing_row(
                        validation_id,
                        check,
                        target,
                        source_row=source_row,
                        row_key=_row_key(row, check.frame.labels),
                        value=row.get("_value"),
                        reasons=(reason_zh, reason_en),
                    )
                )
            if quarantines:
                quarantine.append(
                    {
                        "quarantined_at": quarantined_at,
                        **judged,
                        "source_row": source_row,
                        "row_json": _row_json(row, check.frame.row_columns),
                        "reason_zh": reason_zh,
                        "reason_en": reason_en,
                    }
                )
        if not rows.height:
            # A failure of the table as a whole (or a check that could not run): one row says what.
            failing.append(
                _failing_row(
                    validation_id,
                    check,
                    target,
                    source_row=None,
                    row_key=None,
                    value=outcome.observed,
                    reasons=(check.description_zh, check.description_en),
                )
            )
    return checks, failing, quarantine


def _failing_row(
    validation_id: str,
    check: Check,
    target: Target,
    source_row: int | None,
    row_key: str | None,
    value: Any,
    reasons: tuple[str, str],
) -> dict:
    """A row of quality.failing_rows."""
    return {
        "validation_id": validation_id,
        "check_id": check.check_id,
        "submission_id": target.submission_id,
        "source_row": source_row,
        "row_key": row_key,
        "value": value,
        "reason_zh": reasons[0],
        "reason_en": reasons[1],
    }


_SCHEMAS = {
    "validation_runs": {
        "validation_id": pl.String,
        "run_id": pl.String,
        "validated_at": pl.Datetime("us"),
        "period": pl.String,
        "dataset": pl.String,
        "target": pl.String,
        "submission_id": pl.String,
        "submission_version": pl.Int32,
        "success": pl.Boolean,
        "checks": pl.Int32,
        "failed_checks": pl.Int32,
        "data_docs_path": pl.String,
    },
    "check_results": {
        "validation_id": pl.String,
        "check_id": pl.String,
        "dataset": pl.String,
        "period": pl.String,
        "submission_id": pl.String,
        "submission_version": pl.Int32,
        "kind": pl.String,
        "severity": pl.String,
        "row_level": pl.Boolean,
        "success": pl.Boolean,
        "failing_count": pl.Int32,
        "observed": pl.String,
        "description_zh": pl.String,
        "description_en": pl.String,
    },
    "failing_rows": {
        "validation_id": pl.String,
        "check_id": pl.String,
        "submission_id": pl.String,
        "source_row": pl.Int64,
        "row_key": pl.String,
        "value": pl.String,
        "reason_zh": pl.String,
        "reason_en": pl.String,
    },
    "quarantine": {
        "quarantined_at": pl.Datetime("us"),
        "validation_id": pl.String,
        "check_id": pl.String,
        "dataset": pl.String,
        "period": pl.String,
        "submission_id": pl.String,
        "submission_version": pl.Int32,
        "source_row": pl.Int64,
        "row_json": pl.String,
        "reason_zh": pl.String,
        "reason_en": pl.String,
    },
}


def _persist(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict]]) -> None:
    """Append every table's rows in one transaction (the quality tables are append-only)."""
    con.execute("begin transaction")
    try:
        for table, rows in tables.items():
            if not rows:
                continue
            schema = _SCHEMAS[table]
            frame = pl.DataFrame(rows, schema=schema)
            name = f"quality_{table}_frame"
            con.register(name, frame)
            columns = ", ".join(schema)
            con.execute(f"insert into quality.{table} ({columns}) select {columns} from {name}")
            con.unregister(name)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


# --- entry point --------------------------------------------------------------------------


def validate_period(
    workspace: Workspace | Path | str, period: str, run_id: str | None = None
) -> ValidationSummary:
    """Validate the period's latest accepted submissions and marts; persist and document it."""
    started = time.perf_counter()
    if not isinstance(workspace, Workspace):
        workspace = Workspace(Path(workspace))
    workspace = workspace.ensure()
    run_id = run_id or f"quality-{uuid.uuid4().hex[:12]}"
    period = config.parse_key(period).key
    cap = int(config.thresholds()["failing_rows_cap"])

    context = _gx_context(workspace)
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    tables: dict[str, list[dict]] = {name: [] for name in _SCHEMAS}
    summary = ValidationSummary(period, run_id, 0, 0, 0, 0, _docs_path(context))
    identifiers: list[Any] = []
    with connect(workspace.warehouse) as con:
        for target in _targets(con, period):
            validated_at = datetime.now(UTC)
            validation_id = uuid.uuid4().hex
            outcomes, _, results = _validate_target(context, con, period, target)
            run_identifier = RunIdentifier(run_name=run_id, run_time=validated_at)
            identifier = _store_result(
                context, target, period, validation_id, run_identifier, results
            )
            identifiers += [identifier, ExpectationSuiteIdentifier(name=target.dataset)]
            checks, failing, quarantine = _records(
                validation_id, period, target, outcomes, cap, validated_at.replace(tzinfo=None)
            )
            failed = [o for o in outcomes if not o.success]
            tables["validation_runs"].append(
                {
                    "validation_id": validation_id,
                    "run_id": run_id,
                    "validated_at": validated_at.replace(tzinfo=None),
                    "period": period,
                    "dataset": target.dataset,
                    "target": target.target,
                    "submission_id": target.submission_id,
                    "submission_version": target.submission_version,
                    "success": not failed,
                    "checks": len(outcomes),
                    "failed_checks": len(failed),
                    "data_docs_path": str(_docs_path(context, identifier)),
                }
            )
            tables["check_results"] += checks
            tables["failing_rows"] += failing
            tables["quarantine"] += quarantine
            summary.validations += 1
            summary.checks += len(outcomes)
            summary.validation_ids.append(validation_id)
            for outcome in failed:
                severity = outcome.check.severity
                summary.failed[outcome.check.check_id] = (severity, outcome.failing_count)
                if severity == "ERROR":
                    summary.failed_errors += 1
                else:
                    summary.failed_warnings += 1
        try:
            context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=identifiers)
        except Exception:  # Data Docs are a view of the results: never lose the results
            log.exception("building Data Docs failed; the results are kept in the warehouse")
        for row in tables["validation_runs"]:
            if not Path(row["data_docs_path"]).exists():
                row["data_docs_path"] = str(summary.data_docs_index)
        _persist(con, tables)
    summary.seconds = time.perf_counter() - started
    log.info(
        "quality %s: %d validations, %d checks, %d ERROR and %d WARN failed (%.1fs); Data Docs %s",
        period,
        summary.validations,
        summary.checks,
        summary.failed_errors,
        summary.failed_warnings,
        summary.seconds,
        summary.data_docs_index,
    )
    return summary
