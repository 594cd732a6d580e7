"""The PDF report's tables of the public site's evaluation, sinks, sectors and revisions pages:
the release's own marts (fct_barometer, fct_evaluation_scorecard, fct_target_progress,
fct_carbon_sinks, fct_net_emissions and the sector marts), every figure printed by
``dualcarbon.report.formatting`` in the scale of the report's language.

Each function returns ``Grid`` objects (a titled table of text) that ``dualcarbon.report.pdf``
lays out. Tables by region put the province first and, under the cities, their sum and the
province minus that sum (the reconciling item), for the columns that add up; shares and
ratios do not add up and show "—" there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dualcarbon import i18n
from dualcarbon.release.store import Release
from dualcarbon.report import formatting, labels
from dualcarbon.report.views import PROVINCE, Tables

MISSING = formatting.MISSING
EPW = 174.0  # the A4 page's width inside the report's margins, mm


def tr(key: str, lang: str, **values: object) -> str:
    """The report's own text, else the one it shares with the public site."""
    own = f"report.{key}"
    return i18n.text(own if i18n.has(own) else f"public.{key}", lang, **values)


def label(prefix: str, code: object, lang: str) -> str:
    key = f"public.{prefix}.{code}"
    return i18n.text(key, lang) if i18n.has(key) else ("" if code is None else str(code))


@dataclass(frozen=True)
class Grid:
    """A titled table of printed text: ``numbers`` right-aligns every column but the first;
    ``align`` ("LEFT"/"RIGHT" per column), when given, says it column by column."""

    title: str
    header: list[str]
    rows: list[list[str]]
    widths: tuple[float, ...]
    numbers: bool = True
    note: str = ""
    align: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Column:
    """One figure column of a table by region: ``column / divisor`` with ``places`` decimals;
    ``additive`` columns get the cities' sum and the reconciling item."""

    header: str
    column: str
    divisor: float = 1.0
    places: int = 2
    additive: bool = False


def scaled(value: float | None, divisor: float) -> float | None:
    return None if formatting.is_missing(value) else value / divisor


def widths(first: float, count: int) -> tuple[float, ...]:
    """The first column ``first`` mm wide, the other ``count`` sharing the rest equally."""
    return (first, *((EPW - first) / count,) * count)


def with_unit(key: str, unit: str, lang: str) -> str:
    return tr("col_with_unit", lang, name=tr(key, lang), unit=labels.unit_label(unit, lang))


def of_period(tables: Tables, table: str) -> pl.DataFrame:
    if not tables.has(table):
        return pl.DataFrame()
    return tables.get(table).filter(pl.col("period") == tables.release.period)


def region_names(tables: Tables, lang: str) -> dict[str, str]:
    return {
        r["region_code"]: labels.pick((r["name_zh"], r["name_en"]), lang)
        for r in tables.regions().iter_rows(named=True)
    }


