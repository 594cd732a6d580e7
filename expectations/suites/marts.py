"""Checks of the period as a whole: the register of submissions (has every dataset arrived?)
and the key marts the release is made of (fct_indicators, fct_region_reconciliation,
fct_energy_consumption). Their results have no submission id; the steward reviews them
under ``mart:<dataset>:<period>``."""

from __future__ import annotations

import great_expectations as gx
import polars as pl

from dualcarbon.contracts import PROVINCE_CODE, all_contracts
from expectations import config
from expectations.checks import Check, CheckContext, Frame
from expectations.suites._common import gap_within_tolerance

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


SUBMISSIONS = [
    Check(
        check_id="submissions.completeness.all_datasets_submitted",
        dataset="submissions",
        kind="completeness",
        severity="ERROR",
        row_level=False,
        description_zh="本期每个数据集都必须有一份已接收的报送（按报送合同逐一核对）。缺少的数据集及其责任部门列在失败行中：请催报；未报齐前不能发布。",
        description_en="Every dataset must have an accepted submission for the period (checked against the contracts). The missing datasets and their departments are listed as failing rows: chase them; the period cannot be released until they are in.",
        frame=Frame("submissions.datasets", _submitted, keys=("dataset",)),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="accepted_versions", min_value=1)
        ],
        reason_zh="{department_zh}尚未报送“{title_zh}”（已退回 {rejected_files} 份）",
        reason_en="{department_en} has not submitted '{title_en}' ({rejected_files} files rejected)",
    ),
]


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

