"""Energy consumption and process activity, calibrated on CEADs.

Province, fossil fuels, 2015-2019: quantity(s, f) = CEADs Mt CO2(s, f) × 1e6 / EF(f), with EF
from factor_fuel_combustion, so that the platform's own factors give back CEADs' energy CO2.
Later years continue the 2019 structure along assumed group trajectories (see README).
Cities: the province split by CEADs city shares and sector tilts (iterative proportional
fitting), then a small per-fuel reporting discrepancy so that the cities do not add up exactly.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from dualcarbon.sample._common import (
    CALIBRATION_YEARS,
    PROVINCE,
    STREAM,
    Refs,
    interpolate_path,
    noise,
    norm_name,
    rng,
    round_to_unit,
)
from dualcarbon.sample.power import coal_generation, power_sector_code

# Tilt groups of the 47 CEADs sectors (normalised names); anything unlisted is "light".
_GROUPS = {
    "agri": [
        "Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy",
        "Logging and Transport of Wood and Bamboo",
    ],
    "coal_mining": ["Coal Mining and Dressing"],
    "oil_extraction": ["Petroleum and Natural Gas Extraction"],
    "mining": [
        "Ferrous Metals Mining and Dressing",
        "Nonferrous Metals Mining and Dressing",
        "Nonmetal Minerals Mining and Dressing",
        "Other Minerals Mining and Dressing",
    ],
    "textile": [
        "Textile Industry",
        "Garments and Other Fiber Products",
        "Leather, Furs, Down and Related Products",
    ],
    "petro": ["Petroleum Processing and Coking"],
    "chem": ["Raw Chemical Materials and Chemical Products", "Chemical Fiber"],
    "cement": ["Nonmetal Mineral Products"],
    "steel": ["Smelting and Pressing of Ferrous Metals"],
    "metal": ["Smelting and Pressing of Nonferrous Metals"],
    "machinery": [
        "Metal Products",
        "Ordinary Machinery",
        "Equipment for Special Purposes",
        "Transportation Equipment",
        "Instruments, Meters, Cultural and Office Machinery",
        "Scrap and waste",
    ],
    "electronics": [
        "Electric Equipment and Machinery",
        "Electronic and Telecommunications Equipment",
    ],
    "power": ["Production and Supply of Electric Power, Steam and Hot Water"],
    "utility": ["Production and Supply of Gas", "Production and Supply of Tap Water"],
    "construction": ["Construction"],
    "transport": ["Transportation, Storage, Post and Telecommunication Services"],
    "services": ["Wholesale, Retail Trade and Catering Services", "Others"],
    "urban": ["Urban"],
    "rural": ["Rural"],
}
SECTOR_GROUP = {norm_name(s): g for g, names in _GROUPS.items() for s in names}

# Relative size of a sector within its group, for electricity and heat (default 1).
_SIZE = {
    norm_name(k): v
    for k, v in {
        "Logging and Transport of Wood and Bamboo": 0.02,
        "Other Minerals Mining and Dressing": 0.1,
        "Food Processing": 1.5,
        "Beverage Production": 0.6,
        "Tobacco Processing": 0.2,
        "Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products": 0.6,
        "Furniture Manufacturing": 0.4,
        "Papermaking and Paper Products": 1.6,
        "Printing and Record Medium Reproduction": 0.4,
        "Cultural, Educational and Sports Articles": 0.5,
        "Medical and Pharmaceutical Products": 1.3,
        "Plastic Products": 1.5,
        "Other Manufacturing Industry": 0.3,
        "Textile Industry": 3.0,
        "Garments and Other Fiber Products": 0.6,
        "Leather, Furs, Down and Related Products": 0.3,
        "Raw Chemical Materials and Chemical Products": 3.0,
        "Metal Products": 1.5,
        "Ordinary Machinery": 1.5,
        "Transportation Equipment": 1.2,
        "Instruments, Meters, Cultural and Office Machinery": 0.5,
        "Scrap and waste": 0.2,
        "Electronic and Telecommunications Equipment": 1.6,
        "Production and Supply of Gas": 0.3,
        "Wholesale, Retail Trade and Catering Services": 1.2,
    }.items()
}

# City tilts by sector group (default 1): where each city's industry is concentrated.
CITY_TILT: dict[str, dict[str, float]] = {
    "320100": {
        "petro": 3.0,
        "chem": 2.2,
        "steel": 1.6,
        "power": 0.8,
        "services": 1.4,
        "transport": 1.5,
        "agri": 0.5,
    },  # Nanjing: refineries, chemicals, Meishan steel
    "320200": {
        "machinery": 1.5,
        "electronics": 1.6,
        "textile": 1.6,
        "steel": 1.4,
        "power": 0.9,
        "cement": 1.2,
        "agri": 0.5,
    },  # Wuxi
    "320300": {
        "power": 1.6,
        "coal_mining": 40.0,
        "cement": 1.8,
        "steel": 1.3,
        "chem": 1.2,
        "electronics": 0.5,
        "machinery": 1.2,
        "agri": 1.5,
    },  # Xuzhou: coal and power
    "320400": {"steel": 1.5, "machinery": 1.4, "electronics": 1.2, "cement": 1.4},  # Changzhou
    "320500": {
        "electronics": 2.0,
        "machinery": 1.4,
        "textile": 1.6,
        "steel": 1.3,
        "services": 1.3,
        "agri": 0.5,
    },  # Suzhou: manufacturing, Shagang steel
    "320600": {"textile": 1.5, "machinery": 1.2, "power": 1.1},  # Nantong
    "320700": {"petro": 1.8, "chem": 1.5, "steel": 1.3, "power": 0.9},  # Lianyungang
    "320800": {
        "chem": 1.4,
        "power": 1.1,
        "cement": 1.2,
        "oil_extraction": 2.0,
        "agri": 1.6,
    },  # Huai'an
    "320900": {"agri": 2.0, "power": 1.1, "steel": 1.2, "oil_extraction": 3.0},  # Yancheng
    "321000": {"petro": 1.3, "chem": 1.2, "oil_extraction": 12.0, "machinery": 1.1},  # Yangzhou
    "321100": {"power": 1.3, "cement": 1.8, "chem": 1.4, "petro": 1.3, "metal": 1.5},  # Zhenjiang
    "321200": {"chem": 1.5, "petro": 1.4, "machinery": 1.1},  # Taizhou
    "321300": {"agri": 2.0, "rural": 1.3, "light": 1.3, "electronics": 0.6, "steel": 0.3},  # Suqian
}

# Electricity end use by group, % of the province total, 2015 and 2024 (interpolated).
ELEC_SHARE = {
    2015: {
        "agri": 1.2,
        "coal_mining": 0.4,
        "oil_extraction": 0.2,
        "mining": 0.3,
        "light": 6.0,
        "textile": 9.0,
        "petro": 1.2,
        "chem": 12.0,
        "cement": 4.5,
        "steel": 10.0,
        "metal": 2.5,
        "machinery": 8.0,
        "electronics": 10.0,
        "power": 6.5,
        "utility": 0.8,
        "construction": 1.0,
        "transport": 2.0,
        "services": 11.4,
        "urban": 8.5,
        "rural": 4.5,
    },
    2024: {
        "agri": 1.3,
        "coal_mining": 0.2,
        "oil_extraction": 0.2,
        "mining": 0.2,
        "light": 5.8,
        "textile": 6.5,
        "petro": 1.3,
        "chem": 10.5,
        "cement": 3.5,
        "steel": 8.0,
        "metal": 2.8,
        "machinery": 8.5,
        "electronics": 11.0,
        "power": 6.0,
        "utility": 0.9,
        "construction": 1.2,
        "transport": 3.8,
        "services": 14.1,
        "urban": 9.5,
        "rural": 4.7,
    },
}
HEAT_SHARE = {
    "chem": 38.0,
    "textile": 16.0,
    "light": 14.0,
    "petro": 5.0,
    "steel": 3.0,
    "machinery": 4.0,
    "electronics": 3.0,
    "cement": 1.0,
    "metal": 1.0,
    "services": 6.0,
    "urban": 8.0,
    "power": 1.0,
}
# Province totals: electricity (10^8 kWh, published Jiangsu figures, rounded) and heat (10^8 GJ,
# assumed).
ELEC_TOTAL_100M_KWH = {
    2015: 5115,
    2016: 5459,
    2017: 5808,
    2018: 6128,
    2019: 6264,
    2020: 6374,
    2021: 7101,
    2022: 7400,
    2023: 7833,
    2024: 8487,
    2030: 10800,
}
HEAT_TOTAL_100M_GJ = {2015: 3.6, 2019: 4.3, 2020: 4.3, 2024: 5.2, 2030: 6.0}
BIOMASS_TCE = {2015: 1_500_000, 2024: 900_000, 2030: 700_000}  # rural straw/firewood (assumed)

# Non-energy use (feedstock), province, in the fuel's reporting unit (assumed magnitudes).
FEEDSTOCK = [
    (
        "Raw Chemical Materials and Chemical Products",
        "natural_gas",
        {2015: 95_000, 2024: 160_000, 2030: 190_000},
    ),  # 10^4 Nm3 (ammonia, methanol)
    (
        "Raw Chemical Materials and Chemical Products",
        "raw_coal",
        {2015: 4_200_000, 2024: 4_600_000},
    ),  # t (coal gasification)
    (
        "Raw Chemical Materials and Chemical Products",
        "other_petroleum_products",
        {2015: 2_300_000, 2021: 2_700_000, 2022: 3_600_000, 2024: 3_900_000},
    ),  # t (naphtha ...)
    (
        "Petroleum Processing and Coking",
        "crude_oil",
        {2015: 1_200_000, 2024: 1_500_000},
    ),  # t (lubricants, bitumen: non-energy part only)
]
FEEDSTOCK_CITY = {
    "320100": 30,
    "320700": 12,
    "321200": 12,
    "320600": 8,
    "320800": 10,
    "320500": 8,
    "321100": 7,
    "320900": 5,
    "320300": 5,
    "320400": 3,
    "320200": 2,
    "321000": 6,
    "321300": 1,
}

# 2020+ trajectories (growth % per year, 2020..2024; the last value repeats): total energy CO2,
# natural gas and oil; coal is the remainder.
GROWTH_TOTAL = [-2.0, 3.5, 0.0, 1.5, 0.8]
GROWTH_GAS = [7.0, 10.0, 8.0, 9.0, 10.0]
GROWTH_OIL = [-4.0, 4.0, -1.0, 2.0, 1.0]

# Cement clinker by city (share, %), and the post-2019 index of province clinker (2019 = 1).
CEMENT_CITY = {
    "320300": 20,
    "320400": 14,
    "320200": 12,
    "321100": 14,
    "320100": 8,
    "320800": 8,
    "320500": 5,
    "320700": 4,
    "320900": 3,
    "321200": 3,
    "321000": 3,
    "320600": 3,
    "321300": 3,
}
CLINKER_AFTER_2019 = {
    2019: 1.0,
    2020: 0.995,
    2021: 0.985,
    2022: 0.955,
    2023: 0.94,
    2024: 0.925,
    2030: 0.85,
}

CELL_NOISE = 0.012  # province cells, ≤ ±1.5%
CITY_NOISE = 0.008  # city cells
CITY_GAP = (0.004, 0.010)  # |cities' sum / province - 1| per fuel, before cell noise


def _growth(rates: list[float], year: int) -> float:
    """Cumulative index year/2019 for a list of yearly % rates starting 2020."""
    idx = 1.0
    for y in range(2020, year + 1):
        idx *= 1 + rates[min(y - 2020, len(rates) - 1)] / 100
    return idx


def _sectors(refs: Refs) -> pl.DataFrame:
    return (
        refs.sectors.with_columns(
            ceads_key=pl.col("ceads_sector").map_elements(norm_name, return_dtype=pl.String)
        )
        .with_columns(
            group=pl.col("ceads_key").replace_strict(SECTOR_GROUP, default="light"),
            size=pl.col("ceads_key").replace_strict(_SIZE, default=1.0, return_dtype=pl.Float64),
        )
        .select("sector_code", "ceads_sector", "ceads_key", "group", "size")
    )


def ceads_quantities(refs: Refs) -> pl.DataFrame:
    """CEADs-implied fossil quantities, noise-free: year, sector_code, fuel_code, q, ef, co2_t."""
    fuels = refs.fuels.filter(pl.col("is_fossil") & (pl.col("ceads_key") != ""))
    ceads = refs.ceads_province.filter(
        pl.col("sector") != "Total", pl.col("mt_co2") > 0
    ).with_columns(
        ceads_key=pl.col("sector").map_elements(norm_name, return_dtype=pl.String),
        fuel_key=pl.col("fuel").map_elements(norm_name, return_dtype=pl.String),
    )
    frame = (
        ceads.join(_sectors(refs).select("sector_code", "ceads_key"), on="ceads_key")
        .join(
            fuels.select("fuel_code", "ceads_key").rename({"ceads_key": "fuel_key"}), on="fuel_key"
        )
        .join(refs.emission_factors.select("fuel_code", "ef"), on="fuel_code")
    )
    return frame.select(
        "year",
        "sector_code",
        "fuel_code",
        "ef",
        co2_t=pl.col("mt_co2") * 1e6,
        q=pl.col("mt_co2") * 1e6 / pl.col("ef"),
    )


def _group_index(refs: Refs, base: pl.DataFrame, year: int) -> dict[str, float]:
    """Multipliers vs 2019 after 2019: gas, oil, power-sector coal and other coal.

    Total energy CO2, gas and oil follow GROWTH_*; the power sector's coal-group fuels follow
    coal-fired generation × the coal rate (so that gce/kWh stays in line with
    factor_power_coal_rate), and the other sectors' coal takes the remainder.
    """
    groups = dict(refs.fuels.select("fuel_code", "fuel_group").iter_rows())
    power = power_sector_code(refs)
    b19 = base.filter(pl.col("year") == 2019).with_columns(
        g=pl.col("fuel_code").replace_strict(groups), p=pl.col("sector_code") == power
    )
    by = dict(b19.group_by("g").agg(pl.col("co2_t").sum()).iter_rows())
    power_coal = b19.filter(pl.col("p"), pl.col("g") == "coal")["co2_t"].sum()
    power_gas = b19.filter(pl.col("p"), pl.col("fuel_code") == "natural_gas")["q"].sum()
    total = sum(by.values()) * _growth(GROWTH_TOTAL, year)
    m_gas, m_oil = _growth(GROWTH_GAS, year), _growth(GROWTH_OIL, year)
    coal = total - by["gas"] * m_gas - by["oil"] * m_oil
    m_power = (
        coal_generation(year, power_gas * m_gas)
        * refs.power_coal_rate(year)
        / (coal_generation(2019, power_gas) * refs.power_coal_rate(2019))
    )
    m_other = (coal - power_coal * m_power) / (by["coal"] - power_coal)
    return {"gas": m_gas, "oil": m_oil, "coal_power": m_power, "coal": m_other}


def province_fossil(refs: Refs, year: int) -> pl.DataFrame:
    """Province fossil combustion: sector_code, fuel_code, quantity (fuel unit), ef."""
    base = ceads_quantities(refs)
    g = rng(year, STREAM["energy"])
    if year in CALIBRATION_YEARS:
        frame = base.filter(pl.col("year") == year).sort("sector_code", "fuel_code")
        mult = np.ones(frame.height)
    else:
        index = _group_index(refs, base, year)
        groups = dict(refs.fuels.select("fuel_code", "fuel_group").iter_rows())
        power = power_sector_code(refs)
        frame = base.filter(pl.col("year") == 2019).sort("sector_code", "fuel_code")
        keys = [
            groups[f] + ("_power" if s == power and groups[f] == "coal" else "")
            for s, f in zip(frame["sector_code"], frame["fuel_code"], strict=True)
        ]
        mult = np.array([index[k] for k in keys])
    frame = frame.with_columns(quantity=pl.col("q") * mult * noise(g, frame.height, CELL_NOISE))
    return frame.select("sector_code", "fuel_code", "quantity", "ef")


def _frame(sector_fuel_q: list[tuple[str, str, float]], use_type: str) -> pl.DataFrame:
    return pl.DataFrame(
        sector_fuel_q, schema=["sector_code", "fuel_code", "quantity"], orient="row"
    ).with_columns(use_type=pl.lit(use_type))


def province_other(refs: Refs, year: int) -> pl.DataFrame:
    """Electricity, heat, biomass (combustion) and feedstock rows for the province."""
    sectors = _sectors(refs)
    code_of = {r["ceads_key"]: r["sector_code"] for r in sectors.iter_rows(named=True)}
    w = ((year - 2015) / 9) if year <= 2024 else 1.0
    rows = []
    elec_total = interpolate_path(ELEC_TOTAL_100M_KWH, year) * 1e4  # 10^4 kWh
    heat_total = interpolate_path(HEAT_TOTAL_100M_GJ, year) * 1e8  # GJ
    for fuel, total, shares in (
        (
            "electricity",
            elec_total,
            {k: (1 - w) * ELEC_SHARE[2015][k] + w * ELEC_SHARE[2024][k] for k in ELEC_SHARE[2015]},
        ),
        ("heat", heat_total, HEAT_SHARE),
    ):
        s = (
            sectors.filter(pl.col("group").is_in(list(shares)))
            .with_columns(
                gshare=pl.col("group").replace_strict(shares, return_dtype=pl.Float64),
                gsize=pl.col("size").sum().over("group"),
            )
            .with_columns(v=pl.col("gshare") * pl.col("size") / pl.col("gsize"))
        )
        s = s.with_columns(v=pl.col("v") / pl.col("v").sum() * total)
        rows += [(r["sector_code"], fuel, r["v"]) for r in s.iter_rows(named=True)]
    frame = _frame(rows, "combustion")
    if "biomass" in refs.standard_coal:
        tce = interpolate_path(BIOMASS_TCE, year) / refs.standard_coal["biomass"]
        frame = pl.concat(
            [frame, _frame([(code_of[norm_name("Rural")], "biomass", tce)], "combustion")]
        )
    feed = [(code_of[norm_name(s)], f, interpolate_path(path, year)) for s, f, path in FEEDSTOCK]
    frame = pl.concat([frame, _frame(feed, "feedstock")])
    g = rng(year, STREAM["energy"], 1)
    return frame.sort("use_type", "sector_code", "fuel_code").with_columns(
        quantity=pl.col("quantity") * noise(g, frame.height, CELL_NOISE)
    )


def city_shares(refs: Refs, year: int) -> dict[str, float]:
    """City shares of energy CO2 from CEADs city totals.

    Missing city-years in 2015-2019 are filled by linear interpolation between known years
    and, at the end, by the city's mean share of its last three known years; after 2019 the
    2019 shares continue with their 2015-2019 trend, damped by half and capped at ±2%/yr.
    """
    cities = refs.cities
    c = refs.ceads_cities.filter(pl.col("year").is_between(2015, 2019))
    table = np.full((len(cities), 5), np.nan)
    for r in c.iter_rows(named=True):
        if r["city_code"] in cities:
            table[cities.index(r["city_code"]), r["year"] - 2015] = r["mt_co2"]
    known_total = np.nansum(table, axis=0)
    shares = table / known_total
    for i in range(len(cities)):
        row = shares[i]
        ok = ~np.isnan(row)
        if ok.sum() == 0:
            row[:] = 1 / len(cities)
            continue
        xs = np.arange(5)
        inner = (xs > xs[ok].min()) & (xs < xs[ok].max()) & ~ok
        row[inner] = np.interp(xs[inner], xs[ok], row[ok])
        row[np.isnan(row)] = row[ok][-3:].mean()
    shares = shares / shares.sum(axis=0)
    if year <= 2019:
        s = shares[:, max(year, 2015) - 2015]
    else:
        slope = np.clip(0.5 * (shares[:, 4] / shares[:, 0] - 1) / 4, -0.02, 0.02)
        s = shares[:, 4] * (1 + slope * (year - 2019))
        s = s / s.sum()
    return dict(zip(cities, s.tolist(), strict=True))


def _tilts(refs: Refs, groups: list[str]) -> np.ndarray:
    return np.array([[CITY_TILT.get(c, {}).get(g, 1.0) for g in groups] for c in refs.cities])


def _ipf(seed: np.ndarray, row_target: np.ndarray, col_target: np.ndarray) -> np.ndarray:
    m = seed.copy()
    for _ in range(50):
        m *= (col_target / np.maximum(m.sum(axis=0), 1e-300))[None, :]
        m *= (row_target / np.maximum(m.sum(axis=1), 1e-300))[:, None]
    return m * (col_target / np.maximum(m.sum(axis=0), 1e-300))[None, :]


def _fuel_gaps(refs: Refs, year: int) -> dict[str, float]:
    """Per-fuel reporting discrepancy of the cities' sum (never zero)."""
    fuels = sorted(refs.fuels["fuel_code"].to_list())
    g = rng(year, STREAM["energy_city"], 0)
    size = g.uniform(*CITY_GAP, len(fuels)) * g.choice([-1.0, 1.0], len(fuels))
    return dict(zip(fuels, (1 + size).tolist(), strict=True))


