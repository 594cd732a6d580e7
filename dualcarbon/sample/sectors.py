"""Buildings (housing department), transport (transport department) and the carbon market
(ecology and environment department): province paths with assumed, rounded Jiangsu
magnitudes, split over the cities by GDP or population shares with a little noise (see
data/sample/README.md for every assumption)."""

from __future__ import annotations

import numpy as np
import polars as pl

from dualcarbon.sample._common import PROVINCE, STREAM, Refs, interpolate_path, noise, rng
from dualcarbon.sample.economy import POP_SHARE, _interp_shares, gdp_shares

# --- Buildings (10^4 m2) -------------------------------------------------------------------
FLOOR_2015 = {"urban_residential": 200_000.0, "public": 70_000.0, "rural_residential": 190_000.0}
FLOOR_GROWTH = {"urban_residential": 0.035, "public": 0.035, "rural_residential": -0.01}
GREEN_SHARE = {  # % of the stock certified green, 2015 -> 2024
    "urban_residential": {2015: 6.0, 2024: 30.0},
    "public": {2015: 8.0, 2024: 34.0},
    "rural_residential": {2015: 0.5, 2024: 2.0},
}
RENEWABLE_SHARE = {  # % of the stock with integrated renewables (mostly solar water heating)
    "urban_residential": {2015: 25.0, 2024: 40.0},
    "public": {2015: 15.0, 2024: 30.0},
    "rural_residential": {2015: 5.0, 2024: 12.0},
}
ULTRA_LOW_TOTAL = {2015: 2.0, 2018: 30.0, 2021: 150.0, 2024: 350.0}  # province, all types
NEAR_ZERO_TOTAL = {2018: 0.0, 2019: 2.0, 2022: 25.0, 2024: 60.0}
LOW_ENERGY_SPLIT = {"urban_residential": 0.4, "public": 0.6, "rural_residential": 0.0}

# --- Transport -----------------------------------------------------------------------------
TURNOVER_2015 = {  # 10^8 t-km
    "rail": 330.0,
    "road": 2_100.0,
    "waterway": 5_600.0,
    "pipeline": 110.0,
    "air": 3.0,
}
TURNOVER_GROWTH = {"rail": 0.03, "road": 0.02, "waterway": 0.04, "pipeline": 0.02, "air": 0.05}
# City weights by mode (assumed): ports on the Yangtze and the coast carry the waterway
# turnover, the rail hubs (Xuzhou, Nanjing, Lianyungang) the rail.
MODE_WEIGHTS = {
    "waterway": {
        "320100": 16,
        "320500": 18,
        "320600": 12,
        "320700": 10,
        "321100": 9,
        "321200": 9,
        "320200": 6,
        "321000": 6,
        "320400": 4,
        "320300": 4,
        "320900": 3,
        "320800": 2,
        "321300": 1,
    },
    "rail": {
        "320300": 22,
        "320100": 18,
        "320700": 15,
        "320500": 8,
        "320200": 6,
        "320400": 5,
        "320800": 5,
        "320900": 5,
        "321300": 4,
        "320600": 4,
        "321000": 3,
        "321100": 3,
        "321200": 2,
    },
}
CARS_TOTAL = {2015: 14_000_000, 2019: 19_000_000, 2024: 25_000_000}
NEV_TOTAL = {2015: 40_000, 2018: 300_000, 2021: 900_000, 2024: 2_500_000}
CAR_MIX = {  # % of the non-NEV stock
    "gasoline": {2015: 89.5, 2024: 86.0},
    "diesel": {2015: 9.0, 2024: 8.0},
    "gas": {2015: 1.0, 2024: 1.0},
    "hybrid": {2015: 0.5, 2024: 5.0},
}
NEV_MIX = {"bev": 0.75, "phev": 0.2495, "fcev": 0.0005}
BUSES = {2015: 45_000, 2024: 51_000}
NEW_ENERGY_BUS_SHARE = {2015: 25.0, 2018: 60.0, 2021: 80.0, 2024: 92.0}  # %
CHARGING_POINTS = {2015: 3_000, 2018: 25_000, 2021: 90_000, 2024: 300_000}

