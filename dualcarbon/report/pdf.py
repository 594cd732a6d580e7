"""The official PDF report of a published release, rendered on the server (practice 27).

Cover (release id, period, publication, who prepared, signed off, approved and published it,
any correction notice), the headline indicators, charts and tables of emissions and energy by
sector, fuel and city, what changed against a superseded release, methods, terms and
citation. Every page carries the stamp "Source: Jiangsu DRC, release <id>" (practice 17).

Text is set in Noto Sans CJK SC, embedded as a subset (fpdf2 writes its CFF outlines as
FontFile3), so Chinese prints as characters on any reader. Without that font the report is
not made: ``FontMissing`` says what to install; boxes are never drawn. Reads only the
release (``dualcarbon.release.store``), like the public dashboard.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, WrapMode, XPos, YPos

from dualcarbon import i18n
from dualcarbon.release.store import Release
from dualcarbon.report import breakdowns, formatting, labels, views

FONT_ENV = "DUALCARBON_CJK_FONT"  # another CJK font file, e.g. for a non-Debian machine
DEFAULT_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # NotoSansCJK-*.ttc holds JP, KR, SC, TC, HK: the third is Simplified Chinese
FAMILY = "notosanscjk"
OKABE_ITO = ((0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233))
GREY = (90, 90, 90)

# Report-only texts: key -> (zh, en).
REVISION_KINDS = {
    "correction": ("更正", "Correction"),
    "scheduled_revision": ("例行修订", "Scheduled revision"),
    "method_change": ("方法变更修订", "Method change"),
}


class FontMissing(RuntimeError):
    """No CJK font to embed: the report would print boxes, so it is not made."""

    def __init__(self, path: Path):
        self.message_zh = (
            f"找不到中文字体 {path}，无法生成 PDF 报告（否则中文将显示为方框）。"
            f"请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），"
            f"或用环境变量 {FONT_ENV} 指定一个中文字体文件。"
        )
        self.message_en = (
            f"CJK font {path} not found, so no PDF report is made (Chinese would print as "
            f"boxes). Install fonts-noto-cjk (apt-get install fonts-noto-cjk) or point "
            f"{FONT_ENV} at a CJK font file."
        )
        super().__init__(f"{self.message_zh}\n{self.message_en}")


def font_path() -> Path:
    path = Path(os.environ.get(FONT_ENV) or DEFAULT_FONT)
    if not path.is_file():
        raise FontMissing(path)
    return path


def _tr(key: str, lang: str, **values: object) -> str:
    own = f"report.{key}"  # the report's own texts, then those it shares with the site
    return i18n.text(own if i18n.has(own) else f"public.{key}", lang, **values)


def _num(value: float | None, digits: int = 2) -> str:
    return formatting.number(value, digits)


def _shown(value: float | None, unit: str, lang: str = "zh") -> tuple[float | None, str, int]:
    scaled, display = formatting.shown(value, unit, lang)
    return scaled, display, formatting.digits(display)


class ReportPDF(FPDF):
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

    def heading(self, text: str, size: float = 14) -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.55, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font(FAMILY, "", 10)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font(FAMILY, "", size)
        # Chinese has no spaces to break at: wrap by character, English by word
        wrap = WrapMode.CHAR if self.report_lang == "zh" else WrapMode.WORD
        self.multi_cell(
            0, size * 0.5, text, align="L", wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(2)

    def table_of(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[int],
        numbers: bool = True,
    ) -> None:
        """A table; numbers right-aligned after the first column. No header: a list of facts."""
        self.set_font(FAMILY, "", 9)
        self.set_fill_color(245, 247, 249)  # the striped rows take the current fill colour
        with self.table(
            col_widths=tuple(widths),
            first_row_as_headings=header is not None,
            headings_style=FontFace(emphasis="BOLD", fill_color=(222, 230, 238)),
            cell_fill_color=(245, 247, 249),
            cell_fill_mode=TableCellFillMode.ROWS,
            line_height=5.5,
            text_align=("LEFT", *("RIGHT" if numbers else "LEFT",) * (len(widths) - 1)),
        ) as table:
            if header is not None:
                table.row(list(header))
            for row in rows:
                table.row([str(cell) for cell in row])
        self.ln(4)

    def hbar_chart(self, title: str, items: Sequence[tuple[str, float]], unit: str) -> None:
        """Horizontal bars, largest first, each labelled with its value (a table follows)."""
        items = [(name, value) for name, value in items if value is not None]
        bar_h, gap, label_w = 5.0, 1.6, 48.0
        height = 12 + len(items) * (bar_h + 3.2 + gap) + 8
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        self.set_font(FAMILY, "B", 10)
        self.cell(0, 6, f"{title}（{unit}）" if self.report_lang == "zh" else f"{title} ({unit})")
        self.ln(8)
        top = self.get_y()
        left = self.l_margin + label_w
        width = self.w - self.r_margin - left - 26
        peak = max((abs(v) for _, v in items), default=1.0) or 1.0
        self.set_font(FAMILY, "", 7)
        wrap = WrapMode.CHAR if self.report_lang == "zh" else WrapMode.WORD
        y = top
        for name, value in items:
            # a long label wraps onto a second (third) line instead of being cut
            lines = self.multi_cell(
                label_w - 2, 3.2, name, align="R", wrapmode=wrap, dry_run=True, output="LINES"
            )
            row_h = max(bar_h, 3.2 * len(lines))
            self.set_xy(self.l_margin, y)
            self.multi_cell(label_w - 2, 3.2, name, align="R", wrapmode=wrap)
            self.set_fill_color(*OKABE_ITO[0])
            self.rect(left, y, max(0.3, width * abs(value) / peak), bar_h, style="F")
            self.set_xy(left + width * abs(value) / peak + 1.5, y)
            self.cell(24, bar_h, _num(value))
            y += row_h + gap
        self.set_y(y)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.stamp_text)
        self.set_text_color(0, 0, 0)
        self.ln(9)

    def column_chart(self, title: str, points: Sequence[tuple[str, float]], unit: str) -> None:
        """Columns over the years (a table follows)."""
        height, width = 55.0, self.w - self.l_margin - self.r_margin
        if self.get_y() + height + 20 > self.h - self.b_margin:
            self.add_page()
        self.set_font(FAMILY, "B", 10)
        self.cell(0, 6, f"{title}（{unit}）" if self.report_lang == "zh" else f"{title} ({unit})")
        self.ln(8)
        top, left = self.get_y(), self.l_margin
        peak = max((v for _, v in points), default=1.0) or 1.0
        slot = width / max(1, len(points))
        self.set_draw_color(*GREY)
        self.line(left, top + height, left + width, top + height)
        self.set_font(FAMILY, "", 7)
        for i, (year, value) in enumerate(points):
            bar = height * value / peak
            x = left + i * slot + slot * 0.15
            self.set_fill_color(*OKABE_ITO[(i == len(points) - 1 and 1) or 0])
            self.rect(x, top + height - bar, slot * 0.7, bar, style="F")
            self.set_xy(left + i * slot, top + height - bar - 4)
            self.cell(slot, 4, _num(value, 0), align="C")
            self.set_xy(left + i * slot, top + height + 0.5)
            self.cell(slot, 4, year, align="C")
        self.set_y(top + height + 5)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.stamp_text)
        self.set_text_color(0, 0, 0)
        self.ln(9)


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
        kind = labels.pick(REVISION_KINDS.get(revision.get("type"), ("更正", "Correction")), lang)
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
    pdf.heading(_tr("headline", lang))
    rows = []
    for row in views.headline(tables).iter_rows(named=True):
        value, unit, digits = _shown(row["value"], row["unit"], lang)
        yoy = (
            ""
            if row["yoy"] is None
            else f"{row['yoy']:+.2f} {labels.unit_label(row['yoy_unit'], lang)}"
        )
        base = "" if row["since_base"] is None else f"{row['since_base']:+.2f}"
        rows.append(
            [
                _name(names, row["indicator_code"], lang),
                _num(value, digits),
                labels.unit_label(unit, lang),
                yoy,
                base,
            ]
        )
    header = [_tr(k, lang) for k in ("indicator", "value", "unit", "yoy", "since_base")]
    pdf.table_of(header, rows, (58, 26, 34, 32, 24))


def _breakdown(pdf: ReportPDF, tables: views.Tables, key: str, names: dict, lang: str) -> None:
    """A breakdown (dualcarbon.report.breakdowns): parts and reconciling items as bars, then
    a table of them with the total they add up to."""
    spec = breakdowns.BREAKDOWNS[key]
    frame = spec.rows(tables)
    display, divisor = formatting.scale(spec.unit, lang)
    items = [(row[f"name_{lang}"], row["value"] / divisor) for row in frame.iter_rows(named=True)]
    unit_text = labels.unit_label(display, lang)
    pdf.hbar_chart(_tr(f"figure.{key}", lang), items, unit_text)
    headline = breakdowns.headline_value(tables, spec.headline)
    total = None if headline is None else headline / divisor
    rows = [
        [
            name + (" *" if kind == "reconciling" else ""),
            _num(value),
            _num(None if not total else value / total * 100, 1),
        ]
        for (name, value), kind in zip(items, frame["kind"], strict=True)
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
    points = [(row["period"], row["value"] / divisor) for row in frame.iter_rows(named=True)]
    pdf.column_chart(
        _tr("figure.trend", lang, name=_name(names, code, lang)),
        points,
        labels.unit_label(display, lang),
    )
    pdf.table_of(
        [_tr("year", lang), labels.unit_label(display, lang), _tr("release", lang)],
        [
            [row["period"], _num(row["value"] / divisor), row["release_id"]]
            for row in frame.iter_rows(named=True)
        ],
        (30, 60, 50),
    )


def _cities(pdf: ReportPDF, tables: views.Tables, names: dict, lang: str) -> None:
    pdf.add_page()
    pdf.heading(_tr("cities", lang))
    codes = ("co2_total_t", "energy_total_tce", "co2_intensity", "energy_intensity")
    frames = {code: views.by_city(tables, code) for code in codes}
    co2 = frames["co2_total_t"]
    co2_unit, co2_divisor = formatting.scale("t_co2", lang)
    pdf.hbar_chart(
        _tr("figure.co2_by_city", lang),
        [(row[f"name_{lang}"], row["value"] / co2_divisor) for row in co2.iter_rows(named=True)],
        labels.unit_label(co2_unit, lang),
    )
    header, columns = [_tr("region", lang)], []
    for code in codes:
        unit = frames[code]["unit"][0] if frames[code].height else ""
        _, display, _ = _shown(0.0, unit, lang)
        header.append(_with_unit(_name(names, code, lang), labels.unit_label(display, lang), lang))
        columns.append({r["code"]: r["value"] for r in frames[code].iter_rows(named=True)})
    rows = []
    for row in co2.iter_rows(named=True):
        cells = [row[f"name_{lang}"]]
        for code, values in zip(codes, columns, strict=True):
            value, _, digits = _shown(values.get(row["code"]), frames[code]["unit"][0], lang)
            cells.append(_num(value, digits))
        rows.append(cells)
    pdf.table_of(header, rows, (26, 37, 37, 37, 37))


def _changes(
    pdf: ReportPDF, releases: list[Release], release: Release, names: dict, lang: str
) -> None:
    changes = views.what_changed(releases, release)
    if changes is None:
        return
    pdf.add_page()
    pdf.heading(_tr("changes", lang))
    diff = changes.indicators
    if diff.is_empty():
        pdf.paragraph(_tr("no_changes", lang))
        return
    regions = {
        r["region_code"]: r[f"name_{lang}"]
        for r in views.Tables(release).regions().iter_rows(named=True)
    }
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
            "" if not r["old"] or r["new"] is None else f"{(r['new'] / r['old'] - 1) * 100:+.3f}",
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
    if pdf.get_y() > pdf.h / 2:
        pdf.add_page()
    pdf.heading(_tr("methods", lang))
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


def render(release: Release, releases: list[Release] | None = None, lang: str = "zh") -> bytes:
    """The report as PDF bytes; ``releases`` (all published) give the series and the diff."""
    releases = releases if releases is not None else [release]
    tables = views.Tables(release)
    names = labels.indicator_names(release.indicators)
    pdf = ReportPDF(release.stamp(lang), lang)
    title = _tr("title", lang, period=release.period)
    pdf.set_title(f"{title} ({release.release_id})")
    pdf.set_author(_tr("publisher", lang))
    pdf.set_subject(release.stamp(lang))
    pdf.set_creation_date(release.published_at)
    pdf.set_lang("zh-CN" if lang == "zh" else "en")

    _cover(pdf, release, lang)
    _headline(pdf, tables, names, lang)
    _trend(pdf, releases, release, "co2_total_t", names, lang)
    pdf.add_page()
    pdf.heading(_tr("emissions", lang))
    _breakdown(pdf, tables, "co2_by_sector", names, lang)
    _breakdown(pdf, tables, "co2_by_fuel", names, lang)
    pdf.add_page()
    pdf.heading(_tr("energy", lang))
    _breakdown(pdf, tables, "energy_by_fuel", names, lang)
    _breakdown(pdf, tables, "energy_by_sector", names, lang)
    _cities(pdf, tables, names, lang)
    _changes(pdf, releases, release, names, lang)
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
