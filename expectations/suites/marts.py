"""Checks of the period as a whole: the register of submissions (has every dataset arrived?)
and the key marts the release is made of (fct_indicators, fct_region_reconciliation,
fct_energy_consumption). Their results have no submission id; the steward reviews them
under ``mart:<dataset>:<period>``."""

from __future__ import annotations

import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, all_contracts
from expectations import config
from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import (
    a_above_b,
    at_most,
    between,
    checks,
    not_null,
    said,
    spec,
    threshold,
    tolerance_specs,
)

HEADLINE_INDICATORS = [
    "energy_total_tce",
    "co2_total_t",
    "energy_intensity",
    "co2_intensity",
    "non_fossil_share",
]
LEVEL_INDICATORS = [
    "energy_total_tce",
    "coal_tce",
    "oil_tce",
    "gas_tce",
    "co2_total_t",
    "energy_intensity",
    "co2_intensity",
]
RECONCILED_INDICATORS = ["energy_total_tce", "coal_tce", "oil_tce", "gas_tce", "co2_total_t"]
INTENSITIES = ["energy_intensity", "co2_intensity"]
_T = config.thresholds()


# --- submissions: the register of received files -------------------------------------------


def _submitted(ctx: CheckContext) -> pl.DataFrame:
    frequency = config.parse_key(ctx.period).frequency
    expected = pl.DataFrame(
        [
            {
                "dataset": c.dataset,
                "department": c.department,
                "title_zh": c.title_zh,
                "title_en": c.title_en,
            }
            for c in all_contracts().values()
            if c.frequency == frequency and c.expected_in(int(ctx.period[:4]))
        ]
    )
    received = ctx.sql(
        "select dataset, count(*) filter (where status = 'accepted') as accepted_versions, "
        "count(*) filter (where status = 'rejected') as rejected_files "
        "from raw.submissions where period = $period and dataset is not null group by dataset",
        period=ctx.period,
    )
    departments = ctx.sql(
        "select department_code as department, name_zh as department_zh, "
        "name_en as department_en from reference.ref_departments"
    )
    return (
        expected.join(received, on="dataset", how="left")
        .join(departments, on="department", how="left")
        .with_columns(pl.col("accepted_versions", "rejected_files").fill_null(0))
        .sort("dataset")
    )


SUBMISSIONS = checks(
    "submissions",
    spec(
        "completeness.all_datasets_submitted",
        "ERROR",
        Frame("submissions.datasets", _submitted, keys=("dataset",)),
        between("accepted_versions", 1),
        values={"department": said("department"), "title": said("title")},
    ),
)


# --- fct_indicators -----------------------------------------------------------------------


def _headline(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select r.region_code, r.name_zh, r.name_en, i.indicator_code, "
        "count(f.value) as values_present "
        "from reference.ref_regions r cross join (select unnest($indicators) as indicator_code) i "
        "left join marts.fct_indicators f on f.region_code = r.region_code "
        "and f.indicator_code = i.indicator_code and f.period = $period "
        "group by all order by 1, 4",
        indicators=HEADLINE_INDICATORS,
        period=ctx.period,
    )


def _indicators(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select f.region_code, r.level, f.indicator_code, f.value, f.unit "
        "from marts.fct_indicators f join reference.ref_regions r using (region_code) "
        "where f.period = $period order by 1, 3",
        period=ctx.period,
    )


def _fuel_account(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "with account as (select region_code, fuel_group, sum(tce) as account_tce "
        "  from marts.fct_energy_consumption where period = $period "
        "  and fuel_group in ('coal', 'oil', 'gas') group by all), "
        "indicator as (select region_code, replace(indicator_code, '_tce', '') as fuel_group, "
        "  value as indicator_tce from marts.fct_indicators where period = $period "
        "  and indicator_code in ('coal_tce', 'oil_tce', 'gas_tce')) "
        "select coalesce(i.region_code, a.region_code) as region_code, "
        "coalesce(i.fuel_group, a.fuel_group) as fuel_group, i.indicator_tce, a.account_tce, "
        "100.0 * abs(coalesce(i.indicator_tce, 0) - coalesce(a.account_tce, 0)) "
        "/ greatest(abs(coalesce(a.account_tce, 0)), abs(coalesce(i.indicator_tce, 0)), 1) "
        "as diff_pct "
        "from indicator i full join account a using (region_code, fuel_group) order by 1, 2",
        period=ctx.period,
    )


