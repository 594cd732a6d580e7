"""Tables of the releases page: a release's facts, what changed, the versions of a period and
the revision log; and the PDF report, built on demand from the same release."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta, timezone

import polars as pl

from dashboards.i18n import label, pick, t
from dashboards.public.data import Context
from dashboards.public.figures import indicator_name, unit_name
from dashboards.public.render import published
from dualcarbon.release.store import Release
from dualcarbon.report import formatting
from dualcarbon.report.views import Changes

CST = timezone(timedelta(hours=8), "CST")  # the calendar is announced in Beijing time


def _who(entry: object) -> str:
    if isinstance(entry, dict):
        return str(entry.get("user", ""))
    return "" if entry is None else str(entry)


def facts(ctx: Context) -> pl.DataFrame:
    release = ctx.release
    manifest = release.manifest
    rows = [
        ("public.fact_release", release.release_id),
        ("public.fact_period", release.period),
        ("public.fact_version", str(release.version)),
        ("public.fact_published", published(release.published_at)),
        ("public.fact_planned", formatting.beijing(manifest.get("planned_at"), ctx.lang)),
        ("public.fact_status", _status(release)),
        ("public.fact_prepared", _who(manifest.get("prepared_by"))),
        ("public.fact_signed_off", _who(manifest.get("signed_off_by"))),
        ("public.fact_approved", _who(manifest.get("approved_by"))),
        ("public.fact_published_by", _who(manifest.get("published_by"))),
        ("public.fact_factor_vintage", manifest.get("factor_vintage") or ""),
        ("public.fact_tables", ", ".join(table_label(name, ctx.lang) for name in release.tables)),
    ]
    return pl.DataFrame(
        {
            t("public.col_item"): [t(key) for key, _ in rows],
            t("public.col_detail"): [value for _, value in rows],
        }
    )


def _status(release: Release) -> str:
    if release.superseded_by:
        return t("public.status_superseded", newer=release.superseded_by)
    return t("public.status_current")


# Public names of the release's tables: no internal table name reaches the public.
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "dim_fuel": ("能源品种代码表", "Energy types"),
    "dim_region": ("行政区划代码表", "Regions"),
    "dim_sector": ("行业代码表", "Sectors"),
    "fct_indicators": ("主要指标", "Headline indicators"),
    "fct_co2_emissions": ("二氧化碳排放明细", "CO2 emissions in detail"),
    "fct_energy_consumption": ("能源消费明细", "Energy consumption in detail"),
    "fct_region_reconciliation": ("全省与设区市合计对比", "Province against the cities"),
    "fct_target_progress": ("目标完成情况", "Progress against targets"),
    "fct_barometer": ("能耗双控晴雨表", "Early-warning barometer"),
    "fct_evaluation_scorecard": ("评价记分卡", "Evaluation scorecard"),
    "fct_regions_off_track": ("进度滞后地区", "Regions off track"),
    "fct_carbon_sinks": ("碳汇", "Carbon sinks"),
    "fct_forest_carbon_stock": ("森林碳储量", "Forest carbon stock"),
    "fct_net_emissions": ("净排放", "Net emissions"),
    "fct_key_energy_units": ("重点用能单位", "Key energy-using units"),
    "fct_two_high_projects": ("“两高”项目", "Energy- and emission-intensive projects"),
    "fct_buildings": ("建筑", "Buildings"),
    "fct_building_summary": ("建筑汇总", "Buildings, summary"),
    "fct_transport_summary": ("交通运输", "Transport"),
    "fct_carbon_market": ("全国碳市场", "National carbon market"),
}


def table_label(name: str, lang: str) -> str:
    pair = TABLE_LABELS.get(name)
    return (pair[0] if lang == "zh" else pair[1]) if pair else name


def change_counts(ctx: Context, changes: Changes) -> pl.DataFrame:
    return changes.counts.select(
        pl.col("table")
        .map_elements(lambda n: table_label(n, ctx.lang), return_dtype=pl.String)
        .alias(t("public.col_table")),
        pl.col("changed").alias(t("public.col_changed")),
        pl.col("added").alias(t("public.col_added")),
        pl.col("removed").alias(t("public.col_removed")),
    )


def indicator_changes(ctx: Context, changes: Changes) -> pl.DataFrame:
    """Indicator values that differ from the superseded release, named and with the change."""
    diff = changes.indicators
    if diff.is_empty():
        return diff
    units = ctx.tables.get("fct_indicators").select(
        "period", "region_code", "indicator_code", "unit"
    )
    diff = diff.join(units, on=["period", "region_code", "indicator_code"], how="left")
    # old and new in the unit the pages show (万吨, not tonnes with ten decimals)
    divisors = {
        unit: formatting.scale(unit, ctx.lang) for unit in diff["unit"].drop_nulls().unique()
    }
    diff = diff.with_columns(
        (
            pl.col("old")
            / pl.col("unit").replace_strict(
                {u: d for u, (_, d) in divisors.items()}, default=1.0, return_dtype=pl.Float64
            )
        ).alias("old"),
        (
            pl.col("new")
            / pl.col("unit").replace_strict(
                {u: d for u, (_, d) in divisors.items()}, default=1.0, return_dtype=pl.Float64
            )
        ).alias("new"),
        pl.col("unit")
        .replace_strict(
            {u: unit_name(ctx, shown) for u, (shown, _) in divisors.items()},
            default=pl.col("unit"),
            return_dtype=pl.String,
        )
        .alias("unit_label"),
    )
    regions = ctx.tables.regions().select(
        "region_code", pl.col("name_zh" if ctx.lang == "zh" else "name_en").alias("region")
    )
    return (
        diff.join(regions, on="region_code", how="left")
        .with_columns(
            pl.col("indicator_code")
            .map_elements(lambda c: indicator_name(ctx, c), return_dtype=pl.String)
            .alias("indicator"),
            pl.col("status")
            .map_elements(lambda s: label("public.change", s), return_dtype=pl.String)
            .alias("status_label"),
        )
        .select(
            pl.col("period").alias(t("public.col_period")),
            pl.col("region").alias(t("public.col_region")),
            pl.col("indicator").alias(t("public.col_indicator")),
            pl.col("unit_label").alias(t("public.col_unit")),
            pl.col("old")
            .round(4)
            .alias(t("public.col_old", release_id=changes.previous.release_id)),
            pl.col("new").round(4).alias(t("public.col_new", release_id=ctx.release.release_id)),
            ((pl.col("new") / pl.col("old") - 1) * 100).round(3).alias(t("public.col_change_pct")),
            pl.col("status_label").alias(t("public.col_status")),
        )
    )


def _successor_reason(ctx: Context, release: Release) -> str:
    newer = next((r for r in ctx.releases if r.release_id == release.superseded_by), None)
    revision = (newer.revision or {}) if newer else {}
    if not revision:
        return ""
    kind = label("public.revision", revision.get("type"))
    return f"{kind}: {pick(revision.get('cause_zh', ''), revision.get('cause_en', ''))}"


def versions(ctx: Context) -> pl.DataFrame:
    """Every release of the selected period, newest first (practice 10)."""
    same = [r for r in ctx.releases if r.period == ctx.release.period]
    same.sort(key=lambda r: r.version, reverse=True)
    superseded_at = {
        r.revision["supersedes"]: r.published_at
        for r in ctx.releases
        if r.revision and r.revision.get("supersedes")
    }
    return pl.DataFrame(
        {
            t("public.col_release"): [r.release_id for r in same],
            t("public.col_published"): [published(r.published_at) for r in same],
            t("public.col_status"): [_status(r) for r in same],
            t("public.col_superseded_at"): [
                published(superseded_at[r.release_id]) if r.release_id in superseded_at else ""
                for r in same
            ],
            t("public.col_reason"): [_successor_reason(ctx, r) for r in same],
        }
    )


def revision_log(ctx: Context) -> pl.DataFrame:
    """Every correction or revision ever published, newest first (Art. 19 transparency)."""
    revised = [r for r in ctx.releases if r.revision and r.revision.get("supersedes")]
    revised.sort(key=lambda r: r.published_at, reverse=True)
    return pl.DataFrame(
        {
            t("public.col_release"): [r.release_id for r in revised],
            t("public.col_supersedes"): [r.revision["supersedes"] for r in revised],
            t("public.col_kind"): [
                label("public.revision", r.revision.get("type")) for r in revised
            ],
            t("public.col_published"): [published(r.published_at) for r in revised],
            t("public.col_reason"): [
                pick(r.revision.get("cause_zh", ""), r.revision.get("cause_en", ""))
                for r in revised
            ],
            t("public.col_impact"): [
                pick(r.revision.get("impact_zh", ""), r.revision.get("impact_en", ""))
                for r in revised
            ],
        },
        schema={
            key: pl.String
            for key in (
                t("public.col_release"),
                t("public.col_supersedes"),
                t("public.col_kind"),
                t("public.col_published"),
                t("public.col_reason"),
                t("public.col_impact"),
            )
        },
    )


ON_TIME = timedelta(hours=1)  # published within an hour of the planned time


def calendar_table(ctx: Context, entries: list) -> pl.DataFrame:
    """Planned releases, latest first: planned time (Beijing time), status and punctuality
    against the period's first release, how often the plan changed and why (practice 2)."""
    first = {}
    for release in ctx.releases:
        if release.period not in first or release.version < first[release.period].version:
            first[release.period] = release
    rows = []
    for entry in sorted(entries, key=lambda e: e.planned_at, reverse=True):
        done = first.get(entry.period)
        if done is None:
            status = t("public.calendar_upcoming")
        elif done.published_at <= entry.planned_at + ON_TIME:
            status = t("public.calendar_on_time", release_id=done.release_id)
        else:
            late = done.published_at - entry.planned_at
            status = t(
                "public.calendar_late",
                release_id=done.release_id,
                days=late.days,
                hours=late.seconds // 3600,
            )
        rows.append(
            {
                t("public.col_period"): entry.period,
                t("public.col_planned"): formatting.beijing(entry.planned_at, ctx.lang),
                t("public.col_status"): status,
                t("public.col_plan_changes"): entry.changes,
                t("public.col_reason"): entry.reason or "",
            }
        )
    return pl.DataFrame(rows)


def release_zip(release: Release) -> bytes:
    """The whole release as published: every file its manifest lists, plus the manifest
    (Parquet tables, indicators.json, NOTICE.md), for reuse without scraping (practice 15)."""
    names = [*release.manifest.get("files", {}), "manifest.json"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            path = release.path / name
            if path.is_file():
                archive.write(path, f"{release.release_id}/{name}")
    return out.getvalue()


def report_pdf(release: Release, releases: list[Release], lang: str) -> bytes:
    """The official PDF of the release, rendered on the server when the button is pressed."""
    from dualcarbon.report.pdf import render

    return render(release, releases, lang=lang)
