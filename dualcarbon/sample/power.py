"""Electricity generation by region and source, and the province's inter-provincial exchange.

Province totals follow published Jiangsu figures (rounded); coal-fired and gas-fired
generation are tied to the power sector's coal and gas in the energy table, and net imports
close the balance generation + net imports = electricity consumption.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from dualcarbon.sample._common import PROVINCE, STREAM, Refs, interpolate_path, noise, rng

# Province generation, 10^8 kWh (published figures, rounded; 2023-2024 approximate).
GEN_TOTAL = {
    2015: 4361,
    2016: 4709,
    2017: 4904,
    2018: 5172,
    2019: 5214,
    2020: 5110,
    2021: 5878,
    2022: 5844,
    2023: 6030,
    2024: 6300,
    2030: 7200,
}
# Non-fossil sources, 10^8 kWh (approximate; nuclear = Tianwan, Lianyungang).
GEN_PATH = {
    "nuclear": {
        2015: 170,
        2016: 175,
        2017: 225,
        2018: 320,
        2019: 360,
        2020: 390,
        2021: 460,
        2022: 470,
        2023: 480,
        2024: 490,
        2030: 600,
    },
    "wind": {
        2015: 105,
        2016: 130,
        2017: 160,
        2018: 200,
        2019: 230,
        2020: 320,
        2021: 520,
        2022: 630,
        2023: 680,
        2024: 750,
        2030: 1100,
    },
    "solar": {
        2015: 50,
        2016: 80,
        2017: 110,
        2018: 140,
        2019: 160,
        2020: 180,
        2021: 210,
        2022: 260,
        2023: 350,
        2024: 480,
        2030: 900,
    },
    "hydro": {
        2015: 35,
        2016: 36,
        2017: 37,
        2018: 38,
        2019: 40,
        2020: 42,
        2021: 45,
        2022: 48,
        2023: 55,
        2024: 60,
        2030: 80,
    },  # incl. pumped storage
    "biomass": {2015: 70, 2019: 100, 2024: 130, 2030: 150},
}
GAS_NM3_PER_KWH = 0.20  # gas-fired units (assumed)
GAS_POWER_SHARE = 0.78  # part of the power sector's gas used for electricity, not heat

# City shares by source (%); coal and gas follow the power sector's fuel use by city.
GEN_CITY = {
    "nuclear": {"320700": 100},
    "wind": {
        "320900": 48,
        "320600": 28,
        "320700": 10,
        "320300": 4,
        "320800": 3,
        "321300": 2,
        "321200": 2,
        "321000": 1,
        "320100": 0.5,
        "320200": 0.4,
        "320400": 0.4,
        "320500": 0.4,
        "321100": 0.3,
    },
    "solar": {
        "320900": 16,
        "320300": 12,
        "321300": 8,
        "320800": 8,
        "320600": 10,
        "320700": 7,
        "320500": 9,
        "320400": 6,
        "320200": 5,
        "320100": 4,
        "321000": 5,
        "321200": 5,
        "321100": 5,
    },
    "hydro": {
        "320200": 45,
        "320400": 35,
        "320100": 6,
        "321100": 4,
        "320300": 4,
        "320800": 3,
        "321000": 3,
    },  # Yixing and Liyang pumped storage
    "biomass": {
        "320900": 15,
        "321300": 12,
        "320300": 12,
        "320800": 10,
        "320700": 8,
        "320600": 8,
        "321200": 6,
        "321000": 6,
        "320500": 8,
        "320200": 4,
        "320400": 4,
        "320100": 4,
        "321100": 3,
    },
}

# Inter-provincial exchange: import weights by counterpart (GB/T 2260 province codes) and
# the years they apply from, and export weights. Volumes: net = consumption - generation.
IMPORT_WEIGHTS = {
    2015: {
        "510000": 30,
        "420000": 12,
        "340000": 24,
        "140000": 8,
        "150000": 2,
        "640000": 4,
        "530000": 3,
    },  # Jinping-Sunan UHV DC, Three Gorges, Huainan-Nanjing UHV AC
    2017: {
        "510000": 28,
        "420000": 10,
        "340000": 22,
        "140000": 18,
        "150000": 12,
        "640000": 4,
        "530000": 3,
    },  # + Jinbei-Nanjing and Ximeng-Taizhou UHV
    2022: {
        "510000": 32,
        "420000": 9,
        "340000": 20,
        "140000": 17,
        "150000": 12,
        "640000": 4,
        "530000": 6,
    },  # + Baihetan-Jiangsu UHV DC
}
EXPORT_WEIGHTS = {"310000": 60, "330000": 30, "340000": 10}
EXPORT_TOTAL = {2015: 45, 2024: 80, 2030: 90}  # 10^8 kWh (assumed)


def power_sector_code(refs: Refs) -> str:
    s = refs.sectors.filter(pl.col("ceads_sector").str.contains("Electric Power"))
    return s["sector_code"].item()


def gas_generation(power_gas_10k_nm3: float) -> float:
    """Gas-fired generation (10^4 kWh) from the power sector's natural gas (10^4 Nm3)."""
    return power_gas_10k_nm3 / GAS_NM3_PER_KWH * GAS_POWER_SHARE