def split_cities(
    refs: Refs,
    year: int,
    prov: pl.DataFrame,
    base_share: dict[str, float],
    weight: str | None = None,
    tilt: bool = True,
    stream: int = 1,
) -> pl.DataFrame:
    """Split province rows across cities.

    With ``weight`` (a column, e.g. CO2), cities' weighted totals are fitted to ``base_share``
    by IPF; otherwise each row is split by base_share × tilt, normalised per row.
    """
    cities = refs.cities
    groups = dict(_sectors(refs).select("sector_code", "group").iter_rows())
    cols = [groups.get(s, "light") for s in prov["sector_code"]]
    share = np.array([base_share[c] for c in cities])
    seed = share[:, None] * (_tilts(refs, cols) if tilt else 1.0)
    q = prov["quantity"].to_numpy()
    if weight:
        wt = q * prov[weight].to_numpy()
        m = _ipf(seed * wt[None, :], share * wt.sum(), wt)
        frac = m / np.maximum(wt[None, :], 1e-300)
    else:
        frac = seed / seed.sum(axis=0)[None, :]
    g = rng(year, STREAM["energy_city"], stream)
    gaps = _fuel_gaps(refs, year)
    gap = np.array([gaps[f] for f in prov["fuel_code"]])
    cell = g.uniform(1 - CITY_NOISE, 1 + CITY_NOISE, frac.shape)
    values = frac * q[None, :] * gap[None, :] * cell
    n = len(cities)
    return pl.DataFrame(
        {
            "region_code": np.repeat(cities, prov.height),
            "sector_code": np.tile(prov["sector_code"].to_numpy(), n),
            "fuel_code": np.tile(prov["fuel_code"].to_numpy(), n),
            "use_type": np.tile(prov["use_type"].to_numpy(), n),
            "quantity": values.ravel(),
        }
    )


