"""Regenerate ceads_jiangsu_province.csv from the vendored CEADs tidy CSV (standard library only).

    .venv/bin/python dbt_project/seeds/reference_inventories/make_ceads_seed.py [SOURCE_CSV]

SOURCE_CSV defaults to data/reference/ceads/jiangsu_province_sector_fuel_mtco2.csv
(CEADs Jiangsu inventories as mirrored on 2023-05-02 in Open-Earth-Foundation/OpenClimate;
see data/reference/ceads/README.md). The seed keeps, for 2005-2019, every
sector x fuel cell of the 47 CEADs sectors for the 17 fossil fuels and `Process`, zeros
included. Dropped, because they are derived or always zero: the `Total` sector row and the
`Scope_1_Total`, `Scope_2_Heat`, `Scope_2_Electricity` and `Other_Energy` columns.
Values are copied as written in the source (no float round trip), so a rerun is
byte-for-byte identical.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The repository root is three levels up (dbt_project/seeds/reference_inventories).
DEFAULT_SOURCE = (
    HERE.parents[2] / "data" / "reference" / "ceads" / "jiangsu_province_sector_fuel_mtco2.csv"
)
TARGET = HERE / "ceads_jiangsu_province.csv"

YEARS = range(2005, 2020)
# The 17 CEADs fossil fuels in CEADs column order, then process (cement) emissions.
FUELS = [
    "Raw_Coal",
    "Cleaned_Coal",
    "Other_Washed_Coal",
    "Briquettes",
    "Coke",
    "Coke_Oven_Gas",
    "Other_Gas",
    "Other_Coking_Products",
    "Crude_Oil",
    "Gasoline",
    "Kerosene",
    "Diesel_Oil",
    "Fuel_Oil",
    "LPG",
    "Refinery_Gas",
    "Other_Petroleum_Products",
    "Natural_Gas",
    "Process",
]
DROPPED_FUELS = {"Scope_1_Total", "Scope_2_Heat", "Scope_2_Electricity", "Other_Energy"}
TOTAL_SECTOR = "Total"


def extract(source: Path) -> list[tuple[int, str, str, str]]:
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    unknown = {r["fuel"] for r in rows} - set(FUELS) - DROPPED_FUELS
    if unknown:
        raise SystemExit(f"unexpected fuel columns in {source}: {sorted(unknown)}")
    fuel_order = {fuel: i for i, fuel in enumerate(FUELS)}
    sector_order: dict[str, int] = {}  # CEADs sector order, as first seen in the source
    out = []
    for r in rows:
        year = int(r["year"])
        if year not in YEARS or r["sector"] == TOTAL_SECTOR or r["fuel"] not in fuel_order:
            continue
        sector_order.setdefault(r["sector"], len(sector_order))
        float(r["mt_co2"])  # fail loudly on a non-numeric cell
        out.append((year, r["sector"], r["fuel"], r["mt_co2"]))
    out.sort(key=lambda t: (t[0], sector_order[t[1]], fuel_order[t[2]]))
    expected = len(YEARS) * 47 * len(FUELS)
    if len(out) != expected or len(sector_order) != 47:
        raise SystemExit(
            f"expected {expected} cells of 47 sectors, got {len(out)} of {len(sector_order)}"
        )
    return out


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    cells = extract(source)
    with TARGET.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["year", "ceads_sector", "ceads_fuel", "mt_co2"])
        writer.writerows(cells)
    print(f"wrote {len(cells)} rows to {TARGET}")


if __name__ == "__main__":
    main(sys.argv)
