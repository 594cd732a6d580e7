"""The public pages' figures: release frames (dualcarbon.report.views) turned into localised
tables, charts and indicator blocks. Pages only arrange them."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboards.i18n import current_lang, label, label_of, t
from dashboards.public.data import Context
from dashboards.public.render import Block, bar_chart, line_chart, localised, scaled, stamp
from dualcarbon.report import breakdowns, formatting, labels, views


def indicator_name(ctx: Context, code: str) -> str:
    names = labels.indicator_names(ctx.release.indicators)
    return labels.pick(names[code], ctx.lang) if code in names else code


def unit_name(ctx: Context, unit: str | None) -> str:
    return labels.unit_label(unit, ctx.lang)


def number(value: float | None, digits: int = 2) -> str:
    return formatting.number(value, digits)


def display(value: float | None, unit: str) -> tuple[float | None, str]:
    """A value in its display unit (万吨 / Mt, 万吨标准煤 / Mtce) and that unit's code."""
    return formatting.shown(value, unit, current_lang())


def digits_for(unit: str) -> int:
    return formatting.digits(unit)


def in_display_unit(frame: pl.DataFrame, code: str) -> tuple[pl.DataFrame, str]:
    """An indicator's rows with ``value`` in its display unit (万吨 / Mt ...), and that unit;
    the unit is the rows' own, or the indicator's when there are no rows."""
    unit = frame["unit"][0] if frame.height else (labels.indicator_unit(code) or "")
    return scaled(frame, unit)


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    unit: str
    delta: str | None
    delta_description: str | None
    delta_color: str
    help: str
    trend: list[float]


def headline_card(ctx: Context, row: dict, trend: list[float]) -> Card:
    code = row["indicator_code"]
    value, unit = display(row["value"], row["unit"])
    delta = None
    if row["yoy"] is not None:
        # the sign leads, so that Streamlit points the arrow the right way
        delta = f"{row['yoy']:+.2f}" + (
            t("public.unit_pp") if row["yoy_unit"] == "percentage_point" else "%"
        )
    lower_is_better = labels.better_direction(code) == "down"
    help_text = t("public.card_help", unit=unit_name(ctx, unit))
    if row["since_base"] is not None:
        help_text += " " + t("public.card_since_base", value=f"{row['since_base']:+.2f}")
    return Card(
        label=indicator_name(ctx, code),
        value=number(value, digits_for(unit)),
        unit=unit_name(ctx, unit),
        delta=delta,
        delta_description=t("public.delta_yoy") if delta else None,
        delta_color="inverse" if lower_is_better else "normal",
        help=help_text,
        trend=trend,
    )


def headline_trends(ctx: Context) -> dict[str, list[float]]:
    """The headline indicators over the periods public at the selected release (sparklines)."""
    frame = views.series(ctx.releases, ctx.release, views.HEADLINE)
    return {
        code: group.sort("period")["value"].to_list()
        for (code,), group in frame.group_by("indicator_code")
    }


def flag_label(flag: views.Flag | None) -> str:
    return label("public.flag", flag[0]) if flag else ""


def flag_note(ctx: Context, flag: views.Flag, unit: str | None = None) -> str:
    """The flag's name and, when the release gives one, its reason; figures in the reason
    (a revision's old and new value) in the unit the page shows, with that unit."""
    note = flag[1] if ctx.lang == "zh" else flag[2]
    shown = formatting.numbers_in_text(note, unit, ctx.lang)
    if shown != note and unit:
        note = f"{shown} {unit_name(ctx, formatting.scale(unit, ctx.lang)[0])}"
    separator = "：" if ctx.lang == "zh" else ": "
    return f"{flag_label(flag)}{separator}{note}" if note else flag_label(flag)


def headline_block(ctx: Context, headline: pl.DataFrame, flags: dict) -> Block:
    rows = []
    for row in headline.iter_rows(named=True):
        value, unit = display(row["value"], row["unit"])
        rows.append(
            {
                t("public.col_indicator"): indicator_name(ctx, row["indicator_code"]),
                t("public.col_value"): round(value, digits_for(unit)),
                t("public.col_unit"): unit_name(ctx, unit),
                t("public.col_yoy"): None if row["yoy"] is None else round(row["yoy"], 2),
                t("public.col_yoy_unit"): unit_name(ctx, row["yoy_unit"]),
                t("public.col_since_base"): None
                if row["since_base"] is None
                else round(row["since_base"], 2),
                t("public.col_status"): flag_label(
                    flags.get((ctx.release.period, views.PROVINCE, row["indicator_code"]))
                ),
            }
        )
    table = pl.DataFrame(rows)
    title = t("public.figure.headline")
    percent = headline.filter(pl.col("yoy_unit") == "percent").select(
        pl.col("indicator_code")
        .map_elements(lambda c: indicator_name(ctx, c), return_dtype=pl.String)
        .alias(t("public.col_indicator")),
        pl.col("yoy").round(2).alias(t("public.col_yoy_percent")),
    )
    chart = bar_chart(
        percent,
        t("public.col_indicator"),
        t("public.col_yoy_percent"),
        t("public.chart_yoy_title"),
        stamp(ctx),
        sort=False,
    )
    return Block(
        key="headline",
        title=title,
        table=table,
        chart=chart,
        unit=t("public.unit_mixed"),
        codes=tuple(headline["indicator_code"]),
        method_key="public.method.intensity",
    )