FCT_INDICATORS = [
    Check(
        check_id="fct_indicators.completeness.headline_indicators_present",
        dataset="fct_indicators",
        kind="completeness",
        severity="ERROR",
        row_level=False,
        description_zh="全省和13个设区市都必须有能源消费总量、二氧化碳排放总量、能耗强度、碳排放强度和非化石能源占比；缺少即发布不完整。请查明缺少哪项报送数据（能源消费、地区生产总值、发电等），补报后重新运行。",
        description_en="The province and each of the 13 cities must have total energy, total CO2, energy intensity, CO2 intensity and the non-fossil share; a gap means an incomplete release. Find which submission is missing (energy, GDP, generation, ...), have it submitted and run again.",
        frame=Frame("fct_indicators.headline", _headline, keys=("region_code", "indicator_code")),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="values_present", min_value=1)
        ],
        reason_zh="地区 {region_code}（{name_zh}）缺少 {indicator_code}",
        reason_en="{region_code} ({name_en}) has no {indicator_code}",
    ),
    Check(
        check_id="fct_indicators.validity.levels_non_negative",
        dataset="fct_indicators",
        kind="validity",
        severity="ERROR",
        row_level=False,
        description_zh="能源消费量、二氧化碳排放量及强度不能为负。出现负值说明上游数据或计算有误：请检查对应地区的报送和因子。",
        description_en="Energy, CO2 and intensities cannot be negative. A negative value means an upstream figure or the computation is wrong: check the region's submissions and factors.",
        frame=Frame(
            "fct_indicators.levels",
            lambda ctx: ctx.frame(INDICATORS).filter(
                pl.col("indicator_code").is_in(LEVEL_INDICATORS)
            ),
            keys=INDICATORS.keys,
        ),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(column="value", min_value=0)
        ],
        reason_zh="地区 {region_code} 的 {indicator_code} 为 {value}",
        reason_en="{region_code}: {indicator_code} is {value}",
    ),
    Check(
        check_id="fct_indicators.validity.province_share_within_0_100",
        dataset="fct_indicators",
        kind="validity",
        severity="ERROR",
        row_level=False,
        description_zh="全省非化石能源占比必须在 0 至 100% 之间。（设区市可能因本地核电、风电大量外送而超过100%，不在此检查。）请检查发电和用电数据。",
        description_en="The province's non-fossil share must be between 0 and 100%. (A city can exceed 100% when it exports much of its nuclear or wind power, so cities are not checked here.) Check generation and consumption.",
        frame=Frame(
            "fct_indicators.province_share",
            lambda ctx: ctx.frame(INDICATORS).filter(
                (pl.col("indicator_code") == "non_fossil_share")
                & (pl.col("region_code") == PROVINCE_CODE)
            ),
            keys=INDICATORS.keys,
        ),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="value", min_value=0, max_value=100
            )
        ],
        reason_zh="全省非化石能源占比为 {value:.2f}%",
        reason_en="the province's non-fossil share is {value:.2f}%",
    ),
    Check(
        check_id="fct_indicators.consistency.fuel_totals_match_energy_account",
        dataset="fct_indicators",
        kind="consistency",
        severity="ERROR",
        row_level=False,
        description_zh="各地区煤炭、石油、天然气消费量（折标准煤）必须等于能源账户（fct_energy_consumption）各行业之和。不相等说明计算有误，发布数会与明细表矛盾：请检查 dbt 模型。",
        description_en="Each region's coal, oil and gas (tce) must equal the sum over sectors of the energy account (fct_energy_consumption). A difference means a computation error, and the release would contradict its own detail tables: check the dbt models.",
        frame=Frame(
            "fct_indicators.fuel_account", _fuel_account, keys=("region_code", "fuel_group")
        ),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="diff_pct", max_value=float(ctx.thresholds["account_tolerance_pct"])
            )
        ],
        reason_zh="地区 {region_code} {fuel_group}：指标 {indicator_tce:,.0f}，账户合计 {account_tce:,.0f} 吨标准煤",
        reason_en="{region_code} {fuel_group}: indicator {indicator_tce:,.0f}, account {account_tce:,.0f} tce",
    ),
    Check(
        check_id="fct_indicators.plausibility.yoy_change_within_band",
        dataset="fct_indicators",
        kind="plausibility",
        severity="WARN",
        row_level=False,
        description_zh=f"各地区能源消费总量和二氧化碳排放总量比上年变化通常不超过全省 ±{_T['yoy_band_pct']['province']}%、设区市 ±{_T['yoy_band_pct']['prefecture']}%（thresholds.yaml 的 yoy_band_pct）。超出时请与统计局核实（企业投产、关停或统计口径变化）；如属实，确认后继续。",
        description_en=f"A region's total energy and total CO2 normally change by no more than ±{_T['yoy_band_pct']['province']}% (province) or ±{_T['yoy_band_pct']['prefecture']}% (cities) on the previous year (thresholds.yaml, yoy_band_pct). Beyond that, check with the statistics bureau (plants opened or closed, a change of scope); if it is real, acknowledge it.",
        frame=Frame("fct_indicators.yoy", _yoy, keys=("region_code", "indicator_code")),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="band_pct", column_B="abs_change_pct", or_equal=True
            )
        ],
        reason_zh="地区 {region_code} {indicator_code} 比上年 {value:+.1f}%，超出 ±{band_pct:.0f}%",
        reason_en="{region_code} {indicator_code}: {value:+.1f}% on the previous year, beyond ±{band_pct:.0f}%",
    ),
    Check(
        check_id="fct_indicators.plausibility.total_within_own_history",
        dataset="fct_indicators",
        kind="plausibility",
        severity="WARN",
        row_level=False,
        description_zh=f"各地区能源、煤炭、石油、天然气和二氧化碳总量与本地区以往各期中位数的偏离不应超过 {_T['robust_outlier']['k']} 个稳健标准差（1.4826×MAD；至少有 {_T['robust_outlier']['min_history']} 期历史才判断）。超出时请核实是否有真实的结构变化；如属实，确认后继续。",
        description_en=f"A region's energy, coal, oil, gas and CO2 totals should lie within {_T['robust_outlier']['k']} robust standard deviations (1.4826 x MAD) of the median of its own earlier periods (judged with at least {_T['robust_outlier']['min_history']} earlier periods). Beyond that, check for a real structural change; if it is real, acknowledge it.",
        frame=Frame("fct_indicators.history", _history, keys=("region_code", "indicator_code")),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="robust_z", max_value=float(ctx.thresholds["robust_outlier"]["k"])
            )
        ],
        reason_zh="地区 {region_code} {indicator_code} 为 {value:,.0f}，以往中位数 {history_median:,.0f}，偏离 {robust_z:.1f} 个稳健标准差",
        reason_en="{region_code} {indicator_code}: {value:,.0f} against an earlier median of {history_median:,.0f}, {robust_z:.1f} robust sigmas away",
    ),
    Check(
        check_id="fct_indicators.plausibility.intensity_within_band",
        dataset="fct_indicators",
        kind="plausibility",
        severity="WARN",
        row_level=False,
        description_zh=f"能耗强度和碳排放强度应在以往各期所有地区的观测范围内（上下各放宽 {_T['intensity']['margin_pct']}%；无历史时用 thresholds.yaml 的固定范围）。超出时请核实地区生产总值和能源数据的单位与口径。",
        description_en=f"Energy and CO2 intensities should lie within the range observed over all regions in earlier periods, widened by {_T['intensity']['margin_pct']}% on each side (the fixed bounds of thresholds.yaml without history). Beyond that, check the units and scope of GDP and energy.",
        frame=Frame("fct_indicators.intensity", _intensity, keys=("region_code", "indicator_code")),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="value", column_B="lower_bound", or_equal=True
            ),
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="upper_bound", column_B="value", or_equal=True
            ),
        ],
        reason_zh="地区 {region_code} {indicator_code} 为 {value:.4f}，范围 {lower_bound:.4f}–{upper_bound:.4f}",
        reason_en="{region_code} {indicator_code}: {value:.4f}, outside {lower_bound:.4f}-{upper_bound:.4f}",
    ),
]


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
_RECON_REASON_ZH = "{indicator_code}：全省 {province_value:,.0f}，各市合计 {cities_sum:,.0f}（{cities_reported} 个市），相差 {reconciliation_pct:+.2f}%"
_RECON_REASON_EN = "{indicator_code}: province {province_value:,.0f}, cities {cities_sum:,.0f} ({cities_reported} cities), gap {reconciliation_pct:+.2f}%"


