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
            "目标值和评价来自本发布版本的目标完成情况表（fct_target_progress）。",
            "Targets and grades come from this release's target-progress table "
            "(fct_target_progress).",
        ),
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
            "The province's CO2 emissions (territorial) by fuel, sector and city, in 10,000 "
            "tonnes of CO2.",
        ),
        "public.energy_title": ("能源消费", "Energy"),
        "public.energy_intro": (
            "全省能源消费按能源品种、行业和设区市分列，单位为万吨标准煤。",
            "The province's energy consumption by energy type, sector and city, in 10,000 "
            "tonnes of standard coal equivalent.",
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
