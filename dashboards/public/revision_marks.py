"""Revision marks on the public pages (issue 16, item 6): the figures the selected release
revised, each with a mark "✎", and the history of a chosen one (its value in every release of
the period). A page shows them with one line, ``revision_marks.show(ctx)``; a release that
revised nothing shows nothing. The figures come from the release's own ``revisions.parquet``
(``dualcarbon.report.revisions``)."""

from __future__ import annotations

from itertools import pairwise

import polars as pl
import streamlit as st

from dashboards.i18n import label, t
from dashboards.public.data import Context
from dashboards.public.render import table
from dualcarbon.report import formatting, labels
from dualcarbon.report.revisions import figure_history, revised_figures

MARK = "✎"
MOST_PLACES = 8


def places(values: list[float | None], unit: str | None, lang: str) -> int:
    """Decimals for the values of one figure: the page's own, or more where those would
    print a revision as no change (0.680669 and 0.680687 are both "0.6807")."""
    display = formatting.scale(unit, lang)[0]
    shown = [formatting.shown(v, unit, lang)[0] for v in values if not formatting.is_missing(v)]
    pairs = [(a, b) for a, b in pairwise(shown) if a != b]
    for count in range(formatting.digits(display), MOST_PLACES):
        if all(round(a, count) != round(b, count) for a, b in pairs):
            return count
    return MOST_PLACES


def value_text(value: float | None, unit: str | None, lang: str, count: int) -> str:
    """A base-unit value in its display unit with ``count`` decimals and separators."""
    return formatting.number(formatting.shown(value, unit, lang)[0], count)


def _names(ctx: Context, seed: str, column: str, codes: pl.Series) -> pl.Series:
    names = (
        labels.indicator_names(ctx.release.indicators)
        if seed == "ref_indicators"
        else labels.code_names(seed, column)
    )
    return codes.replace_strict(
        {code: labels.pick(pair, ctx.lang) for code, pair in names.items()},
        default=codes,
        return_dtype=pl.String,
    )


def figure_label(ctx: Context, row: dict) -> str:
    indicator = _names(ctx, "ref_indicators", "indicator_code", pl.Series([row["indicator_code"]]))
    region = _names(ctx, "ref_regions", "region_code", pl.Series([row["region_code"]]))
    return f"{MARK} {indicator[0]} · {region[0]} · {row['period']}"


def marked_table(ctx: Context, revised: pl.DataFrame) -> pl.DataFrame:
    """The revised figures, marked, with the superseded release's value beside the new one."""
    lang = ctx.lang
    revised = revised.with_columns(
        places=pl.struct("previous_value", "value", "unit").map_elements(
            lambda r: places([r["previous_value"], r["value"]], r["unit"], lang),
            return_dtype=pl.Int64,
        )
    )

    def value(column: str) -> pl.Expr:
        return pl.struct(column, "unit", "places").map_elements(
            lambda r: value_text(r[column], r["unit"], lang, r["places"]), return_dtype=pl.String
        )

    return revised.select(
        pl.lit(MARK).alias(t("public.revisions.col_mark")),
        _names(ctx, "ref_indicators", "indicator_code", revised["indicator_code"]).alias(
            t("public.col_indicator")
        ),
        _names(ctx, "ref_regions", "region_code", revised["region_code"]).alias(
            t("public.col_region")
        ),
        pl.col("period").alias(t("public.col_period")),
        value("previous_value").alias(t("public.revisions.col_previous")),
        value("value").alias(t("public.col_value")),
        pl.col("unit")
        .map_elements(
            lambda u: labels.unit_label(formatting.scale(u, lang)[0], lang),
            return_dtype=pl.String,
        )
        .alias(t("public.col_unit")),
        pl.col("previous_release_id").alias(t("public.revisions.col_previous_release")),
    )


def history_table(ctx: Context, history: pl.DataFrame) -> pl.DataFrame:
    """One figure in every release of its period, oldest first."""
    first, lang = t("public.revisions.first_release"), ctx.lang
    unit = history["unit"][0] if history.height else None
    count = places(history["value"].to_list(), unit, lang)
    return history.select(
        pl.col("release_id").alias(t("public.col_release")),
        pl.col("published_at")  # in the page's language: Polars runs off Streamlit's thread
        .map_elements(lambda when: formatting.beijing(when, lang), return_dtype=pl.String)
        .alias(t("public.col_published")),
        pl.col("revision_type")
        .map_elements(
            lambda kind: label("public.revision", kind, ctx.lang) if kind else first,
            return_dtype=pl.String,
            skip_nulls=False,
        )
        .alias(t("public.revisions.col_type")),
        pl.col("value")
        .map_elements(lambda v: value_text(v, unit, lang, count), return_dtype=pl.String)
        .alias(t("public.col_value")),
    )


def show(ctx: Context) -> None:
    """The marks and the history picker, or nothing for a release that revised nothing."""
    revised = revised_figures(ctx.release)
    if revised.is_empty():
        return
    st.subheader(t("public.revisions.title", mark=MARK))
    st.caption(t("public.revisions.intro", old=revised["previous_release_id"][0], mark=MARK))
    table(marked_table(ctx, revised))
    rows = revised.to_dicts()
    chosen = st.selectbox(
        t("public.revisions.history_pick"),
        range(len(rows)),
        format_func=lambda i: figure_label(ctx, rows[i]),
        key="public.revisions.figure",
    )
    row = rows[chosen]
    history = figure_history(ctx.releases, row["period"], row["region_code"], row["indicator_code"])
    table(history_table(ctx, history))
    st.caption(ctx.release.stamp(ctx.lang))
