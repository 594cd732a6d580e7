"""The forestry bureau's forest inventory and coastal-wetland areas (carbon sinks).

Forest: the province's growing stock is anchored on the 9th national forest inventory
(2014-2018, published for Jiangsu: 7,044.48 x 10^4 m3, 155.99 x 10^4 ha of forest), taken
as the 2017 level, growing an assumed 4.5 % a year (stock) and 1.5 % a year (area). It is
split by forest type (poplar plantations dominate Jiangsu) and by city with assumed shares;
see data/sample/README.md. Wetland: assumed salt-marsh and seagrass areas of the three
coastal cities (Yancheng, Nantong, Lianyungang). Cities' sums differ a little from the
province, as in real returns.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from dualcarbon.sample._common import PROVINCE, STREAM, Refs, noise, rng

STOCK_2017 = 7044.48  # 10^4 m3, 9th national forest inventory, Jiangsu
AREA_2017 = 1_559_900.0  # ha (155.99 x 10^4 ha)
STOCK_GROWTH, AREA_GROWTH = 0.045, 0.015  # a year (assumed)

# Share of the growing stock by forest type (%, assumed; poplar plantations dominate), and
# stock per hectare relative to the average (conifers and oaks are older, denser stands).
TYPE_SHARE = {"poplar": 55.0, "other_broadleaf": 20.0, "fir": 12.0, "pine": 8.0, "oak": 5.0}
TYPE_DENSITY = {"poplar": 1.0, "other_broadleaf": 0.8, "fir": 1.3, "pine": 0.9, "oak": 0.9}

# City shares of the growing stock (%, assumed): the northern plain cities with large poplar
# belts (Yancheng, Suqian, Xuzhou, Huai'an) hold most of it; the hills of Nanjing, Zhenjiang
# and Changzhou-Liyang most conifers and oaks.
CITY_SHARE = {
    "320100": 6.0,
    "320200": 3.0,
    "320300": 13.0,
    "320400": 4.0,
    "320500": 4.0,
    "320600": 5.0,
    "320700": 8.0,
    "320800": 11.0,
    "320900": 17.0,
    "321000": 5.0,
    "321100": 4.0,
    "321200": 5.0,
    "321300": 15.0,
}
HILL_CITIES = {"320100", "321100", "320400"}  # more conifers and oaks

# Coastal wetlands, ha in 2015 (assumed), and their yearly change (assumed: salt marsh
# grows with the accreting coast, seagrass is stable).
WETLAND_2015 = {
    "320900": {"salt_marsh": 32_000.0, "seagrass": 0.0},
    "320600": {"salt_marsh": 6_500.0, "seagrass": 0.0},
    "320700": {"salt_marsh": 3_800.0, "seagrass": 320.0},
}
WETLAND_GROWTH = {"salt_marsh": 0.01, "seagrass": 0.0}


def _type_weights(region: str) -> dict[str, float]:
    weights = dict(TYPE_SHARE)
    if region in HILL_CITIES:
        weights = weights | {"poplar": 30.0, "fir": 25.0, "pine": 18.0, "oak": 12.0}
    total = sum(weights.values())
    return {t: w / total for t, w in weights.items()}


def _region_rows(region: str, stock: float, area: float, g) -> list[tuple]:
    weights = _type_weights(region)
    types = list(weights)
    stock_by_type = np.array([weights[t] for t in types]) * stock * noise(g, len(types), 0.002)
    per_ha = stock / area  # 10^4 m3 per ha on average
    area_by_type = stock_by_type / (per_ha * np.array([TYPE_DENSITY[t] for t in types]))
    return [
        (region, t, round(float(a), 1), round(float(s), 2))
        for t, a, s in zip(types, area_by_type, stock_by_type, strict=True)
    ]


def forest_inventory(refs: Refs, year: int) -> pl.DataFrame:
    """Year-end forest area (ha) and growing stock (10^4 m3) by region and forest type.

    The cities are drawn first; the province reports their sum per type with a small
    reporting gap (its own monitoring), as real returns do."""
    stock = STOCK_2017 * (1 + STOCK_GROWTH) ** (year - 2017)
    area = AREA_2017 * (1 + AREA_GROWTH) ** (year - 2017)
    g = rng(year, STREAM["forest"])
    total = sum(CITY_SHARE.values())
    rows = []
    for city in refs.cities:
        share = CITY_SHARE[city] / total * float(noise(g, 1, 0.001)[0])
        rows += _region_rows(city, stock * share, area * share, g)
    cities = pl.DataFrame(
        rows,
        schema=["region_code", "forest_type_code", "forest_area", "stock_volume"],
        orient="row",
    )
    province = (
        cities.group_by("forest_type_code", maintain_order=True)
        .agg(pl.col("forest_area", "stock_volume").sum())
        .with_columns(
            forest_area=(pl.col("forest_area") * 1.002).round(1),
            stock_volume=(pl.col("stock_volume") * 1.002).round(2),
            region_code=pl.lit(PROVINCE),
        )
        .select(cities.columns)
    )
    return pl.concat([province, cities])


def wetland_inventory(refs: Refs, year: int) -> pl.DataFrame:
    """Year-end coastal-wetland area (ha) by region and type; inland cities report 0."""
    rows = []
    for region in [PROVINCE, *refs.cities]:
        for kind, growth in WETLAND_GROWTH.items():
            if region == PROVINCE:
                base = sum(areas[kind] for areas in WETLAND_2015.values())
            else:
                base = WETLAND_2015.get(region, {}).get(kind, 0.0)
            rows.append((region, kind, round(base * (1 + growth) ** (year - 2015), 1)))
    return pl.DataFrame(
        rows, schema=["region_code", "wetland_type_code", "wetland_area"], orient="row"
    )
