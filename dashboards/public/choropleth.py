"""The map of Jiangsu's 13 prefecture-level cities, coloured by a figure or a grade.

The boundaries are a vendored GeoJSON file, ``data/reference/boundaries/jiangsu_prefectures.geojson``
(its source, licence and checksum: the README beside it), whose features carry the city's
GB/T 2260 code in ``properties.region_code``: the same code as the release's ``dim_region``,
so a figure joins its city by code, never by name. Drawn with Altair's ``mark_geoshape`` so the
map is a Vega chart like every other (same export, same accessibility).

When the file is absent the pages draw the figure as bars by city (and the barometer its tile
grid) and say that the map is not available: a map is never drawn from boundaries of unknown
origin or licence.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import altair as alt
import polars as pl

from dualcarbon.paths import REPO_ROOT

BOUNDARIES = REPO_ROOT / "data" / "reference" / "boundaries" / "jiangsu_prefectures.geojson"
CODE = "region_code"  # the property that holds the GB/T 2260 code
MAP_WIDTH = 520
MAP_HEIGHT = 480


class JoinError(ValueError):
    """The boundaries and the release's cities do not match one to one."""


@cache
def _read(path: str, mtime: float) -> tuple[tuple[dict, ...], str]:
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(collection.get("features") or ()), str(collection.get("attribution") or "")


def features(path: Path | None = None) -> tuple[dict, ...] | None:
    """The boundary features, or None when no boundary file is vendored."""
    path = path or BOUNDARIES
    if not path.is_file():
        return None
    return _read(str(path), path.stat().st_mtime)[0]


def attribution(path: Path | None = None) -> str:
    """The credit the boundaries' licence asks for (the collection's ``attribution``)."""
    path = path or BOUNDARIES
    return _read(str(path), path.stat().st_mtime)[1] if path.is_file() else ""


def check_join(found: tuple[dict, ...], cities: list[str]) -> None:
    """Every city has exactly one feature and every feature is a city, else JoinError
    naming the codes that do not join."""
    codes = [str((f.get("properties") or {}).get(CODE)) for f in found]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    missing = sorted(set(cities) - set(codes))
    extra = sorted(set(codes) - set(cities))
    if doubled or missing or extra:
        raise JoinError(f"missing={missing} extra={extra} doubled={doubled}")


def joined(found: tuple[dict, ...], frame: pl.DataFrame) -> list[dict]:
    """The features with the frame's row of their city merged into ``properties`` (the frame
    has a ``region_code`` column; its other columns become properties of plain names)."""
    rows = {row[CODE]: row for row in frame.iter_rows(named=True)}
    out = []
    for feature in found:
        code = feature["properties"][CODE]
        properties = {**feature["properties"], **rows.get(code, {})}
        out.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return out


def map_chart(
    found: tuple[dict, ...],
    frame: pl.DataFrame,
    color: alt.Color,
    tooltip: list[alt.Tooltip],
    title: str,
    subtitle: str,
) -> alt.Chart:
    """The cities' shapes coloured by ``color`` (fields: ``properties.<column>``), white
    borders, a conformal projection (Jiangsu spans 3 degrees of latitude)."""
    return (
        alt.Chart(
            alt.Data(values=joined(found, frame)),
            title=alt.TitleParams(title, subtitle=subtitle, anchor="start"),
        )
        .mark_geoshape(stroke="white", strokeWidth=1)
        .encode(color=color, tooltip=tooltip)
        .project(type="mercator")
        .properties(width=MAP_WIDTH, height=MAP_HEIGHT, description=f"{title}. {subtitle}")
    )