def energy_consumption(refs: Refs, year: int, gdp_share: dict[str, float]) -> pl.DataFrame:
    """The complete energy_consumption table for a year (province and cities)."""
    fossil = province_fossil(refs, year).with_columns(use_type=pl.lit("combustion"))
    other = province_other(refs, year)
    parts = [
        fossil.drop("ef").with_columns(region_code=pl.lit(PROVINCE)),
        other.with_columns(region_code=pl.lit(PROVINCE)),
        split_cities(refs, year, fossil, city_shares(refs, year), weight="ef", stream=1),
    ]
    combustion = other.filter(pl.col("use_type") == "combustion")
    parts.append(split_cities(refs, year, combustion, gdp_share, stream=2))
    feed = other.filter(pl.col("use_type") == "feedstock")
    total = sum(FEEDSTOCK_CITY.values())
    parts.append(
        split_cities(
            refs,
            year,
            feed,
            {c: FEEDSTOCK_CITY.get(c, 0.5) / total for c in refs.cities},
            tilt=False,
            stream=3,
        )
    )
    cols = ["region_code", "sector_code", "fuel_code", "use_type", "quantity"]
    frame = pl.concat([p.select(cols) for p in parts]).join(
        refs.fuels.select("fuel_code", pl.col("unit_code").alias("unit")), on="fuel_code"
    )
    frame = round_to_unit(frame).filter(pl.col("quantity") > 0)
    return frame.sort("region_code", "use_type", "sector_code", "fuel_code")


