"""The one presentation layer for numbers, units and dates (issue 16), used by every public
page, every download and the PDF.

- Units are scaled as the yearbooks print them: 万吨 (10^4 t) and 万吨标准煤 in Chinese, Mt and
  Mtce in English; electricity in 亿千瓦时 / TWh.
- Numbers carry thousands separators and a fixed number of decimals per display unit;
  missing values are "—", never "None", "nan" or "0.000000".
- Times are Beijing time (UTC+8), said so.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone

import polars as pl

MISSING = "—"
BEIJING = timezone(timedelta(hours=8), "CST")

# base unit -> {lang: (display unit code, divisor)}
SCALES: dict[str, dict[str, tuple[str, float]]] = {
    "t_co2": {"zh": ("10k_t_co2", 1e4), "en": ("mt_co2", 1e6)},
    "tce": {"zh": ("10k_tce", 1e4), "en": ("mtce", 1e6)},
    "t": {"zh": ("10k_t", 1e4), "en": ("mt", 1e6)},
    "10k_kwh": {"zh": ("100m_kwh", 1e4), "en": ("twh", 1e5)},
    "10k_t_co2": {"zh": ("10k_t_co2", 1.0), "en": ("mt_co2", 1e2)},
    "10k_tce": {"zh": ("10k_tce", 1.0), "en": ("mtce", 1e2)},
}
# display units that the reference code list (ref_units) does not name
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "mt_co2": ("百万吨二氧化碳", "Mt CO2"),
    "mtce": ("百万吨标准煤", "Mtce"),
    "mt": ("百万吨", "Mt"),
    "twh": ("太瓦时", "TWh"),
    "100m_kwh": ("亿千瓦时", "100 GWh"),
    "10k_t": ("万吨", "10^4 t"),
}


def scale(unit: str | None, lang: str) -> tuple[str, float]:
    """The display unit of a base unit in this language, and the divisor to reach it."""
    if not unit or unit not in SCALES:
        return unit or "", 1.0
    return SCALES[unit][lang if lang in ("zh", "en") else "zh"]


def digits(display_unit: str | None) -> int:
    """Decimals shown for a display unit: intensities 4, everything else 2."""
    return 4 if (display_unit or "").endswith("per_10k_yuan") else 2


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | int | None, places: int = 2, signed: bool = False) -> str:
    """``42,989.28``; ``—`` for a missing value; ``+0.35`` with ``signed``."""
    if is_missing(value):
        return MISSING
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:+,d}" if signed else f"{value:,d}"
    text = f"{value:+,.{places}f}" if signed else f"{value:,.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text.replace(",", "")) == 0 else text


def shown(value: float | None, unit: str | None, lang: str) -> tuple[float | None, str]:
    """A value in its display unit and that unit's code."""
    display, divisor = scale(unit, lang)
    return (None if is_missing(value) else value / divisor), display


def value_text(value: float | None, unit: str | None, lang: str) -> str:
    """A base-unit value as it is printed: scaled, rounded, separated."""
    scaled, display = shown(value, unit, lang)
    return number(scaled, digits(display))


RAW_NUMBER = re.compile(r"-?\d+\.\d+|-?\d{5,}")


def numbers_in_text(text: str, unit: str | None, lang: str) -> str:
    """A published note with figures in it ("修订：828707536.6765975 → 828726202.13") with
    those figures in the display unit, formatted: "82,870.75 → 82,872.62". The note itself
    is the release's and stays as published; only its figures are printed as everywhere else."""
    if not text:
        return text
    display, divisor = scale(unit, lang)
    # a share's revision is a few hundredths: four decimals show it, two would not
    places = 4 if display in ("percent", "percentage_point") else digits(display)
    return RAW_NUMBER.sub(lambda m: number(float(m.group()) / divisor, places), text)


def beijing(when: datetime | str | None, lang: str = "zh", seconds: bool = False) -> str:
    """``2025-09-30 10:00（北京时间）`` / ``2025-09-30 10:00 (Beijing time)``."""
    if when is None or when == "":
        return MISSING
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            return when
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    pattern = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    text = when.astimezone(BEIJING).strftime(pattern)
    return f"{text}（北京时间）" if lang == "zh" else f"{text} (Beijing time)"


def decimals_of(series: pl.Series, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) that show every value of a rounded column."""
    values = series.drop_nulls().drop_nans() if series.dtype.is_float() else series.drop_nulls()
    if not series.dtype.is_float() or values.is_empty():
        return 0
    for places in range(most + 1):
        if ((values - values.round(places)).abs() < 1e-9).all():
            return max(places, 0)
    return most


def formatted(frame: pl.DataFrame) -> pl.DataFrame:
    """Every numeric column as text: separators, the column's own decimals, "—" if missing.
    What a table on a page shows (the chart and the downloads keep numbers)."""
    columns = []
    for name, dtype in frame.schema.items():
        if dtype.is_float():
            places = decimals_of(frame[name])
            columns.append(
                pl.col(name).map_elements(
                    lambda v, p=places: number(v, p), return_dtype=pl.String, skip_nulls=False
                )
            )
        elif dtype.is_integer():
            columns.append(
                pl.col(name).map_elements(number, return_dtype=pl.String, skip_nulls=False)
            )
        else:
            columns.append(pl.col(name).cast(pl.String).fill_null(MISSING))
    return frame.select(columns)
