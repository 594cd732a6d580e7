"""Strings of the public dashboard: key -> (Simplified Chinese, English), keys ``public.*``.

Texts the PDF report shares (figure titles, method notes, terms, citation) live in
dualcarbon/report/texts.py and appear here as ``public.<key>``.
"""

from dualcarbon.report.texts import TEXTS

PUBLIC_STRINGS: dict[str, tuple[str, str]] = {f"public.{key}": pair for key, pair in TEXTS.items()}

PUBLIC_STRINGS.update(
    {
        # --- frame ------------------------------------------------------------------------
        "public.app_title": ("江苏省碳排放统计数据发布", "Jiangsu carbon statistics"),
        "public.no_releases": (
            "尚无已发布的数据。数据经审核、批准并按发布日程正式发布后在此公开。",
            "Nothing has been published yet. Figures appear here once they have been "
            "reviewed, approved and published on the release calendar.",
        ),
        "public.terms_short": (
            "本网站仅展示江苏省发展和改革委员会正式发布的数据。",
            "This site shows only figures officially published by the Jiangsu DRC.",
        ),
        "public.nav_figures": ("统计数据", "Statistics"),
        "public.nav_about": ("发布信息", "About the releases"),
        "public.nav_overview": ("总览", "Overview"),
        "public.nav_emissions": ("碳排放", "Emissions"),
        "public.nav_energy": ("能源消费", "Energy"),
        "public.nav_intensities": ("强度指标", "Intensities"),
        "public.nav_regions": ("地区比较", "Regions"),
        "public.nav_releases": ("发布与修订", "Releases and revisions"),
        # --- release selector -------------------------------------------------------------
        "public.selector_label": ("发布版本", "Release"),
        "public.selector_help": (
            "选择要查看的正式发布版本。默认显示最新报告期的现行版本；已被更正的旧版本仍可查看。",
            "Choose the official release to view. The current release of the latest period "
            "is shown by default; superseded releases stay available.",
        ),
        "public.selector_option": (
            "{release_id}（{period}年，{note}）",
            "{release_id} ({period}, {note})",
        ),
        "public.selector_current": ("现行", "current"),
        "public.selector_superseded": ("已被 {newer} 取代", "superseded by {newer}"),
        "public.release_line": (
            "发布版本 {release_id} · 报告期 {period} 年 · 发布时间 {published}",
            "Release {release_id} · period {period} · published {published}",
        ),
        # --- banners ----------------------------------------------------------------------
        "public.banner_superseded": (
            "注意：发布版本 {release_id} 已被 {newer}（{kind}）取代，本页数据不再是现行数据。"
            "请在侧栏选择 {newer} 查看现行数据。",
            "Note: release {release_id} has been superseded by {newer} ({kind}); the figures "
            "on this page are no longer current. Choose {newer} in the sidebar for the current "
            "figures.",
        ),
        "public.banner_revision": (
            "{kind}通告：本版本取代 {old}。原因：{cause} 影响：{impact} 详见“发布与修订”页。",
            "{kind} notice: this release supersedes {old}. Cause: {cause} Impact: {impact} "
            "See “Releases and revisions” for details.",
        ),
        "public.revision.correction": ("更正", "Correction"),
        "public.revision.scheduled_revision": ("例行修订", "Scheduled revision"),
        "public.revision.method_change": ("方法变更修订", "Method change"),
        # --- overview ---------------------------------------------------------------------
        "public.overview_title": ("总览", "Overview"),
        "public.overview_intro": (
            "江苏省（全省）主要能源和碳排放指标。箭头表示比上年变化；对于越低越好的指标，"
            "下降显示为绿色。",
            "Jiangsu's (whole province) headline energy and carbon indicators. Arrows show the "
            "change on the previous year; for indicators where lower is better, a fall shows "
            "in green.",
        ),
        "public.card_help": ("单位：{unit}。", "Unit: {unit}."),
        "public.card_since_base": (
            "较“十四五”规划基期累计变化 {value}%（可比价）。",
            "Cumulative change since the plan's base year {value}% (constant prices).",
        ),
        "public.delta_yoy": ("比上年", "on previous year"),
        "public.unit_pp": (" 个百分点", " pp"),
        "public.unit_mixed": ("见各行单位列", "see the unit column of each row"),
        "public.not_available": ("—", "—"),
        # observation status (practice 12; codes of dualcarbon/release/status.py)
        "public.flag.A": ("正常值", "normal"),
        "public.flag.E": ("估算值", "estimated"),
        "public.flag.R": ("修订值", "revised"),
        "public.row_cities_sum": ("设区市合计", "Sum of the cities"),
        "public.row_province_minus_cities": (
            "差额：全省减设区市合计",
            "Difference: province minus the cities",
        ),
        "public.unknown_release": (
            "没有名为 {release_id} 的已发布版本。请从下列已发布版本中选择：",
            "No release {release_id} has been published. Choose one of the published releases:",
        ),
        "public.targets_title": ("目标完成情况", "Progress against targets"),
        "public.targets_absent": (
            "本发布版本不含目标完成情况评估表，因此本页不显示目标值或评价结论。"
            "下表为强度指标较规划基期的累计变化（实际值，不是目标）；目标值以省发展改革委"
            "下达的文件为准。",
            "This release carries no assessment of progress against targets, so no target "
            "value or grade is shown. The table gives the cumulative change of the "
            "intensities since the plan's base year (actual values, not targets); the "
            "targets are those issued by the provincial DRC.",
        ),
        "public.targets_source": (
            "目标值和评价均来自本发布版本。能源消费总量：实际值与目标值（总量上限）单位相同；"
            "强度指标：实际值为较规划基期累计下降幅度（%），目标值为规划期下降目标（%）。",
            "Targets and grades are this release's own. Total energy: the actual figure and the "
            "target (a cap) in the same unit; intensities: the actual cut since the plan's base "
            "year (%) beside the targeted cut over the plan period (%).",
        ),
        "public.target_unit_total": ("{unit}（总量上限）", "{unit} (cap)"),
        "public.target_unit_cut": ("较基期下降（%）", "cut since base year (%)"),
        "public.chart_yoy_title": (
            "主要指标比上年变化（%）",
            "Headline indicators: change on previous year (%)",
        ),
        "public.figure.city_energy_intensity_change_since_base": (
            "分设区市单位地区生产总值能耗较基期累计变化",
            "Energy intensity by city: change since the base year",
        ),
        "public.figure.city_co2_intensity_change_since_base": (
            "分设区市单位地区生产总值二氧化碳排放较基期累计变化",
            "CO2 intensity by city: change since the base year",
        ),
        # --- other pages ------------------------------------------------------------------
        "public.emissions_title": ("碳排放", "Emissions"),
        "public.emissions_intro": (
            "全省二氧化碳排放（属地口径）按能源品种、行业和设区市分列，单位为万吨二氧化碳。",
            "The province's CO2 emissions (territorial) by fuel, sector and city, in million "
            "tonnes of CO2 (Mt).",
        ),
        "public.energy_title": ("能源消费", "Energy"),
        "public.energy_intro": (
            "全省能源消费按能源品种、行业和设区市分列，单位为万吨标准煤。",
            "The province's energy consumption by energy type, sector and city, in million "
            "tonnes of standard coal equivalent (Mtce).",
        ),
        "public.intensities_title": ("强度指标", "Intensities"),
        "public.intensities_intro": (
            "单位地区生产总值能耗和二氧化碳排放（可比价），以及较规划基期的累计变化。",
            "Energy and CO2 per unit of GDP (constant prices), and their cumulative change "
            "since the plan's base year.",
        ),
        "public.regions_title": ("地区比较", "Comparison of regions"),
        "public.regions_intro": (
            "选择一个指标，比较 13 个设区市；全省数值列于上方作参照。",
            "Choose an indicator to compare the 13 cities; the province's value is shown "
            "above for reference.",
        ),
        "public.regions_indicator": ("指标", "Indicator"),
        "public.regions_province": ("全省：{name}", "Province: {name}"),
        # --- releases page ----------------------------------------------------------------
        "public.releases_title": ("发布与修订", "Releases and revisions"),
        "public.releases_intro": (
            "每个发布版本一经发布即不再改动；更正或修订以新版本发布，并说明原因和影响。",
            "A release never changes once published; a correction or revision is a new "
            "release that states its cause and impact.",
        ),
        "public.release_facts": ("本版本信息", "This release"),
        "public.fact_release": ("发布版本号", "Release id"),
        "public.fact_period": ("报告期", "Period"),
        "public.fact_version": ("版本", "Version"),
        "public.fact_published": ("发布时间", "Published"),
        "public.fact_planned": ("计划发布时间", "Planned for"),
        "public.fact_status": ("状态", "Status"),
        "public.fact_prepared": ("编制人", "Prepared by"),
        "public.fact_signed_off": ("数据质量审核人", "Quality signed off by"),
        "public.fact_approved": ("批准人", "Approved by"),
        "public.fact_published_by": ("发布人", "Published by"),
        "public.fact_factor_vintage": ("排放因子版本", "Factor vintage"),
        "public.fact_tables": ("数据表", "Tables"),
        "public.status_current": ("现行版本", "current"),
        "public.status_superseded": ("已被 {newer} 取代", "superseded by {newer}"),
        "public.notice_title": ("{kind}通告", "{kind} notice"),
        "public.notice_body": (
            "本版本取代 **{old}**。\n\n**原因：** {cause}\n\n**影响：** {impact}",
            "This release supersedes **{old}**.\n\n**Cause:** {cause}\n\n**Impact:** {impact}",
        ),
        "public.changes_title": ("与上一版本相比的变化", "What changed since the previous release"),
        "public.changes_first": (
            "这是 {period} 年的首个发布版本，没有可比较的上一版本。",
            "This is the first release for {period}; there is no earlier version to compare.",
        ),
        "public.changes_against": (
            "与被取代版本 {old} 比较：",
            "Compared with the superseded release {old}:",
        ),
        "public.changes_indicators": ("变化的指标数值", "Indicator values that changed"),
        "public.change.changed": ("修改", "changed"),
        "public.change.added": ("新增", "added"),
        "public.change.removed": ("删除", "removed"),
        "public.versions_title": ("{period} 年的全部版本", "Every release for {period}"),
        "public.revision_log_title": ("更正和修订记录", "Corrections and revisions"),
        "public.revision_log_empty": ("尚无更正或修订。", "No corrections or revisions so far."),
        "public.calendar_title": ("发布日程", "Release calendar"),
        "public.calendar_upcoming": ("待发布", "upcoming"),
        "public.calendar_on_time": (
            "已按时发布（{release_id}）",
            "published on time ({release_id})",
        ),
        "public.calendar_late": (
            "已发布（{release_id}），晚于计划 {days} 天 {hours} 小时",
            "published ({release_id}), {days} d {hours} h after the planned time",
        ),
        "public.calendar_ics": (
            "订阅发布日程（iCalendar）",
            "Subscribe to the calendar (iCalendar)",
        ),
        "public.calendar_empty": ("尚未公布发布日程。", "No release has been scheduled yet."),
        "public.col_planned": ("计划发布时间（北京时间）", "Planned (Beijing time)"),
        "public.col_plan_changes": ("日程变更次数", "Times rescheduled"),
        "public.report_title": ("正式发布报告（PDF）", "Official report (PDF)"),
        "public.report_intro": (
            "本版本的正式报告，由服务器生成（含表格、图表、发布版本号和更正通告），供报送"
            "人民代表大会等正式场合使用。",
            "The official report of this release, generated on the server (tables, charts, "
            "the release id and any correction notice), for circulation to the People's "
            "Congress and other formal use.",
        ),
        "public.report_download": ("下载 PDF 报告", "Download the PDF report"),
        "public.bundle_title": ("本版本全部数据", "The whole release"),
        "public.bundle_intro": (
            "本版本发布时的全部文件：各数据表（Parquet 格式）、指标元数据（indicators.json）、"
            "发布说明（NOTICE.md）和清单（manifest.json，含每个文件的 SHA-256 校验值）。",
            "Every file of this release as published: the tables (Parquet), the indicator "
            "metadata (indicators.json), the notice (NOTICE.md) and the manifest "
            "(manifest.json, with each file's SHA-256).",
        ),
        "public.bundle_download": ("下载全部数据（ZIP）", "Download the release (ZIP)"),
        "public.notice_file": ("发布说明（NOTICE.md）", "Release notice (NOTICE.md)"),
        # --- indicator blocks -------------------------------------------------------------
        "public.tab_chart": ("图表", "Chart"),
        "public.tab_table": ("表格", "Table"),
        "public.tab_download": ("下载", "Download"),
        "public.tab_sources": ("来源与方法", "Sources and methods"),
        "public.download_note": (
            "下载的文件与本页显示的数据一致，并附有发布版本号、单位、定义和使用条款。CSV 以 "
            "“#” 开头的行为说明。",
            "The files hold exactly what this page shows, with the release id, unit, "
            "definition and terms of use. In the CSV, lines starting with “#” are metadata.",
        ),
        "public.download_csv": ("下载 CSV", "Download CSV"),
        "public.download_xlsx": ("下载 Excel（XLSX）", "Download Excel (XLSX)"),
        "public.sheet_data": ("数据", "Data"),
        "public.sheet_about": ("说明", "About"),
        "public.meta_release": ("发布版本", "Release"),
        "public.meta_period": ("报告期", "Period"),
        "public.meta_published": ("发布时间", "Published"),
        "public.meta_unit": ("单位", "Unit"),
        "public.meta_definition": ("定义", "Definition"),
        "public.meta_method": ("方法", "Method"),
        "public.meta_caveats": ("注意事项", "Caveats"),
        "public.meta_scope": ("统计范围", "Scope"),
        "public.meta_departments": ("数据报送部门", "Source departments"),
        "public.meta_last_update": ("本次更新", "Updated"),
        "public.meta_contact": ("联系方式", "Contact"),
        "public.meta_sources": ("数据来源（报送数据）", "Sources (submissions)"),
        "public.meta_factor_vintage": ("排放因子版本", "Factor vintage"),
        "public.meta_revision": ("更正说明", "Revision note"),
        "public.meta_superseded": ("已被以下版本取代", "Superseded by"),
        "public.meta_terms": ("使用条款", "Terms of use"),
        "public.meta_citation": ("引用", "Citation"),
        "public.version_n": ("第 {n} 版", "version {n}"),
        # --- column labels ----------------------------------------------------------------
        "public.col_indicator": ("指标", "Indicator"),
        "public.col_value": ("数值", "Value"),
        "public.col_value_unit": ("数值（{unit}）", "Value ({unit})"),
        "public.col_unit": ("单位", "Unit"),
        "public.col_yoy": ("比上年变化", "Change on previous year"),
        "public.col_yoy_percent": ("比上年变化（%）", "Change on previous year (%)"),
        "public.col_yoy_unit": ("变化单位", "Unit of change"),
        "public.col_since_base": ("较规划基期累计变化（%）", "Change since the base year (%)"),
        "public.col_status": ("状态", "Status"),
        "public.col_period": ("年份", "Year"),
        "public.col_release": ("发布版本", "Release"),
        "public.col_name": ("名称", "Name"),
        "public.col_share": ("占比（%）", "Share (%)"),
        "public.col_share_of_total": ("占总量比重（%）", "Share of the total (%)"),
        "public.col_item_kind": ("项目类别", "Item"),
        "public.kind_part": ("构成项", "Component"),
        "public.kind_reconciling": ("平衡项（计入总量）", "Reconciling item (in the total)"),
        "public.kind_total": ("总量", "Total"),
        "public.col_region": ("地区", "Region"),
        "public.col_region_code": ("地区代码", "Region code"),
        "public.col_actual": ("实际值", "Actual"),
        "public.col_target": ("目标值", "Target"),
        "public.col_required_progress": ("要求进度", "Required progress"),
        "public.col_actual_progress": ("实际进度", "Actual progress"),
        "public.col_grade": ("评价", "Grade"),
        "public.col_province": ("全省", "Province"),
        "public.col_cities_sum": ("设区市合计", "Sum of cities"),
        "public.col_cities_reported": ("设区市个数", "Cities reported"),
        "public.col_reconciliation": ("差额项", "Reconciliation item"),
        "public.col_reconciliation_pct": ("差额占全省（%）", "Item as % of province"),
        "public.col_item": ("项目", "Item"),
        "public.col_detail": ("内容", "Detail"),
        "public.col_table": ("数据表", "Table"),
        "public.col_changed": ("修改行数", "Rows changed"),
        "public.col_added": ("新增行数", "Rows added"),
        "public.col_removed": ("删除行数", "Rows removed"),
        "public.col_old": ("原值（{release_id}）", "Old ({release_id})"),
        "public.col_new": ("新值（{release_id}）", "New ({release_id})"),
        "public.col_change_pct": ("变化（%）", "Change (%)"),
        "public.col_published": ("发布时间", "Published"),
        "public.col_superseded_at": ("被取代时间", "Superseded on"),
        "public.col_reason": ("原因", "Reason"),
        "public.col_supersedes": ("取代版本", "Supersedes"),
        "public.col_kind": ("类型", "Kind"),
        "public.col_impact": ("影响", "Impact"),
    }
)

