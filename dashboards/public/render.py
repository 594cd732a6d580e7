"""Building blocks of the public pages: the stamp, correction banners, and the indicator
block (chart, table, download and sources-and-methods tabs, practice 13).

Every chart carries the stamp "Source: Jiangsu DRC, release <id>" in its own subtitle (so a
saved image keeps it) and again in a caption; every download carries it inside the file.
Colours are the Okabe-Ito palette, distinguishable with colour-vision deficiencies, and every
chart has its table one tab away (practice 29).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import altair as alt
import polars as pl
import streamlit as st

from dashboards.i18n import current_lang, label, pick, t
from dashboards.labels import dataset_label
from dashboards.public.data import Context
from dashboards.public.downloads import Metadata, csv_bytes, xlsx_bytes
from dashboards.public.export import chart_downloads
from dualcarbon.report import formatting, labels

OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
CHART_HEIGHT = 360
BAR_STEP = 26  # pixels per bar
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def stamp(ctx: Context) -> str:
    return ctx.release.stamp(ctx.lang)


def caption_stamp(ctx: Context) -> None:
    st.caption(stamp(ctx))


def page_header(ctx: Context, title_key: str, intro_key: str | None = None) -> None:
    st.title(t(title_key))
    st.caption(
        t(
            "public.release_line",
            release_id=ctx.release.release_id,
            period=ctx.release.period,
            published=published(ctx.release.published_at),
        )
    )
    banners(ctx)
    if intro_key:
        st.markdown(t(intro_key))


def published(when) -> str:
    """A publication time in Beijing time, said so (one format on every page)."""
    return formatting.beijing(when, current_lang())


def table(frame: pl.DataFrame) -> None:
    """A table as the page shows it: every number through the one formatter (separators, the
    column's own decimals, "—" if missing), right-aligned, tall enough for every row (up to
    60). The text is what the reader sees, also in the grid's accessible table (what screen
    readers and the browser tests read)."""
    numeric = [name for name, dtype in frame.schema.items() if dtype.is_numeric()]
    rows = min(frame.height, 60)
    st.dataframe(
        formatting.formatted(frame).to_pandas(),
        hide_index=True,
        width="stretch",
        height=38 + 35 * max(rows, 1),
        column_config={name: st.column_config.TextColumn(alignment="right") for name in numeric},
    )


def banners(ctx: Context) -> None:
    """A superseded release says so first; a correction says what it corrects (practice 9)."""
    release = ctx.release
    if release.superseded_by:
        newer = next((r for r in ctx.releases if r.release_id == release.superseded_by), None)
        kind = ((newer.revision or {}).get("type") if newer else None) or "correction"
        st.error(
            t(
                "public.banner_superseded",
                release_id=release.release_id,
                newer=release.superseded_by,
                kind=label("public.revision", kind),
            ),
            icon=":material/warning:",
        )
    revision = release.revision
    if revision and revision.get("supersedes"):
        kind = revision.get("type") or "correction"
        st.warning(
            t(
                "public.banner_revision",
                kind=label("public.revision", kind),
                old=revision["supersedes"],
                cause=pick(revision.get("cause_zh", ""), revision.get("cause_en", "")),
                impact=pick(revision.get("impact_zh", ""), revision.get("impact_en", "")),
            ),
            icon=":material/campaign:",
        )


def localised(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Replace name_zh/name_en by one ``name`` column in the session's language."""
    if "name_zh" not in frame.columns:
        return frame
    return frame.with_columns(pl.col("name_zh" if lang == "zh" else "name_en").alias("name")).drop(
        "name_zh", "name_en"
    )


def scaled(frame: pl.DataFrame, unit: str, column: str = "value") -> tuple[pl.DataFrame, str]:
    """Values in the display unit (万吨 / Mt, 万吨标准煤 / Mtce) and that unit's code."""
    display, divisor = formatting.scale(unit, current_lang())
    return frame.with_columns(pl.col(column) / divisor), display


@dataclass(frozen=True)
class Block:
    """One indicator on a page: what to draw and what to say about it."""

    key: str  # stable id: widget keys and file names
    title: str
    table: pl.DataFrame  # localised column names, exactly what the chart shows
    chart: alt.Chart | alt.LayerChart
    unit: str  # display unit label
    codes: Sequence[str] = ()  # indicator codes whose metadata applies
    method_key: str = ""  # key of the method note (public.method.*)