def process_activity(refs: Refs, year: int) -> pl.DataFrame:
    """Cement clinker by region (t): province = CEADs process CO2 / factor, 2015-2019."""
    factor = refs.process_factor("cement_clinker")
    ceads = refs.ceads_province.filter(pl.col("sector") == "Total", pl.col("fuel") == "Process")
    by_year = dict(ceads.select("year", "mt_co2").iter_rows())
    if year in CALIBRATION_YEARS:
        clinker = by_year[year] * 1e6 / factor
    else:
        clinker = by_year[2019] * 1e6 / factor * interpolate_path(CLINKER_AFTER_2019, year)
    g = rng(year, STREAM["process"])
    clinker *= noise(g, 1, 0.005)[0]
    total = sum(CEMENT_CITY.values())
    cities = refs.cities
    gap = 1 + g.uniform(*CITY_GAP) * g.choice([-1.0, 1.0])
    city = (
        np.array([CEMENT_CITY.get(c, 0.0) for c in cities])
        / total
        * clinker
        * gap
        * noise(g, len(cities), 0.01)
    )
    unit = (
        refs.ref("ref_process_products")
        .filter(pl.col("product_code") == "cement_clinker")["unit_code"]
        .item()
    )
    qty_t = refs.convert(1.0, "t", unit)
    frame = pl.DataFrame(
        {
            "region_code": [PROVINCE, *cities],
            "product_code": "cement_clinker",
            "quantity": np.concatenate([[clinker], city]) * qty_t,
            "unit": unit,
        }
    )
    return round_to_unit(frame)
