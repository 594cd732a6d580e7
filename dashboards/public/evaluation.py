"""The barometer page's figures (能耗双控晴雨表): the tile map of the 13 cities coloured by grade,
the scorecard, the ranking, the regions off track and the figures behind one grade. Everything
comes from the release's fct_barometer, fct_evaluation_scorecard and fct_regions_off_track;
nothing is graded here.

A grade is never shown by colour alone (practice 29): each carries a shape symbol and its name,
and the colours are Okabe-Ito hues distinguishable with colour-vision deficiencies (the marts'
own grade_colour is a red/green pair that is not).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboards.i18n import label, label_of, pick, t
from dashboards.public.data import Context
from dashboards.public.figures import indicator_name, number, unit_name
from dashboards.public.render import WRAP_LABEL, Block, localised, stamp, wrap_label
from dualcarbon.report import labels

PROVINCE = "320000"
INDICATORS = ("energy_intensity", "energy_total_tce", "co2_intensity")
GRADES = ("red", "yellow", "green", "not_assessed")
GRADE_COLOURS = {
    "red": "#D55E00",  # vermillion
    "yellow": "#F0E442",
    "green": "#009E73",  # bluish green
    "not_assessed": "#BBBBBB",
}
GRADE_SYMBOLS = {"red": "▲", "yellow": "◆", "green": "●", "not_assessed": "○"}
# (column, row) of each city on a grid that follows Jiangsu's map: north to south, west to east.
TILE_GRID: dict[str, tuple[int, int]] = {
    "320300": (0, 0),  # Xuzhou
    "320700": (2, 0),  # Lianyungang
    "321300": (1, 1),  # Suqian
    "320800": (2, 1),  # Huai'an
    "320900": (3, 1),  # Yancheng
    "321000": (1, 2),  # Yangzhou
    "321200": (2, 2),  # Taizhou
    "320600": (3, 2),  # Nantong
    "320100": (0, 3),  # Nanjing
    "321100": (1, 3),  # Zhenjiang
    "320400": (2, 3),  # Changzhou
    "320200": (3, 3),  # Wuxi
    "320500": (4, 3),  # Suzhou
}
TILE_WIDTH = 120
TILE_HEIGHT = 90
CHROME_HEIGHT = 140  # title, subtitle and legend: Streamlit fits the whole chart in its height


def grade_text(grade: str | None, lang: str | None = None) -> str:
    """Symbol and name of a grade: ``▲ 红色（一级预警）`` (a column of grades: ``label_of``)."""
    return label("public.grade", grade, lang)


def barometer(ctx: Context) -> pl.DataFrame:
    """The release's barometer rows of its own period."""
    return ctx.tables.get("fct_barometer").filter(pl.col("period") == ctx.release.period)


def indicators(ctx: Context) -> list[str]:
    present = set(barometer(ctx)["indicator_code"].unique())
    return [code for code in INDICATORS if code in present]


def tile_frame(ctx: Context, code: str) -> pl.DataFrame:
    """One row per city on the grid: region_code, name, col, row, grade and the figures shown
    in the tooltip, for one indicator."""
    grid = pl.DataFrame(
        {
            "region_code": list(TILE_GRID),
            "col": [c for c, _ in TILE_GRID.values()],
            "row": [r for _, r in TILE_GRID.values()],
        }
    )
    rows = barometer(ctx).filter(pl.col("indicator_code") == code)
    names = localised(ctx.tables.regions(), ctx.lang).select("region_code", "name")
    return (
        grid.join(names, on="region_code", how="left")
        .join(
            rows.select(
                "region_code",
                "grade",
                "value",
                "yoy_change_pct",
                "required_progress",
                "actual_progress",
                "progress_gap",
            ),
            on="region_code",
            how="left",
        )
        .with_columns(pl.col("grade").fill_null("not_assessed"))
        .with_columns(
            label_of("public.grade", "grade", ctx.lang).alias("grade_label"),
            label_of("public.grade_short", "grade", ctx.lang).alias("grade_short"),
        )
        .sort("row", "col")
    )


