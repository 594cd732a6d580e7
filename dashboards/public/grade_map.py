"""The barometer's grades on the map of the cities: each city's shape in its grade's colour,
its grade's symbol and name in the tooltip and the table (colour is never the only cue).
Without vendored boundaries the barometer keeps its tile grid (evaluation.tile_chart)."""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import polars as pl

from dashboards.i18n import t
from dashboards.public import choropleth, evaluation
from dashboards.public.data import Context
from dashboards.public.render import Block, stamp


def grade_chart(ctx: Context, found: tuple[dict, ...], code: str, title: str) -> alt.Chart:
    tiles = evaluation.tile_frame(ctx, code).select(
        pl.col("region_code").alias(choropleth.CODE),
        "name",
        "grade_label",
        "yoy_change_pct",
        "actual_progress",
    )
    grades = evaluation.GRADES
    return choropleth.map_chart(
        found,
        tiles,
        alt.Color(
            "properties.grade_label:N",
            title=t("public.col_grade"),
            scale=alt.Scale(
                domain=[evaluation.grade_text(g) for g in grades],
                range=[evaluation.GRADE_COLOURS[g] for g in grades],
            ),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
        ),
        [
            alt.Tooltip("properties.name:N", title=t("public.col_region")),
            alt.Tooltip("properties.grade_label:N", title=t("public.col_grade")),
            alt.Tooltip(
                "properties.yoy_change_pct:Q", title=t("public.col_yoy_percent"), format=".2f"
            ),
            alt.Tooltip(
                "properties.actual_progress:Q",
                title=t("public.col_actual_progress"),
                format=".2f",
            ),
        ],
        title,
        stamp(ctx),
    )


def grade_block(ctx: Context, code: str) -> Block:
    """The barometer's block of one indicator: on the map when there is one."""
    block = evaluation.tile_block(ctx, code)
    found = choropleth.features()
    if found is None:
        return block
    return replace(block, chart=grade_chart(ctx, found, code, block.title))


def years(ctx: Context, periods: list[str]) -> list[str]:
    """The years among ``periods`` whose release carries the barometer."""
    from dashboards.public.timeseries import visible

    have = {r.period for r in visible(ctx) if "fct_barometer" in r.tables}
    return [p for p in periods if p in have]