def coal_generation(year: int, power_gas_10k_nm3: float) -> float:
    """Coal-fired generation (10^4 kWh): the published total less all other sources."""
    others = sum(interpolate_path(p, year) for p in GEN_PATH.values()) * 1e4
    return interpolate_path(GEN_TOTAL, year) * 1e4 - others - gas_generation(power_gas_10k_nm3)


def _power_fuel_use(refs: Refs, energy: pl.DataFrame) -> pl.DataFrame:
    """Power-sector combustion by region: coal-group tce and natural gas (10^4 Nm3)."""
    groups = refs.fuels.select("fuel_code", "fuel_group")
    tce = pl.DataFrame(list(refs.standard_coal.items()), schema=["fuel_code", "tce"], orient="row")
    p = (
        energy.filter(
            pl.col("sector_code") == power_sector_code(refs), pl.col("use_type") == "combustion"
        )
        .join(groups, on="fuel_code")
        .join(tce, on="fuel_code", how="left")
    )
    return (
        p.group_by("region_code")
        .agg(
            coal_tce=(pl.col("quantity") * pl.col("tce"))
            .filter(pl.col("fuel_group") == "coal")
            .sum(),
            gas=pl.col("quantity").filter(pl.col("fuel_code") == "natural_gas").sum(),
        )
        .sort("region_code")
    )


def electricity_generation(refs: Refs, year: int, energy: pl.DataFrame) -> pl.DataFrame:
    """Generation by region and source (10^4 kWh)."""
    sources = set(refs.ref("ref_power_sources")["source_code"])
    missing = {"coal", "gas", *GEN_PATH} - sources
    if missing:
        raise ValueError(f"ref_power_sources lacks {sorted(missing)}")
    fuel = _power_fuel_use(refs, energy)
    prov = fuel.filter(pl.col("region_code") == PROVINCE).row(0, named=True)
    cities = fuel.filter(pl.col("region_code") != PROVINCE)
    gen = {s: interpolate_path(p, year) * 1e4 for s, p in GEN_PATH.items()}
    gen["gas"] = gas_generation(prov["gas"])
    gen["coal"] = coal_generation(year, prov["gas"])
    g = rng(year, STREAM["generation"])
    order = ["coal", "gas", "hydro", "nuclear", "wind", "solar", "biomass"]
    rows = [(PROVINCE, s, gen[s] * noise(g, 1, 0.003)[0]) for s in order]
    city_share = {
        "coal": dict(
            zip(cities["region_code"], cities["coal_tce"] / cities["coal_tce"].sum(), strict=True)
        ),
        "gas": dict(zip(cities["region_code"], cities["gas"] / cities["gas"].sum(), strict=True)),
    } | {s: {c: v / sum(w.values()) for c, v in w.items()} for s, w in GEN_CITY.items()}
    for s in order:
        gap = 1 + g.uniform(0.002, 0.01) * g.choice([-1.0, 1.0])
        for c in refs.cities:
            share = city_share[s].get(c, 0.0)
            if share > 0:
                rows.append((c, s, gen[s] * share * gap * noise(g, 1, 0.006)[0]))
    frame = pl.DataFrame(rows, schema=["region_code", "source_code", "generation"], orient="row")
    return frame.with_columns(pl.col("generation").round(2), unit=pl.lit("10k_kwh")).sort(
        "region_code", "source_code"
    )


def implied_coal_rate(
    refs: Refs, energy: pl.DataFrame, generation: pl.DataFrame, heat_share: float = 0.2
) -> float:
    """gce/kWh implied by the power sector's coal (less a heat share) over coal-fired output."""
    fuel = _power_fuel_use(refs, energy).filter(pl.col("region_code") == PROVINCE)
    coal_gen = generation.filter(
        pl.col("region_code") == PROVINCE, pl.col("source_code") == "coal"
    )["generation"].item()
    return fuel["coal_tce"].item() * (1 - heat_share) * 1e6 / (coal_gen * 1e4)


def electricity_exchange(
    refs: Refs, year: int, energy: pl.DataFrame, generation: pl.DataFrame
) -> pl.DataFrame:
    """Imports and exports of the province by counterpart province (10^4 kWh)."""
    provinces = set(refs.ref("ref_provinces")["province_code"])
    consumption = energy.filter(
        pl.col("region_code") == PROVINCE, pl.col("fuel_code") == "electricity"
    )["quantity"].sum()
    produced = generation.filter(pl.col("region_code") == PROVINCE)["generation"].sum()
    g = rng(year, STREAM["exchange"])
    net = (consumption - produced) * noise(g, 1, 0.004)[0]
    exports = interpolate_path(EXPORT_TOTAL, year) * 1e4
    imports = net + exports
    weights = IMPORT_WEIGHTS[max(y for y in IMPORT_WEIGHTS if y <= max(year, 2015))]
    rows = []
    for direction, total, w in (("import", imports, weights), ("export", exports, EXPORT_WEIGHTS)):
        codes = sorted(w)
        raw = np.array([w[c] for c in codes]) * noise(g, len(codes), 0.05)
        for code, v in zip(codes, raw / raw.sum() * total, strict=True):
            if code not in provinces:
                raise ValueError(f"province code {code} not in ref_provinces")
            rows.append((PROVINCE, direction, code, float(v)))
    frame = pl.DataFrame(
        rows, schema=["region_code", "direction", "counterpart_code", "quantity"], orient="row"
    )
    return frame.with_columns(pl.col("quantity").round(2), unit=pl.lit("10k_kwh"))
