"""The barometer's grades at every boundary, against hand computations.

A designed set of submissions for the 14 regions, 2020 (base year of the 14th plan) to 2022,
goes through the real pipeline once for the module (intake, dbt, Great Expectations); the
grades in marts.fct_barometer / fct_target_progress are compared with grades worked out here
by hand from the rules in docs/reference/methods.md §3 (docs/methods.md,
"Evaluation and early warning"):

- intensities: required = 1 − (1 − target)^(elapsed/5); red if the intensity did not fall on
  the previous year (change ≥ 0), yellow if the cumulative decline < required, else green;
- total energy: red if growth since the base year > growth to the five-year cap, yellow if
  > the time-proportional growth (cap/E_base)^(elapsed/5) − 1, else green;
- all figures are percentages rounded to 0.01 before they are compared, so a region exactly
  on a boundary at that precision is on the better side (green, or yellow at the cap).

Design: every region reports a single energy row, raw coal burned in sector S39, so energy
(0.7143 tce/t, GB/T 2589, methods.md §1b) and CO2 are both proportional to the coal burned;
real GDP is flat (index 100), so each intensity changes exactly as the coal does. Base year
2020: 1,000,000 t of coal = 714,300 tce in every region except Suqian (321300), which
reports no energy in 2020 and so cannot be assessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import pipeline_query

YEARS = ("2020", "2021", "2022")
BASE_COAL_T = 1_000_000.0
TCE_PER_T_RAW_COAL = 0.7143  # methods.md §1b row "Raw coal"
BASE_TCE = 714_300.0  # 1,000,000 t x 0.7143

# Coal burned (t) in 2021 and 2022; 2020 is BASE_COAL_T for all but Suqian.
COAL = {
    "320000": (950_000.0, 960_000.0),  # rose 1.05 % in 2022: red
    "320100": (900_000.0, 900_000.0),  # flat in 2022: change exactly 0 -> red
    "320200": (940_000.0, 939_906.0),  # fell 0.01 % in 2022: not red
    "320300": (970_000.0, 941_500.0),  # cumulative decline exactly 5.85 % (EI requirement)
    "320400": (970_000.0, 941_600.0),  # 5.84 %: 0.01 below the EI requirement
    "320500": (950_000.0, 919_200.0),  # exactly 8.08 % (CO2-intensity requirement)
    "320600": (950_000.0, 919_300.0),  # 8.07 %: 0.01 below it
    "320700": (1_050_000.0, 1_020_000.0),  # fell on 2021 but still above the base: yellow
    "320800": (920_000.0, 920_036.8),  # rose 0.004 %, 0.00 at two decimals: red
    "320900": (920_000.0, 919_944.8),  # fell 0.006 %, -0.01 at two decimals: not red
    "321000": (1_000_000.0, 1_020_000.0),  # total grew 2.00 %, cap allows 1.99 %: red
    "321100": (1_010_000.0, 1_020_000.0),  # total 2.00 % = allowed path 2.00 %: green
    "321200": (1_010_000.0, 1_020_000.0),  # total 2.00 % > allowed path 1.99 %: yellow
    "321300": (1_000_000.0, 990_000.0),  # no 2020 figure: not assessed
}
REGIONS = tuple(COAL)
NO_BASE = "321300"

EI_TARGET, CI_TARGET = 14.0, 19.0  # five-year % declines, 2020 -> 2025 (every region)
EI_ANNUAL, CI_ANNUAL = 3.0, 4.0  # annual % declines
ANNUAL_CAP = 80.0  # 10^4 tce, every year
# Five-year caps on total energy in 2025, 10^4 tce (E_base = 71.43).
CAP = dict.fromkeys(REGIONS, 75.0) | {
    "320700": 72.8586,  # 71.43 x 1.02: growth to the cap exactly 2.00 %
    "321000": 72.8514,  # 728,514 / 714,300 - 1 = 1.98992 % -> 1.99 %
    "321100": 75.0553,  # 71.43 x 1.02^2.5 = 75.05525 -> path to 2022 exactly 2.00 %
    "321200": 75.0369,  # 71.43 x 1.0199^2.5 = 75.03686 -> path to 2022 1.99 %
}

# Requirements by hand (percent, rounded to 0.01):
# energy intensity, 14 %: elapsed 1: 1 − 0.86^(1/5) = 1 − 0.970286 = 2.9714 -> 2.97
#                         elapsed 2: 1 − 0.86^(2/5) = 1 − 0.941455 = 5.8545 -> 5.85
# CO2 intensity, 19 %:    elapsed 1: 1 − 0.81^(1/5) = 1 − 0.958732 = 4.1268 -> 4.13
#                         elapsed 2: 1 − 0.81^(2/5) = 1 − 0.919166 = 8.0834 -> 8.08
REQUIRED = {("energy_intensity", 1): 2.97, ("energy_intensity", 2): 5.85}
REQUIRED |= {("co2_intensity", 1): 4.13, ("co2_intensity", 2): 8.08}
# Total energy, allowed growth to date (cap / 71.43)^(elapsed/5) − 1, and growth to the cap:
#   cap 75:      75/71.43 = 1.049979; ^0.2 = 1.009802 -> 0.98; ^0.4 = 1.019700 -> 1.97; 5.00
#   cap 72.8586: ratio 1.020000; ^0.2 -> 0.40; ^0.4 = 1.007953 -> 0.80; cap 2.00
#   cap 72.8514: ratio 1.019899; ^0.2 -> 0.39; ^0.4 = 1.007913 -> 0.79; cap 1.99
#   cap 75.0553: ratio 1.050753; ^0.2 = 1.009951 -> 1.00 (0.9951); ^0.4 = 1.020000 -> 2.00; 5.08
#   cap 75.0369: ratio 1.050496; ^0.2 = 1.009899 -> 0.99 (0.9899); ^0.4 = 1.019900 -> 1.99; 5.05
ALLOWED = {
    75.0: {1: 0.98, 2: 1.97, "cap": 5.00},
    72.8586: {1: 0.40, 2: 0.80, "cap": 2.00},
    72.8514: {1: 0.39, 2: 0.79, "cap": 1.99},
    75.0553: {1: 1.00, 2: 2.00, "cap": 5.08},
    75.0369: {1: 0.99, 2: 1.99, "cap": 5.05},
}

# The grades, worked out by hand case by case from the figures above
# (EI = energy intensity, TE = total energy, CI = CO2 intensity).
EXPECTED_2022 = {
    # region: (EI, TE, CI)
    "320000": ("red", "green", "red"),  # +1.05 % on 2021; total −4.00 % <= 1.97
    "320100": ("red", "green", "red"),  # change exactly 0.00: red although 10 % ahead
    "320200": ("green", "green", "yellow"),  # −0.01 %; 6.01 >= 5.85; 6.01 < 8.08
    "320300": ("green", "green", "yellow"),  # 5.85 = 5.85 -> green; 5.85 < 8.08
    "320400": ("yellow", "green", "yellow"),  # 5.84 < 5.85
    "320500": ("green", "green", "green"),  # 8.08 = 8.08 -> green
    "320600": ("green", "green", "yellow"),  # 8.07 < 8.08
    "320700": ("yellow", "yellow", "yellow"),  # fell 2.86 %, −2.00 cumulative; TE 2.00 = cap
    "320800": ("red", "green", "red"),  # +0.004 % -> +0.00 -> red
    "320900": ("green", "green", "yellow"),  # −0.006 % -> −0.01; 8.01 >= 5.85; 8.01 < 8.08
    "321000": ("red", "red", "red"),  # +2.00 % on 2021; TE 2.00 > cap 1.99
    "321100": ("red", "green", "red"),  # +0.99 % on 2021; TE 2.00 = path 2.00 -> green
    "321200": ("red", "yellow", "red"),  # TE 2.00 > path 1.99, <= cap 5.05
    "321300": ("not_assessed", "not_assessed", "not_assessed"),
}
EXPECTED_2021 = {
    "320000": ("green", "green", "green"),  # 5.00 >= 2.97, 4.13; TE −5.00
    "320100": ("green", "green", "green"),
    "320200": ("green", "green", "green"),  # 6.00
    "320300": ("green", "green", "yellow"),  # 3.00 >= 2.97; 3.00 < 4.13
    "320400": ("green", "green", "yellow"),
    "320500": ("green", "green", "green"),
    "320600": ("green", "green", "green"),
    "320700": ("red", "red", "red"),  # +5.00 %; TE 5.00 > cap 2.00
    "320800": ("green", "green", "green"),  # 8.00
    "320900": ("green", "green", "green"),
    "321000": ("red", "green", "red"),  # exactly 0.00 change; TE 0.00 <= 0.39
    "321100": ("red", "green", "red"),  # +1.00 %; TE 1.00 = path 1.00 (0.9951) -> green
    "321200": ("red", "yellow", "red"),  # TE 1.00 > path 0.99
    "321300": ("not_assessed", "not_assessed", "not_assessed"),
}
INDICATORS = ("energy_intensity", "energy_total_tce", "co2_intensity")


def coal(region: str, year: str) -> float | None:
    if year == "2020":
        return None if region == NO_BASE else BASE_COAL_T
    return COAL[region][int(year) - 2021]


def csv_text(header: str, rows: list[tuple]) -> str:
    return "\n".join([header, *(",".join(str(v) for v in row) for row in rows)]) + "\n"


def submission_files(year: str) -> dict[str, str]:
    energy = [
        (region, "S39", "raw_coal", "combustion", coal(region, year), "t")
        for region in REGIONS
        if coal(region, year) is not None
    ]
    gdp = [(region, 1000.0, 100.0, 500.0) for region in REGIONS]
    y = int(year)
    targets = []
    for region in REGIONS:
        targets += [
            (region, "energy_intensity_decline", "five_year", 2020, 2025, EI_TARGET, "percent"),
            (region, "co2_intensity_decline", "five_year", 2020, 2025, CI_TARGET, "percent"),
            (region, "energy_total", "five_year", 2020, 2025, CAP[region], "10k_tce"),
            (region, "energy_intensity_decline", "annual", y - 1, y, EI_ANNUAL, "percent"),
            (region, "co2_intensity_decline", "annual", y - 1, y, CI_ANNUAL, "percent"),
            (region, "energy_total", "annual", y - 1, y, ANNUAL_CAP, "10k_tce"),
        ]
    return {
        f"energy_consumption_{year}.csv": csv_text(
            "地区代码,行业代码,能源品种代码,用途,消费量,计量单位", energy
        ),
        f"gdp_population_{year}.csv": csv_text(
            "地区代码,地区生产总值（当年价格，亿元）,地区生产总值指数（上年=100）,年末常住人口（万人）",
            gdp,
        ),
        f"targets_{year}.csv": csv_text(
            "地区代码,指标代码,目标类型,基期年份,目标年份,目标值,计量单位", targets
        ),
    }


# ---------------------------------------------------------------------------------------
# The design, by hand (no pipeline): the literals above follow from the rules.
# ---------------------------------------------------------------------------------------


def required_decline(target: float, elapsed: int) -> float:
    return round(100 * (1 - (1 - target / 100) ** (elapsed / 5)), 2)


def allowed_growth(cap: float, elapsed: int) -> float:
    return round(100 * ((cap * 10_000 / BASE_TCE) ** (elapsed / 5) - 1), 2)


def test_design_requirements_follow_the_formula():
    assert pytest.approx(BASE_TCE) == BASE_COAL_T * TCE_PER_T_RAW_COAL
    for elapsed in (1, 2):
        assert REQUIRED["energy_intensity", elapsed] == required_decline(EI_TARGET, elapsed)
        assert REQUIRED["co2_intensity", elapsed] == required_decline(CI_TARGET, elapsed)
    for cap, allowed in ALLOWED.items():
        assert allowed[1] == allowed_growth(cap, 1)
        assert allowed[2] == allowed_growth(cap, 2)
        assert allowed["cap"] == allowed_growth(cap, 5)


def test_design_cumulative_declines_hit_the_boundaries():
    def decline(region: str) -> float:
        return round(100 * (1 - COAL[region][1] / BASE_COAL_T), 2)

    assert decline("320300") == REQUIRED["energy_intensity", 2] == 5.85
    assert decline("320400") == 5.84
    assert decline("320500") == REQUIRED["co2_intensity", 2] == 8.08
    assert decline("320600") == 8.07
    assert round(100 * (COAL["320100"][1] / COAL["320100"][0] - 1), 2) == 0.0
    assert round(100 * (COAL["320800"][1] / COAL["320800"][0] - 1), 2) == 0.0
    assert round(100 * (COAL["320900"][1] / COAL["320900"][0] - 1), 2) == -0.01


# ---------------------------------------------------------------------------------------
# The pipeline, run once for the module.
# ---------------------------------------------------------------------------------------

Query = Callable[[str], list[tuple]]


@pytest.fixture(scope="module")
def query(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Query]:
    files = {name: text for year in YEARS for name, text in submission_files(year).items()}
    # Three datasets x three years accepted.
    with pipeline_query(tmp_path_factory, "evaluation_grades", files, ("2020", "2022"), 9) as q:
        yield q


def grades(query: Query, period: str) -> dict[str, tuple[str, str, str]]:
    rows = query(
        "select region_code, indicator_code, grade from marts.fct_target_progress "
        f"where period = '{period}'"
    )
    found = {(r, i): g for r, i, g in rows}
    assert len(found) == len(rows) == 3 * len(REGIONS)
    return {r: tuple(found[r, i] for i in INDICATORS) for r in REGIONS}


def test_grades_2022_at_every_boundary(query):
    assert grades(query, "2022") == EXPECTED_2022


def test_grades_2021(query):
    assert grades(query, "2021") == EXPECTED_2021


def test_2020_is_the_base_year_and_not_assessed(query):
    # 2020 is elapsed 0 of the 14th plan's targets submitted with it: nothing to judge.
    rows = query("select distinct grade from marts.fct_target_progress where period = '2020'")
    assert rows == [("not_assessed",)]


def test_progress_figures_behind_the_grades(query):
    rows = query(
        "select region_code, indicator_code, target, required_progress, actual_progress "
        "from marts.fct_target_progress where period = '2022'"
    )
    figures = {(r, i): (t, req, act) for r, i, t, req, act in rows}
    # Exactly-on-the-boundary rows show equal rounded figures.
    assert figures["320300", "energy_intensity"] == (14.0, 5.85, 5.85)
    assert figures["320500", "co2_intensity"] == (19.0, 8.08, 8.08)
    assert figures["320400", "energy_intensity"] == (14.0, 5.85, 5.84)
    assert figures["321100", "energy_total_tce"] == (75.0553, 2.00, 2.00)
    assert figures["321200", "energy_total_tce"] == (75.0369, 1.99, 2.00)
    # Cumulative decline of 320700: 1 − 1,020,000 / 1,000,000 = −2.00 %.
    assert figures["320700", "energy_intensity"] == (14.0, 5.85, -2.00)
    assert figures["321300", "energy_intensity"][2] is None  # no base year


def test_barometer_shows_the_change_the_cap_and_the_annual_target(query):
    rows = query(
        "select region_code, indicator_code, yoy_change_pct, cap_growth_pct, annual_target, "
        "annual_target_met, progress_gap, reason_en from marts.fct_barometer "
        "where period = '2022'"
    )
    bar = {(r, i): tuple(rest) for r, i, *rest in rows}
    # 960,000 / 950,000 − 1 = +1.0526 % -> +1.05
    assert bar["320000", "energy_intensity"][0] == 1.05
    assert bar["320100", "energy_intensity"][0] == 0.0
    assert bar["320900", "co2_intensity"][0] == -0.01
    assert bar["320700", "energy_total_tce"][1] == 2.00  # growth to the cap 72.8586
    assert bar["321000", "energy_total_tce"][1] == 1.99
    # 320200 fell 0.01 % against an annual target of 3 %: not met; 939,906 x 0.7143 =
    # 671,374.9 tce is within the annual cap of 800,000 tce.
    assert bar["320200", "energy_intensity"][2:4] == (3.0, False)
    assert bar["320200", "energy_total_tce"][2:4] == (80.0, True)
    # Gap: 5.84 − 5.85 = −0.01 (behind); total 1.99 − 2.00 = −0.01 (above the path).
    assert bar["320400", "energy_intensity"][4] == -0.01
    assert bar["321200", "energy_total_tce"][4] == -0.01
    assert "5.84%" in bar["320400", "energy_intensity"][5]
    assert "5.85%" in bar["320400", "energy_intensity"][5]


def test_scorecard_overall_grade_and_ranking(query):
    rows = query(
        "select region_code, overall_grade, red_count, yellow_count, green_count, "
        "not_assessed_count, off_track, city_rank "
        "from marts.fct_evaluation_scorecard where period = '2022'"
    )
    card = {r: rest for r, *rest in rows}
    # Worst grade; counts from EXPECTED_2022.
    assert tuple(card["320500"][:6]) == ("green", 0, 0, 3, 0, False)
    assert tuple(card["320700"][:6]) == ("yellow", 0, 3, 0, 0, True)
    assert tuple(card["321000"][:6]) == ("red", 3, 0, 0, 0, True)
    assert tuple(card["321300"][:6]) == ("not_assessed", 0, 0, 0, 3, False)
    assert card["320000"][6] is None  # the province is not ranked
    assert card["321300"][6] is None  # nor a city that cannot be assessed
    # Ranking: fewest reds, then fewest yellows, then the largest energy-intensity gap.
    # No red, by yellows: 320500 (0); then 320200 (1, EI gap 6.01 − 5.85 = 0.16),
    # 320300 (1, gap 0.00), 320600 (1, gap 8.07 − 5.85 = 2.22), 320900 (1, gap 8.01 − 5.85
    # = 2.16) -> 320600, 320900, 320200, 320300; 320400 (2); 320700 (3).
    ranked = sorted((rank, r) for r, (*_, rank) in card.items() if rank is not None)
    assert [r for _, r in ranked[:7]] == [
        "320500",
        "320600",
        "320900",
        "320200",
        "320300",
        "320400",
        "320700",
    ]
    assert len(ranked) == 12


def test_off_track_list_is_every_red_and_yellow_grade(query):
    rows = query(
        "select region_code, indicator_code, grade from marts.fct_regions_off_track "
        "where period = '2022'"
    )
    expected = {
        (r, i, g)
        for r, gs in EXPECTED_2022.items()
        for i, g in zip(INDICATORS, gs, strict=True)
        if g in ("red", "yellow")
    }
    assert set(rows) == expected
