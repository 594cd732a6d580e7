"""The industry department's key energy-using units and the DRC's two-high project register.

Both are synthetic registers with plausible Jiangsu magnitudes (data/sample/README.md):
- key units: a fixed register of 800 units (the sample's stand-in for Jiangsu's key
  energy-using units of 10,000 tce and more), log-normal in size, whose energy is scaled
  each year so that the units use an assumed share (50-72 %, by city) of the city's energy
  consumption in the same year's energy_consumption sample;
- two-high projects: 150 projects in the steel, petrochemical, chemical, building-materials,
  non-ferrous and coal-power sectors moving from planned to under construction to existing.
Names and codes are marked as samples (样例) and belong to no real enterprise.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from dualcarbon.sample._common import STREAM, Refs, noise, rng

N_UNITS = 800
N_PROJECTS = 150

# Share of the city's energy (GB/T 2589 coefficients, electricity at calorific value) used by
# its key units (%, assumed); in the platform's equal-value totals this comes to about 45-80 %.
KEY_UNIT_SHARE = {
    "320100": 60.0,
    "320200": 58.0,
    "320300": 52.0,
    "320400": 56.0,
    "320500": 58.0,
    "320600": 55.0,
    "320700": 60.0,
    "320800": 50.0,
    "320900": 55.0,
    "321000": 55.0,
    "321100": 55.0,
    "321200": 55.0,
    "321300": 50.0,
}
# Sectors of the key units, weights (assumed) and output value per tce (10^4 yuan/tce, 2015,
# assumed from the sectors' energy intensity; grows 3 % a year as intensity falls).
UNIT_SECTORS = {
    "S39": (14, 0.25),
    "S28": (12, 0.8),
    "S22": (16, 1.2),
    "S27": (9, 0.6),
    "S21": (4, 1.0),
    "S29": (4, 1.5),
    "S13": (9, 2.5),
    "S18": (4, 1.2),
    "S24": (5, 1.5),
    "S35": (7, 12.0),
    "S31": (4, 6.0),
    "S33": (4, 8.0),
    "S34": (4, 8.0),
    "S30": (4, 4.0),
}
SECTOR_WORD = {
    "S39": "热电",
    "S28": "钢铁",
    "S22": "化工",
    "S27": "建材",
    "S21": "石化",
    "S29": "有色金属",
    "S13": "纺织",
    "S18": "纸业",
    "S24": "化纤",
    "S35": "电子",
    "S31": "机械",
    "S33": "汽车部件",
    "S34": "电气",
    "S30": "金属制品",
}
# Two-high sectors and the median designed energy of a project (tce, assumed).
PROJECT_SECTORS = {
    "S28": 600_000.0,
    "S21": 900_000.0,
    "S22": 200_000.0,
    "S27": 150_000.0,
    "S29": 120_000.0,
    "S39": 400_000.0,
}


def _city_tce(refs: Refs, consumption: pl.DataFrame) -> dict[str, float]:
    """Each region's energy use in tce (GB/T 2589 coefficients, electricity at calorific)."""
    tce = refs.standard_coal
    frame = consumption.with_columns(
        tce=pl.col("quantity") * pl.col("fuel_code").replace_strict(tce, default=0.0)
    )
    return dict(frame.group_by("region_code").agg(pl.col("tce").sum()).iter_rows())


def _register(refs: Refs) -> pl.DataFrame:
    """The fixed register: one row per unit, independent of the year."""
    g = rng(STREAM["key_units"])
    cities = refs.cities
    weights = np.array([KEY_UNIT_SHARE[c] for c in cities])
    city = g.choice(cities, size=N_UNITS, p=weights / weights.sum())
    sectors = list(UNIT_SECTORS)
    sector_w = np.array([UNIT_SECTORS[s][0] for s in sectors], dtype=float)
    sector = g.choice(sectors, size=N_UNITS, p=sector_w / sector_w.sum())
    size = g.lognormal(0.0, 1.2, N_UNITS)
    growth = g.normal(0.02, 0.03, N_UNITS)
    entry = np.where(g.random(N_UNITS) < 0.10, g.integers(2016, 2024, N_UNITS), 2015)
    exit_ = np.where(g.random(N_UNITS) < 0.08, g.integers(2018, 2024, N_UNITS), 9999)
    names = dict(refs.regions.select("region_code", "name_zh").iter_rows())
    rows = []
    for i in range(N_UNITS):
        code = f"91{city[i][:4]}00{i + 1:09d}{'ABCDEFGHJK'[i % 10]}"
        name = f"{names[city[i]].removesuffix('市')}样例{SECTOR_WORD[sector[i]]}{i + 1:03d}有限公司"
        rows.append((code, name, city[i], sector[i], size[i], growth[i], entry[i], exit_[i]))
    return pl.DataFrame(
        rows,
        schema=[
            "unit_id",
            "unit_name",
            "region_code",
            "sector_code",
            "size",
            "growth",
            "entry",
            "exit",
        ],
        orient="row",
    )