def trend_block(ctx: Context, code: str) -> Block:
    frame = views.series(ctx.releases, ctx.release, (code,))
    frame, shown = in_display_unit(frame, code)
    digits = digits_for(shown)
    value_col = t("public.col_value_unit", unit=unit_name(ctx, shown))
    table = frame.select(
        pl.col("period").alias(t("public.col_period")),
        pl.col("value").round(digits).alias(value_col),
        pl.col("release_id").alias(t("public.col_release")),
    )
    title = t("public.figure.trend", name=indicator_name(ctx, code))
    chart = line_chart(table, t("public.col_period"), value_col, None, title, stamp(ctx))
    return Block(
        key=f"trend_{code}",
        title=title,
        table=table,
        chart=chart,
        unit=unit_name(ctx, shown),
        codes=(code,),
        method_key=method_for(code),
    )


def method_for(code: str) -> str:
    if "intensity" in code:
        return "public.method.intensity"
    if code.startswith("co2"):
        return "public.method.co2"
    return "public.method.energy"


def breakdown_block(ctx: Context, key: str, codes: tuple[str, ...], method_key: str) -> Block:
    """A breakdown of a total (dualcarbon.report.breakdowns): its parts, the reconciling
    items that are in the total but in no part, and the total itself, which they add up to."""
    spec = breakdowns.BREAKDOWNS[key]
    frame, shown = scaled(localised(spec.rows(ctx.tables), ctx.lang), spec.unit)
    headline, _ = display(breakdowns.headline_value(ctx.tables, spec.headline), spec.unit)
    value_col = t("public.col_value_unit", unit=unit_name(ctx, shown))
    item_col = t("public.col_item_kind")
    kinds = {"part": t("public.kind_part"), "reconciling": t("public.kind_reconciling")}
    rows = frame.select(
        pl.col("name").alias(t("public.col_name")),
        pl.col("kind").replace_strict(kinds).alias(item_col),
        pl.col("value").round(2).alias(value_col),
        (pl.col("value") / headline * 100).round(1).alias(t("public.col_share_of_total")),
    )
    total = pl.DataFrame(
        {
            t("public.col_name"): [indicator_name(ctx, spec.headline)],
            item_col: [t("public.kind_total")],
            value_col: [round(headline, 2) if headline is not None else None],
            t("public.col_share_of_total"): [100.0],
        },
        schema=rows.schema,
    )
    table = pl.concat([rows, total])
    title = t(f"public.figure.{key}")
    chart = bar_chart(rows, t("public.col_name"), value_col, title, stamp(ctx), colour=item_col)
    return Block(
        key=key,
        title=title,
        table=table,
        chart=chart,
        unit=unit_name(ctx, shown),
        codes=codes,
        method_key=method_key,
    )


def _bar_block(
    ctx: Context,
    key: str,
    table: pl.DataFrame,
    category: str,
    value_col: str,
    unit: str,
    codes: tuple[str, ...],
    method_key: str,
) -> Block:
    title = t(f"public.figure.{key}")
    return Block(
        key=key,
        title=title,
        table=table,
        chart=bar_chart(table, category, value_col, title, stamp(ctx)),
        unit=unit_name(ctx, unit),
        codes=codes,
        method_key=method_key,
    )