def tile_chart(tiles: pl.DataFrame, title: str, subtitle: str) -> alt.LayerChart:
    """Rectangles on the grid coloured by grade, the city's name and the grade's symbol and
    name written inside each (colour is never the only cue). The grid is drawn on quantitative
    scales: on an ordinal one shared with the text layers the rectangles would get no width."""
    columns = max(c for c, _ in TILE_GRID.values()) + 1
    rows = max(r for _, r in TILE_GRID.values()) + 1
    data = tiles.with_columns(
        (pl.col("col") + 0.03).alias("x0"),
        (pl.col("col") + 0.97).alias("x1"),
        (pl.col("row") + 0.04).alias("y0"),
        (pl.col("row") + 0.96).alias("y1"),
        (pl.col("col") + 0.5).alias("xc"),
        (pl.col("row") + 0.5).alias("yc"),
    ).to_pandas()
    domain = [grade_text(g) for g in GRADES]
    x_scale = alt.Scale(domain=[0, columns], nice=False, zero=False)
    y_scale = alt.Scale(domain=[0, rows], nice=False, zero=False, reverse=True)
    base = alt.Chart(data)
    tooltip = [
        alt.Tooltip("name:N", title=t("public.col_region")),
        alt.Tooltip("grade_label:N", title=t("public.col_grade")),
        alt.Tooltip("yoy_change_pct:Q", title=t("public.col_yoy_percent"), format=".2f"),
        alt.Tooltip("required_progress:Q", title=t("public.col_required_progress"), format=".2f"),
        alt.Tooltip("actual_progress:Q", title=t("public.col_actual_progress"), format=".2f"),
    ]
    tiles_layer = base.mark_rect(cornerRadius=6).encode(
        x=alt.X("x0:Q", axis=None, scale=x_scale),
        x2="x1:Q",
        y=alt.Y("y0:Q", axis=None, scale=y_scale),
        y2="y1:Q",
        color=alt.Color(
            "grade_label:N",
            title=t("public.col_grade"),
            scale=alt.Scale(domain=domain, range=[GRADE_COLOURS[g] for g in GRADES]),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
        ),
        tooltip=tooltip,
    )
    x = alt.X("xc:Q", axis=None, scale=x_scale)
    y = alt.Y("yc:Q", axis=None, scale=y_scale)
    city = base.mark_text(dy=-11, fontSize=15, fontWeight="bold", color="black").encode(
        x=x, y=y, text="name:N", tooltip=tooltip
    )
    grade = base.mark_text(dy=12, fontSize=13, color="black").encode(
        x=x, y=y, text="grade_short:N", tooltip=tooltip
    )
    return alt.layer(
        tiles_layer, city, grade, title=alt.TitleParams(title, subtitle=subtitle, anchor="start")
    ).properties(
        width=columns * TILE_WIDTH,
        height=rows * TILE_HEIGHT + CHROME_HEIGHT,
        description=f"{title}. {subtitle}",
    )


def tile_block(ctx: Context, code: str) -> Block:
    tiles = tile_frame(ctx, code)
    name = indicator_name(ctx, code)
    title = t("public.figure.barometer_map", name=name)
    unit = barometer(ctx).filter(pl.col("indicator_code") == code)["value_unit"]
    table = tiles.select(
        pl.col("region_code").alias(t("public.col_region_code")),
        pl.col("name").alias(t("public.col_region")),
        pl.col("grade_label").alias(t("public.col_grade")),
        pl.col("value").round(4).alias(t("public.col_value")),
        pl.col("yoy_change_pct").alias(t("public.col_yoy_percent")),
        pl.col("required_progress").alias(t("public.col_required_progress")),
        pl.col("actual_progress").alias(t("public.col_actual_progress")),
        pl.col("progress_gap").alias(t("public.col_progress_gap")),
    )
    return Block(
        key=f"barometer_{code}",
        title=title,
        table=table,
        chart=tile_chart(tiles, title, stamp(ctx)),
        unit=unit_name(ctx, unit[0] if len(unit) else None),
        codes=(code,),
        method_key="public.method.barometer",
    )


def province_grades(ctx: Context) -> list[dict]:
    """The province's row of each indicator (shown apart from the cities)."""
    rows = barometer(ctx).filter(pl.col("region_code") == PROVINCE).sort("indicator_order")
    return list(rows.iter_rows(named=True))


