"""The carbon sinks against hand computations from the published parameters.

A small, fully known set of forest and wetland inventories (the province 320000 and Nanjing
320100, 2020-2022) and one energy row per region go through the real pipeline once for the
module; fct_carbon_sinks, fct_forest_carbon_stock and fct_net_emissions are compared with
values computed here by hand.

Parameters are typed in as literals, never read from the seeds:
- forest biomass (stock-difference method, IPCC 2006 Vol 4 Ch 2/4; methods.md §2):
  C = V × D × BEF × (1 + R) × CF; D, BEF and R of the national tree-species table of the
  省级温室气体清单编制指南（试行）(2011), the source factor_forest_biomass cites;
  CF = 0.5, the China provincial guideline value (methods.md §2), not the IPCC 0.47;
- coastal wetland: IPCC 2013 Wetlands Supplement Table 4.12 soil carbon accumulation,
  tidal marsh 0.91 and seagrass 0.43 t C/ha/yr;
- CO2 = C × 44/12.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import pipeline_query

REL = 1e-9
PROVINCE, CITY = "320000", "320100"
YEARS = ("2020", "2021", "2022")
C_TO_CO2 = 44 / 12
CF = 0.5  # methods.md §2: China provincial guideline and forestry practice

# Forest type -> (basic wood density t/m3, BEF, root-to-shoot ratio), guideline species table.
PARAMETERS = {
    "poplar": (0.378, 1.446, 0.227),  # 杨树
    "fir": (0.307, 1.634, 0.246),  # 杉木
    "pine": (0.380, 1.472, 0.187),  # 马尾松
    "oak": (0.676, 1.355, 0.292),  # 栎类
    "other_broadleaf": (0.598, 1.514, 0.261),  # 其他阔叶类
}
WETLAND_T_C_PER_HA = {"salt_marsh": 0.91, "seagrass": 0.43}

# Growing stock, 10^4 m3, by region, year and forest type. The province harvests poplar in
# 2022, so its stock and its sink fall (a net emission). Nanjing adds an oak stand in 2021
# (a new type counts as a gain at region level) and is unchanged in 2022 (removal exactly 0).
STOCK = {
    PROVINCE: {
        "2020": {"poplar": 1000, "fir": 200, "pine": 100, "oak": 50, "other_broadleaf": 300},
        "2021": {"poplar": 1050, "fir": 210, "pine": 100, "oak": 52, "other_broadleaf": 310},
        "2022": {"poplar": 1000, "fir": 215, "pine": 95, "oak": 53, "other_broadleaf": 315},
    },
    CITY: {
        "2020": {"poplar": 100, "fir": 20},
        "2021": {"poplar": 110, "fir": 20, "oak": 5},
        "2022": {"poplar": 110, "fir": 20, "oak": 5},
    },
}
WETLAND_HA = {
    PROVINCE: {"salt_marsh": 1000.0, "seagrass": 100.0},
    CITY: {"salt_marsh": 0.0, "seagrass": 0.0},
}
RAW_COAL_T = {PROVINCE: 100_000.0, CITY: 10_000.0}
# Raw coal, methods.md §1a proxy: NCV 20.908 GJ/t, CC 26.18 tC/TJ, OF 0.93.
RAW_COAL_T_CO2_PER_T = 20.908 * 26.18 / 1000 * 0.93 * 44 / 12


def carbon_per_m3(forest_type: str) -> float:
    density, bef, root_shoot = PARAMETERS[forest_type]
    return density * bef * (1 + root_shoot) * CF


def carbon_stock_tc(region: str, year: str) -> float:
    return sum(v * 10_000 * carbon_per_m3(t) for t, v in STOCK[region][year].items())


def forest_removal(region: str, year: str) -> float:
    previous = str(int(year) - 1)
    return (carbon_stock_tc(region, year) - carbon_stock_tc(region, previous)) * C_TO_CO2


def wetland_removal(region: str) -> float:
    return sum(area * WETLAND_T_C_PER_HA[k] for k, area in WETLAND_HA[region].items()) * C_TO_CO2


def csv_text(header: str, rows: list[tuple]) -> str:
    return "\n".join([header, *(",".join(str(v) for v in row) for row in rows)]) + "\n"


def submission_files(year: str) -> dict[str, str]:
    forest = [
        (region, t, 1000.0, volume)
        for region in (PROVINCE, CITY)
        for t, volume in STOCK[region][year].items()
    ]
    wetland = [(r, k, a) for r in (PROVINCE, CITY) for k, a in WETLAND_HA[r].items()]
    energy = [(r, "S39", "raw_coal", "combustion", RAW_COAL_T[r], "t") for r in RAW_COAL_T]
    return {
        f"forest_inventory_{year}.csv": csv_text(
            "地区代码,林分类型代码,乔木林面积（公顷）,活立木蓄积量（万立方米）", forest
        ),
        f"wetland_inventory_{year}.csv": csv_text(
            "地区代码,湿地类型代码,湿地面积（公顷）", wetland
        ),
        f"energy_consumption_{year}.csv": csv_text(
            "地区代码,行业代码,能源品种代码,用途,消费量,计量单位", energy
        ),
    }


# ---------------------------------------------------------------------------------------
# The formula by hand (no pipeline).
# ---------------------------------------------------------------------------------------


def test_formula_worked_examples():
    # 1 m3 of poplar: 0.378 × 1.446 = 0.546588 t dm stem+branches; × 1.227 = 0.670663 t dm
    # with roots; × 0.5 = 0.335332 t C; × 44/12 = 1.229550 t CO2.
    assert carbon_per_m3("poplar") == pytest.approx(0.335331738, rel=REL)
    assert carbon_per_m3("poplar") * C_TO_CO2 == pytest.approx(1.229550, rel=1e-6)
    # Oak: 0.676 × 1.355 × 1.292 × 0.5 = 0.59172308 t C per m3.
    assert carbon_per_m3("oak") == pytest.approx(0.59172308, rel=REL)
    # Province 2021: +50 poplar, +10 fir, +0 pine, +2 oak, +10 other broadleaf (10^4 m3):
    # 500,000 × 0.335331738 + 100,000 × 0.312520474 + 20,000 × 0.59172308
    # + 100,000 × 0.570837046 = 167,665.869 + 31,252.047 + 11,834.462 + 57,083.705
    # = 267,836.083 t C -> × 44/12 = 982,065.636 t CO2.
    assert forest_removal(PROVINCE, "2021") == pytest.approx(982_065.636, rel=1e-8)
    # Wetland: (1,000 × 0.91 + 100 × 0.43) × 44/12 = 953 × 3.6667 = 3,494.333 t CO2.
    assert wetland_removal(PROVINCE) == pytest.approx(3_494.3333, rel=1e-7)


# ---------------------------------------------------------------------------------------
# The pipeline, run once for the module.
# ---------------------------------------------------------------------------------------

Query = Callable[[str], list[tuple]]


@pytest.fixture(scope="module")
def query(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Query]:
    files = {name: text for year in YEARS for name, text in submission_files(year).items()}
    # Three datasets x three years accepted.
    with pipeline_query(tmp_path_factory, "sinks_by_hand", files, ("2020", "2022"), 9) as q:
        yield q


def sinks(query: Query) -> dict[tuple[str, str, str], float]:
    rows = query("select period, region_code, sink_type, tco2_removed from marts.fct_carbon_sinks")
    return {(p, r, s): v for p, r, s, v in rows}


def test_forest_removals_by_stock_difference(query):
    found = {k: v for k, v in sinks(query).items() if k[2] == "forest"}
    expected = {
        (year, region, "forest"): forest_removal(region, year)
        for year in ("2021", "2022")
        for region in (PROVINCE, CITY)
    }
    # 2020 is the first inventory: no stock difference, no row.
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        assert found[key] == pytest.approx(value, rel=REL, abs=1e-6), key


def test_harvest_is_a_negative_removal_and_no_change_is_zero(query):
    found = sinks(query)
    # Province 2022: −50 poplar, +5 fir, −5 pine, +1 oak, +5 other broadleaf (10^4 m3):
    # −167,665.869 + 15,626.024 − 16,599.008 + 5,917.231 + 28,541.852 = −134,179.770 t C
    # -> −491,992.49 t CO2.
    assert found["2022", PROVINCE, "forest"] == pytest.approx(-491_992.49, rel=1e-7)
    assert found["2022", CITY, "forest"] == pytest.approx(0.0, abs=1e-6)
    # Nanjing 2021: +10 poplar and a new 5 oak: 100,000 × 0.335331738 + 50,000 × 0.59172308
    # = 33,533.174 + 29,586.154 = 63,119.328 t C -> 231,437.54 t CO2.
    assert found["2021", CITY, "forest"] == pytest.approx(231_437.54, rel=1e-7)


def test_wetland_removals(query):
    found = sinks(query)
    for year in YEARS:
        assert found[year, PROVINCE, "coastal_wetland"] == pytest.approx(3_494.3333, rel=1e-7)
        assert found[year, CITY, "coastal_wetland"] == 0.0


def test_forest_working_shows_every_parameter(query):
    rows = query(
        "select forest_type_code, stock_volume_m3, wood_density_t_per_m3, bef, "
        "root_shoot_ratio, carbon_fraction, carbon_stock_tc from marts.fct_forest_carbon_stock "
        f"where period = '2020' and region_code = '{PROVINCE}'"
    )
    for forest_type, volume, density, bef, root_shoot, cf, stock in rows:
        assert (density, bef, root_shoot) == PARAMETERS[forest_type]
        assert cf == CF
        assert volume == STOCK[PROVINCE]["2020"][forest_type] * 10_000
        assert stock == pytest.approx(volume * carbon_per_m3(forest_type), rel=REL)
    assert len(rows) == 5


def test_net_emissions_subtract_the_forest_only(query):
    rows = query(
        "select period, region_code, co2_total_t, headline_sink_tco2, other_sinks_tco2, "
        "net_emissions_t from marts.fct_net_emissions"
    )
    net = {(p, r): rest for p, r, *rest in rows}
    gross = RAW_COAL_T[PROVINCE] * RAW_COAL_T_CO2_PER_T  # 186,652.4 t CO2
    assert gross == pytest.approx(186_652.4, rel=1e-5)
    co2, forest, other, net_2021 = net["2021", PROVINCE]
    assert co2 == pytest.approx(gross, rel=1e-9)
    assert forest == pytest.approx(forest_removal(PROVINCE, "2021"), rel=REL)
    assert other == pytest.approx(wetland_removal(PROVINCE), rel=1e-9)  # shown, not subtracted
    # 186,652.4 − 982,065.6 = −795,413.2 t CO2: the forest more than offsets this tiny economy.
    assert net_2021 == pytest.approx(gross - forest_removal(PROVINCE, "2021"), rel=1e-9)
    # 2022 the harvest adds to emissions: 186,652.4 + 491,992.5.
    assert net["2022", PROVINCE][3] == pytest.approx(gross + 491_992.49, rel=1e-7)
    # 2020: no stock difference yet, so no headline sink and no net figure.
    assert net["2020", PROVINCE][1] is None and net["2020", PROVINCE][3] is None