def key_energy_units(refs: Refs, year: int, consumption: pl.DataFrame) -> pl.DataFrame:
    register = _register(refs).filter((pl.col("entry") <= year) & (pl.col("exit") > year))
    g = rng(year, STREAM["key_units"])
    raw = (
        register["size"].to_numpy()
        * (1 + register["growth"].to_numpy()) ** (year - 2015)
        * noise(g, register.height, 0.03)
    )
    frame = register.with_columns(raw=pl.Series(raw))
    totals = _city_tce(refs, consumption)
    scale = frame.group_by("region_code").agg(pl.col("raw").sum().alias("raw_sum"))
    target = pl.DataFrame(
        {
            "region_code": list(KEY_UNIT_SHARE),
            "target": [totals[c] * KEY_UNIT_SHARE[c] / 100 for c in KEY_UNIT_SHARE],
        }
    )
    value_per_tce = {s: v for s, (_, v) in UNIT_SECTORS.items()}
    return (
        frame.join(scale, on="region_code")
        .join(target, on="region_code")
        .with_columns(energy_tce=(pl.col("raw") / pl.col("raw_sum") * pl.col("target")).round(1))
        .with_columns(
            output_value=(
                pl.col("energy_tce")
                * pl.col("sector_code").replace_strict(value_per_tce)
                * 1.03 ** (year - 2015)
                * pl.Series(noise(g, frame.height, 0.05))
            ).round(1)
        )
        .select("unit_id", "unit_name", "region_code", "sector_code", "energy_tce", "output_value")
        .sort("unit_id")
    )


def _projects(refs: Refs) -> list[dict]:
    g = rng(STREAM["projects"])
    cities = refs.cities
    weights = np.array([KEY_UNIT_SHARE[c] for c in cities])
    names = dict(refs.regions.select("region_code", "name_zh").iter_rows())
    sectors = list(PROJECT_SECTORS)
    projects = []
    for i in range(N_PROJECTS):
        city = str(g.choice(cities, p=weights / weights.sum()))
        sector = str(g.choice(sectors))
        energy = float(np.clip(PROJECT_SECTORS[sector] * g.lognormal(0, 0.7), 10_000, 5e6))
        # Year planned; existing projects of the register were planned long before 2015.
        planned = int(g.choice([2005, 2010, *range(2014, 2025)]))
        start = planned + int(g.integers(1, 3))
        done = start + int(g.integers(2, 4))
        shelved = planned >= 2021 and g.random() < 0.25  # held back by the 2021 review drive
        projects.append(
            {
                "project_id": f"{planned}-{city}-{26 + i % 9:02d}-03-{100000 + i * 37:06d}",
                "project_name": f"{names[city].removesuffix('市')}样例{SECTOR_WORD[sector]}项目{i + 1:03d}",
                "region_code": city,
                "sector_code": sector,
                "designed_energy_tce": round(energy, -2),
                "planned": planned,
                "start": start,
                "done": done,
                "shelved": shelved,
                # Drawn to keep the stream stable; the sample plants no violation, so that it
                # passes every quality check (tests/test_sector_accounts_by_hand.py has one).
                "unapproved": g.random() < 0.06,
            }
        )
    return projects


def two_high_projects(refs: Refs, year: int) -> pl.DataFrame:
    rows = []
    for p in _projects(refs):
        if p["planned"] > year:
            continue
        if p["shelved"] or year < p["start"]:
            status = "planned"
            approval = "pending" if p["shelved"] or year == p["planned"] else "approved"
        elif year < p["done"]:
            status = "under_construction"
            approval = "approved"
        else:
            status = "existing"
            approval = "approved"
        rows.append(
            (
                p["project_id"],
                p["project_name"],
                p["region_code"],
                p["sector_code"],
                status,
                p["designed_energy_tce"],
                approval,
            )
        )
    return pl.DataFrame(
        rows,
        schema=[
            "project_id",
            "project_name",
            "region_code",
            "sector_code",
            "project_status",
            "designed_energy_tce",
            "approval_state",
        ],
        orient="row",
    ).sort("project_id")
