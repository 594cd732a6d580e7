"""The design behind the barometer's dbt unit tests, checked by hand.

The grading rules (methods.md §3; docs/methods.md, "Evaluation and early
warning") are tested by dbt unit tests on the models, with no pipeline:
dbt_project/models/intermediate/int_evaluation__progress_graded.unit_tests.yml (the grades
of 14 designed regions in 2020-2022, and the progress figures behind them) and
dbt_project/models/marts/barometer_marts.unit_tests.yml (the barometer's labels and reasons,
the scorecard and its ranking, the off-track list, the public contract). `make test` runs
them (tests/test_dbt_unit_tests.py).

Their inputs follow from the design below, and this module checks by hand that the design
does hit the boundaries the unit tests claim:

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

import re

import pytest
import yaml

from dualcarbon.paths import DBT_PROJECT_DIR

UNIT_TESTS = (
    DBT_PROJECT_DIR / "models" / "intermediate" / "int_evaluation__progress_graded.unit_tests.yml"
)
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


def test_unit_test_inputs_follow_the_design():
    """The indicator levels and changes given to the grading unit tests are the design's."""
    spec = yaml.safe_load(UNIT_TESTS.read_text(encoding="utf-8"))["unit_tests"]
    given = next(g for g in spec[0]["given"] if g["input"] == "ref('fct_indicators')")
    rows = re.findall(r"\('(\d{4})', '(\d{6})', '(\w+)', (-?[\d.]+)\)", given["rows"])
    values = {(year, region, code): float(value) for year, region, code, value in rows}

    def coal(region: str, year: str) -> float | None:
        if year == "2020":
            return None if region == NO_BASE else BASE_COAL_T
        return COAL[region][int(year) - 2021]

    for region in REGIONS:
        for year in ("2020", "2021", "2022"):
            tonnes = coal(region, year)
            if tonnes is None:
                assert (year, region, "energy_total_tce") not in values
                continue
            assert values[year, region, "energy_total_tce"] == pytest.approx(tonnes * 0.7143)
            if year == "2020" or coal(region, str(int(year) - 1)) is None:
                continue
            change = 100 * (tonnes / coal(region, str(int(year) - 1)) - 1)
            for code in ("energy_intensity", "co2_intensity"):
                assert values[year, region, f"{code}_yoy"] == pytest.approx(change, abs=1e-6)
                since = values.get((year, region, f"{code}_change_since_base"))
                if region == NO_BASE:  # no 2020 figure: no change since the base year
                    assert since is None
                else:
                    assert since == pytest.approx(100 * (tonnes / BASE_COAL_T - 1), abs=1e-6)
