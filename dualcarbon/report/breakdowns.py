"""Every breakdown the public site and the PDF print, each adding up to its headline.

A breakdown is a tidy frame ``code, value, name_zh, name_en, kind`` whose ``kind`` is
``part`` (a component of the headline) or ``reconciling`` (an item that is part of the
headline but not of the dimension broken down, shown so that the rows add up). The rows of a
breakdown always sum to the headline indicator it names (``Breakdown.headline``), read from
the release's ``fct_indicators``; ``tests/test_breakdowns_reconcile.py`` checks this for every
breakdown of every published release.

Why reconciling items are needed (issue 16): the equal-value total ``energy_total_tce``
(dbt ``int_energy__region_totals``) is fossil fuels + direct non-fossil use + non-fossil
electricity generated in the region + net electricity inflow, both at the year's thermal
power coal rate. ``fct_energy_consumption`` carries only the first two (its
``counts_in_primary_total`` lines); no mart publishes the other two. They are recovered here
from published figures only:

- non-fossil primary electricity = ``non_fossil_share`` × ``energy_total_tce`` / 100 minus the
  direct non-fossil use of ``fct_energy_consumption``;
- net electricity inflow = the ``indirect_electricity`` line's activity (10^4 kWh, in
  ``fct_co2_emissions``) × the coal rate that ``fct_energy_consumption`` applied to
  electricity (``tce_coal_equivalent / quantity``).

The second is independent of the headline, so the sum is a real check, not a residual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from dualcarbon.report import views
from dualcarbon.report.views import PROVINCE, Tables

SCHEMA = {
    "code": pl.String,
    "value": pl.Float64,
    "name_zh": pl.String,
    "name_en": pl.String,
    "kind": pl.String,
}
FUEL_GROUP_ORDER = ("coal", "oil", "gas", "non_fossil")
RECONCILING: dict[str, tuple[str, str]] = {
    "non_fossil_direct": ("非化石能源直接利用", "Non-fossil energy, direct use"),
    "non_fossil_power": (
        "非化石能源发电（按火电煤耗折算）",
        "Non-fossil electricity generated (at the coal rate)",
    ),
    "net_electricity_inflow": (
        "净调入电力（按火电煤耗折算）",
        "Net electricity inflow (at the coal rate)",
    ),
    "province_minus_cities": (
        "差额：全省减设区市合计",
        "Difference: province minus the sum of the cities",
    ),
}


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA)


def _row(code: str, value: float, names: tuple[str, str], kind: str) -> dict:
    return {"code": code, "value": value, "name_zh": names[0], "name_en": names[1], "kind": kind}


def headline_value(tables: Tables, code: str, region: str = PROVINCE) -> float | None:
    found = views.indicators_for(tables, (code,), region)
    return found["value"][0] if found.height else None


def _energy_lines(tables: Tables, region: str) -> pl.DataFrame:
    return tables.get("fct_energy_consumption").filter(pl.col("region_code") == region)


def coal_rate(tables: Tables) -> float | None:
    """tce per 10^4 kWh that the release applied to electricity (coal-equivalent method)."""
    lines = tables.get("fct_energy_consumption").filter(
        (pl.col("fuel_code") == "electricity") & (pl.col("quantity") != 0)
    )
    if not lines.height:
        return None
    return (lines["tce_coal_equivalent"] / lines["quantity"]).median()


def net_inflow_tce(tables: Tables, region: str = PROVINCE) -> float:
    """Net electricity inflow in tce (negative for a net exporter), from published tables."""
    lines = tables.get("fct_co2_emissions").filter(
        (pl.col("region_code") == region) & (pl.col("scope") == "indirect_electricity")
    )
    rate = coal_rate(tables)
    if not lines.height or rate is None:
        return 0.0
    return float(lines["activity"].sum()) * rate


def _electricity_items(tables: Tables, region: str) -> list[dict]:
    """Non-fossil primary electricity and net inflow: in the total, in no consumption line."""
    total = headline_value(tables, "energy_total_tce", region) or 0.0
    share = headline_value(tables, "non_fossil_share", region) or 0.0
    direct = _energy_lines(tables, region).filter(pl.col("fuel_group") == "non_fossil")["tce"].sum()
    power = share * total / 100 - direct
    return [
        _row("non_fossil_power", power, RECONCILING["non_fossil_power"], "reconciling"),
        _row(
            "net_electricity_inflow",
            net_inflow_tce(tables, region),
            RECONCILING["net_electricity_inflow"],
            "reconciling",
        ),
    ]


def energy_by_type(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """Total energy (tce) by type: coal, oil, gas, non-fossil direct use, then non-fossil
    electricity and net inflow, which the consumption lines leave out."""
    from dualcarbon.report.labels import FUEL_GROUPS

    lines = _energy_lines(tables, region).filter(pl.col("counts_in_primary_total"))
    sums = dict(lines.group_by("fuel_group").agg(pl.col("tce").sum()).iter_rows())
    rows = []
    for group in FUEL_GROUP_ORDER:
        if group == "non_fossil":
            names = RECONCILING["non_fossil_direct"]
            rows.append(_row("non_fossil_direct", sums.get(group, 0.0), names, "part"))
        else:
            rows.append(_row(group, sums.get(group, 0.0), FUEL_GROUPS[group], "part"))
    return _frame(rows + _electricity_items(tables, region))


def energy_by_sector(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    """Total energy (tce) by sector group where the energy is first used: fuels (and direct
    non-fossil use) by the sector burning them, power and heat plants included; end-use
    electricity and heat are not added again. Non-fossil electricity and net inflow belong to
    no sector and are shown as reconciling items."""
    lines = _energy_lines(tables, region).filter(pl.col("counts_in_primary_total"))
    parts = views._by_sector_group(lines, tables.get("dim_sector"), "tce")
    parts = parts.with_columns(pl.lit("part").alias("kind")).select(list(SCHEMA))
    return pl.concat([parts.cast(SCHEMA), _frame(_electricity_items(tables, region))])


def _as_parts(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.lit("part").alias("kind")).select(list(SCHEMA)).cast(SCHEMA)


def co2_by_fuel(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    return _as_parts(views.emissions_by_fuel(tables, region))


def co2_by_sector(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    return _as_parts(views.emissions_by_sector(tables, region))


def co2_by_scope(tables: Tables, region: str = PROVINCE) -> pl.DataFrame:
    from dualcarbon.report.labels import SCOPES

    frame = views.emissions_by_scope(tables, region).with_columns(
        pl.col("code")
        .replace_strict({c: p[0] for c, p in SCOPES.items()}, default=pl.col("code"))
        .alias("name_zh"),
        pl.col("code")
        .replace_strict({c: p[1] for c, p in SCOPES.items()}, default=pl.col("code"))
        .alias("name_en"),
    )
    order = {code: i for i, code in enumerate(SCOPES)}
    frame = frame.sort(pl.col("code").replace_strict(order, default=99))
    return _as_parts(frame)


def by_city(tables: Tables, code: str) -> pl.DataFrame:
    """One additive indicator for each city, and the difference between the province and the
    cities' sum: the release's own reconciliation item (fct_region_reconciliation) when it
    has one, else province minus cities."""
    cities = views.by_city(tables, code).with_columns(pl.lit("part").alias("kind"))
    parts = cities.select(list(SCHEMA)).cast(SCHEMA)
    item = None
    if tables.has("fct_region_reconciliation"):
        rec = tables.get("fct_region_reconciliation").filter(pl.col("indicator_code") == code)
        if rec.height:
            item = float(rec["reconciliation_item"][0])
    if item is None:
        item = (headline_value(tables, code) or 0.0) - float(parts["value"].sum())
    names = RECONCILING["province_minus_cities"]
    return pl.concat([parts, _frame([_row("province_minus_cities", item, names, "reconciling")])])


@dataclass(frozen=True)
class Breakdown:
    key: str  # figure key: public.figure.<key>, file names
    headline: str  # the indicator the rows add up to
    unit: str  # base unit of the values
    rows: Callable[[Tables], pl.DataFrame]


def _city(code: str) -> Callable[[Tables], pl.DataFrame]:
    def rows(tables: Tables) -> pl.DataFrame:
        return by_city(tables, code)

    return rows


# Every breakdown of totals that the public pages and the PDF show.
BREAKDOWNS: dict[str, Breakdown] = {
    b.key: b
    for b in (
        Breakdown("energy_by_fuel", "energy_total_tce", "tce", energy_by_type),
        Breakdown("energy_by_sector", "energy_total_tce", "tce", energy_by_sector),
        Breakdown("energy_by_city", "energy_total_tce", "tce", _city("energy_total_tce")),
        Breakdown("co2_by_fuel", "co2_total_t", "t_co2", co2_by_fuel),
        Breakdown("co2_by_sector", "co2_total_t", "t_co2", co2_by_sector),
        Breakdown("co2_by_city", "co2_total_t", "t_co2", _city("co2_total_t")),
        Breakdown("co2_by_scope", "co2_total_incl_net_imports_t", "t_co2", co2_by_scope),
    )
}
# Additive indicators whose city breakdown carries the reconciliation item.
ADDITIVE = (
    "co2_total_t",
    "co2_total_incl_net_imports_t",
    "energy_total_tce",
    "coal_tce",
    "oil_tce",
    "gas_tce",
)