# --- Carbon market -------------------------------------------------------------------------
MARKET_FIRST_YEAR = 2019  # the national market's first compliance period covers 2019-2020
POWER_EMITTERS = 210
POWER_CO2_2019 = 250e6  # t CO2, Jiangsu's covered power plants (assumed, rounded)
NEW_SECTORS_2024 = {"S28": 30, "S27": 45, "S29": 5}  # steel, cement, aluminium from 2024
NEW_SECTOR_CO2 = {"S28": 2.2e6, "S27": 0.8e6, "S29": 0.9e6}  # median t CO2 per enterprise


def _split(total: float, shares: dict[str, float], g, amplitude: float = 0.01) -> dict:
    weights = np.array(list(shares.values())) * noise(g, len(shares), amplitude)
    return dict(zip(shares, total * weights / weights.sum(), strict=True))


def _city_shares(refs: Refs, year: int, kind: str) -> dict[str, float]:
    if kind == "rural":
        return _interp_shares(POP_SHARE, year)
    return gdp_shares(year)


def building_stock(refs: Refs, year: int) -> pl.DataFrame:
    g = rng(year, STREAM["buildings"])
    ultra = interpolate_path(ULTRA_LOW_TOTAL, year)
    near = interpolate_path(NEAR_ZERO_TOTAL, year)
    rows = []
    for btype, base in FLOOR_2015.items():
        floor = base * (1 + FLOOR_GROWTH[btype]) ** (year - 2015)
        green = interpolate_path(GREEN_SHARE[btype], year) / 100
        renew = interpolate_path(RENEWABLE_SHARE[btype], year) / 100
        low = LOW_ENERGY_SPLIT[btype]
        province = (floor, floor * green, ultra * low, near * low, floor * renew)
        shares = _city_shares(refs, year, "rural" if btype.startswith("rural") else "urban")
        rows.append((PROVINCE, btype, *province))
        weights = _split(1.0, {c: shares[c] for c in refs.cities}, g, 0.02)
        for city in refs.cities:
            w = weights[city] * float(noise(g, 1, 0.003)[0])
            rows.append((city, btype, *(v * w for v in province)))
    frame = pl.DataFrame(
        rows,
        schema=[
            "region_code",
            "building_type_code",
            "floor_area",
            "green_area",
            "ultra_low_energy_area",
            "near_zero_energy_area",
            "renewable_integrated_area",
        ],
        orient="row",
    )
    return frame.with_columns(pl.exclude("region_code", "building_type_code").round(2))


def freight_turnover(refs: Refs, year: int) -> pl.DataFrame:
    g = rng(year, STREAM["transport"])
    gdp = gdp_shares(year)
    rows = []
    for mode, base in TURNOVER_2015.items():
        total = base * (1 + TURNOVER_GROWTH[mode]) ** (year - 2015)
        if mode == "road" and year >= 2020:
            total *= 0.95  # the 2020 dip, not fully recovered as cargo moved to water and rail
        rows.append((PROVINCE, mode, round(total, 2)))
        weights = MODE_WEIGHTS.get(mode, {c: gdp[c] for c in refs.cities})
        for city, value in _split(total * 1.005, weights, g, 0.03).items():
            rows.append((city, mode, round(value, 2)))
    return pl.DataFrame(rows, schema=["region_code", "mode_code", "turnover"], orient="row")


def vehicle_stock(refs: Refs, year: int) -> pl.DataFrame:
    g = rng(year, STREAM["vehicles"])
    cars = interpolate_path(CARS_TOTAL, year)
    nev = interpolate_path(NEV_TOTAL, year)
    mix = {k: interpolate_path(v, year) for k, v in CAR_MIX.items()}
    total_mix = sum(mix.values())
    province = {k: (cars - nev) * v / total_mix for k, v in mix.items()}
    province |= {k: nev * v for k, v in NEV_MIX.items()}
    pop = _interp_shares(POP_SHARE, year)
    gdp = gdp_shares(year)
    # Cars follow population and income; NEVs lean to the richer south (Suzhou, Nanjing, Wuxi).
    weights = {c: 0.5 * pop[c] + 0.5 * gdp[c] for c in refs.cities}
    nev_weights = {c: gdp[c] ** 1.3 for c in refs.cities}
    rows = [(PROVINCE, k, round(v)) for k, v in province.items()]
    for kind, value in province.items():
        w = nev_weights if kind in NEV_MIX else weights
        for city, v in _split(value, w, g, 0.02).items():
            rows.append((city, kind, round(v)))
    return pl.DataFrame(rows, schema=["region_code", "power_type_code", "vehicles"], orient="row")