def _scorecard(ctx: Context) -> pl.DataFrame:
    frame = ctx.tables.get("fct_evaluation_scorecard").filter(
        pl.col("period") == ctx.release.period
    )
    return frame.with_columns(
        pl.col("region_name_zh" if ctx.lang == "zh" else "region_name_en").alias("name")
    )


def scorecard_block(ctx: Context) -> Block:
    """The three grades of every region, its overall grade, whether it is off track and its
    rank among the cities; the chart is the same grid of grades, region by indicator."""
    card = _scorecard(ctx).sort(
        pl.col("region_code") != PROVINCE, pl.col("city_rank"), "region_code", nulls_last=True
    )
    grade_cols = {
        "energy_intensity_grade": "energy_intensity",
        "energy_total_grade": "energy_total_tce",
        "co2_intensity_grade": "co2_intensity",
    }
    yes, no = t("public.yes"), t("public.no")
    table = card.select(
        pl.col("name").alias(t("public.col_region")),
        *[
            label_of("public.grade", col, ctx.lang).alias(indicator_name(ctx, code))
            for col, code in grade_cols.items()
        ],
        label_of("public.grade", "overall_grade", ctx.lang).alias(t("public.col_overall_grade")),
        pl.when(pl.col("off_track"))
        .then(pl.lit(yes))
        .otherwise(pl.lit(no))
        .alias(t("public.col_off_track")),
        pl.col("city_rank").alias(t("public.col_rank")),
    )
    long = card.select("region_code", "name", *grade_cols).unpivot(
        index=["region_code", "name"], variable_name="column", value_name="grade"
    )
    long = long.with_columns(
        pl.col("column")
        .replace_strict({c: indicator_name(ctx, code) for c, code in grade_cols.items()})
        .alias("indicator"),
        label_of("public.grade", "grade", ctx.lang).alias("grade_label"),
        label_of("public.grade_short", "grade", ctx.lang).alias("grade_short"),
    )
    title = t("public.figure.scorecard")
    order = card["name"].to_list()
    data = long.to_pandas()
    # indicator names wrap over the column instead of being cut to the same first words
    long = long.with_columns(
        pl.col("indicator").map_elements(lambda n: wrap_label(n, 16), return_dtype=pl.String)
    )
    x = alt.X(
        "indicator:N",
        title=None,
        sort=[wrap_label(indicator_name(ctx, c), 16) for c in INDICATORS],
        axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0, labelExpr=WRAP_LABEL),
    )
    y = alt.Y("name:N", title=None, sort=order)
    base = alt.Chart(data)
    rects = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x,
        y=y,
        color=alt.Color(
            "grade_label:N",
            title=t("public.col_grade"),
            scale=alt.Scale(
                domain=[grade_text(g) for g in GRADES],
                range=[GRADE_COLOURS[g] for g in GRADES],
            ),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
        ),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("indicator:N"), alt.Tooltip("grade_label:N")],
    )
    text = base.mark_text(color="black").encode(x=x, y=y, text="grade_short:N")
    chart = alt.layer(
        rects, text, title=alt.TitleParams(title, subtitle=stamp(ctx), anchor="start")
    ).properties(height=alt.Step(26), description=f"{title}. {stamp(ctx)}")
    return Block(
        key="scorecard",
        title=title,
        table=table,
        chart=chart,
        unit=t("public.unit_grade"),
        codes=INDICATORS,
        method_key="public.method.barometer",
    )


def ranking_table(ctx: Context) -> pl.DataFrame:
    """The cities in rank order (fewest red, then fewest yellow, then furthest ahead on energy
    and CO2 intensity); cities not fully assessed are listed after, unranked."""
    card = _scorecard(ctx).filter(pl.col("region_level") == "prefecture")
    card = card.sort(pl.col("city_rank"), "region_code", nulls_last=True)
    return card.select(
        pl.col("city_rank").alias(t("public.col_rank")),
        pl.col("name").alias(t("public.col_region")),
        label_of("public.grade", "overall_grade", ctx.lang).alias(t("public.col_overall_grade")),
        pl.col("red_count").alias(t("public.col_red_count")),
        pl.col("yellow_count").alias(t("public.col_yellow_count")),
        pl.col("green_count").alias(t("public.col_green_count")),
        pl.col("not_assessed_count").alias(t("public.col_not_assessed_count")),
        pl.col("energy_intensity_gap").alias(
            t("public.col_gap_of", name=indicator_name(ctx, "energy_intensity"))
        ),
        pl.col("co2_intensity_gap").alias(
            t("public.col_gap_of", name=indicator_name(ctx, "co2_intensity"))
        ),
    )