def bar_chart(
    frame: pl.DataFrame,
    category: str,
    value: str,
    title: str,
    subtitle: str,
    sort: bool = True,
    colour: str | None = None,
) -> alt.Chart:
    """Horizontal bars from zero. The data's columns are renamed to plain field names (a
    column label with a quote, dot or bracket is a Vega access path, and breaks the chart);
    the labels stay as axis and tooltip titles. Long labels wrap instead of being cut."""
    columns = {category: "category", value: "value"}
    if colour:
        columns[colour] = "series"
    data = frame.select([pl.col(k).alias(v) for k, v in columns.items()]).with_columns(
        pl.col("category").map_elements(wrap_label, return_dtype=pl.String)
    )
    data = data.to_pandas()
    encoding = {
        "y": alt.Y(
            "category:N",
            sort="-x" if sort else None,
            title=None,
            axis=alt.Axis(labelLimit=320, labelOverlap=False, labelExpr=WRAP_LABEL),
        ),
        # ",.4~f": separators, no trailing zeros (an all-zero domain drew "0.000000" ticks)
        "x": alt.X(
            "value:Q", title=value, scale=alt.Scale(zero=True), axis=alt.Axis(format=",.4~f")
        ),
        "tooltip": [
            alt.Tooltip("category:N", title=category),
            alt.Tooltip("value:Q", title=value, format=",.2f"),
        ],
    }
    mark = {"color": OKABE_ITO[0]}
    if colour:
        mark = {}
        encoding["color"] = alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(range=list(OKABE_ITO)),
            legend=alt.Legend(orient="bottom", labelLimit=320),
        )
        encoding["tooltip"].insert(1, alt.Tooltip("series:N", title=colour))
    return (
        alt.Chart(data, title=alt.TitleParams(title, subtitle=subtitle, anchor="start"))
        .mark_bar(**mark)
        .encode(**encoding)
        # one band per row (two for a wrapped label), so every label fits
        .properties(height=alt.Step(BAR_STEP + 10), description=f"{title}. {subtitle}")
    )


# Long axis labels are broken into lines (wrap_label) and drawn line by line.
WRAP_LABEL = "split(datum.label, '\\n')"


def wrap_label(text: str | None, width: int = 28) -> str | None:
    """Breaks a label into lines: at spaces for English, every 12 characters for Chinese."""
    if text is None or len(text) <= width:
        return text
    if " " in text:
        return "\n".join(textwrap.wrap(text, width))
    return "\n".join(text[i : i + 12] for i in range(0, len(text), 12))


def line_chart(
    frame: pl.DataFrame, x: str, y: str, series: str | None, title: str, subtitle: str
) -> alt.Chart:
    """A line over the years. The axis starts at zero (a total's change is read against its
    size); plain field names, as in bar_chart."""
    columns = {x: "x", y: "y", **({series: "series"} if series else {})}
    data = frame.select([pl.col(k).alias(v) for k, v in columns.items()]).to_pandas()
    encoding = {
        "x": alt.X("x:O", title=None),
        "y": alt.Y("y:Q", title=y, scale=alt.Scale(zero=True), axis=alt.Axis(format=",.4~f")),
        "tooltip": [alt.Tooltip("x:O", title=x), alt.Tooltip("y:Q", title=y, format=",.4~f")],
    }
    if series:
        encoding["color"] = alt.Color(
            "series:N", title=None, scale=alt.Scale(range=list(OKABE_ITO))
        )
        encoding["strokeDash"] = alt.StrokeDash("series:N", title=None)
        encoding["tooltip"].insert(0, alt.Tooltip("series:N", title=series))
    return (
        alt.Chart(data, title=alt.TitleParams(title, subtitle=subtitle, anchor="start"))
        .mark_line(point=True, color=OKABE_ITO[0])
        .encode(**encoding)
        .properties(height=CHART_HEIGHT, description=f"{title}. {subtitle}")
    )


def metadata(ctx: Context, block: Block) -> Metadata:
    release = ctx.release
    rows: list[tuple[str, str]] = [
        (t("public.meta_release"), release.release_id),
        (t("public.meta_period"), release.period),
        (t("public.meta_published"), published(release.published_at)),
        (t("public.meta_unit"), block.unit),
    ]
    for meta in _indicator_meta(ctx, block.codes):
        definition = pick(meta.get("definition_zh"), meta.get("definition_en"))
        if definition:
            rows.append((t("public.meta_definition"), f"{meta['name']}: {definition}"))
    if block.method_key:
        rows.append((t("public.meta_method"), t(block.method_key)))
    if release.revision:
        rows.append(
            (
                t("public.meta_revision"),
                pick(release.revision.get("cause_zh", ""), release.revision.get("cause_en", "")),
            )
        )
    if release.superseded_by:
        rows.append((t("public.meta_superseded"), release.superseded_by))
    rows.append((t("public.meta_terms"), t("public.terms")))
    rows.append((t("public.meta_citation"), citation(ctx, block.title)))
    return Metadata(
        title=block.title,
        stamp=stamp(ctx),
        release_id=release.release_id,
        rows=tuple(rows),
        data_sheet=t("public.sheet_data"),
        about_sheet=t("public.sheet_about"),
    )


def citation(ctx: Context, title: str) -> str:
    return t(
        "public.citation",
        title=title,
        period=ctx.release.period,
        release_id=ctx.release.release_id,
        published=f"{ctx.release.published_at:%Y-%m-%d}",
    )


