"""Revision marks on the public pages (issue 16, item 6): the figures the selected release
revised, each with a mark "✎", and the history of a chosen one (its value in every release of
the period). A page shows them with one line, ``revision_marks.show(ctx)``; a release that
revised nothing shows nothing. The figures come from the release's own ``revisions.parquet``
(``dualcarbon.report.revisions``)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards.i18n import label, t
from dashboards.public.data import Context
from dashboards.public.render import published, table
from dualcarbon.report import formatting, labels
from dualcarbon.report.revisions import figure_history, revised_figures

MARK = "✎"


def value_text(value: float | None, unit: str | None, lang: str) -> str:
    """A base-unit value as the pages print it (scaled, separated), with four decimals for
    a share: its revisions are a few hundredths of a point, and two decimals would hide them."""
    scaled, display = formatting.shown(value, unit, lang)
    places = 4 if display in ("percent", "percentage_point") else formatting.digits(display)
    return formatting.number(scaled, places)


def _value(ctx: Context, unit_column: str = "unit"):
    """A base-unit value column as ``value_text`` prints it."""
    return lambda column: pl.struct(column, unit_column).map_elements(
        lambda v: value_text(v[column], v[unit_column], ctx.lang),
        return_dtype=pl.String,
    )


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
    value = _value(ctx)
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
            lambda u: labels.unit_label(formatting.scale(u, ctx.lang)[0], ctx.lang),
            return_dtype=pl.String,
        )
        .alias(t("public.col_unit")),
        pl.col("previous_release_id").alias(t("public.revisions.col_previous_release")),
    )


def history_table(ctx: Context, history: pl.DataFrame) -> pl.DataFrame:
    """One figure in every release of its period, oldest first."""
    first = t("public.revisions.first_release")
    return history.select(
        pl.col("release_id").alias(t("public.col_release")),
        pl.col("published_at")
        .map_elements(published, return_dtype=pl.String)
        .alias(t("public.col_published")),
        pl.col("revision_type")
        .map_elements(
            lambda kind: label("public.revision", kind, ctx.lang) if kind else first,
            return_dtype=pl.String,
            skip_nulls=False,
        )
        .alias(t("public.revisions.col_type")),
        _value(ctx)("value").alias(t("public.col_value")),
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