def off_track_table(ctx: Context) -> pl.DataFrame:
    frame = ctx.tables.get("fct_regions_off_track").filter(pl.col("period") == ctx.release.period)
    zh = ctx.lang == "zh"
    return frame.sort("region_code", "indicator_code").select(
        pl.col("region_name_zh" if zh else "region_name_en").alias(t("public.col_region")),
        pl.col("indicator_code")
        .map_elements(lambda c: indicator_name(ctx, c), return_dtype=pl.String)
        .alias(t("public.col_indicator")),
        label_of("public.grade", "grade", ctx.lang).alias(t("public.col_grade")),
        pl.col("yoy_change_pct").alias(t("public.col_yoy_percent")),
        pl.col("required_progress").alias(t("public.col_required_progress")),
        pl.col("actual_progress").alias(t("public.col_actual_progress")),
        pl.col("progress_gap").alias(t("public.col_progress_gap")),
        pl.col("reason_zh" if zh else "reason_en").alias(t("public.col_reason")),
    )


def behind(ctx: Context, region_code: str, code: str) -> pl.DataFrame:
    """Every figure behind one grade, as (item, detail) rows in the session's language."""
    rows = barometer(ctx).filter(
        (pl.col("region_code") == region_code) & (pl.col("indicator_code") == code)
    )
    if not rows.height:
        return pl.DataFrame({t("public.col_item"): [], t("public.col_detail"): []})
    row = rows.row(0, named=True)
    unit = unit_name(ctx, row["value_unit"])
    target_unit = unit_name(ctx, row["target_unit"])
    digits = 4 if (row["value_unit"] or "").endswith("per_10k_yuan") else 2
    met = row["annual_target_met"]
    items: list[tuple[str, str]] = [
        (t("public.behind_grade"), grade_text(row["grade"])),
        (t("public.behind_value", period=row["period"]), f"{number(row['value'], digits)} {unit}"),
        (t("public.behind_previous"), f"{number(row['previous_value'], digits)} {unit}"),
        (t("public.col_yoy_percent"), number(row["yoy_change_pct"])),
        (
            t("public.behind_base", year=row["plan_base_year"]),
            f"{number(row['base_value'], digits)} {unit}",
        ),
        (
            t("public.behind_target", year=row["plan_target_year"]),
            f"{number(row['five_year_target'])} {target_unit}",
        ),
        (t("public.behind_annual_target"), f"{number(row['annual_target'])} {target_unit}"),
        (
            t("public.behind_annual_met"),
            t("public.not_available")
            if met is None
            else (t("public.yes") if met else t("public.no")),
        ),
        (t("public.behind_elapsed"), str(row["elapsed_years"])),
        (t("public.col_required_pct"), number(row["required_progress"])),
        (t("public.col_actual_pct"), number(row["actual_progress"])),
    ]
    if row["rule_code"] == "total_cap":
        items.append((t("public.behind_cap_growth"), number(row["cap_growth_pct"])))
    items += [
        (t("public.col_progress_gap"), number(row["progress_gap"])),
        (t("public.col_reason"), str(pick(row["reason_zh"], row["reason_en"]))),
    ]
    return pl.DataFrame(
        {t("public.col_item"): [i for i, _ in items], t("public.col_detail"): [d for _, d in items]}
    )


def region_options(ctx: Context) -> list[str]:
    """The province first, then the cities in code order."""
    codes = sorted(barometer(ctx)["region_code"].unique())
    return sorted(codes, key=lambda c: (c != PROVINCE, c))


def region_name(ctx: Context, code: str) -> str:
    regions = ctx.tables.regions().filter(pl.col("region_code") == code)
    if not regions.height:
        return code
    return labels.pick((regions["name_zh"][0], regions["name_en"][0]), ctx.lang)