def _yoy(ctx: CheckContext) -> pl.DataFrame:
    band = ctx.thresholds["yoy_band_pct"]
    return (
        ctx.frame(INDICATORS)
        .filter(pl.col("indicator_code").is_in(list(ctx.thresholds["yoy_indicators"])))
        .with_columns(
            abs_change_pct=pl.col("value").abs(),
            band_pct=pl.when(pl.col("level") == "province")
            .then(float(band["province"]))
            .otherwise(float(band["prefecture"])),
        )
    )


def _history(ctx: CheckContext) -> pl.DataFrame:
    rules = ctx.thresholds["robust_outlier"]
    return ctx.sql(
        "with cur as (select region_code, indicator_code, value from marts.fct_indicators "
        "  where period = $period and indicator_code in (select unnest($indicators))), "
        "hist as (select region_code, indicator_code, median(value) as history_median, "
        "  mad(value) as history_mad, count(*) as history_periods from marts.fct_indicators "
        "  where period < $period and indicator_code in (select unnest($indicators)) "
        "  group by all) "
        "select cur.*, hist.history_median, hist.history_periods, "
        "greatest(1.4826 * hist.history_mad, $min_sigma / 100.0 * abs(hist.history_median)) "
        "as robust_sigma, "
        "case when hist.history_periods >= $min_history then abs(cur.value - hist.history_median) "
        "/ nullif(greatest(1.4826 * hist.history_mad, "
        "$min_sigma / 100.0 * abs(hist.history_median)), 0) end as robust_z "
        "from cur left join hist using (region_code, indicator_code) order by 1, 2",
        period=ctx.period,
        indicators=list(rules["indicators"]),
        min_sigma=float(rules["min_sigma_pct"]),
        min_history=int(rules["min_history"]),
    )


def _intensity(ctx: CheckContext) -> pl.DataFrame:
    rules = ctx.thresholds["intensity"]
    margin = float(rules["margin_pct"]) / 100.0
    fixed = pl.DataFrame(
        {
            "indicator_code": list(rules["fixed_bounds"]),
            "fixed_lower": [float(v[0]) for v in rules["fixed_bounds"].values()],
            "fixed_upper": [float(v[1]) for v in rules["fixed_bounds"].values()],
        }
    )
    observed = ctx.sql(
        "select indicator_code, min(value) as observed_min, max(value) as observed_max, "
        "count(distinct period) as observed_periods from marts.fct_indicators "
        "where period < $period and indicator_code in (select unnest($indicators)) group by 1",
        period=ctx.period,
        indicators=INTENSITIES,
    )
    return (
        ctx.frame(INDICATORS)
        .filter(pl.col("indicator_code").is_in(INTENSITIES))
        .join(observed, on="indicator_code", how="left")
        .join(fixed, on="indicator_code", how="left")
        .with_columns(
            lower_bound=pl.coalesce(pl.col("observed_min") * (1 - margin), pl.col("fixed_lower")),
            upper_bound=pl.coalesce(pl.col("observed_max") * (1 + margin), pl.col("fixed_upper")),
        )
    )


INDICATORS = Frame("fct_indicators.rows", _indicators, keys=("region_code", "indicator_code"))


def _indicators_where(name: str, keep: pl.Expr) -> Frame:
    return Frame(
        f"fct_indicators.{name}",
        lambda ctx: ctx.frame(INDICATORS).filter(keep),
        keys=INDICATORS.keys,
    )


def _by_indicator(name: str, build) -> Frame:
    return Frame(f"fct_indicators.{name}", build, keys=("region_code", "indicator_code"))


