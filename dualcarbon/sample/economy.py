"""GDP and population (statistics bureau) and the DRC's targets.

Province GDP, real growth and population are the published Jiangsu figures, rounded; city
figures are approximate shares (see README): cities' sums differ a little from the province,
as in real statistical yearbooks.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from dualcarbon.sample._common import PROVINCE, STREAM, Refs, interpolate_path, rng

GDP = {
    2015: 70116,
    2016: 77388,
    2017: 85870,
    2018: 93208,
    2019: 99632,
    2020: 102719,
    2021: 116364,
    2022: 122876,
    2023: 128222,
    2024: 137008,
}  # 10^8 yuan, current prices
REAL_GROWTH = {
    2015: 8.5,
    2016: 7.8,
    2017: 7.2,
    2018: 6.7,
    2019: 6.1,
    2020: 3.7,
    2021: 8.6,
    2022: 2.8,
    2023: 5.8,
    2024: 5.8,
}  # %
POPULATION = {
    2015: 8029,
    2016: 8118,
    2017: 8207,
    2018: 8296,
    2019: 8386,
    2020: 8477,
    2021: 8505,
    2022: 8515,
    2023: 8522,
    2024: 8526,
}  # 10^4, year-end resident
NOMINAL_GROWTH_AFTER = 5.0  # % a year beyond the last published year (assumption)

# City GDP shares (%) in 2015 and 2024 (interpolated), and population shares (%).
GDP_SHARE = {
    2015: {
        "320500": 20.6,
        "320100": 13.8,
        "320200": 11.8,
        "320600": 8.6,
        "320400": 7.5,
        "320300": 7.5,
        "321000": 5.7,
        "320900": 5.9,
        "321200": 5.2,
        "321100": 5.0,
        "320800": 4.0,
        "320700": 3.0,
        "321300": 2.9,
    },
    2024: {
        "320500": 19.2,
        "320100": 13.9,
        "320200": 12.2,
        "320600": 9.2,
        "320400": 8.0,
        "320300": 7.3,
        "321000": 5.5,
        "320900": 5.8,
        "321200": 5.2,
        "321100": 4.0,
        "320800": 4.0,
        "320700": 3.2,
        "321300": 3.1,
    },
}
POP_SHARE = {
    2015: {
        "320500": 13.3,
        "320100": 10.3,
        "320200": 8.1,
        "320600": 9.1,
        "320400": 5.9,
        "320300": 10.8,
        "321000": 5.6,
        "320900": 9.0,
        "321200": 5.8,
        "321100": 4.0,
        "320800": 6.1,
        "320700": 5.6,
        "321300": 6.1,
    },
    2024: {
        "320500": 15.2,
        "320100": 11.2,
        "320200": 8.8,
        "320600": 9.1,
        "320400": 6.3,
        "320300": 10.6,
        "321000": 5.4,
        "320900": 7.9,
        "321200": 5.3,
        "321100": 3.8,
        "320800": 5.4,
        "320700": 5.4,
        "321300": 5.8,
    },
}


def _interp_shares(table: dict[int, dict[str, float]], year: int) -> dict[str, float]:
    w = min(max((year - 2015) / 9, 0.0), 1.0)
    raw = {c: (1 - w) * table[2015][c] + w * table[2024][c] for c in table[2015]}
    total = sum(raw.values())
    return {c: v / total for c, v in raw.items()}


def gdp_shares(year: int) -> dict[str, float]:
    return _interp_shares(GDP_SHARE, year)


def _province(year: int) -> tuple[float, float, float]:
    last = max(GDP)
    if year <= last:
        return GDP[year], 100 + REAL_GROWTH[year], POPULATION[year]
    gdp = GDP[last] * (1 + NOMINAL_GROWTH_AFTER / 100) ** (year - last)
    return gdp, 100 + REAL_GROWTH[last], POPULATION[last]


def gdp_population(refs: Refs, year: int) -> pl.DataFrame:
    gdp, index, pop = _province(year)
    g = rng(year, STREAM["gdp"])
    cities = refs.cities
    gs, ps = gdp_shares(year), _interp_shares(POP_SHARE, year)
    city_gdp = (
        np.array([gs[c] for c in cities])
        * gdp
        * (1 + g.uniform(0.006, 0.016))
        * g.uniform(0.995, 1.005, len(cities))
    )
    city_index = index + np.clip(g.normal(0, 0.5, len(cities)), -1.2, 1.2)
    city_pop = np.array([ps[c] for c in cities]) * pop * g.uniform(0.998, 1.004, len(cities))
    return pl.DataFrame(
        {
            "region_code": [PROVINCE, *cities],
            "gdp_current": np.round(np.concatenate([[gdp], city_gdp]), 2),
            "real_growth_index": np.round(np.concatenate([[index], city_index]), 1),
            "population": np.round(np.concatenate([[pop], city_pop]), 2),
        }
    )


# Five-year plans: (first year, last year, base year) and the province's targets:
# % decline of energy and CO2 intensity vs the base year, non-fossil share (%) in the last
# year, energy consumption cap (10^4 tce) in the last year. 12th and 13th FYP intensity
# targets are the state-assigned Jiangsu figures; the 14th FYP CO2-intensity target (-19%),
# the non-fossil shares and the caps are assumptions (methods.md: Jiangsu figure not found).
PLANS = [
    (
        (2011, 2015, 2010),
        {
            "energy_intensity_decline": 18.0,
            "co2_intensity_decline": 19.0,
            "non_fossil_share": 7.0,
            "energy_total": 30500,
        },
    ),
    (
        (2016, 2020, 2015),
        {
            "energy_intensity_decline": 17.0,
            "co2_intensity_decline": 20.5,
            "non_fossil_share": 11.0,
            "energy_total": 34000,
        },
    ),
    (
        (2021, 2025, 2020),
        {
            "energy_intensity_decline": 14.0,
            "co2_intensity_decline": 19.0,
            "non_fossil_share": 18.0,
            "energy_total": 37500,
        },
    ),
]
# Annual province targets: intensity declines (% vs previous year), and the yearly path of
# the non-fossil share and the energy cap (assumed, consistent with the plans).
ANNUAL = {
    "energy_intensity_decline": {
        2015: 3.5,
        2016: 3.7,
        2017: 3.7,
        2018: 3.5,
        2019: 3.2,
        2020: 3.0,
        2021: 3.0,
        2022: 3.0,
        2023: 2.8,
        2024: 2.8,
    },
    "co2_intensity_decline": {
        2015: 4.0,
        2016: 4.5,
        2017: 4.5,
        2018: 4.5,
        2019: 4.2,
        2020: 4.0,
        2021: 4.0,
        2022: 4.0,
        2023: 3.9,
        2024: 3.9,
    },
    "non_fossil_share": {
        2015: 7.0,
        2016: 7.8,
        2017: 8.6,
        2018: 9.4,
        2019: 10.2,
        2020: 11.0,
        2021: 12.4,
        2022: 13.8,
        2023: 15.2,
        2024: 16.6,
    },
    "energy_total": {
        2015: 30500,
        2016: 31300,
        2017: 32000,
        2018: 32600,
        2019: 33300,
        2020: 34000,
        2021: 35300,
        2022: 35900,
        2023: 36500,
        2024: 37000,
    },
}
# City offsets from the province: intensity targets in percentage points, non-fossil share
# in points, energy cap as a share of the province (%).
CITY_OFFSET = {
    #          EI     CO2I   non-fossil  cap %
    "320100": (1.0, 1.5, -1.0, 13.5),
    "320200": (0.5, 1.0, -1.5, 10.5),
    "320300": (0.0, 0.5, 2.0, 10.0),
    "320400": (0.5, 0.5, 0.0, 7.0),
    "320500": (1.0, 1.5, -1.0, 22.0),
    "320600": (0.0, 0.0, 3.0, 6.5),
    "320700": (-1.0, -1.0, 6.0, 5.0),
    "320800": (-0.5, -0.5, 1.0, 4.0),
    "320900": (-1.0, -1.0, 8.0, 4.5),
    "321000": (0.0, 0.0, 0.0, 4.5),
    "321100": (0.0, 0.5, -1.0, 6.0),
    "321200": (0.0, 0.0, 0.0, 4.5),
    "321300": (-1.5, -1.5, 2.0, 2.5),
}


def _plan(year: int) -> tuple[tuple[int, int, int], dict[str, float]]:
    for (first, last, base), values in PLANS:
        if first <= year <= last:
            return (first, last, base), values
    return PLANS[-1] if year > PLANS[-1][0][1] else PLANS[0]


def targets(refs: Refs, year: int) -> pl.DataFrame:
    """Five-year and annual targets in force in ``year``, for the province and each city."""
    units = dict(refs.ref("ref_indicators").select("indicator_code", "unit_code").iter_rows())
    (_, last, base), plan = _plan(year)
    indicators = [
        i
        for i in (
            "energy_intensity_decline",
            "co2_intensity_decline",
            "non_fossil_share",
            "energy_total",
        )
        if i in units
    ]
    g = rng(year, STREAM["targets"])
    rows = []
    for region in [PROVINCE, *refs.cities]:
        ei, ci, nf, cap = (0.0, 0.0, 0.0, 100.0) if region == PROVINCE else CITY_OFFSET[region]
        offsets = {
            "energy_intensity_decline": ei,
            "co2_intensity_decline": ci,
            "non_fossil_share": nf,
        }
        for ind in indicators:
            annual = interpolate_path(ANNUAL[ind], year)
            if ind == "energy_total":
                scale = cap / 100 * (1 if region == PROVINCE else 1.03)
                five, annual = round(plan[ind] * scale, 0), round(annual * scale, 0)
            else:
                five = plan[ind] + offsets[ind]
                ratio = five / plan[ind]
                annual = round(
                    annual * ratio + (0 if region == PROVINCE else g.choice([-0.1, 0.0, 0.1])), 1
                )
                five = round(five, 1)
            rows.append((region, ind, "five_year", base, last, five, units[ind]))
            rows.append((region, ind, "annual", year - 1, year, annual, units[ind]))
    return pl.DataFrame(
        rows,
        schema=[
            "region_code",
            "indicator_code",
            "target_kind",
            "base_year",
            "target_year",
            "target_value",
            "unit",
        ],
        orient="row",
    )
