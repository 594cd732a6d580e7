"""Realistic sample submissions for 2015-2024, and a batch of defective files.

``write_sample`` writes what the three departments would submit each year, for the province
(320000) and its 13 cities, calibrated on CEADs (see ``data/sample/README.md``);
``write_defective`` writes one broken file per kind of defect intake must catch.
Output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dualcarbon.contracts import get_contract
from dualcarbon.sample import economy, energy, enterprise, industry, power, sectors, sinks
from dualcarbon.sample._common import HEADERS_ZH, Refs
from dualcarbon.sample.defective import write_defective as _write_defective
from dualcarbon.sample.writers import to_labels, write_csv, write_xlsx

__all__ = ["HEADERS_ZH", "build_year", "write_defective", "write_enterprise", "write_sample"]

ENERGY_ENCODING = {2016: "gbk", 2020: "gbk", 2018: "utf-8-sig"}  # default UTF-8
ENGLISH_HEADER_YEARS = {"electricity_generation": range(2015, 2018)}  # older template


def build_year(year: int, refs: Refs | None = None) -> dict[str, pl.DataFrame]:
    """All datasets of one year, with the contracts' column names."""
    refs = refs or Refs()
    gdp = economy.gdp_population(refs, year)
    consumption = energy.energy_consumption(refs, year, economy.gdp_shares(year))
    generation = power.electricity_generation(refs, year, consumption)
    return {
        "energy_consumption": consumption,
        "gdp_population": gdp,
        "process_activity": energy.process_activity(refs, year),
        "electricity_generation": generation,
        "electricity_exchange": power.electricity_exchange(refs, year, consumption, generation),
        "targets": economy.targets(refs, year),
        "forest_inventory": sinks.forest_inventory(refs, year),
        "wetland_inventory": sinks.wetland_inventory(refs, year),
        "key_energy_units": industry.key_energy_units(refs, year, consumption),
        "two_high_projects": industry.two_high_projects(refs, year),
        "building_stock": sectors.building_stock(refs, year),
        "freight_turnover": sectors.freight_turnover(refs, year),
        "vehicle_stock": sectors.vehicle_stock(refs, year),
        "transport_electrification": sectors.transport_electrification(refs, year),
    } | (
        {"carbon_market": sectors.carbon_market(refs, year)}
        if get_contract("carbon_market").expected_in(year)
        else {}
    )


def _xlsx_layout(dataset: str, year: int) -> tuple[str, list[str]]:
    """Title and note rows: the header lands in row 2 or 3 depending on the year."""
    if dataset == "gdp_population":
        title = f"江苏省分地区生产总值和人口 {year}年"
        note = "填报单位：江苏省统计局　　计量单位：亿元、万人"
        return title, [note] if year % 2 else []
    title = f"江苏省及各设区市节能降碳目标任务 {year}年"
    note = "填报单位：江苏省发展和改革委员会"
    return title, [] if year % 2 else [note]


def write_year(out_dir: Path, year: int, frames: dict[str, pl.DataFrame]) -> list[Path]:
    folder = Path(out_dir) / "submissions" / str(year)
    paths = []
    for dataset, frame in frames.items():
        chinese = year not in ENGLISH_HEADER_YEARS.get(dataset, ())
        labelled = to_labels(frame, dataset, chinese)
        if dataset in ("gdp_population", "targets"):
            title, notes = _xlsx_layout(dataset, year)
            text = tuple(HEADERS_ZH[dataset][c] for c in ("region_code",))
            paths.append(
                write_xlsx(
                    labelled, folder / f"{dataset}_{year}.xlsx", title, notes, text_columns=text
                )
            )
        else:
            encoding = (
                ENERGY_ENCODING.get(year, "utf-8") if dataset == "energy_consumption" else "utf-8"
            )
            paths.append(write_csv(labelled, folder / f"{dataset}_{year}.csv", encoding))
    return paths


def write_sample(out_dir: Path, years: range = range(2015, 2025)) -> list[Path]:
    """Write every department's submissions for ``years`` below ``out_dir/submissions``."""
    refs = Refs()
    paths: list[Path] = []
    consumption = {}
    for year in years:
        frames = build_year(year, refs)
        consumption[year] = frames["energy_consumption"]
        paths += write_year(Path(out_dir), year, frames)
    return paths + list(enterprise.write_enterprise(out_dir, enterprise.DEFAULT_SCALE, consumption))


def write_enterprise(
    out_dir: Path, scale: int, years: range = range(2015, 2025)
) -> dict[Path, int]:
    """Only the key units' monthly files, for ``scale`` units (streamed; any size) -> rows."""
    refs = Refs()
    consumption = {
        year: energy.energy_consumption(refs, year, economy.gdp_shares(year)) for year in years
    }
    return enterprise.write_enterprise(out_dir, scale, consumption)


def write_defective(out_dir: Path) -> list[Path]:
    """Write ``out_dir/defective/NN_<defect>/<file>`` (one defect per file) and a README."""
    return _write_defective(Path(out_dir), build_year(2019))
