"""Enterprise-level sample: monthly energy use of key energy-using units, of any size.

``dualcarbon sample --scale N`` writes, for N units and each year, one file
``enterprise_energy_monthly_<year>.csv`` with a row per unit × month × fuel the unit uses.
Sizes run to tens of millions of rows, so rows are made with Polars a batch of units at a
time and appended to the file: memory is bounded by the batch, never by N × 12 × fuels.

The units are consistent with the regional sample (the energy_consumption submission of the
same year, see ``build_year``) by construction. The rule, tested and checked by dbt
(``assert_enterprise_within_regional_totals``):

    for every year, city, sector and fuel, the units' twelve months summed
    = KEY_UNIT_SHARE × the city's consumption of that sector and fuel (both uses),
    rounded down at the 4th decimal of each row, so never more than the regional figure.

How: each unit sits in one city × sector cell (with consumption in the base year) and uses
electricity plus about a quarter of the cell's other fuels; a fuel's cell total is split
among the units using it by fixed weights (1 to 10), and over the months by a seasonal
profile whose twelve factors sum to 12. Everything derives from the unit's index with
integer hashing, so the output is byte-for-byte deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, code_list, get_contract

DATASET = "enterprise_energy_monthly"
# Key energy-using units account for about 60% of energy use in China (NDRC, 万家企业节能低碳
# 行动, 2011); the sample gives them this share of every city × sector × fuel cell.
KEY_UNIT_SHARE = 0.6
DEFAULT_SCALE = 20  # units in the bundled sample (data/sample)
BATCH_UNITS = 2_000  # units per written batch: at most 2,000 × 12 × 17 fuels rows in memory
DECIMALS = 4
COLUMNS = get_contract(DATASET).column_names  # the file's layout is the contract's
# GB 32100-2015: the check character's alphabet and the weights 3^i mod 31 of positions 1-17.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_MOD = 2_147_483_647  # Lehmer (MINSTD) modulus: integer hashing that never overflows Int64


def _hash(expr: pl.Expr, salt: int) -> pl.Expr:
    """A deterministic pseudo-random integer in [0, 2^31 - 1) from a non-negative integer."""
    once = ((expr + salt) % _MOD * 48_271) % _MOD
    return (once * 48_271 + 12_345) % _MOD


def regional_cells(consumption: pl.DataFrame) -> pl.DataFrame:
    """City × sector × fuel consumption (both uses), positive cells only."""
    return (
        consumption.filter(pl.col("region_code") != PROVINCE_CODE)
        .group_by("region_code", "sector_code", "fuel_code", "unit")
        .agg(pl.col("quantity").cast(pl.Float64).sum().alias("regional_quantity"))
        .filter(pl.col("regional_quantity") > 0)
    )


def unit_ids(index: pl.Expr, region: pl.Expr) -> pl.Expr:
    """18-character unified social credit codes: 91 (enterprise) + region + 9 digits + check."""
    body = pl.concat_str(pl.lit("91"), region, (index + 100_000_000).cast(pl.String).str.zfill(9))
    weighted = pl.sum_horizontal(
        body.str.slice(i, 1).cast(pl.Int64) * weight for i, weight in enumerate(USCC_WEIGHTS)
    )
    check = (31 - weighted % 31) % 31
    alphabet = pl.Series(list(USCC_ALPHABET))
    return pl.concat_str(body, check.map_batches(lambda s: alphabet.gather(s), pl.String))


def units(scale: int, base_cells: pl.DataFrame) -> pl.DataFrame:
    """The N units: index, cell (city, sector) and weight; fixed across years."""
    cells = base_cells.select("region_code", "sector_code").unique().sort(pl.all())
    frame = pl.DataFrame({"unit_index": pl.arange(0, scale, eager=True).cast(pl.Int64)})
    frame = frame.with_columns(cell=_hash(pl.col("unit_index"), 1) % cells.height)
    frame = frame.join(cells.with_row_index("cell").cast({"cell": pl.Int64}), on="cell")
    return frame.sort("unit_index").select(
        "unit_index",
        "region_code",
        "sector_code",
        unit_id=unit_ids(pl.col("unit_index"), pl.col("region_code")),
        weight=1.0 + (_hash(pl.col("unit_index"), 2) % 900) / 100.0,
    )


def _unit_fuels(unit_frame: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """Which fuels each unit uses: electricity, and each other fuel of its cell with p = 1/4."""
    fuel_index = code_list("ref_fuels").select(
        "fuel_code", fuel_no=pl.col("sort_order").cast(pl.Int64)
    )
    joined = unit_frame.join(cells, on=["region_code", "sector_code"]).join(
        fuel_index, on="fuel_code"
    )
    uses = (pl.col("fuel_code") == "electricity") | (
        _hash(pl.col("unit_index") * 64 + pl.col("fuel_no"), 3) % 4 == 0
    )
    return joined.filter(uses)


def _month_profile() -> pl.DataFrame:
    """Seasonal factors (winter and summer peaks) for the 12 months; they sum to exactly 12."""
    factors = [1.0 + 0.12 * math.cos(2 * math.pi * (m - 1) / 6) for m in range(1, 13)]
    return pl.DataFrame({"month": list(range(1, 13)), "season": factors}).cast({"month": pl.Int32})


def year_batches(
    consumption: pl.DataFrame, unit_frame: pl.DataFrame, batch_units: int = BATCH_UNITS
) -> Iterator[pl.DataFrame]:
    """The rows of one year, ``batch_units`` units at a time (rows in unit, month, fuel order).

    A first pass over the units (N × fuels rows, no months) sums the weights per cell and fuel;
    then each batch of units gets its twelve months.
    """
    cells = regional_cells(consumption)
    weights = (
        _unit_fuels(unit_frame, cells)
        .group_by("region_code", "sector_code", "fuel_code")
        .agg(pl.col("weight").sum().alias("cell_weight"))
    )
    months = _month_profile()
    scale = 10**DECIMALS
    for start in range(0, unit_frame.height, batch_units):
        batch = _unit_fuels(unit_frame.slice(start, batch_units), cells).join(
            weights, on=["region_code", "sector_code", "fuel_code"]
        )
        share = (
            pl.col("regional_quantity") * KEY_UNIT_SHARE * pl.col("weight") / pl.col("cell_weight")
        )
        rows = batch.join(months, how="cross").with_columns(
            quantity=(share * pl.col("season") / 12.0 * scale).floor() / scale
        )
        yield rows.sort("unit_index", "month", "fuel_no").select(COLUMNS)


def write_year(
    path: Path,
    consumption: pl.DataFrame,
    unit_frame: pl.DataFrame,
    batch_units: int = BATCH_UNITS,
) -> int:
    """Stream one year's file to ``path`` (written beside, then renamed); returns its rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    rows = 0
    labels = {c.name: c.label_zh for c in get_contract(DATASET).columns}  # Chinese headers
    with open(tmp, "wb") as handle:
        for number, batch in enumerate(year_batches(consumption, unit_frame, batch_units)):
            batch.rename(labels).write_csv(
                handle, include_header=number == 0, float_precision=DECIMALS
            )
            rows += batch.height
    tmp.replace(path)
    return rows


def write_enterprise(
    out_dir: Path,
    scale: int,
    consumption_by_year: dict[int, pl.DataFrame],
    batch_units: int = BATCH_UNITS,
) -> dict[Path, int]:
    """``out_dir/submissions/<year>/enterprise_energy_monthly_<year>.csv`` per year -> rows."""
    years = sorted(consumption_by_year)
    unit_frame = units(scale, regional_cells(consumption_by_year[years[0]]))
    written = {}
    for year in years:
        path = Path(out_dir) / "submissions" / str(year) / f"{DATASET}_{year}.csv"
        written[path] = write_year(path, consumption_by_year[year], unit_frame, batch_units)
    return written