def transport_electrification(refs: Refs, year: int) -> pl.DataFrame:
    g = rng(year, STREAM["vehicles"] + 100)
    buses = interpolate_path(BUSES, year)
    share = interpolate_path(NEW_ENERGY_BUS_SHARE, year) / 100
    points = interpolate_path(CHARGING_POINTS, year)
    pop = _interp_shares(POP_SHARE, year)
    gdp = gdp_shares(year)
    rows = [(PROVINCE, round(buses), round(buses * share), round(points))]
    bus_split = _split(buses, pop, g, 0.05)
    point_split = _split(points, gdp, g, 0.05)
    for city in refs.cities:
        city_share = min(1.0, share * float(noise(g, 1, 0.06)[0]))
        n = round(bus_split[city])
        rows.append((city, n, round(n * city_share), round(point_split[city])))
    return pl.DataFrame(
        rows,
        schema=["region_code", "buses", "new_energy_buses", "charging_points"],
        orient="row",
    )


def _enterprises(refs: Refs) -> pl.DataFrame:
    """The fixed list of covered enterprises: power from 2019, steel, cement, aluminium 2024."""
    g = rng(STREAM["market"])
    cities = refs.cities
    gdp = gdp_shares(2019)
    weights = np.array([gdp[c] for c in cities])
    names = dict(refs.regions.select("region_code", "name_zh").iter_rows())
    words = {"S39": "发电", "S28": "钢铁", "S27": "水泥", "S29": "铝业"}
    sectors = ["S39"] * POWER_EMITTERS + [s for s, n in NEW_SECTORS_2024.items() for _ in range(n)]
    rows = []
    for i, sector in enumerate(sectors):
        city = str(g.choice(cities, p=weights / weights.sum()))
        first = MARKET_FIRST_YEAR if sector == "S39" else 2024
        size = float(g.lognormal(0.0, 0.8))
        code = f"91{city[:4]}00{700000000 + i:09d}{'ABCDEFGHJK'[i % 10]}"
        name = f"{names[city].removesuffix('市')}样例{words[sector]}{i + 1:03d}有限公司"
        rows.append((code, name, city, sector, first, size))
    return pl.DataFrame(
        rows,
        schema=["enterprise_id", "enterprise_name", "region_code", "sector_code", "first", "size"],
        orient="row",
    )


def carbon_market(refs: Refs, year: int) -> pl.DataFrame:
    g = rng(year, STREAM["market"])
    firms = _enterprises(refs).filter(pl.col("first") <= year)
    power = firms["sector_code"] == "S39"
    size = firms["size"].to_numpy() * noise(g, firms.height, 0.05)
    power_total = POWER_CO2_2019 * (1.015 ** (year - MARKET_FIRST_YEAR))
    power_sum = size[power.to_numpy()].sum()
    median = firms["sector_code"].replace_strict(NEW_SECTOR_CO2, default=0.0).to_numpy()
    emissions = np.where(power.to_numpy(), size / power_sum * power_total, size * median)
    allocated = emissions * g.uniform(0.96, 1.03, firms.height)
    # Every enterprise surrenders in full: the unmodified sample passes every quality check
    # (a shortfall is a WARN, tested in tests/test_sector_accounts_by_hand.py).
    surrendered = emissions
    return (
        firms.select("enterprise_id", "enterprise_name", "region_code", "sector_code")
        .with_columns(
            verified_emissions=pl.Series(np.round(emissions, 0)),
            allowances_allocated=pl.Series(np.round(allocated, 0)),
            allowances_surrendered=pl.Series(np.round(surrendered, 0)),
        )
        .sort("enterprise_id")
    )