FCT_REGION_RECONCILIATION = [
    Check(
        check_id="fct_region_reconciliation.completeness.all_cities_reported",
        dataset="fct_region_reconciliation",
        kind="completeness",
        severity="WARN",
        row_level=False,
        description_zh="全省与各市的核对应覆盖全部13个设区市和全部总量指标；缺少城市时差额没有意义。请先补齐缺失城市的报送。",
        description_en="The province-versus-cities reconciliation should cover all 13 cities and every total; with a city missing the gap means nothing. Get the missing city's submission first.",
        frame=Frame(
            "fct_region_reconciliation.coverage",
            _reconciliation_coverage,
            keys=("indicator_code",),
        ),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="cities_reported", column_B="cities_expected", or_equal=True
            )
        ],
        reason_zh="{indicator_code} 只有 {cities_reported} 个市（应为 {cities_expected}）",
        reason_en="{indicator_code}: {cities_reported} cities of {cities_expected}",
    ),
    Check(
        check_id="fct_region_reconciliation.consistency.province_vs_cities_within_tolerance",
        dataset="fct_region_reconciliation",
        kind="consistency",
        severity="WARN",
        row_level=False,
        description_zh=f"各总量指标的全省数与13个设区市合计相差不应超过 ±{_T['reconciliation']['warn_pct']}%（thresholds.yaml 的 reconciliation.warn_pct）。超出时请与统计局核对全省数和各市数据，并在发布说明中解释差额。",
        description_en=f"For every total, the province's figure and the sum of the 13 cities should be within ±{_T['reconciliation']['warn_pct']}% (thresholds.yaml, reconciliation.warn_pct). Beyond that, reconcile the province's and the cities' figures with the statistics bureau and explain the gap in the release notes.",
        frame=RECONCILIATION,
        expectations=gap_within_tolerance("reconciliation_pct", "reconciliation", "warn_pct"),
        reason_zh=_RECON_REASON_ZH,
        reason_en=_RECON_REASON_EN,
    ),
    Check(
        check_id="fct_region_reconciliation.consistency.province_vs_cities_gross_gap",
        dataset="fct_region_reconciliation",
        kind="consistency",
        severity="ERROR",
        row_level=False,
        description_zh=f"全省数与各市合计相差超过 ±{_T['reconciliation']['error_pct']}%：全省或某市的数据几乎肯定有错，不能发布。请找出偏离的城市，退回有关部门更正，或在核实后豁免。",
        description_en=f"The province and the sum of its cities differ by more than ±{_T['reconciliation']['error_pct']}%: the province's or a city's figures are almost certainly wrong and cannot be released. Find the city that is off, send the submission back, or waive it once verified.",
        frame=RECONCILIATION,
        expectations=gap_within_tolerance("reconciliation_pct", "reconciliation", "error_pct"),
        reason_zh=_RECON_REASON_ZH,
        reason_en=_RECON_REASON_EN,
    ),
]


# --- fct_energy_consumption --------------------------------------------------------------


def _energy_account(ctx: CheckContext) -> pl.DataFrame:
    return ctx.sql(
        "select region_code, sector_code, fuel_code, use_type, quantity, unit, tce "
        "from marts.fct_energy_consumption where period = $period order by 1, 2, 3, 4",
        period=ctx.period,
    )


FCT_ENERGY_CONSUMPTION = [
    Check(
        check_id="fct_energy_consumption.validity.tce_converted",
        dataset="fct_energy_consumption",
        kind="validity",
        severity="ERROR",
        row_level=False,
        description_zh="能源账户每一行都必须折算为非负的标准煤量；为空说明缺少该品种的折标系数（因子版本），总量会偏低。请在因子表中补充系数后重新运行。",
        description_en="Every row of the energy account must convert to a non-negative tce; an empty value means the fuel has no conversion factor in the factor vintage, and totals would be too low. Add the factor and run again.",
        frame=Frame(
            "fct_energy_consumption.rows",
            _energy_account,
            keys=("region_code", "sector_code", "fuel_code", "use_type"),
        ),
        expectations=lambda ctx: [
            gx.expectations.ExpectColumnValuesToNotBeNull(column="tce"),
            gx.expectations.ExpectColumnValuesToBeBetween(column="tce", min_value=0),
        ],
        reason_zh="{region_code}/{sector_code}/{fuel_code}/{use_type}：{quantity} {unit} 折标准煤为 {tce}",
        reason_en="{region_code}/{sector_code}/{fuel_code}/{use_type}: {quantity} {unit} converts to {tce} tce",
    ),
]

CHECKS: list[Check] = [
    *SUBMISSIONS,
    *FCT_INDICATORS,
    *FCT_REGION_RECONCILIATION,
    *FCT_ENERGY_CONSUMPTION,
]
