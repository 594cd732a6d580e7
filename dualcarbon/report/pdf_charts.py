"""The PDF report's charts as SVG documents, which fpdf2 places as images with alternative text
(``FPDF.image(..., alt_text=...)``): each chart is then a tagged /Figure with /Alt in the
structure tree, which fpdf2 gives drawn images and nothing else.

The charts are vector drawings with the report's embedded font (fpdf2 maps the SVG's
``font-family`` to a font added to the document), so their text is still text. Labels are
wrapped by the caller's line breaker (``Wrap``: the document's own ``multi_cell`` in a dry run,
by word in English and by character in Chinese), never cut. Values arrive already formatted
by ``dualcarbon.report.formatting``; nothing here formats a number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

Wrap = Callable[[str, float], list[str]]  # (text, width in mm) -> its lines

PT = 0.3528  # mm per point
LABEL_PT = 7.0
LINE = 3.2  # mm between two lines of a label
BAR = 5.0
GAP = 1.6
BLUE = "#0072B2"  # Okabe-Ito blue; the latest year in orange
ORANGE = "#E69F00"
GREY = "#5A5A5A"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as printed


@dataclass(frozen=True)
class Chart:
    svg: bytes
    height: float  # mm


def _text(x: float, y: float, text: str, family: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.2f}" y="{y:.2f}" font-family="{family}" font-size="{LABEL_PT * PT:.2f}" '
        f'text-anchor="{anchor}" fill="black">{escape(text)}</text>'
    )


def _document(width: float, height: float, parts: Sequence[str]) -> bytes:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}mm" height="{height:.2f}mm" '
        f'viewBox="0 0 {width:.2f} {height:.2f}">'
    )
    return (head + "".join(parts) + "</svg>").encode("utf-8")


def hbars(bars: Sequence[Bar], width: float, family: str, wrap: Wrap) -> Chart:
    """Horizontal bars from a zero line, one per item in the given order, each labelled with
    its wrapped name on the left and its value at the bar's end. Negative values (a net
    exporter's inflow) extend left of the zero line."""
    label_w, value_w = 48.0, 24.0
    plot = width - label_w - value_w
    low = min((b.value for b in bars), default=0.0)
    high = max((b.value for b in bars), default=0.0)
    span = (max(high, 0.0) - min(low, 0.0)) or 1.0
    zero = label_w + plot * (-min(low, 0.0) / span)
    parts, y = [], 1.0
    for bar in bars:
        lines = wrap(bar.label, label_w - 3) or [""]
        row = max(BAR, LINE * len(lines))
        for i, line in enumerate(lines):
            parts.append(_text(label_w - 2, y + LINE * (i + 0.8), line, family, "end"))
        length = plot * abs(bar.value) / span
        left = zero if bar.value >= 0 else zero - length
        parts.append(
            f'<rect x="{left:.2f}" y="{y:.2f}" width="{max(length, 0.3):.2f}" '
            f'height="{BAR:.2f}" fill="{BLUE}"/>'
        )
        end = zero + length + 1.2 if bar.value >= 0 else zero + 1.2
        parts.append(_text(end, y + BAR * 0.75, bar.text, family))
        y += row + GAP
    parts.append(
        f'<line x1="{zero:.2f}" y1="0" x2="{zero:.2f}" y2="{y:.2f}" '
        f'stroke="{GREY}" stroke-width="0.2"/>'
    )
    return Chart(_document(width, y + 1, parts), y + 1)


def columns(points: Sequence[Bar], width: float, family: str) -> Chart:
    """Columns over the years from a zero baseline (the axis starts at zero), the latest year
    highlighted, each with its value above and its year below."""
    plot_h, top = 50.0, 6.0
    peak = max((p.value for p in points), default=0.0) or 1.0
    slot = width / max(1, len(points))
    base = top + plot_h
    parts = [
        f'<line x1="0" y1="{base:.2f}" x2="{width:.2f}" y2="{base:.2f}" '
        f'stroke="{GREY}" stroke-width="0.3"/>'
    ]
    for i, point in enumerate(points):
        bar = plot_h * max(point.value, 0.0) / peak
        colour = ORANGE if i == len(points) - 1 else BLUE
        parts.append(
            f'<rect x="{i * slot + slot * 0.15:.2f}" y="{base - bar:.2f}" '
            f'width="{slot * 0.7:.2f}" height="{bar:.2f}" fill="{colour}"/>'
        )
        centre = i * slot + slot / 2
        parts.append(_text(centre, base - bar - 1.2, point.text, family, "middle"))
        parts.append(_text(centre, base + 4.0, point.label, family, "middle"))
    return Chart(_document(width, base + 6, parts), base + 6)
