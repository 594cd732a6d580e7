"""What a published release says, as small tidy frames: the headline indicators, emissions
and energy by fuel, sector and city, series across periods, and what changed against the
release it supersedes.

Shared by the public dashboard and the PDF report so that both print the same figures. Reads
only ``dualcarbon.release.store`` releases (never the warehouse, never a candidate). Values
stay in the marts' base units (t CO2, tce, %); frames carry ``name_zh`` and ``name_en`` so
the caller picks the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from dualcarbon.release.store import Release, current_releases, previous_release

PROVINCE = "320000"

# The overview's headline indicators, with their year-on-year and since-base companions.
HEADLINE: tuple[str, ...] = (
    "co2_total_t",
    "co2_total_incl_net_imports_t",
    "energy_total_tce",
    "non_fossil_share",
    "energy_intensity",
    "co2_intensity",
)
YOY = {code: f"{code}_yoy" for code in HEADLINE if code != "co2_total_incl_net_imports_t"}
SINCE_BASE = {
    "energy_intensity": "energy_intensity_change_since_base",
    "co2_intensity": "co2_intensity_change_since_base",
}
INTENSITY_CODES = (
    "energy_intensity",
    "co2_intensity",
    "energy_intensity_yoy",
    "co2_intensity_yoy",
    "energy_intensity_change_since_base",
    "co2_intensity_change_since_base",
)
# Key columns of each period table, for comparing two releases row by row.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "fct_indicators": ("period", "region_code", "indicator_code"),
    "fct_co2_emissions": (
        "period",
        "region_code",
        "sector_code",
        "fuel_code",
        "product_code",
        "scope",
    ),
    "fct_energy_consumption": ("period", "region_code", "sector_code", "fuel_code", "use_type"),
    "fct_region_reconciliation": ("period", "indicator_code"),
    # evaluation, carbon sinks and sectors (issue 6)
    "fct_target_progress": ("period", "region_code", "indicator_code"),
    "fct_barometer": ("period", "region_code", "indicator_code"),
    "fct_evaluation_scorecard": ("period", "region_code"),
    "fct_regions_off_track": ("period", "region_code", "indicator_code"),
    "fct_carbon_sinks": ("period", "region_code", "sink_type"),
    "fct_forest_carbon_stock": ("period", "region_code", "forest_type_code"),
    "fct_net_emissions": ("period", "region_code"),
    "fct_key_energy_units": ("period", "region_code"),
    "fct_two_high_projects": ("period", "region_code", "project_status"),
    "fct_buildings": ("period", "region_code", "building_type_code"),
    "fct_building_summary": ("period", "region_code"),
    "fct_transport_summary": ("period", "region_code"),
    "fct_carbon_market": ("period", "region_code", "sector_code"),
}
TABLE_VALUES: dict[str, tuple[str, ...]] = {
    "fct_indicators": ("value",),
    "fct_co2_emissions": ("tco2",),
    "fct_energy_consumption": ("quantity", "tce"),
    "fct_region_reconciliation": ("province_value", "cities_sum"),
    "fct_target_progress": ("value", "target", "required_progress", "actual_progress"),
    "fct_barometer": (
        "value",
        "previous_value",
        "yoy_change_pct",
        "required_progress",
        "actual_progress",
        "progress_gap",
        "grade_severity",  # a grade that changes with figures that barely moved
    ),
    "fct_evaluation_scorecard": (
        "energy_intensity_gap",
        "energy_total_gap",
        "co2_intensity_gap",
        "red_count",
        "yellow_count",
        "city_rank",
    ),
    "fct_regions_off_track": ("value", "progress_gap"),
    "fct_carbon_sinks": ("tco2_removed",),
    "fct_forest_carbon_stock": ("stock_volume_m3", "carbon_stock_tc", "tco2_removed"),
    "fct_net_emissions": ("co2_total_t", "headline_sink_tco2", "net_emissions_t"),
    "fct_key_energy_units": ("unit_count", "key_units_energy_tce", "energy_total_tce"),
    "fct_two_high_projects": ("project_count", "designed_energy_tce"),
    "fct_buildings": ("floor_area", "green_area", "ultra_low_energy_area", "near_zero_energy_area"),
    "fct_building_summary": ("floor_area", "green_area", "low_energy_area"),
    "fct_transport_summary": (
        "freight_turnover",
        "rail_water_turnover",
        "vehicles",
        "new_energy_vehicles",
        "buses",
        "new_energy_buses",
        "charging_points",
    ),
    "fct_carbon_market": (
        "enterprise_count",
        "verified_emissions_t",
        "allowances_allocated_t",
        "allowances_surrendered_t",
        "complied_count",
    ),
}
# Relative differences below this are float noise from a rebuild, not a change.
CHANGE_TOLERANCE = 1e-9


@dataclass
class Tables:
    """One release's tables, each read from its Parquet file at most once."""

    release: Release
    _read: dict[str, pl.DataFrame] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.release.tables

    def get(self, name: str) -> pl.DataFrame:
        if name not in self._read:
            self._read[name] = self.release.table(name)
        return self._read[name]

    def regions(self) -> pl.DataFrame:
        return self.get("dim_region").select("region_code", "name_zh", "name_en", "level")


