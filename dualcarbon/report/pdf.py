"""The official PDF report of a published release, rendered on the server (practice 27).

Cover (release id, period, publication, who prepared, signed off, approved and published it,
any correction notice), then a chapter for each public page: the headline indicators, emissions
and energy by sector, fuel and city, the barometer, the targets, carbon sinks, sectors, and the
revisions (the log and what changed against a superseded release); methods, terms and
citation. Every page carries the stamp "Source: Jiangsu DRC, release <id>" (practice 17).

Tagged as far as fpdf2 tags (docs/public-dashboard.md): language, title, outline, headings in
the structure tree, charts as figures with alternative text.

Text is set in Noto Sans CJK SC, embedded as a subset (fpdf2 writes its CFF outlines as
FontFile3), so Chinese prints as characters on any reader. Without that font the report is
not made: ``FontMissing`` says what to install; boxes are never drawn. Reads only the
release (``dualcarbon.release.store``), like the public dashboard.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace, TextStyle, ViewerPreferences
from fpdf.enums import PageMode, TableCellFillMode, WrapMode, XPos, YPos

from dualcarbon import i18n
from dualcarbon.release.store import Release
from dualcarbon.report import breakdowns, formatting, labels, pdf_charts, pdf_sections, views

FONT_ENV = "DUALCARBON_CJK_FONT"  # another CJK font file, e.g. for a non-Debian machine
DEFAULT_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # NotoSansCJK-*.ttc holds JP, KR, SC, TC, HK: the third is Simplified Chinese
FAMILY = "notosanscjk"
OKABE_ITO = ((0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233))
GREY = (90, 90, 90)


class FontMissing(RuntimeError):
    """No CJK font to embed: the report would print boxes, so it is not made."""

    def __init__(self, path: Path):
        self.message_zh = i18n.text("report.font_missing", "zh", path=path, env=FONT_ENV)
        self.message_en = i18n.text("report.font_missing", "en", path=path, env=FONT_ENV)
        super().__init__(f"{self.message_zh}\n{self.message_en}")


def font_path() -> Path:
    path = Path(os.environ.get(FONT_ENV) or DEFAULT_FONT)
    if not path.is_file():
        raise FontMissing(path)
    return path


_tr = pdf_sections.tr  # the report's own texts, then those it shares with the site


def _num(value: float | None, digits: int = 2, signed: bool = False) -> str:
    return formatting.number(value, digits, signed)


def _shown(value: float | None, unit: str, lang: str = "zh") -> tuple[float | None, str, int]:
    scaled, display = formatting.shown(value, unit, lang)
    return scaled, display, formatting.digits(display)


class ReportPDF(FPDF):
    """The report's page: stamp above and below, headings that are outline entries and tagged
    structure elements (fpdf2's ``start_section``), charts placed as SVG images with
    alternative text, tables with header cells."""

    def __init__(self, stamp: str, lang: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.stamp_text = stamp
        self.report_lang = lang  # FPDF.lang is the document's language tag
        path = font_path()
        index = SC_INDEX if path.suffix.lower() in {".ttc", ".otc"} else 0
        self.add_font(FAMILY, "", str(path), collection_font_number=index)
        bold = path.with_name(path.name.replace("Regular", "Bold"))
        self.add_font(
            FAMILY, "B", str(bold if bold.is_file() else path), collection_font_number=index
        )
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, 18, 18)
        # Chinese has no spaces to break at: wrap by character, English by word
        self.wrap = WrapMode.CHAR if lang == "zh" else WrapMode.WORD
        self.set_section_title_styles(
            TextStyle(font_family=FAMILY, font_style="B", font_size_pt=14, b_margin=3),
            TextStyle(
                font_family=FAMILY, font_style="B", font_size_pt=10.5, t_margin=1, b_margin=2
            ),
            TextStyle(font_family=FAMILY, font_style="B", font_size_pt=9.5, t_margin=1, b_margin=1),
        )

    def header(self) -> None:
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.stamp_text, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.stamp_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, _tr("page", self.report_lang, page=self.page_no()), align="R")
        self.set_text_color(0, 0, 0)

    def section(self, text: str, level: int = 0, need: float = 30.0) -> None:
        """A heading (bookmark and structure element) kept with ``need`` mm of what follows."""
        # a chapter starts in the page's upper half; any heading keeps what follows with it
        low = level == 0 and self.get_y() > self.h / 2
        if low or self.get_y() + need > self.h - self.b_margin:
            self.add_page()
        self.start_section(text, level=level)
        self.set_font(FAMILY, "", 10)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font(FAMILY, "", size)
        self.multi_cell(
            0, size * 0.5, text, align="L", wrapmode=self.wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(2)

    def table_of(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        numbers: bool = True,
        align: Sequence[str] | None = None,
    ) -> None:
        """A table; numbers right-aligned after the first column (or as ``align`` says). No
        header: a list of facts. Cells wrap (by word in English) instead of cutting a label."""
        self.set_font(FAMILY, "", 8 if len(widths) > 5 else 9)
        self.set_fill_color(245, 247, 249)  # the striped rows take the current fill colour
        with self.table(
            col_widths=tuple(widths),
            first_row_as_headings=header is not None,
            headings_style=FontFace(emphasis="BOLD", fill_color=(222, 230, 238)),
            cell_fill_color=(245, 247, 249),
            cell_fill_mode=TableCellFillMode.ROWS,
            line_height=5 if len(widths) > 5 else 5.5,
            text_align=tuple(align)
            if align
            else ("LEFT", *("RIGHT" if numbers else "LEFT",) * (len(widths) - 1)),
            wrapmode=self.wrap,
        ) as table:
            if header is not None:
                table.row(list(header))
            for row in rows:
                table.row([str(cell) for cell in row])
        self.ln(4)

    def grid(self, grid: pdf_sections.Grid, level: int = 1) -> None:
        self.section(grid.title, level)
        self.table_of(grid.header, grid.rows, grid.widths, grid.numbers, grid.align)
        if grid.note:
            self.paragraph(grid.note, size=8)

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines ``width`` mm wide at the charts' label size."""
        self.set_font(FAMILY, "", pdf_charts.LABEL_PT)
        return self.multi_cell(
            width, pdf_charts.LINE, text, wrapmode=self.wrap, dry_run=True, output="LINES"
        )

    def figure(self, title: str, chart: pdf_charts.Chart, alt: str) -> None:
        """A chart under its heading, as a tagged figure with its alternative text; the stamp
        under it."""
        self.section(title, 1, need=chart.height + 20)
        self.image(io.BytesIO(chart.svg), x=self.l_margin, w=self.epw, h=chart.height, alt_text=alt)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.stamp_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(3)


def _with_unit(text: str, unit: str, lang: str) -> str:
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def _who(entry: object) -> str:
    if isinstance(entry, dict):
        return str(entry.get("user") or "")
    return "" if entry is None else str(entry)


def _name(names: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    return labels.pick(names[code], lang) if code in names else code


def _cover(pdf: ReportPDF, release: Release, lang: str) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font(FAMILY, "B", 22)
    pdf.multi_cell(0, 12, _tr("title", lang, period=release.period), align="C")
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(0, 8, f"{_tr('publisher', lang)} · {_tr('subtitle', lang)}", align="C")
    pdf.ln(22)
    manifest = release.manifest
    status = (
        _tr("superseded", lang, newer=release.superseded_by)
        if release.superseded_by
        else _tr("current", lang)
    )
    facts = [
        (_tr("release", lang), release.release_id),
        (_tr("period", lang), release.period),
        (_tr("published", lang), formatting.beijing(release.published_at, lang)),
        (_tr("status", lang), status),
        (_tr("prepared", lang), _who(manifest.get("prepared_by"))),
        (_tr("signed_off", lang), _who(manifest.get("signed_off_by"))),
        (_tr("approved", lang), _who(manifest.get("approved_by"))),
        (_tr("published_by", lang), _who(manifest.get("published_by"))),
        (_tr("factor_vintage", lang), str(manifest.get("factor_vintage") or "")),
    ]
    pdf.table_of(None, facts, (40, 100), numbers=False)
    revision = release.revision
    if revision and revision.get("supersedes"):
        kind = pdf_sections.label("revision", revision.get("type") or "correction", lang)
        pdf.set_fill_color(253, 236, 200)
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(
            0, 7, _tr("notice", lang, kind=kind), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(
            0,
            5.5,
            _tr(
                "notice_body",
                lang,
                old=revision["supersedes"],
                cause=revision.get(f"cause_{lang}", ""),
                impact=revision.get(f"impact_{lang}", ""),
            ),
            fill=True,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    if release.superseded_by:
        pdf.ln(3)
        pdf.set_fill_color(250, 215, 215)
        pdf.multi_cell(0, 6, status, fill=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _headline(pdf: ReportPDF, tables: views.Tables, names: dict, lang: str) -> None:
    pdf.add_page()
    pdf.section(_tr("headline", lang))
    rows = []
    for row in views.headline(tables).iter_rows(named=True):
        value, unit, digits = _shown(row["value"], row["unit"], lang)
        yoy = (
            formatting.MISSING
            if row["yoy"] is None
            else f"{_num(row['yoy'], 2, True)} {labels.unit_label(row['yoy_unit'], lang)}"
        )
        rows.append(
            [
                _name(names, row["indicator_code"], lang),
                _num(value, digits),
                labels.unit_label(unit, lang),
                yoy,
                _num(row["since_base"], 2, True),
            ]
        )
    header = [_tr(k, lang) for k in ("indicator", "value", "unit", "yoy", "since_base")]
    pdf.table_of(header, rows, (58, 26, 34, 32, 24))


def _bars_alt(title: str, bars: Sequence[pdf_charts.Bar], lang: str) -> str:
    """The chart's alternative text: its title and every bar's label and value."""
    items = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return _tr("figure_alt_bars", lang, title=title, items=items)


def _breakdown(pdf: ReportPDF, tables: views.Tables, key: str, names: dict, lang: str) -> None:
    """A breakdown (dualcarbon.report.breakdowns): parts and reconciling items as bars, then
    a table of them with the total they add up to."""
    spec = breakdowns.BREAKDOWNS[key]
    frame = spec.rows(tables)
    display, divisor = formatting.scale(spec.unit, lang)
    unit_text = labels.unit_label(display, lang)
    bars = [
        pdf_charts.Bar(row[f"name_{lang}"], row["value"] / divisor, _num(row["value"] / divisor))
        for row in frame.iter_rows(named=True)
    ]
    title = _with_unit(_tr(f"figure.{key}", lang), unit_text, lang)
    chart = pdf_charts.hbars(bars, pdf.epw, FAMILY, pdf.lines)
    pdf.figure(title, chart, _bars_alt(title, bars, lang))
    headline = breakdowns.headline_value(tables, spec.headline)
    total = None if headline is None else headline / divisor
    rows = [
        [
            bar.label + (" *" if kind == "reconciling" else ""),
            bar.text,
            _num(None if not total else bar.value / total * 100, 1),
        ]
        for bar, kind in zip(bars, frame["kind"], strict=True)
    ]
    rows.append([_name(names, spec.headline, lang), _num(total), _num(100.0, 1)])
    pdf.table_of(
        [_tr("name", lang), _with_unit(_tr("value", lang), unit_text, lang), _tr("share", lang)],
        rows,
        (90, 50, 34),
    )
    if (frame["kind"] == "reconciling").any():
        pdf.paragraph(_tr("reconciling_note", lang), size=8)


def _trend(
    pdf: ReportPDF,
    releases: list[Release],
    release: Release,
    code: str,
    names: dict,
    lang: str,
) -> None:
    frame = views.series(releases, release, (code,))
    if frame.is_empty():
        return
    display, divisor = formatting.scale(frame["unit"][0], lang)
    unit_text = labels.unit_label(display, lang)
    points = [
        pdf_charts.Bar(row["period"], row["value"] / divisor, _num(row["value"] / divisor, 0))
        for row in frame.iter_rows(named=True)
    ]
    title = _with_unit(_tr("figure.trend", lang, name=_name(names, code, lang)), unit_text, lang)
    chart = pdf_charts.columns(points, pdf.epw, FAMILY)
    pdf.figure(title, chart, _bars_alt(title, points, lang))
    pdf.table_of(
        [_tr("year", lang), unit_text, _tr("release", lang)],
        [
            [row["period"], _num(row["value"] / divisor), row["release_id"]]
            for row in frame.iter_rows(named=True)
        ],
        (30, 60, 50),
    )


def _cities(pdf: ReportPDF, tables: views.Tables, names: dict, lang: str) -> None:
    pdf.section(_tr("cities", lang))
    _breakdown(pdf, tables, "co2_by_city", names, lang)
    codes = ("co2_total_t", "energy_total_tce", "co2_intensity", "energy_intensity")
    frames = {code: views.by_city(tables, code) for code in codes}
    header, columns = [_tr("region", lang)], []
    for code in codes:
        unit = frames[code]["unit"][0] if frames[code].height else ""
        _, display, _ = _shown(0.0, unit, lang)
        header.append(_with_unit(_name(names, code, lang), labels.unit_label(display, lang), lang))
        columns.append({r["code"]: r["value"] for r in frames[code].iter_rows(named=True)})
    rows = []
    for row in frames["co2_total_t"].iter_rows(named=True):
        cells = [row[f"name_{lang}"]]
        for code, values in zip(codes, columns, strict=True):
            value, _, digits = _shown(values.get(row["code"]), frames[code]["unit"][0], lang)
            cells.append(_num(value, digits))
        rows.append(cells)
    pdf.section(_tr("cities_table", lang), 1)
    pdf.table_of(header, rows, (26, 37, 37, 37, 37))


def _evaluation(pdf: ReportPDF, tables: views.Tables, names: dict, lang: str) -> None:
    """The barometer page (grades by region and indicator) and the overview's targets."""
    grids = pdf_sections.barometer(tables, names, lang)
    if grids:
        pdf.section(_tr("barometer_title", lang))
        pdf.paragraph(_tr("barometer_legend", lang), size=8)
        for grid in grids:
            pdf.grid(grid)
    targets = pdf_sections.targets(tables, names, lang)
    if targets:
        pdf.section(_tr("targets_title", lang))
        pdf.table_of(targets.header, targets.rows, targets.widths, targets.numbers, targets.align)
        pdf.paragraph(targets.note, size=8)


def _sinks_and_sectors(pdf: ReportPDF, tables: views.Tables, lang: str) -> None:
    grids = pdf_sections.sinks(tables, lang)
    if grids:
        pdf.section(_tr("sinks_title", lang))
        for grid in grids:
            pdf.grid(grid)
        pdf.paragraph(_tr("sums_note", lang), size=8)
    parts = pdf_sections.sectors(tables, lang)
    if parts:
        pdf.section(_tr("sectors_title", lang))
        for heading, part in parts:
            pdf.section(heading, 1)
            for grid in part:
                pdf.grid(grid, level=2)
        pdf.paragraph(_tr("sums_note", lang), size=8)


def _revisions(
    pdf: ReportPDF, releases: list[Release], release: Release, names: dict, lang: str
) -> None:
    """The revision log up to this release, and what this one changed against the release
    it supersedes."""
    pdf.section(_tr("revisions", lang))
    log = pdf_sections.revision_log(releases, release, lang)
    if log is None:
        pdf.paragraph(_tr("no_revisions", lang))
    else:
        pdf.grid(log)
    changes = views.what_changed(releases, release)
    if changes is None:
        return
    pdf.section(_tr("changes_since", lang), 1)
    diff = changes.indicators
    if diff.is_empty():
        pdf.paragraph(_tr("no_changes", lang))
        return
    regions = pdf_sections.region_names(views.Tables(release), lang)
    units = (
        views.Tables(release)
        .get("fct_indicators")
        .select("period", "region_code", "indicator_code", "unit")
    )
    diff = diff.join(units, on=["period", "region_code", "indicator_code"], how="left")
    rows = [
        [
            f"{regions.get(r['region_code'], r['region_code'])} · "
            f"{_name(names, r['indicator_code'], lang)} "
            f"({labels.unit_label(formatting.scale(r['unit'], lang)[0], lang)})",
            # in the unit the report prints figures in, not raw tonnes
            formatting.value_text(r["old"], r["unit"], lang),
            formatting.value_text(r["new"], r["unit"], lang),
            _num(
                None if not r["old"] or r["new"] is None else (r["new"] / r["old"] - 1) * 100,
                3,
                True,
            ),
        ]
        for r in diff.iter_rows(named=True)
    ]
    header = [
        _tr("indicator", lang),
        _with_unit(_tr("old", lang), changes.previous.release_id, lang),
        _with_unit(_tr("new", lang), release.release_id, lang),
        _tr("change_pct", lang),
    ]
    pdf.table_of(header, rows, (70, 38, 38, 28))


def _methods(pdf: ReportPDF, release: Release, lang: str) -> None:
    pdf.section(_tr("methods", lang))
    for key in ("method.co2", "method.energy", "method.intensity", "method.reconciliation"):
        pdf.paragraph(_tr(key, lang), size=9)
    pdf.paragraph(_tr("terms", lang), size=9)
    pdf.paragraph(
        _tr(
            "citation",
            lang,
            title=_tr("title", lang, period=release.period),
            period=release.period,
            release_id=release.release_id,
            published=f"{release.published_at:%Y-%m-%d}",
        ),
        size=9,
    )


def _describe(pdf: ReportPDF, release: Release, lang: str) -> None:
    """The document's metadata: title shown by the viewer, language, outline open."""
    title = _tr("title", lang, period=release.period)
    pdf.set_title(f"{title} ({release.release_id})")
    pdf.set_author(_tr("publisher", lang))
    pdf.set_subject(release.stamp(lang))
    pdf.set_creation_date(release.published_at)
    pdf.set_lang("zh-CN" if lang == "zh" else "en")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.page_mode = PageMode.USE_OUTLINES


def render(release: Release, releases: list[Release] | None = None, lang: str = "zh") -> bytes:
    """The report as PDF bytes; ``releases`` (all published) give the series and the diff."""
    releases = releases if releases is not None else [release]
    tables = views.Tables(release)
    names = labels.indicator_names(release.indicators)
    pdf = ReportPDF(release.stamp(lang), lang)
    _describe(pdf, release, lang)
    _cover(pdf, release, lang)
    _headline(pdf, tables, names, lang)
    _trend(pdf, releases, release, "co2_total_t", names, lang)
    pdf.add_page()
    pdf.section(_tr("emissions", lang))
    _breakdown(pdf, tables, "co2_by_sector", names, lang)
    _breakdown(pdf, tables, "co2_by_fuel", names, lang)
    pdf.add_page()
    pdf.section(_tr("energy", lang))
    _breakdown(pdf, tables, "energy_by_fuel", names, lang)
    _breakdown(pdf, tables, "energy_by_sector", names, lang)
    pdf.add_page()
    _cities(pdf, tables, names, lang)
    _evaluation(pdf, tables, names, lang)
    _sinks_and_sectors(pdf, tables, lang)
    _revisions(pdf, releases, release, names, lang)
    _methods(pdf, release, lang)
    return bytes(pdf.output())


def write(
    release: Release, out: Path, releases: list[Release] | None = None, lang: str = "zh"
) -> Path:
    """Render the report and write it to ``out`` (via a temporary file, then a rename)."""
    data = render(release, releases, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return out
