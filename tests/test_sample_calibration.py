"""The sample submissions reproduce CEADs when the platform's own factors are applied.

Reads the written files as a department's recipient would (any accepted encoding, Chinese or
English headers) and recomputes CO2 from the factor seeds, without using the generator's
internals.
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest

from dualcarbon.paths import CEADS_DIR, FACTOR_SEEDS_DIR, REFERENCE_SEEDS_DIR
from dualcarbon.sample import write_sample

PROVINCE = "320000"
CALIBRATION_YEARS = range(2015, 2020)
LABELS = {  # Chinese labels of the submission templates -> column names
    "地区代码": "region_code",
    "行业代码": "sector_code",
    "能源品种代码": "fuel_code",
    "用途": "use_type",
    "消费量": "quantity",
    "计量单位": "unit",
    "产品代码": "product_code",
    "产量": "quantity",
}


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    start = time.perf_counter()
    write_sample(out)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, f"write_sample took {elapsed:.1f}s; it should take a few seconds"
    return out


def read_submission_csv(path: Path) -> pl.DataFrame:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    frame = frame.rename({c: LABELS.get(c, c) for c in frame.columns})
    return frame.with_columns(pl.col("quantity").cast(pl.Float64))


def energy(sample_dir: Path, year: int) -> pl.DataFrame:
    return read_submission_csv(
        sample_dir / "submissions" / str(year) / f"energy_consumption_{year}.csv"
    )


def emission_factors() -> pl.DataFrame:
    """t CO2 per reporting unit: NCV × CC/1000 × OF × 44/12 (one vintage per fuel)."""
    fuels = pl.read_csv(REFERENCE_SEEDS_DIR / "ref_fuels.csv", infer_schema=False)
    factors = pl.read_csv(FACTOR_SEEDS_DIR / "factor_fuel_combustion.csv", infer_schema=False)
    assert factors["fuel_code"].is_unique().all(), "expected one vintage per fuel"
    frame = factors.join(fuels.select("fuel_code", "unit_code", "is_fossil"), on="fuel_code")
    # The NCV is given per reporting unit, so no unit conversion is needed.
    assert (frame["ncv_unit"] == "gj_per_" + frame["unit_code"]).all()
    return frame.filter(pl.col("is_fossil") == "true").select(
        "fuel_code",
        ef=pl.col("ncv").cast(pl.Float64)
        * pl.col("carbon_content_tc_per_tj").cast(pl.Float64)
        / 1000
        * pl.col("oxidation_rate").cast(pl.Float64)
        * 44
        / 12,
    )


def ceads_totals() -> dict[int, tuple[float, float]]:
    """CEADs (Scope_1_Total, Process) of the Total row, Mt CO2, by year."""
    c = pl.read_csv(CEADS_DIR / "jiangsu_province_sector_fuel_mtco2.csv").filter(
        pl.col("sector") == "Total", pl.col("fuel").is_in(["Scope_1_Total", "Process"])
    )
    wide = c.pivot(on="fuel", index="year", values="mt_co2")
    return {r["year"]: (r["Scope_1_Total"], r["Process"]) for r in wide.iter_rows(named=True)}


def province_co2(sample_dir: Path, year: int) -> tuple[float, float]:
    """(energy CO2, process CO2) of the province, Mt, recomputed from the files."""
    e = energy(sample_dir, year).filter(
        pl.col("region_code") == PROVINCE, pl.col("use_type") == "combustion"
    )
    energy_t = (
        e.join(emission_factors(), on="fuel_code")
        .select((pl.col("quantity") * pl.col("ef")).sum())
        .item()
    )
    p = read_submission_csv(sample_dir / "submissions" / str(year) / f"process_activity_{year}.csv")
    clinker = p.filter(
        pl.col("region_code") == PROVINCE, pl.col("product_code") == "cement_clinker"
    )["quantity"].item()
    factor = (
        pl.read_csv(FACTOR_SEEDS_DIR / "factor_process.csv")
        .filter(pl.col("product_code") == "cement_clinker")["t_co2_per_t"]
        .item()
    )
    return energy_t / 1e6, clinker * factor / 1e6


@pytest.mark.parametrize("year", CALIBRATION_YEARS)
def test_province_co2_matches_ceads(sample_dir: Path, year: int) -> None:
    total, process = ceads_totals()[year]
    energy_co2, process_co2 = province_co2(sample_dir, year)
    assert energy_co2 + process_co2 == pytest.approx(total, rel=0.05)
    assert energy_co2 == pytest.approx(total - process, rel=0.05)


def test_encodings_as_specified(sample_dir: Path) -> None:
    folder = sample_dir / "submissions"
    raw = {
        y: (folder / str(y) / f"energy_consumption_{y}.csv").read_bytes()
        for y in (2016, 2018, 2019, 2020)
    }
    assert raw[2018].startswith(b"\xef\xbb\xbf")
    for year in (2016, 2020):
        with pytest.raises(UnicodeDecodeError):
            raw[year].decode("utf-8")
        assert raw[year].decode("gbk").startswith("地区代码")
    assert raw[2019].decode("utf-8").startswith("地区代码")


@pytest.mark.parametrize("year", [2015, 2019, 2020, 2024])
def test_cities_close_to_province_but_not_equal(sample_dir: Path, year: int) -> None:
    e = energy(sample_dir, year).with_columns(is_province=pl.col("region_code") == PROVINCE)
    sums = (
        e.group_by("fuel_code", "is_province")
        .agg(pl.col("quantity").sum())
        .pivot(on="is_province", index="fuel_code", values="quantity")
    )
    ratio = sums.select("fuel_code", r=pl.col("false") / pl.col("true"))
    assert ratio["r"].null_count() == 0, "every fuel is reported by the province and cities"
    outside = ratio.filter(~pl.col("r").is_between(0.97, 1.03))
    assert outside.is_empty(), outside
    assert ((ratio["r"] - 1).abs() > 1e-4).sum() >= ratio.height // 2, "cities add up exactly"
    assert e.filter(~pl.col("is_province"))["region_code"].n_unique() == 13


def test_deterministic(tmp_path: Path) -> None:
    years = range(2018, 2021)  # includes the UTF-8-BOM (2018) and GBK (2020) years
    first = write_sample(tmp_path / "a", years)
    second = write_sample(tmp_path / "b", years)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert any(p.suffix == ".csv" for p in first)