# --- evaluation, carbon sinks and sectors (issue 6) -----------------------------------------
PUBLIC_STRINGS.update(
    {
        "public.nav_barometer": ("晴雨表", "Early-warning barometer"),
        "public.nav_sinks": ("碳汇", "Carbon sinks"),
        "public.nav_sectors": ("重点领域", "Sectors"),
        "public.yes": ("是", "yes"),
        "public.no": ("否", "no"),
        # grades: a shape and a name, never colour alone (ref_grades)
        "public.grade.red": ("▲ 红色（一级预警）", "▲ Red (level-1 warning)"),
        "public.grade.yellow": ("◆ 黄色（二级预警）", "◆ Yellow (level-2 warning)"),
        "public.grade.green": ("● 绿色（进展顺利）", "● Green (on track)"),
        "public.grade.not_assessed": ("○ 未评估", "○ Not assessed"),
        "public.grade_short.red": ("▲ 红色", "▲ Red"),
        "public.grade_short.yellow": ("◆ 黄色", "◆ Yellow"),
        "public.grade_short.green": ("● 绿色", "● Green"),
        "public.grade_short.not_assessed": ("○ 未评估", "○ Not assessed"),
        "public.unit_grade": ("评价等级", "grade"),
        # --- barometer ---------------------------------------------------------------------
        "public.barometer_title": ("能耗双控晴雨表", "Early-warning barometer"),
        "public.barometer_intro": (
            "按省发展改革委下达的“十四五”目标，对全省和 13 个设区市的能耗强度、能源消费总量和"
            "二氧化碳排放强度逐项评价：红色（一级预警）为强度不降反升或能源消费总量超过五年"
            "控制目标；黄色（二级预警）为进度落后于时序要求；绿色为进展顺利。每个等级同时以"
            "形状（▲ ◆ ● ○）和文字标示，下方可查看每个等级背后的数据。",
            "Each of the 13 cities and the province is graded on energy intensity, total "
            "energy consumption and CO2 intensity against the five-year targets issued by the "
            "provincial DRC: red (level-1 warning) when an intensity rose or total energy is "
            "above the five-year cap; yellow (level-2 warning) when progress is behind the "
            "time-proportional requirement; green when on track. Every grade is shown by a "
            "shape (▲ ◆ ● ○) and its name as well as its colour; the figures behind any grade "
            "are below.",
        ),
        "public.barometer_province": ("全省", "The province"),
        "public.barometer_indicator": ("评价指标", "Indicator"),
        "public.barometer_region": ("地区", "Region"),
        "public.barometer_behind_caption": (
            "{region} · {name}：评价等级及其依据的全部数据。",
            "{region} · {name}: the grade and every figure behind it.",
        ),
        "public.figure.barometer_map": ("晴雨表：{name}", "Barometer: {name}"),
        "public.figure.barometer_behind": ("评价依据", "The figures behind a grade"),
        "public.figure.scorecard": ("评价结果汇总", "Scorecard"),
        "public.figure.ranking": ("设区市排名", "Ranking of the cities"),
        "public.figure.off_track": ("进度落后地区", "Regions off track"),
        "public.ranking_note": (
            "排名依次按红色项数（少者在前）、黄色项数、能耗强度和二氧化碳排放强度超前进度"
            "（百分点，多者在前）；有未评估项的设区市不参与排名。",
            "Ranked by the number of red grades (fewest first), then yellow grades, then how "
            "far ahead of the requirement energy and CO2 intensity are (percentage points); "
            "cities with an indicator not assessed are not ranked.",
        ),
        "public.off_track_none": (
            "本报告期没有红色或黄色预警的地区。",
            "No region has a red or yellow grade in this period.",
        ),
        "public.behind_grade": ("评价等级", "Grade"),
        "public.behind_value": ("{period} 年数值", "Value in {period}"),
        "public.behind_previous": ("上年数值", "Previous year"),
        "public.behind_base": ("基期（{year} 年）数值", "Base year ({year})"),
        "public.behind_target": (
            "五年目标（至 {year} 年）",
            "Five-year target (to {year})",
        ),
        "public.behind_annual_target": ("年度目标", "Annual target"),
        "public.behind_annual_met": ("是否完成年度目标", "Annual target met"),
        "public.behind_elapsed": ("规划已过年数", "Years of the plan elapsed"),
        "public.behind_cap_growth": (
            "基期至五年控制目标的增幅（%）",
            "Growth from the base year to the five-year cap (%)",
        ),
        "public.col_required_pct": ("时序进度要求（%）", "Required progress (%)"),
        "public.col_actual_pct": ("实际进度（%）", "Actual progress (%)"),
        "public.col_progress_gap": (
            "超前（+）或落后（−）进度（百分点）",
            "Ahead (+) or behind (−) (pp)",
        ),
        "public.col_overall_grade": ("综合评价", "Overall grade"),
        "public.col_off_track": ("进度落后", "Off track"),
        "public.col_rank": ("排名", "Rank"),
        "public.col_red_count": ("红色项数", "Red"),
        "public.col_yellow_count": ("黄色项数", "Yellow"),
        "public.col_green_count": ("绿色项数", "Green"),
        "public.col_not_assessed_count": ("未评估项数", "Not assessed"),
        "public.col_gap_of": ("{name}超前进度（百分点）", "{name}: ahead by (pp)"),
        "public.method.barometer": (
            "强度指标：比上年未下降为红色；较基期累计降幅低于时序进度要求 "
            "1 − (1 − 五年目标)^(已过年数/5) 为黄色；否则为绿色。能源消费总量：较基期增幅超过"
            "五年控制目标对应增幅为红色；超过时序进度允许增幅 (控制目标/基期)^(已过年数/5) − 1 "
            "为黄色；否则为绿色。百分比均四舍五入到 0.01 后比较。缺少目标、基期或上年数据时"
            "不评估。",
            "Intensities: red if the intensity did not fall on the previous year; yellow if the "
            "cumulative decline since the base year is below the time-proportional requirement "
            "1 − (1 − five-year target)^(elapsed/5); green otherwise. Total energy: red if growth "
            "since the base year exceeds the growth to the five-year cap; yellow if it exceeds "
            "the time-proportional path (cap/base)^(elapsed/5) − 1; green otherwise. "
            "Percentages are compared rounded to 0.01. Without a target, base-year or "
            "previous-year figure the indicator is not assessed.",
        ),
        # --- carbon sinks ------------------------------------------------------------------
        "public.sinks_title": ("碳汇", "Carbon sinks"),
        "public.sinks_intro": (
            "森林碳汇按蓄积量变化法计算（相邻两年末生物量碳储量之差），滨海湿地碳汇单列、"
            "不计入碳汇合计。净排放 = 二氧化碳排放总量 − 森林碳汇。单位为万吨二氧化碳。",
            "The forest sink follows the stock-difference method (the change in biomass carbon "
            "between consecutive year ends); the coastal-wetland sink is shown apart and not "
            "counted in the headline sink. Net emissions = total CO2 emissions − forest sink. "
            "In million tonnes of CO2 (Mt).",
        ),
        "public.sinks_region": ("森林碳储量计算：地区", "Forest carbon stock working: region"),
        "public.figure.sinks_by_city": ("分设区市碳汇（按类型）", "Carbon sinks by city and type"),
        "public.figure.forest_stock": (
            "森林碳汇计算过程（蓄积量变化法）",
            "The forest sink worked out (stock difference)",
        ),
        "public.figure.net_emissions": (
            "净排放（排放 − 碳汇）",
            "Net emissions (emissions − sinks)",
        ),
        "public.method.sinks": (
            "生物量 = 蓄积量 × 基本木材密度 × 生物量扩展因子 × (1 + 根茎比)；碳储量 = 生物量 × "
            "含碳率；碳汇 = (本年末碳储量 − 上年末碳储量) × 44/12。参数及其版本见 "
            "factor_forest_biomass（IPCC 2006 第 4 卷，国家温室气体清单）。",
            "Biomass = stock volume × basic wood density × BEF × (1 + root-to-shoot ratio); "
            "carbon stock = biomass × carbon fraction; sink = (stock at year end − stock a year "
            "earlier) × 44/12. Parameters and their vintages in factor_forest_biomass (IPCC "
            "2006 Vol. 4, national inventory).",
        ),
        "public.method.net": (
            "净排放 = 属地二氧化碳排放（化石燃料燃烧 + 工业生产过程）− 森林碳汇；滨海湿地碳汇"
            "单列，不扣减。",
            "Net emissions = territorial CO2 (fuel combustion + industrial processes) − the "
            "forest sink; the coastal-wetland sink is shown apart and not subtracted.",
        ),
        "public.col_with_unit": ("{name}（{unit}）", "{name} ({unit})"),
        "public.col_removed": ("碳汇量", "CO2 removed"),
        "public.col_sink_type": ("碳汇类型", "Sink type"),
        "public.col_forest_type": ("林分类型", "Forest type"),
        "public.col_forest_area": ("森林面积", "Forest area"),
        "public.col_stock_volume": ("活立木蓄积量", "Growing-stock volume"),
        "public.col_wood_density": ("基本木材密度（吨/立方米）", "Wood density (t/m3)"),
        "public.col_bef": ("生物量扩展因子", "BEF"),
        "public.col_root_shoot": ("根茎比", "Root-to-shoot ratio"),
        "public.col_carbon_fraction": ("含碳率", "Carbon fraction"),
        "public.col_biomass": ("生物量（吨干物质）", "Biomass (t dry matter)"),
        "public.col_carbon_stock": ("年末碳储量（吨碳）", "Carbon stock at year end (t C)"),
        "public.col_previous_stock": ("上年末碳储量（吨碳）", "Carbon stock a year earlier (t C)"),
        "public.col_factor_vintage": ("参数版本", "Parameter vintage"),
        "public.col_co2_total": ("二氧化碳排放", "CO2 emissions"),
        "public.col_headline_sink": ("森林碳汇", "Forest sink"),
        "public.col_net_emissions": ("净排放", "Net emissions"),
        "public.col_sink_offset": ("碳汇抵消比例（%）", "Sink as % of emissions"),
        "public.col_other_sinks": ("滨海湿地碳汇（不扣减）", "Coastal wetland (not subtracted)"),
        # --- sectors -----------------------------------------------------------------------
        "public.sectors_title": ("重点领域", "Sectors"),
        "public.sectors_intro": (
            "工业、建筑、交通和全国碳排放权交易市场的汇总数据，按设区市分列，全省列于首行。"
            "只发布汇总数，不发布单个企业或项目的数据。",
            "Industry, buildings, transport and the national carbon market, by city with the "
            "province in the first row. Aggregates only: no single enterprise's or project's "
            "figures are published.",
        ),
        "public.sector_industry": ("工业", "Industry"),
        "public.sector_buildings": ("建筑", "Buildings"),
        "public.sector_transport": ("交通", "Transport"),
        "public.sector_carbon_market": ("碳排放权交易市场", "Carbon market"),
        "public.figure.key_units": (
            "重点用能单位能耗占比",
            "Key energy-using units: share of energy consumption",
        ),
        "public.figure.two_high": (
            "“两高”项目（按状态）",
            "Energy- and emission-intensive projects by status",
        ),
        "public.figure.buildings": ("绿色建筑占比", "Green building share"),
        "public.figure.low_energy_buildings": (
            "超低能耗和近零能耗建筑面积",
            "Ultra-low and near-zero energy floor area",
        ),
        "public.figure.transport_nev": ("新能源汽车占比", "New-energy vehicle share"),
        "public.figure.transport_rail_water": (
            "铁路和水路货运周转量占比",
            "Rail and waterway share of freight",
        ),
        "public.figure.carbon_market": (
            "碳市场：核查排放量与配额分配量（全省，按行业）",
            "Carbon market: verified emissions and allowances (province, by sector)",
        ),
        "public.method.key_units": (
            "占比 = 重点用能单位综合能源消费量（当量值）÷ 地区能源消费总量 × 100。",
            "Share = the key units' energy consumption (equal-value) ÷ the region's total "
            "energy consumption × 100.",
        ),
        "public.method.two_high": (
            "年末“两高”项目清单，按存量、在建、拟建统计项目数、设计年综合能耗和节能审查状态。",
            "The year-end register of energy- and emission-intensive projects: count, designed "
            "annual energy consumption and energy-saving review state, by status.",
        ),
        "public.method.buildings": (
            "绿色建筑占比 = 绿色建筑面积 ÷ 既有建筑面积 × 100；面积单位为万平方米。",
            "Green share = certified green floor area ÷ floor area of the stock × 100; areas in "
            "10,000 m2.",
        ),
        "public.method.transport": (
            "铁路和水路占比按货运周转量计算；新能源汽车包括纯电动、插电式混合动力和燃料电池"
            "汽车；公交电动化率为新能源公交车占城市公交车的比例。",
            "The rail and waterway share is of freight turnover; new-energy vehicles are "
            "battery electric, plug-in hybrid and fuel cell; bus electrification is the "
            "new-energy share of urban buses.",
        ),
        "public.method.carbon_market": (
            "履约率按企业数计算：清缴配额不少于核查排放量的企业占比；配额盈余 = 分配量 − "
            "核查排放量（负数为缺口）。",
            "Compliance rate by count: enterprises that surrendered at least their verified "
            "emissions; surplus = allowances allocated − verified emissions (negative = a "
            "shortfall).",
        ),
        "public.unit_projects": ("个", "projects"),
        "public.col_unit_count": ("重点用能单位数", "Key units"),
        "public.col_key_units_energy": ("重点用能单位能耗", "Key units' energy"),
        "public.col_energy_total": ("能源消费总量", "Total energy consumption"),
        "public.col_key_units_share": ("重点用能单位能耗占比（%）", "Key units' share (%)"),
        "public.col_project_status": ("项目状态", "Status"),
        "public.col_project_count": ("项目数", "Projects"),
        "public.col_designed_energy": ("设计年综合能耗", "Designed annual energy"),
        "public.col_approved": ("已通过节能审查", "Review passed"),
        "public.col_pending": ("审查中", "Review pending"),
        "public.col_not_submitted": ("未报审", "Not submitted"),
        "public.col_rejected": ("未通过", "Rejected"),
        "public.col_floor_area": ("建筑面积", "Floor area"),
        "public.col_green_area": ("绿色建筑面积", "Green floor area"),
        "public.col_green_share": ("绿色建筑占比（%）", "Green share (%)"),
        "public.col_urban_green_share": ("城镇绿色建筑占比（%）", "Urban green share (%)"),
        "public.col_ultra_low": ("超低能耗建筑面积", "Ultra-low energy area"),
        "public.col_near_zero": ("近零能耗建筑面积", "Near-zero energy area"),
        "public.col_ultra_low_short": ("超低能耗", "Ultra-low energy"),
        "public.col_near_zero_short": ("近零能耗", "Near-zero energy"),
        "public.col_renewable_share": ("可再生能源建筑应用占比（%）", "Renewable-integrated (%)"),
        "public.col_area": ("面积", "Area"),
        "public.col_building_kind": ("类型", "Kind"),
        "public.col_rail_water_share": ("铁路和水路货运占比（%）", "Rail and waterway share (%)"),
        "public.col_nev_share": ("新能源汽车占比（%）", "New-energy vehicle share (%)"),
        "public.col_bus_electrification": ("公交电动化率（%）", "Bus electrification (%)"),
        "public.col_charging_points": ("公共充电桩（个）", "Public charging points"),
        "public.col_nev_per_point": ("车桩比", "New-energy vehicles per charging point"),
        "public.col_nev": ("新能源汽车（辆）", "New-energy vehicles"),
        "public.col_freight_turnover": ("货运周转量", "Freight turnover"),
        "public.col_sector": ("行业", "Sector"),
        "public.col_enterprises": ("纳入企业数", "Enterprises covered"),
        "public.col_verified": ("核查排放量", "Verified emissions"),
        "public.col_allocated": ("配额分配量", "Allowances allocated"),
        "public.col_surplus": ("配额盈余", "Allocation surplus"),
        "public.col_compliance_rate": ("履约率（%）", "Compliance rate (%)"),
        "public.col_surrendered_share": ("清缴量占比（%）", "Surrendered share (%)"),
        "public.col_measure": ("项目", "Measure"),
    }
)