def city_block(ctx: Context, key: str, code: str, method_key: str) -> Block:
    """One indicator by city. An additive one (a total) also lists the difference between
    the province and the cities' sum, and the province's own figure, which they add up to."""
    frame = views.by_city(ctx.tables, code)
    unit = frame["unit"][0] if frame.height else (labels.indicator_unit(code) or "")
    frame, shown = in_display_unit(localised(frame, ctx.lang), code)
    digits = digits_for(shown)
    value_col = t("public.col_value_unit", unit=unit_name(ctx, shown))
    table = frame.select(
        pl.col("code").alias(t("public.col_region_code")),
        pl.col("name").alias(t("public.col_region")),
        pl.col("value").round(digits).alias(value_col),
    )
    chart = bar_chart(
        table, t("public.col_region"), value_col, t(f"public.figure.{key}"), stamp(ctx)
    )
    if code in breakdowns.ADDITIVE:
        rows = breakdowns.by_city(ctx.tables, code).filter(pl.col("kind") == "reconciling")
        rows, _ = scaled(localised(rows, ctx.lang), unit)
        province, _ = display(breakdowns.headline_value(ctx.tables, code), unit)
        extra = pl.DataFrame(
            {
                t("public.col_region_code"): [None, views.PROVINCE],
                t("public.col_region"): [
                    rows["name"][0] if rows.height else None,
                    region_label(ctx, views.PROVINCE),
                ],
                value_col: [
                    round(rows["value"][0], digits) if rows.height else None,
                    None if province is None else round(province, digits),
                ],
            },
            schema=table.schema,
        )
        table = pl.concat([table, extra])
    return Block(
        key=key,
        title=t(f"public.figure.{key}"),
        table=table,
        chart=chart,
        unit=unit_name(ctx, shown),
        codes=(code,),
        method_key=method_key,
    )


def region_label(ctx: Context, code: str) -> str:
    regions = ctx.tables.regions().filter(pl.col("region_code") == code)
    if not regions.height:
        return code
    return labels.pick((regions["name_zh"][0], regions["name_en"][0]), ctx.lang)


def since_base_table(ctx: Context) -> pl.DataFrame:
    frame = views.indicators_for(ctx.tables, tuple(views.SINCE_BASE.values()))
    return frame.select(
        pl.col("indicator_code")
        .map_elements(lambda c: indicator_name(ctx, c), return_dtype=pl.String)
        .alias(t("public.col_indicator")),
        pl.col("value").round(2).alias(t("public.col_since_base")),
    )


def target_progress(ctx: Context) -> pl.DataFrame:
    """The release's own target assessment, province first, actual and target in one unit:
    a total cap in 万吨标准煤 (Mtce) beside the cap, an intensity as its cut since the plan's
    base year (%) beside the targeted cut (%)."""
    frame = ctx.tables.get("fct_target_progress").filter(pl.col("period") == ctx.release.period)
    regions = localised(ctx.tables.regions(), ctx.lang).select("region_code", "name")
    cuts = (
        ctx.tables.get("fct_indicators")
        .filter(pl.col("indicator_code").str.ends_with("_intensity_change_since_base"))
        .select(
            "region_code",
            pl.col("indicator_code").str.replace("_change_since_base", "").alias("indicator_code"),
            (-pl.col("value")).alias("cut_since_base"),
        )
    )
    frame = (
        frame.join(regions, on="region_code", how="left")
        .join(cuts, on=["region_code", "indicator_code"], how="left")
        .sort(pl.col("region_code") != views.PROVINCE, "region_code", "indicator_code")
    )
    total_unit, divisor = formatting.scale("10k_tce", ctx.lang)
    is_total = pl.col("indicator_code") == "energy_total_tce"
    unit_total = t("public.target_unit_total", unit=unit_name(ctx, total_unit))
    return frame.select(
        pl.col("name").alias(t("public.col_region")),
        pl.col("indicator_code")
        .map_elements(lambda c: indicator_name(ctx, c), return_dtype=pl.String)
        .alias(t("public.col_indicator")),
        pl.when(is_total)
        .then(pl.col("value") / 1e4 / divisor)
        .otherwise(pl.col("cut_since_base"))
        .round(2)
        .alias(t("public.col_actual")),
        pl.when(is_total)
        .then(pl.col("target") / divisor)
        .otherwise(pl.col("target"))
        .round(2)
        .alias(t("public.col_target")),
        pl.when(is_total)
        .then(pl.lit(unit_total))
        .otherwise(pl.lit(t("public.target_unit_cut")))
        .alias(t("public.col_unit")),
        pl.col("required_progress").round(2).alias(t("public.col_required_pct")),
        pl.col("actual_progress").round(2).alias(t("public.col_actual_pct")),
        label_of("public.grade", "grade", ctx.lang).alias(t("public.col_grade")),
    )


def intensity_city_table(ctx: Context) -> pl.DataFrame:
    """Energy and CO2 intensity of every city with their changes, one row per city."""
    cities = localised(ctx.tables.regions(), ctx.lang).filter(pl.col("level") == "prefecture")
    wide = (
        ctx.tables.get("fct_indicators")
        .filter(pl.col("indicator_code").is_in(views.INTENSITY_CODES))
        .pivot(on="indicator_code", index="region_code", values="value")
    )
    joined = cities.select("region_code", "name").join(wide, on="region_code", how="left")
    columns = [pl.col("name").alias(t("public.col_region"))]
    for code in views.INTENSITY_CODES:
        if code in joined.columns:
            columns.append(pl.col(code).round(4).alias(indicator_name(ctx, code)))
    return joined.sort("region_code").select(columns)