LEVELS = _indicators_where("levels", pl.col("indicator_code").is_in(LEVEL_INDICATORS))
PROVINCE_SHARE = _indicators_where(
    "province_share",
    (pl.col("indicator_code") == "non_fossil_share") & (pl.col("region_code") == PROVINCE_CODE),
)
FUEL_ACCOUNT = Frame(
    "fct_indicators.fuel_account", _fuel_account, keys=("region_code", "fuel_group")
)

FCT_INDICATORS = checks(
    "fct_indicators",
    spec(
        "completeness.headline_indicators_present",
        "ERROR",
        _by_indicator("headline", _headline),
        between("values_present", 1),
        values={"name": said("name")},
    ),
    spec("validity.levels_non_negative", "ERROR", LEVELS, between("value", 0)),
    spec(
        "validity.province_share_within_0_100",
        "ERROR",
        PROVINCE_SHARE,
        between("value", 0, 100),
    ),
    spec(
        "consistency.fuel_totals_match_energy_account",
        "ERROR",
        FUEL_ACCOUNT,
        at_most("diff_pct", "account_tolerance_pct"),
    ),
    spec(
        "plausibility.yoy_change_within_band",
        "WARN",
        _by_indicator("yoy", _yoy),
        a_above_b("band_pct", "abs_change_pct", or_equal=True),
        values=_T["yoy_band_pct"],
    ),
    spec(
        "plausibility.total_within_own_history",
        "WARN",
        _by_indicator("history", _history),
        between("robust_z", max_value=threshold("robust_outlier", "k", then=float)),
        values=_T["robust_outlier"],
    ),
    spec(
        "plausibility.intensity_within_band",
        "WARN",
        _by_indicator("intensity", _intensity),
        a_above_b("value", "lower_bound", or_equal=True),
        a_above_b("upper_bound", "value", or_equal=True),
        values={"margin": _T["intensity"]["margin_pct"]},
    ),
)


# --- fct_region_reconciliation -----------------------------------------------------------


def _reconciliation(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select * from marts.fct_region_reconciliation where period = $period order by 2",
        period=ctx.period,
    )


def _reconciliation_coverage(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select i.indicator_code, coalesce(f.cities_reported, 0) as cities_reported, "
        "(select count(*) from reference.ref_regions where level = 'prefecture') "
        "as cities_expected "
        "from (select unnest($indicators) as indicator_code) i "
        "left join marts.fct_region_reconciliation f "
        "on f.indicator_code = i.indicator_code and f.period = $period order by 1",
        indicators=RECONCILED_INDICATORS,
        period=ctx.period,
    )


RECONCILIATION = Frame("fct_region_reconciliation.rows", _reconciliation, keys=("indicator_code",))
COVERAGE = Frame(
    "fct_region_reconciliation.coverage", _reconciliation_coverage, keys=("indicator_code",)
)

FCT_REGION_RECONCILIATION = checks(
    "fct_region_reconciliation",
    spec(
        "completeness.all_cities_reported",
        "WARN",
        COVERAGE,
        a_above_b("cities_reported", "cities_expected", or_equal=True),
    ),
    *tolerance_specs(
        (
            "consistency.province_vs_cities_within_tolerance",
            "consistency.province_vs_cities_gross_gap",
        ),
        RECONCILIATION,
        "reconciliation_pct",
        "reconciliation",
    ),
)


# --- fct_energy_consumption --------------------------------------------------------------


def _energy_account(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select region_code, sector_code, fuel_code, use_type, quantity, unit, tce "
        "from marts.fct_energy_consumption where period = $period order by 1, 2, 3, 4",
        period=ctx.period,
    )


ENERGY_ACCOUNT = Frame(
    "fct_energy_consumption.rows",
    _energy_account,
    keys=("region_code", "sector_code", "fuel_code", "use_type"),
)

FCT_ENERGY_CONSUMPTION = checks(
    "fct_energy_consumption",
    spec("validity.tce_converted", "ERROR", ENERGY_ACCOUNT, not_null("tce"), between("tce", 0)),
)

CHECKS: list[Check] = [
    *SUBMISSIONS,
    *FCT_INDICATORS,
    *FCT_REGION_RECONCILIATION,
    *FCT_ENERGY_CONSUMPTION,
]
