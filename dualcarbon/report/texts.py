"""Texts shared by the public dashboard and the PDF report: key -> (Simplified Chinese, English).

The dashboard exposes them as ``public.<key>`` (dashboards/public/strings.py), so a figure has
the same title on the web page, in its downloads and in the PDF.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "publisher": ("江苏省发展和改革委员会", "Jiangsu Development and Reform Commission"),
    "site_title": ("江苏省碳排放统计数据发布", "Jiangsu carbon statistics: official releases"),
    "terms": (
        "使用条款：本数据由江苏省发展和改革委员会依法统一发布，可免费使用、转载和再加工，"
        "但须注明来源及发布版本号，且不得歪曲数据原意；以最新发布版本为准。",
        "Terms of use: these figures are published by the Jiangsu Development and Reform "
        "Commission, the sole official publisher. They may be used, reproduced and adapted free "
        "of charge, provided the source and the release id are cited and the figures are not "
        "misrepresented; the latest release prevails.",
    ),
    "citation": (
        "引用格式：江苏省发展和改革委员会. {title}（{period}年）, 发布版本 {release_id}, 发布时间 {published}.",
        "Cite as: Jiangsu Development and Reform Commission. {title} ({period}), release "
        "{release_id}, published {published}.",
    ),
    # figures: titles
    "figure.headline": ("主要指标", "Headline indicators"),
    "figure.co2_by_fuel": ("分能源品种二氧化碳排放", "CO2 emissions by fuel"),
    "figure.co2_by_sector": ("分行业二氧化碳排放", "CO2 emissions by sector"),
    "figure.co2_by_city": ("分设区市二氧化碳排放", "CO2 emissions by city"),
    "figure.co2_by_scope": ("二氧化碳排放构成", "CO2 emissions by scope"),
    "figure.co2_trend": ("二氧化碳排放总量变化", "Total CO2 emissions over time"),
    "figure.energy_by_fuel": ("分能源品种能源消费总量", "Total energy consumption by energy type"),
    "figure.energy_by_sector": (
        "分行业能源消费总量（按首次使用的行业）",
        "Total energy consumption by sector (where first used)",
    ),
    "figure.energy_by_city": ("分设区市能源消费总量", "Total energy consumption by city"),
    "figure.energy_trend": ("能源消费总量变化", "Total energy consumption over time"),
    "figure.intensity_by_city": ("分设区市强度指标", "Intensities by city"),
    "figure.intensity_trend": ("强度指标变化", "Intensities over time"),
    "figure.trend": ("{name}（历年）", "{name} over time"),
    "figure.region_compare": ("地区比较", "Comparison of regions"),
    "figure.reconciliation": ("全省与设区市合计对比", "Province against the sum of the cities"),
    "figure.targets": ("目标完成情况", "Progress against targets"),
    # method notes, one per figure family
    "method.co2": (
        "二氧化碳排放为属地排放：化石燃料燃烧（活动水平 × 排放因子，排放因子 = 低位发热量 × "
        "单位热值含碳量 × 碳氧化率 × 44/12）加工业生产过程排放；净调入电力间接排放单独列示，"
        "不计入属地排放总量。排放因子见发布版本所列因子版本。",
        "CO2 is territorial: fuel combustion (activity × emission factor, the factor being net "
        "calorific value × carbon content × oxidation rate × 44/12) plus industrial process "
        "emissions. Indirect emissions of net imported electricity are shown separately and "
        "are not part of the territorial total. Factors are those of the release's factor "
        "vintage.",
    ),
    "method.energy": (
        "能源消费总量按等价值法计算：化石能源（含原料用能，GB/T 2589 折标准煤系数）、非化石能源"
        "直接利用，加上本地非化石能源发电量和净调入电量（均按当年火电供电煤耗折算）；终端电力、"
        "热力不重复计入。分品种和分行业表中，本地非化石能源发电和净调入电力不属于任何燃料消费"
        "记录或行业，作为平衡项单独列示，各行合计等于能源消费总量。分行业数据按能源首次使用的"
        "行业计（发电、供热用燃料计入电力、热力生产和供应业）。",
        "Total energy consumption uses the equal-value method: fossil fuels (including "
        "feedstock, GB/T 2589 standard-coal coefficients) and direct use of non-fossil energy, "
        "plus non-fossil electricity generated in the region and net electricity inflow, both "
        "at the year's thermal power coal rate; end-use electricity and heat are not counted "
        "twice. In the tables by type and by sector, non-fossil electricity and net inflow "
        "belong to no fuel line or sector and are shown as reconciling items, so that the rows "
        "add up to the total. Sectors are where the energy is first used (fuel burned to make "
        "power and heat counts in the power and heat sector).",
    ),
    "method.intensity": (
        "强度指标 = 能源消费总量或二氧化碳排放总量 ÷ 地区生产总值（可比价，万元）；"
        "比上年变化和较规划基期累计变化按可比价计算。",
        "Intensity = total energy consumption or total CO2 ÷ GDP at constant prices (10^4 "
        "yuan); changes on the previous year and since the plan's base year are at constant "
        "prices.",
    ),
    "method.reconciliation": (
        "全省数据与 13 个设区市合计之差为差额项（省级平衡口径与市级口径不同所致），"
        "在分设区市表中单独列示。",
        "The province's figure minus the sum of the 13 cities is the reconciliation item "
        "(the provincial balance and the city accounts differ in scope); tables by city "
        "show it as a row of its own.",
    ),
}
