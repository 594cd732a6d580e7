"""Every year a release reaches: the cities' indicators with chosen regions compared on one
chart, and the parts of a breakdown (by fuel, by sector) over the years.

A release holds one period; the years before it are the releases that were current when it
was published (as ``dualcarbon.report.views.series`` reads them), so an old release's page
shows the history the public saw at that time, never a later revision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import polars as pl

from dashboards.i18n import t
from dashboards.public.data import Context
from dashboards.public.figures import (
    digits_for,
    in_display_unit,
    indicator_name,
    method_for,
    unit_name,
)
from dashboards.public.render import Block, line_chart, localised, scaled, stamp
from dualcarbon.release.store import Release, current_releases
from dualcarbon.report import breakdowns, labels

PROVINCE = "320000"


def visible(ctx: Context) -> list[Release]:
    """Per period up to the selected one, the release current when it was published."""
    upto = ctx.release
    return [
        r
        for r in current_releases(ctx.releases, as_of=upto.published_at)
        if r.period <= upto.period
    ]


def years(ctx: Context) -> list[str]:
    return [r.period for r in visible(ctx)]


def at_year(ctx: Context, year: str) -> Context:
    """The page's context for another year: that year's release, as current then."""
    release = next((r for r in visible(ctx) if r.period == year), ctx.release)
    if release.release_id == ctx.release.release_id:
        return ctx
    return replace(ctx, release=release, tables=ctx.tables_of(release))


def region_options(ctx: Context) -> list[str]:
    """The province first, then the 13 cities in code order."""
    codes = ctx.tables.regions().filter(pl.col("level") == "prefecture")["region_code"]
    return [PROVINCE, *sorted(codes)]


def region_names(ctx: Context) -> dict[str, str]:
    regions = ctx.tables.regions()
    return {
        row["region_code"]: labels.pick((row["name_zh"], row["name_en"]), ctx.lang)
        for row in regions.iter_rows(named=True)
    }


def regions_series(ctx: Context, code: str, regions: list[str]) -> pl.DataFrame:
    """period, region_code, value, unit, release_id of one indicator for the chosen regions."""
    frames = [
        ctx.tables_of(r)
        .get("fct_indicators")
        .filter(pl.col("indicator_code") == code, pl.col("region_code").is_in(regions))
        .select("period", "region_code", "value", "unit")
        .with_columns(pl.lit(r.release_id).alias("release_id"))
        for r in visible(ctx)
        if "fct_indicators" in r.tables
    ]
    schema = {"period": pl.String, "region_code": pl.String, "value": pl.Float64}
    if not frames:
        return pl.DataFrame(schema={**schema, "unit": pl.String, "release_id": pl.String})
    return pl.concat(frames, how="vertical_relaxed").sort("period", "region_code")


def compare_block(ctx: Context, code: str, regions: list[str]) -> Block:
    """One indicator over the years, one line per chosen region."""
    frame = regions_series(ctx, code, regions)
    frame, shown = in_display_unit(frame, code)
    names = region_names(ctx)
    value_col = t("public.col_value_unit", unit=unit_name(ctx, shown))
    table = frame.select(
        pl.col("period").alias(t("public.col_period")),
        pl.col("region_code")
        .replace_strict(names, default=pl.col("region_code"))
        .alias(t("public.col_region")),
        pl.col("value").round(digits_for(shown)).alias(value_col),
        pl.col("release_id").alias(t("public.col_release")),
    )
    title = t("public.figure.compare_regions", name=indicator_name(ctx, code))
    block = Block(f"compare_{code}", title, table, None, unit_name(ctx, shown), (code,))
    return _drawn(ctx, replace(block, method_key=method_for(code)), value_col, "public.col_region")


def _drawn(ctx: Context, block: Block, value: str, series_key: str) -> Block:
    """The block (made with no chart) with its chart, drawn from its own table: ``value``
    over the years, one line per ``series_key``."""
    period, series = t("public.col_period"), t(series_key)
    chart = line_chart(block.table, period, value, series, block.title, stamp(ctx))
    return replace(block, chart=chart)


def breakdown_series_block(ctx: Context, key: str, codes: tuple[str, ...], method: str) -> Block:
    """The parts of a breakdown (fuels, sectors) over the years, one line per part; the
    reconciling items stay in the year's own breakdown table, where they add up."""
    spec = breakdowns.BREAKDOWNS[key]
    frames = [
        localised(spec.rows(ctx.tables_of(r)), ctx.lang)
        .filter(pl.col("kind") == "part")
        .select("name", "value")
        .with_columns(pl.lit(r.period).alias("period"))
        for r in visible(ctx)
    ]
    frame, shown = scaled(pl.concat(frames, how="vertical_relaxed"), spec.unit)
    value_col = t("public.col_value_unit", unit=unit_name(ctx, shown))
    table = frame.sort("period").select(
        pl.col("period").alias(t("public.col_period")),
        pl.col("name").alias(t("public.col_name")),
        pl.col("value").round(2).alias(value_col),
    )
    title = t("public.figure.over_time", name=t(f"public.figure.{key}"))
    block = Block(f"{key}_series", title, table, None, unit_name(ctx, shown), codes, method)
    return _drawn(ctx, block, value_col, "public.col_name")


def sector_series_block(
    ctx: Context,
    make: Callable[[Context], Block],
    value: str,
    regions: list[str],
    tables: tuple[str, ...],
) -> Block:
    """A sector figure by city (one column ``value`` of the block ``make`` draws) over the
    years, one line per chosen region: each year's block is made from that year's release,
    the releases that lack the sector's ``tables`` are left out."""
    names = region_names(ctx)
    wanted = [names[code] for code in regions if code in names]
    region = t("public.col_region")
    frames = []
    for release in visible(ctx):
        if not set(tables) <= set(release.tables):
            continue
        year = make(at_year(ctx, release.period)).table
        frames.append(
            year.filter(pl.col(region).is_in(wanted)).select(
                pl.lit(release.period).alias(t("public.col_period")), region, value
            )
        )
    current = make(ctx)
    table = pl.concat(frames, how="vertical_relaxed") if frames else current.table.clear()
    title = t("public.figure.compare_regions", name=current.title)
    block = replace(current, key=f"{current.key}_series", title=title, table=table)
    return _drawn(ctx, block, value, "public.col_region")