def _indicator_meta(ctx: Context, codes: Sequence[str]) -> list[dict]:
    """The release's own metadata of these indicators (indicators.json), names added."""
    names = labels.indicator_names(ctx.release.indicators)
    by_code = {m.get("indicator_code"): m for m in ctx.release.indicators}
    found = []
    for code in codes:
        meta = dict(by_code.get(code, {}))
        meta["indicator_code"] = code
        meta["name"] = labels.pick(names[code], ctx.lang) if code in names else code
        found.append(meta)
    return found


def drawable(chart: alt.Chart | alt.LayerChart) -> bool:
    """False when the chart's data has no value to draw: no rows, or every plotted value
    (bar_chart's "value", line_chart's "y") missing."""
    data = getattr(chart, "data", None)
    if not hasattr(data, "columns"):  # a layered chart's data is on its layers
        return True
    plotted = [name for name in ("value", "y") if name in data.columns]
    return len(data) > 0 and not (plotted and all(data[name].isna().all() for name in plotted))


def indicator_block(ctx: Context, block: Block) -> None:
    st.subheader(block.title)
    chart_tab, table_tab, download_tab, sources_tab = st.tabs(
        [
            t("public.tab_chart"),
            t("public.tab_table"),
            t("public.tab_download"),
            t("public.tab_sources"),
        ]
    )
    # a release from before the data (the carbon market before its first year, a change on
    # the previous year in the first year) says so, rather than draw an empty chart
    with chart_tab:
        if drawable(block.chart):
            st.altair_chart(block.chart, width="stretch")
        else:
            st.info(t("public.block_no_data", period=ctx.release.period))
        caption_stamp(ctx)
        chart_downloads(block.chart, f"{ctx.release.release_id}_{block.key}_{ctx.lang}", block.key)
    with table_tab:
        if block.table.is_empty():
            st.info(t("public.block_no_data", period=ctx.release.period))
        else:
            table(block.table)
        st.caption(f"{t('public.meta_unit')}: {block.unit} · {stamp(ctx)}")
    with download_tab:
        downloads(ctx, block)
    with sources_tab:
        sources(ctx, block)


def downloads(ctx: Context, block: Block) -> None:
    meta = metadata(ctx, block)
    name = f"{ctx.release.release_id}_{block.key}_{ctx.lang}"
    st.caption(t("public.download_note"))
    release_column = t("public.col_release")  # bound now: the files are made off the run
    formats = (
        ("csv", "public.download_csv", csv_bytes, "text/csv"),
        ("xlsx", "public.download_xlsx", xlsx_bytes, XLSX_MIME),
    )
    for column, (suffix, label_key, make, mime) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            t(label_key),
            data=partial(make, block.table, meta, release_column),
            file_name=f"{name}.{suffix}",
            mime=mime,
            key=f"{suffix}.{block.key}",
            on_click="ignore",
            icon=":material/download:",
        )


def sources(ctx: Context, block: Block) -> None:
    release = ctx.release
    for meta in _indicator_meta(ctx, block.codes):
        st.markdown(f"**{meta['name']}**")
        departments = ", ".join(
            str(pick(d.get("name_zh"), d.get("name_en")))
            for d in meta.get("sources") or []
            if isinstance(d, dict)
        )
        unit = meta.get("unit_code") or labels.indicator_unit(meta["indicator_code"])
        fields = [
            ("public.meta_definition", pick(meta.get("definition_zh"), meta.get("definition_en"))),
            ("public.meta_scope", pick(meta.get("scope_zh"), meta.get("scope_en"))),
            # the unit the figures are shown in (万吨, Mt), not the base unit (tonne)
            ("public.meta_unit", labels.unit_label(formatting.scale(unit, ctx.lang)[0], ctx.lang)),
            ("public.meta_method", pick(meta.get("method_zh"), meta.get("method_en"))),
            ("public.meta_departments", departments),
            ("public.meta_caveats", pick(meta.get("caveats_zh"), meta.get("caveats_en"))),
            ("public.meta_last_update", meta.get("last_update")),
            ("public.meta_contact", pick(meta.get("contact_zh"), meta.get("contact_en"))),
        ]
        lines = [f"- {t(key)}: {value}" for key, value in fields if value]
        if lines:
            st.markdown("\n".join(lines))
    if block.method_key:
        st.markdown(f"**{t('public.meta_method')}**: {t(block.method_key)}")
    submissions = release.manifest.get("submissions") or []
    if submissions:
        st.markdown(f"**{t('public.meta_sources')}**")
        st.markdown(
            "\n".join(
                f"- {dataset_label(s.get('dataset'))} ({s.get('submission_id')}, "
                f"{t('public.version_n', n=s.get('version'))})"
                for s in submissions
            )
        )
    factor_vintage = release.manifest.get("factor_vintage")
    if factor_vintage:
        st.markdown(f"**{t('public.meta_factor_vintage')}**: `{factor_vintage}`")
    st.markdown(f"**{t('public.meta_citation')}**: {citation(ctx, block.title)}")
    st.caption(t("public.terms"))