def _province_first(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(pl.col("region_code") != PROVINCE, "region_code")


def by_region(tables: Tables, frame: pl.DataFrame, columns: Sequence[Column], lang: str) -> list:
    """Rows ``region, figures...``, province first, then the cities' sum and the province
    minus that sum for the additive columns."""
    names = region_names(tables, lang)
    frame = _province_first(frame)
    values = frame.select(
        "region_code", *[(pl.col(c.column) / c.divisor).alias(c.header) for c in columns]
    )
    rows = [
        [names.get(r["region_code"], r["region_code"])]
        + [formatting.number(r[c.header], c.places) for c in columns]
        for r in values.iter_rows(named=True)
    ]
    province = values.filter(pl.col("region_code") == PROVINCE)
    cities = values.filter(pl.col("region_code") != PROVINCE)
    if not province.height or not cities.height or not any(c.additive for c in columns):
        return rows
    sums = [float(cities[c.header].sum()) if c.additive else None for c in columns]
    diffs = [
        None if s is None else float(province[c.header][0] or 0.0) - s
        for s, c in zip(sums, columns, strict=True)
    ]
    for key, figures in (("row_cities_sum", sums), ("row_province_minus_cities", diffs)):
        rows.append(
            [tr(key, lang)]
            + [formatting.number(v, c.places) for v, c in zip(figures, columns, strict=True)]
        )
    return rows


# --- barometer -------------------------------------------------------------------------------

GRADE_COLUMNS = {
    "energy_intensity_grade": "energy_intensity",
    "energy_total_grade": "energy_total_tce",
    "co2_intensity_grade": "co2_intensity",
}


def barometer(tables: Tables, names: dict, lang: str) -> list[Grid]:
    """The province's grades with their reasons; every region's grade of each indicator,
    its overall grade and rank; the regions off track."""
    grids = []
    rows = of_period(tables, "fct_barometer")
    if rows.height:
        province = rows.filter(pl.col("region_code") == PROVINCE).sort("indicator_order")
        grids.append(
            Grid(
                tr("barometer_province", lang),
                [tr("col_indicator", lang), tr("col_grade", lang), tr("col_reason", lang)],
                [
                    [
                        _indicator(names, r["indicator_code"], lang),
                        label("grade", r["grade"] or "not_assessed", lang),
                        labels.pick((r["reason_zh"] or "", r["reason_en"] or ""), lang),
                    ]
                    for r in province.iter_rows(named=True)
                ],
                (44, 44, 86),
                numbers=False,
            )
        )
    card = of_period(tables, "fct_evaluation_scorecard")
    if card.height:
        grids.append(_scorecard(tables, card, names, lang))
    off = of_period(tables, "fct_regions_off_track")
    if off.height:
        grids.append(_off_track(tables, off, names, lang))
    return grids


def _indicator(names: dict, code: str, lang: str) -> str:
    return labels.pick(names[code], lang) if code in names else code


def _scorecard(tables: Tables, card: pl.DataFrame, names: dict, lang: str) -> Grid:
    regions = region_names(tables, lang)
    card = card.sort(pl.col("region_code") != PROVINCE, "city_rank", "region_code", nulls_last=True)
    rows = [
        [regions.get(r["region_code"], r["region_code"])]
        + [label("grade_short", r[col] or "not_assessed", lang) for col in GRADE_COLUMNS]
        + [
            label("grade_short", r["overall_grade"] or "not_assessed", lang),
            formatting.number(r["city_rank"]),
        ]
        for r in card.iter_rows(named=True)
    ]
    header = [
        tr("col_region", lang),
        *[_indicator(names, code, lang) for code in GRADE_COLUMNS.values()],
        tr("col_overall_grade", lang),
        tr("col_rank", lang),
    ]
    return Grid(tr("figure.scorecard", lang), header, rows, (26, 33, 33, 33, 33, 16), numbers=False)


def _off_track(tables: Tables, off: pl.DataFrame, names: dict, lang: str) -> Grid:
    regions = region_names(tables, lang)
    rows = [
        [
            regions.get(r["region_code"], r["region_code"]),
            _indicator(names, r["indicator_code"], lang),
            label("grade_short", r["grade"], lang),
            formatting.number(r["required_progress"]),
            formatting.number(r["actual_progress"]),
            formatting.number(r["progress_gap"], signed=True),
        ]
        for r in off.sort("region_code", "indicator_code").iter_rows(named=True)
    ]
    header = [
        tr("col_region", lang),
        tr("col_indicator", lang),
        tr("col_grade", lang),
        tr("col_required_pct", lang),
        tr("col_actual_pct", lang),
        tr("col_progress_gap", lang),
    ]
    align = ("LEFT",) * 3 + ("RIGHT",) * 3
    widths_ = (24, 40, 26, 28, 28, 28)
    return Grid(tr("figure.off_track", lang), header, rows, widths_, align=align)


# --- targets ---------------------------------------------------------------------------------


def targets(tables: Tables, names: dict, lang: str) -> Grid | None:
    """As the overview's table: a total cap as the total (in 万吨标准煤 / Mtce) beside the cap,
    an intensity as its cut since the plan's base year (%) beside the targeted cut (%)."""
    frame = of_period(tables, "fct_target_progress")
    if not frame.height:
        return None
    cuts = {
        (r["region_code"], r["indicator_code"].replace("_change_since_base", "")): -r["value"]
        for r in tables.get("fct_indicators")
        .filter(pl.col("indicator_code").str.ends_with("_intensity_change_since_base"))
        .iter_rows(named=True)
        if r["value"] is not None
    }
    display, divisor = formatting.scale("10k_tce", lang)  # the target is in 10^4 tce
    cap = tr("target_unit_total", lang, unit=labels.unit_label(display, lang))
    regions = region_names(tables, lang)
    frame = frame.sort(pl.col("region_code") != PROVINCE, "region_code", "indicator_code")
    rows = []
    for r in frame.iter_rows(named=True):
        total = r["indicator_code"] == "energy_total_tce"
        if total:  # the value in tce, the target in 10^4 tce
            actual = None if r["value"] is None else r["value"] / 1e4 / divisor
            target = None if r["target"] is None else r["target"] / divisor
        else:
            actual, target = cuts.get((r["region_code"], r["indicator_code"])), r["target"]
        rows.append(
            [
                regions.get(r["region_code"], r["region_code"]),
                _indicator(names, r["indicator_code"], lang),
                formatting.number(actual),
                formatting.number(target),
                cap if total else tr("target_unit_cut", lang),
                formatting.number(r["required_progress"]),
                formatting.number(r["actual_progress"]),
                label("grade_short", r["grade"] or "not_assessed", lang),
            ]
        )
    header = [
        tr(k, lang)
        for k in (
            "col_region",
            "col_indicator",
            "col_actual",
            "col_target",
            "col_unit",
            "col_required_pct",
            "col_actual_pct",
            "col_grade",
        )
    ]
    # room for the longest English city name and the Chinese progress headers, uncut
    widths_ = (16, 28, 20, 18, 24, 22, 24, 22) if lang == "zh" else (22, 28, 18, 18, 22, 22, 22, 22)
    align = ("LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "LEFT")
    note = tr("targets_source", lang)
    return Grid(tr("targets_title", lang), header, rows, widths_, note=note, align=align)


# --- carbon sinks ----------------------------------------------------------------------------


def sinks(tables: Tables, lang: str) -> list[Grid]:
    """CO2 removed by region and sink type, and net emissions (emissions minus the forest
    sink), each with the cities' sum and the reconciling item."""
    big, divisor = formatting.scale("t_co2", lang)
    grids = []
    frame = of_period(tables, "fct_carbon_sinks")
    if frame.height:
        types = {
            code: labels.pick(pair, lang)
            for code, pair in labels.code_names("ref_sink_types", "sink_type_code").items()
        }
        wide = frame.pivot(on="sink_type", index="region_code", values="tco2_removed")
        kinds = [c for c in wide.columns if c != "region_code"]
        unit = labels.unit_label(big, lang)
        columns = [
            Column(tr("col_with_unit", lang, name=types.get(k, k), unit=unit), k, divisor, 2, True)
            for k in kinds
        ]
        grids.append(_region_grid(tables, "figure.sinks_by_city", wide, columns, lang, 40))
    net = of_period(tables, "fct_net_emissions")
    if net.height:
        columns = [
            Column(with_unit("col_co2_total", big, lang), "co2_total_t", divisor, 2, True),
            Column(
                with_unit("col_headline_sink", big, lang), "headline_sink_tco2", divisor, 2, True
            ),
            Column(with_unit("col_net_emissions", big, lang), "net_emissions_t", divisor, 2, True),
            Column(tr("col_sink_offset", lang), "sink_offset_pct"),
            Column(with_unit("col_other_sinks", big, lang), "other_sinks_tco2", divisor, 2, True),
        ]
        grids.append(_region_grid(tables, "figure.net_emissions", net, columns, lang, 34))
    return grids


# --- sectors ---------------------------------------------------------------------------------


def sectors(tables: Tables, lang: str) -> list[tuple[str, list[Grid]]]:
    """(heading, tables) for industry, buildings, transport and the carbon market."""
    big_tce, tce = formatting.scale("tce", lang)
    parts = []
    units = of_period(tables, "fct_key_energy_units")
    industry = []
    if units.height:
        columns = [
            Column(tr("col_unit_count", lang), "unit_count", places=0, additive=True),
            Column(
                with_unit("col_key_units_energy", big_tce, lang),
                "key_units_energy_tce",
                tce,
                2,
                True,
            ),
            Column(with_unit("col_energy_total", big_tce, lang), "energy_total_tce", tce, 2, True),
            Column(tr("col_key_units_share", lang), "key_units_share_pct"),
        ]
        industry.append(_region_grid(tables, "figure.key_units", units, columns, lang))
    two_high = _two_high(tables, lang)
    if two_high:
        industry.append(two_high)
    if industry:
        parts.append((tr("sector_industry", lang), industry))
    buildings = _buildings(tables, lang)
    if buildings:
        parts.append((tr("sector_buildings", lang), [buildings]))
    transport = _transport(tables, lang)
    if transport:
        parts.append((tr("sector_transport", lang), [transport]))
    market = _carbon_market(tables, lang)
    if market:
        parts.append((tr("sector_carbon_market", lang), [market]))
    return parts


def _region_grid(
    tables: Tables,
    key: str,
    frame: pl.DataFrame,
    columns: Sequence[Column],
    lang: str,
    first: float = 30,
) -> Grid:
    """A table by region titled ``public.<key>``, the region column ``first`` mm wide."""
    return Grid(
        tr(key, lang),
        [tr("col_region", lang), *[c.header for c in columns]],
        by_region(tables, frame, columns, lang),
        widths(first, len(columns)),
    )


def _two_high(tables: Tables, lang: str) -> Grid | None:
    """The province's projects by status (the site's table by city, summed to the province)."""
    frame = of_period(tables, "fct_two_high_projects").filter(pl.col("region_code") == PROVINCE)
    if not frame.height:
        return None
    statuses = labels.code_names("ref_project_statuses", "project_status_code")
    order = {code: i for i, code in enumerate(statuses)}
    big, divisor = formatting.scale("tce", lang)
    frame = frame.with_columns(
        pl.col("project_status").replace_strict(order, default=99).alias("_o")
    ).sort("_o")
    rows = [
        [
            labels.pick(statuses[r["project_status"]], lang)
            if r["project_status"] in statuses
            else r["project_status"],
            formatting.number(r["project_count"]),
            formatting.number(scaled(r["designed_energy_tce"], divisor)),
        ]
        for r in frame.iter_rows(named=True)
    ]
    rows.append(
        [
            tr("total", lang),
            formatting.number(int(frame["project_count"].sum())),
            formatting.number(float(frame["designed_energy_tce"].sum()) / divisor),
        ]
    )
    header = [
        tr("col_project_status", lang),
        tr("col_project_count", lang),
        with_unit("col_designed_energy", big, lang),
    ]
    title = f"{tr('figure.two_high', lang)} · {region_names(tables, lang).get(PROVINCE, '')}"
    return Grid(title, header, rows, (74, 40, 60))


def _buildings(tables: Tables, lang: str) -> Grid | None:
    frame = of_period(tables, "fct_building_summary")
    if not frame.height:
        return None
    columns = [
        Column(with_unit("col_floor_area", "10k_m2", lang), "floor_area", additive=True),
        Column(with_unit("col_green_area", "10k_m2", lang), "green_area", additive=True),
        Column(tr("col_green_share", lang), "green_share_pct"),
        Column(with_unit("col_ultra_low", "10k_m2", lang), "ultra_low_energy_area", additive=True),
        Column(with_unit("col_near_zero", "10k_m2", lang), "near_zero_energy_area", additive=True),
    ]
    return _region_grid(tables, "figure.buildings", frame, columns, lang)


def _transport(tables: Tables, lang: str) -> Grid | None:
    frame = of_period(tables, "fct_transport_summary")
    if not frame.height:
        return None
    columns = [
        Column(tr("col_rail_water_share", lang), "rail_water_share_pct"),
        Column(tr("col_nev_share", lang), "new_energy_share_pct"),
        Column(tr("col_bus_electrification", lang), "bus_electrification_pct"),
        Column(tr("col_charging_points", lang), "charging_points", places=0, additive=True),
        Column(tr("col_nev", lang), "new_energy_vehicles", places=0, additive=True),
    ]
    return _region_grid(tables, "figure.transport_nev", frame, columns, lang)


def _carbon_market(tables: Tables, lang: str) -> Grid | None:
    """The province's sectors in the national market, and their total."""
    frame = of_period(tables, "fct_carbon_market").filter(pl.col("region_code") == PROVINCE)
    if not frame.height:
        return None
    big, divisor = formatting.scale("t_co2", lang)
    sectors_ = {
        r["sector_code"]: labels.pick((r["name_zh"], r["name_en"]), lang)
        for r in tables.get("dim_sector").iter_rows(named=True)
    }
    frame = frame.sort("sector_code")
    sums = ("enterprise_count", "verified_emissions_t", "allowances_allocated_t")
    rows = [
        [
            sectors_.get(r["sector_code"], r["sector_code"]),
            formatting.number(r["enterprise_count"]),
            formatting.number(scaled(r["verified_emissions_t"], divisor)),
            formatting.number(scaled(r["allowances_allocated_t"], divisor)),
            formatting.number(r["compliance_rate_pct"]),
        ]
        for r in frame.iter_rows(named=True)
    ]
    total = [frame[c].sum() for c in sums]
    rows.append(
        [
            tr("total", lang),
            formatting.number(int(total[0])),
            formatting.number(total[1] / divisor),
            formatting.number(total[2] / divisor),
            MISSING,
        ]
    )
    header = [
        tr("col_sector", lang),
        tr("col_enterprises", lang),
        with_unit("col_verified", big, lang),
        with_unit("col_allocated", big, lang),
        tr("col_compliance_rate", lang),
    ]
    title = f"{tr('figure.carbon_market', lang)}"
    return Grid(title, header, rows, (54, 26, 33, 33, 28))


# --- revisions -------------------------------------------------------------------------------


def revision_log(releases: list[Release], release: Release, lang: str) -> Grid | None:
    """Every revision published up to this release: which release it superseded, why, and
    what it changed."""
    revised = sorted(
        (
            r
            for r in releases
            if r.revision
            and r.revision.get("supersedes")
            and r.published_at <= release.published_at
        ),
        key=lambda r: r.published_at,
    )
    if not revised:
        return None
    rows = [
        [
            r.release_id,
            r.revision["supersedes"],
            label("revision", r.revision.get("type"), lang),
            formatting.beijing(r.published_at, lang),
            str(r.revision.get(f"cause_{lang}") or MISSING),
            str(r.revision.get(f"impact_{lang}") or MISSING),
        ]
        for r in revised
    ]
    header = [
        tr(k, lang)
        for k in ("col_release", "col_supersedes", "col_kind", "col_published", "col_reason")
    ] + [tr("col_impact", lang)]
    return Grid(tr("revision_log", lang), header, rows, (24, 24, 22, 28, 38, 38), numbers=False)
