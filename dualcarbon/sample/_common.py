"""Shared pieces of the sample generator: headers, code lists, factors, noise, constants.

Codes and factors are read from the dbt seeds (the single source of truth); nothing here
repeats a factor value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import polars as pl

from dualcarbon.contracts import all_contracts
from dualcarbon.paths import CEADS_DIR, FACTOR_SEEDS_DIR, REFERENCE_SEEDS_DIR

# Chinese column labels as departments write them (dataset -> column name -> label), in the
# contract's column order: the files' layout follows the contracts, only the numbers are made here.
HEADERS_ZH: dict[str, dict[str, str]] = {
    dataset: {c.name: c.label_zh for c in contract.columns}
    for dataset, contract in all_contracts().items()
}

SEED = 20_240_601  # fixed RNG seed: same inputs -> same files
PROVINCE = "320000"
CALIBRATION_YEARS = range(2015, 2020)  # years covered by CEADs
C_TO_CO2 = 44.0 / 12.0

# Decimal places per reporting unit.
DECIMALS = {
    "t": 2,
    "10k_t": 4,
    "10k_nm3": 3,
    "10k_kwh": 2,
    "100m_kwh": 4,
    "gj": 1,
    "tce": 2,
    "10k_tce": 4,
}

# Stable sub-stream ids for the RNG, one per dataset / purpose.
STREAM = {
    "energy": 1,
    "energy_city": 2,
    "gdp": 3,
    "process": 4,
    "generation": 5,
    "exchange": 6,
    "targets": 7,
    "defective": 8,
    "forest": 9,
    "key_units": 10,
    "projects": 11,
    "buildings": 12,
    "transport": 13,
    "vehicles": 14,
    "market": 15,
}


def rng(*keys: int) -> np.random.Generator:
    """A generator that depends only on SEED and the given keys (year, stream ...)."""
    return np.random.default_rng([SEED, *keys])


def noise(generator: np.random.Generator, n: int, amplitude: float) -> np.ndarray:
    """Multiplicative noise factors uniformly in [1 - amplitude, 1 + amplitude]."""
    return 1.0 + generator.uniform(-amplitude, amplitude, n)


def norm_name(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def _read_seed(folder: Path, name: str) -> pl.DataFrame:
    path = folder / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"seed {path} is missing (dbt seeds must exist before sampling)")
    return pl.read_csv(path, infer_schema=False)  # all text: codes stay codes


def _truthy(col: str) -> pl.Expr:
    return pl.col(col).str.strip_chars().str.to_lowercase().is_in(["true", "1", "yes", "t", "y"])


def _latest(frame: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """One row per key: the latest vintage (vintages sort as text, e.g. '2011', '2024-v2')."""
    return frame.sort([*key, "vintage"]).unique(subset=key, keep="last", maintain_order=True)


@dataclass
class Refs:
    """Code lists and factors read from the seeds, plus the CEADs reference tables."""

    seeds_reference: Path = REFERENCE_SEEDS_DIR
    seeds_factors: Path = FACTOR_SEEDS_DIR
    ceads_dir: Path = CEADS_DIR

    def ref(self, name: str) -> pl.DataFrame:
        return _read_seed(self.seeds_reference, name)

    def factor(self, name: str) -> pl.DataFrame:
        return _read_seed(self.seeds_factors, name)

    @cached_property
    def regions(self) -> pl.DataFrame:
        return self.ref("ref_regions").sort("region_code")

    @cached_property
    def cities(self) -> list[str]:
        return self.regions.filter(pl.col("level") == "prefecture")["region_code"].to_list()

    @cached_property
    def fuels(self) -> pl.DataFrame:
        return self.ref("ref_fuels").with_columns(
            is_fossil=_truthy("is_fossil"),
            ceads_key=pl.col("ceads_fuel").map_elements(norm_name, return_dtype=pl.String),
        )

    def fuel_unit(self, fuel_code: str) -> str:
        return self.fuels.filter(pl.col("fuel_code") == fuel_code)["unit_code"].item()

    @cached_property
    def sectors(self) -> pl.DataFrame:
        return self.ref("ref_sectors").sort("sector_code")

    @cached_property
    def units(self) -> pl.DataFrame:
        return self.ref("ref_units").with_columns(pl.col("to_base_factor").cast(pl.Float64))

    def convert(self, value: float, from_unit: str, to_unit: str) -> float:
        """Convert between units of the same dimension with ref_units.to_base_factor."""
        if from_unit == to_unit:
            return value
        u = {r["unit_code"]: r for r in self.units.iter_rows(named=True)}
        if u[from_unit]["base_unit_code"] != u[to_unit]["base_unit_code"]:
            raise ValueError(f"cannot convert {from_unit} to {to_unit}")
        return value * u[from_unit]["to_base_factor"] / u[to_unit]["to_base_factor"]

    @cached_property
    def emission_factors(self) -> pl.DataFrame:
        """t CO2 per reporting unit of each fossil fuel: NCV × CC/1000 × OF × 44/12."""
        f = _latest(self.factor("factor_fuel_combustion"), ["fuel_code"])
        rows = []
        for r in f.iter_rows(named=True):
            ncv, cc, of = (
                float(r["ncv"]),
                float(r["carbon_content_tc_per_tj"]),
                float(r["oxidation_rate"]),
            )
            of = of / 100 if of > 1.5 else of  # tolerate a percentage
            energy_unit, per_unit = re.split(r"_per_|/", r["ncv_unit"], maxsplit=1)
            gj = {"gj": 1.0, "tj": 1000.0, "mj": 0.001}[energy_unit.strip().lower()]
            ef = ncv * gj * cc / 1000 * of * C_TO_CO2  # t CO2 per `per_unit`
            rows.append((r["fuel_code"], ef, _unit_code(per_unit)))
        frame = pl.DataFrame(rows, schema=["fuel_code", "ef_per", "per_unit"], orient="row")
        frame = frame.join(self.fuels.select("fuel_code", "unit_code"), on="fuel_code")
        return frame.with_columns(
            ef=pl.struct("ef_per", "per_unit", "unit_code").map_elements(
                lambda s: s["ef_per"] * self.convert(1.0, s["unit_code"], s["per_unit"]),
                return_dtype=pl.Float64,
            )
        ).select("fuel_code", "unit_code", "ef")

    @cached_property
    def standard_coal(self) -> dict[str, float]:
        """tce per reporting unit, by fuel (from factor_standard_coal)."""
        f = _latest(self.factor("factor_standard_coal"), ["fuel_code"])
        out = {}
        units = dict(self.fuels.select("fuel_code", "unit_code").iter_rows())
        for r in f.iter_rows(named=True):
            if r["fuel_code"] in units:
                out[r["fuel_code"]] = float(r["tce_per_unit"]) * self.convert(
                    1.0, units[r["fuel_code"]], r["unit_code"]
                )
        return out

    def process_factor(self, product_code: str) -> float:
        f = _latest(self.factor("factor_process"), ["product_code"])
        return float(f.filter(pl.col("product_code") == product_code)["t_co2_per_t"].item())

    def power_coal_rate(self, year: int) -> float:
        """Coal-equivalent generation rate (gce/kWh) for the year (nearest year available)."""
        f = _latest(self.factor("factor_power_coal_rate"), ["year"]).with_columns(
            pl.col("year").cast(pl.Int64), pl.col("gce_per_kwh").cast(pl.Float64)
        )
        nearest = f.with_columns(d=(pl.col("year") - year).abs()).sort("d", "year")
        return nearest["gce_per_kwh"][0]

    @cached_property
    def ceads_province(self) -> pl.DataFrame:
        return pl.read_csv(self.ceads_dir / "jiangsu_province_sector_fuel_mtco2.csv")

    @cached_property
    def ceads_cities(self) -> pl.DataFrame:
        return pl.read_csv(
            self.ceads_dir / "jiangsu_cities_mtco2.csv", schema_overrides={"city_code": pl.String}
        )


_UNIT_ALIASES = {
    "t": "t",
    "吨": "t",
    "10kt": "10k_t",
    "万吨": "10k_t",
    "kg": "kg",
    "10knm3": "10k_nm3",
    "104nm3": "10k_nm3",
    "万立方米": "10k_nm3",
    "104m3": "10k_nm3",
    "10km3": "10k_nm3",
    "nm3": "nm3",
    "m3": "nm3",
}


def _unit_code(text: str) -> str:
    t = text.strip()
    key = re.sub(r"[\s_^]", "", t.lower())
    return _UNIT_ALIASES.get(key, t)


def round_to_unit(frame: pl.DataFrame, value: str = "quantity", unit: str = "unit") -> pl.DataFrame:
    """Round each value to its unit's precision (vectorised per unit)."""
    expr = pl.col(value).round(3)
    for code, decimals in DECIMALS.items():
        expr = pl.when(pl.col(unit) == code).then(pl.col(value).round(decimals)).otherwise(expr)
    return frame.with_columns(expr.alias(value))


def interpolate_path(points: dict[int, float], year: int) -> float:
    """Linear interpolation between given years; flat beyond the ends."""
    years = sorted(points)
    return float(np.interp(year, years, [points[y] for y in years]))