def headline(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """indicator_code, value, unit, yoy, yoy_unit, since_base for the headline indicators."""
    ind = tables.get("fct_indicators").filter(pl.col("region_code") == region)
    by_code = {row["indicator_code"]: row for row in ind.iter_rows(named=True)}
    rows = []
    for code in HEADLINE:
        if code not in by_code:
            continue
        yoy = by_code.get(YOY.get(code, ""))
        base = by_code.get(SINCE_BASE.get(code, ""))
        rows.append(
            {
                "indicator_code": code,
                "value": by_code[code]["value"],
                "unit": by_code[code]["unit"],
                "yoy": yoy["value"] if yoy else None,
                "yoy_unit": yoy["unit"] if yoy else None,
                "since_base": base["value"] if base else None,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "indicator_code": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "yoy": pl.Float64,
            "yoy_unit": pl.String,
            "since_base": pl.Float64,
        },
    )


def indicators_for(tables: Tables, codes: tuple[str, ...], region: str = PROVINCE) -> pl.DataFrame:
    """indicator_code, value, unit of the given indicators for one region, in ``codes`` order."""
    order = pl.DataFrame({"indicator_code": list(codes), "_order": list(range(len(codes)))})
    return (
        tables.get("fct_indicators")
        .filter((pl.col("region_code") == region) & pl.col("indicator_code").is_in(codes))
        .join(order, on="indicator_code")
        .sort("_order")
        .select("indicator_code", "value", "unit")
    )


def _named(frame: pl.DataFrame, dim: pl.DataFrame, code: str) -> pl.DataFrame:
    return frame.join(dim.select(code, "name_zh", "name_en"), on=code, how="left").with_columns(
        pl.col("name_zh").fill_null(pl.col(code)), pl.col("name_en").fill_null(pl.col(code))
    )


def _territorial(tables: Tables, region: str) -> pl.DataFrame:
    return tables.get("fct_co2_emissions").filter(
        (pl.col("region_code") == region) & pl.col("scope").is_in(["direct", "process"])
    )


def emissions_by_fuel(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """Territorial CO2 (t) by fuel burned; industrial processes as one more row."""
    lines = _territorial(tables, region)
    fuels = (
        lines.filter(pl.col("scope") == "direct")
        .group_by("fuel_code")
        .agg(pl.col("tco2").sum().alias("value"))
    )
    named = _named(fuels, tables.get("dim_fuel"), "fuel_code").rename({"fuel_code": "code"})
    process = lines.filter(pl.col("scope") == "process")["tco2"].sum()
    if process:
        named = pl.concat(
            [
                named,
                pl.DataFrame(
                    {
                        "code": ["process"],
                        "value": [process],
                        "name_zh": ["工业生产过程"],
                        "name_en": ["Industrial processes"],
                    }
                ).select(named.columns),
            ]
        )
    return named.filter(pl.col("value") != 0).sort("value", descending=True)


def _by_sector_group(frame: pl.DataFrame, sectors: pl.DataFrame, column: str) -> pl.DataFrame:
    """Sum ``column`` by sector group, in the groups' order: code, value, name_zh, name_en."""
    groups = sectors.group_by("sector_group_code").agg(
        pl.col("sector_group_name_zh").first().alias("name_zh"),
        pl.col("sector_group_name_en").first().alias("name_en"),
        pl.col("sort_order").min().alias("_order"),
    )
    return (
        frame.join(sectors.select("sector_code", "sector_group_code"), on="sector_code", how="left")
        .group_by("sector_group_code")
        .agg(pl.col(column).sum().alias("value"))
        .join(groups, on="sector_group_code", how="left")
        .sort("_order")
        .select(pl.col("sector_group_code").alias("code"), "value", "name_zh", "name_en")
    )


def emissions_by_sector(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """Territorial CO2 (t) by sector group (dim_sector.sector_group_code)."""
    return _by_sector_group(_territorial(tables, region), tables.get("dim_sector"), "tco2")


def emissions_by_scope(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """CO2 (t) by scope: combustion, processes and the indirect lines."""
    return (
        tables.get("fct_co2_emissions")
        .filter(pl.col("region_code") == region)
        .group_by("scope")
        .agg(pl.col("tco2").sum().alias("value"))
        .rename({"scope": "code"})
        .sort("code")
    )


def energy_by_fuel_group(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """Total (primary) energy consumption (tce) by fuel group."""
    return (
        tables.get("fct_energy_consumption")
        .filter((pl.col("region_code") == region) & pl.col("counts_in_primary_total"))
        .group_by("fuel_group")
        .agg(pl.col("tce").sum().alias("value"))
        .rename({"fuel_group": "code"})
        .sort("value", descending=True)
    )


def energy_by_sector(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """Final energy consumption (tce, all energy types at calorific value) by sector group."""
    frame = tables.get("fct_energy_consumption").filter(pl.col("region_code") == region)
    return _by_sector_group(frame, tables.get("dim_sector"), "tce")


def by_city(tables: Tables, indicator_code: str) -> pl.DataFrame:
    """One indicator for each prefecture-level city: code, value, unit, name_zh, name_en."""
    cities = tables.regions().filter(pl.col("level") == "prefecture")
    return (
        tables.get("fct_indicators")
        .filter(pl.col("indicator_code") == indicator_code)
        .join(cities, on="region_code", how="inner")
        .sort("region_code")
        .select(pl.col("region_code").alias("code"), "value", "unit", "name_zh", "name_en")
    )


def series(
    releases: list[Release], upto: Release, codes: tuple[str, ...], region: str = PROVINCE
) -> pl.DataFrame:
    """Indicators across periods as the public saw them when ``upto`` was published: for each
    period up to ``upto``'s, the release current at that moment (period, indicator_code,
    value, unit, release_id)."""
    visible = [
        r
        for r in current_releases(releases, as_of=upto.published_at)
        if r.period <= upto.period and "fct_indicators" in r.tables
    ]
    frames = [
        r.table("fct_indicators")
        .filter((pl.col("region_code") == region) & pl.col("indicator_code").is_in(codes))
        .select("period", "indicator_code", "value", "unit")
        .with_columns(pl.lit(r.release_id).alias("release_id"))
        for r in visible
    ]
    if not frames:
        return pl.DataFrame(
            schema={
                "period": pl.String,
                "indicator_code": pl.String,
                "value": pl.Float64,
                "unit": pl.String,
                "release_id": pl.String,
            }
        )
    return pl.concat(frames).sort("period", "indicator_code")


def compare(old: pl.DataFrame, new: pl.DataFrame, table: str) -> pl.DataFrame:
    """Rows of ``table`` that differ between two releases: keys, column, old, new, status
    (``changed``, ``added`` or ``removed``)."""
    keys = list(TABLE_KEYS[table])
    frames = []
    for column in TABLE_VALUES[table]:
        # a row's presence is marked apart from its value: the newer marts have columns that
        # are null by design (a figure not assessed), and null -> null is no change
        joined = old.select(
            *keys, pl.col(column).cast(pl.Float64).alias("old"), pl.lit(True).alias("_in_old")
        ).join(
            new.select(
                *keys, pl.col(column).cast(pl.Float64).alias("new"), pl.lit(True).alias("_in_new")
            ),
            on=keys,
            how="full",
            coalesce=True,
            nulls_equal=True,
        )
        scale = pl.max_horizontal(pl.col("old").abs(), pl.col("new").abs(), pl.lit(1.0))
        frames.append(
            joined.with_columns(
                pl.lit(column).alias("column"),
                pl.when(pl.col("_in_old").is_null())
                .then(pl.lit("added"))
                .when(pl.col("_in_new").is_null())
                .then(pl.lit("removed"))
                .when(pl.col("old").is_null() != pl.col("new").is_null())
                .then(pl.lit("changed"))
                .when((pl.col("new") - pl.col("old")).abs() > CHANGE_TOLERANCE * scale)
                .then(pl.lit("changed"))
                .otherwise(None)
                .alias("status"),
            )
            .filter(pl.col("status").is_not_null())
            .drop("_in_old", "_in_new")
        )
    return pl.concat(frames).sort(keys)


@dataclass(frozen=True)
class Changes:
    """What changed in ``release`` against ``previous`` (the release it supersedes)."""

    previous: Release
    counts: pl.DataFrame  # table, changed, added, removed
    indicators: pl.DataFrame  # fct_indicators rows that differ: keys, old, new, status


def what_changed(releases: list[Release], release: Release) -> Changes | None:
    """None for a release that supersedes nothing (a period's first release)."""
    previous = previous_release(releases, release)
    if previous is None:
        return None
    counts, indicators = [], None
    for table in TABLE_KEYS:
        if table not in release.tables or table not in previous.tables:
            continue
        diff = compare(previous.table(table), release.table(table), table)
        rows = diff.unique(subset=[*TABLE_KEYS[table], "status"])
        counts.append(
            {
                "table": table,
                "changed": rows.filter(pl.col("status") == "changed").height,
                "added": rows.filter(pl.col("status") == "added").height,
                "removed": rows.filter(pl.col("status") == "removed").height,
            }
        )
        if table == "fct_indicators":
            indicators = diff.drop("column")
    if indicators is None:
        indicators = pl.DataFrame()
    return Changes(previous, pl.DataFrame(counts), indicators)


Flag = tuple[str, str, str]  # (status code, note_zh, note_en)


def status_flags(release: Release, changes: Changes | None) -> dict[tuple[str, str, str], Flag]:
    """(period, region_code, indicator_code) -> flag of every value that is not a plain
    observation (practice 12): the release's own observation_status.parquet (E estimated,
    R revised); for a release published without it, R from the comparison with the release
    it supersedes."""
    flags = release.observation_status()
    if not flags.is_empty():
        return {
            (r["period"], r["region_code"], r["indicator_code"]): (
                r["status"],
                r.get("note_zh") or "",
                r.get("note_en") or "",
            )
            for r in flags.iter_rows(named=True)
        }
    return {key: ("R", "", "") for key in revised_keys(changes)}


def revised_keys(changes: Changes | None) -> set[tuple[str, str, str]]:
    """(period, region_code, indicator_code) of indicator values revised by this release:
    the observation status flag 'revised' (practice 12)."""
    if changes is None or changes.indicators.is_empty():
        return set()
    return {
        (row["period"], row["region_code"], row["indicator_code"])
        for row in changes.indicators.filter(pl.col("status") != "removed").iter_rows(named=True)
    }
