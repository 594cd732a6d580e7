"""A small dictionary-based translation layer for the dashboards.

Streamlit has no built-in i18n (release practice 28), so every visible string is looked up
here by key: ``t("review.title")``. Simplified Chinese is the default; English is the
switch. The current language lives in ``st.session_state["lang"]`` and in the URL query
parameter ``lang`` (``?lang=en``), so a link opens in the language it was shared in.

Keys are grouped by prefix: ``common.*`` and ``lang.*`` for every dashboard, ``internal.*``
for the internal dashboard's frame, ``review.*`` for the quality review page, ``release.*``
for the internal release pages (dashboards/internal/strings.py) and ``public.*`` for the
public dashboard (dashboards/public/strings.py). A missing key or a missing language is an error,
not a silently shown key (see tests/test_dashboard_review.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_KEY = "lang"  # session-state key and query parameter
LANG_NAMES = {"zh": "中文", "en": "English"}

# key -> (Simplified Chinese, English); `{name}` placeholders are filled by t(..., name=...).
STRINGS: dict[str, tuple[str, str]] = {
    # --- common -------------------------------------------------------------------------
    "lang.label": ("语言 / Language", "语言 / Language"),
    "common.all": ("全部", "All"),
    "common.none": ("—", "—"),
    "common.draft_internal": (
        "草稿 · 内部使用：本页面供内部审核使用，数据未经发布，不得对外发布或引用。",
        "Draft · internal: this page is for internal review; the figures are unpublished "
        "and must not be published or quoted.",
    ),
    "common.warehouse_busy": (
        "数据仓库暂时不可用：流水线运行正在写入（DuckDB 写锁被占用），本页面无法打开仓库。"
        "请等待运行结束后刷新页面；未作任何更改。",
        "The warehouse is unavailable right now: a pipeline run is writing to it (DuckDB "
        "holds the write lock), so this page cannot open it. Refresh once the run has "
        "finished; nothing was changed.",
    ),
    "common.no_warehouse": (
        "尚无数据仓库（{path}）；请先运行 `dualcarbon run` 或 `make demo`。",
        "No warehouse yet ({path}); run `dualcarbon run` or `make demo` first.",
    ),
    # --- internal dashboard frame ----------------------------------------------------------
    "internal.app_title": ("江苏省双碳统计平台 · 内部", "Jiangsu dual-carbon platform · internal"),
    "internal.sidebar_title": ("内部工作台（草稿）", "Internal workbench (draft)"),
    "internal.nav_review": ("数据质量审核", "Quality review"),
    "internal.nav_section": ("数据质量", "Data quality"),
    # --- quality review page --------------------------------------------------------------
    "review.title": ("数据质量审核", "Quality review"),
    "review.intro": (
        "未通过的数据质量检查在此等待审核：错误级问题须豁免（给出原因）或退回报送单位；"
        "警告级问题可确认或豁免。",
        "Failed data-quality checks wait here for review: an ERROR must be waived (with a "
        "reason) or sent back to the department; a WARN may be acknowledged or waived.",
    ),
    "review.no_quality_tables": (
        "仓库中尚无数据质量检查结果（quality 模式不存在）；请先运行流水线。",
        "The warehouse holds no data-quality results yet (no quality schema); run the "
        "pipeline first.",
    ),
    "review.queue": ("待处理问题", "Open issues"),
    "review.filter_period": ("报告期", "Period"),
    "review.filter_severity": ("级别", "Severity"),
    "review.filter_dataset": ("数据集", "Dataset"),
    "review.open_errors": ("待处理错误", "Open errors"),
    "review.open_warnings": ("待处理警告", "Open warnings"),
    "review.queue_empty": ("没有待处理的问题。", "No open issues."),
    "review.queue_empty_filtered": (
        "当前筛选条件下没有待处理的问题。",
        "No open issues match the filters.",
    ),
    "review.select_issue": ("选择问题", "Select an issue"),
    "review.details": ("问题详情", "Issue details"),
    "review.failing_rows": ("不合格的行", "Failing rows"),
    "review.no_failing_rows": (
        "没有记录不合格的行（该检查针对整体数据，或未逐行记录）。",
        "No failing rows recorded (the check judges the data as a whole, or records no rows).",
    ),
    "review.data_docs": ("数据文档（Data Docs）", "Data Docs"),
    "review.data_docs_note": (
        "Data Docs 是工作区内的静态 HTML 页面；Streamlit 只能静态提供应用目录下的文件，"
        "因此这里给出文件路径，并可下载后在浏览器中打开。",
        "Data Docs are static HTML pages in the workspace; Streamlit only serves static "
        "files from the app's own folder, so the file path is shown here and the page can "
        "be downloaded and opened in a browser.",
    ),
    "review.data_docs_download": ("下载 Data Docs 页面", "Download the Data Docs page"),
    "review.data_docs_missing": (
        "找不到该文件（可能尚未生成或已被清理）。",
        "The file is missing (not built yet, or cleaned up).",
    ),
    "review.data_docs_none": ("此次验证没有记录 Data Docs 页面。", "No Data Docs page recorded."),
    "review.actions": ("审核操作", "Review actions"),
    "review.need_reviewer": (
        "审核操作须以数据管理员身份登录（见侧栏）。",
        "Reviewing requires signing in as a data steward (see the sidebar).",
    ),
    "review.tab_acknowledge": ("确认", "Acknowledge"),
    "review.tab_waive": ("豁免", "Waive"),
    "review.tab_send_back": ("退回", "Send back"),
    "review.ack_help": (
        "确认警告级问题：表示已知悉，该问题不再阻塞。说明可选。",
        "Acknowledge a WARN: you have seen it and it no longer waits. The comment is optional.",
    ),
    "review.ack_error_hint": (
        "这是错误级（ERROR）问题，不能仅确认；请豁免（须给出原因和说明）或退回报送单位。",
        "This is an ERROR: it cannot just be acknowledged; waive it (reason and comment "
        "required) or send the submission back.",
    ),
    "review.waive_help": (
        "豁免仅对该报送的这一版本有效；重新报送后将重新检查。原因和说明均为必填。",
        "A waiver covers this submission version only; a resubmission is checked afresh. "
        "Reason and comment are both required.",
    ),
    "review.send_back_help": (
        "退回将关闭该报送的全部 {count} 个待处理问题，并为报送单位生成反馈报告（中英文）。"
        "原因和说明均为必填。",
        "Sending back closes all {count} open issue(s) of this submission and writes the "
        "department's feedback report (Chinese and English). Reason and comment are both "
        "required.",
    ),
    "review.send_back_mart": (
        "汇总表（mart）的检查不能退回；请豁免，或退回引起问题的报送。",
        "A mart's checks cannot be sent back; waive them, or send back the submission that "
        "caused them.",
    ),
    "review.reason": ("原因", "Reason"),
    "review.reason_placeholder": ("请选择原因", "Choose a reason"),
    "review.comment": ("说明", "Comment"),
    "review.comment_optional": ("说明（可选）", "Comment (optional)"),
    "review.submit_acknowledge": ("确认该问题", "Acknowledge this issue"),
    "review.submit_waive": ("豁免该问题", "Waive this issue"),
    "review.submit_send_back": ("退回该报送", "Send this submission back"),
    "review.reason_required": ("请选择原因。", "Choose a reason."),
    "review.comment_required": ("请填写说明。", "Write a comment."),
    "review.done_acknowledge": (
        "已确认：{check}（{submission}）。",
        "Acknowledged: {check} ({submission}).",
    ),
    "review.done_waive": ("已豁免：{check}（{submission}）。", "Waived: {check} ({submission})."),
    "review.done_send_back": (
        "已退回报送 {submission}；反馈报告：{path}",
        "Sent back submission {submission}; feedback report: {path}",
    ),
    "review.log": ("审核记录", "Action log"),
    "review.log_empty": ("尚无审核记录。", "No review actions yet."),
    "review.trend": ("质量趋势", "Quality trend"),
    "review.trend_caption": (
        "各部门、各数据集每日验证的检查通过率（当日所有验证运行中的全部检查）。",
        "Pass rate of the checks per department and dataset, per day of validation (every "
        "check of every validation run that day).",
    ),
    "review.trend_empty": ("尚无验证结果。", "No validation results yet."),
    "review.series": ("部门 · 数据集", "Department · dataset"),
    # field and column labels
    "field.severity": ("级别", "Severity"),
    "field.dataset": ("数据集", "Dataset"),
    "field.department": ("报送单位", "Department"),
    "field.period": ("报告期", "Period"),
    "field.submission": ("报送编号", "Submission"),
    "field.version": ("版本", "Version"),
    "field.check": ("检查", "Check"),
    "field.kind": ("类型", "Kind"),
    "field.description": ("说明", "Description"),
    "field.failing_count": ("不合格行数", "Failing rows"),
    "field.observed": ("观测值", "Observed"),
    "field.validation": ("验证编号", "Validation"),
    "field.validated_at": ("验证时间", "Validated at"),
    "field.source_row": ("源文件行号", "Source row"),
    "field.row_key": ("行键", "Row key"),
    "field.value": ("值", "Value"),
    "field.problem": ("问题", "Problem"),
    "field.acted_at": ("时间（UTC）", "Time (UTC)"),
    "field.actor": ("操作人", "Actor"),
    "field.role": ("角色", "Role"),
    "field.action": ("操作", "Action"),
    "field.reason": ("原因", "Reason"),
    "field.comment": ("说明", "Comment"),
    "field.validated_on": ("验证日期", "Validated on"),
    "field.checks": ("检查数", "Checks"),
    "field.passed": ("通过数", "Passed"),
    "field.pass_rate": ("通过率（%）", "Pass rate (%)"),
    # code labels
    "severity.ERROR": ("错误", "Error"),
    "severity.WARN": ("警告", "Warning"),
    "kind.completeness": ("完整性", "Completeness"),
    "kind.validity": ("有效性", "Validity"),
    "kind.consistency": ("一致性", "Consistency"),
    "kind.plausibility": ("合理性", "Plausibility"),
    "kind.timeliness": ("及时性", "Timeliness"),
    "action.acknowledge": ("确认", "Acknowledged"),
    "action.waive": ("豁免", "Waived"),
    "action.send_back": ("退回", "Sent back"),
    "role.steward": ("数据管理员", "Data steward"),
    "role.statistician": ("统计人员", "Statistician"),
    "role.publisher": ("省发展改革委发布人", "DRC publisher"),
    "review.version_n": ("第 {n} 版", "version {n}"),
    "review.mart": ("汇总表 {dataset}", "Mart {dataset}"),
}

from dashboards.internal.strings import RELEASE_STRINGS  # noqa: E402
from dashboards.public.strings import PUBLIC_STRINGS  # noqa: E402

STRINGS.update(RELEASE_STRINGS)
STRINGS.update(PUBLIC_STRINGS)


def normalise_lang(value: object) -> str:
    """A supported language code, or the default for anything else."""
    text = str(value).strip().lower() if value is not None else ""
    return text if text in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The string ``key`` in ``lang`` (default: the session's language), placeholders filled."""
    zh, en = STRINGS[key]
    text = zh if (lang or current_lang()) == "zh" else en
    return text.format(**values) if values else text


def pick(zh: object, en: object, lang: str | None = None) -> object:
    """Choose between two values given in both languages (e.g. description_zh/_en)."""
    return zh if (lang or current_lang()) == "zh" else en


def both(key: str, **values: Any) -> str:
    """The string in both languages, Chinese first: for notices everyone must understand."""
    return f"{t(key, 'zh', **values)}\n\n{t(key, 'en', **values)}"


def label(prefix: str, code: object, lang: str | None = None) -> str:
    """The label of a code (``label("severity", "ERROR")``), or the code itself if unknown."""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in STRINGS else ("" if code is None else str(code))


def label_of(prefix: str, column: str, lang: str) -> Any:
    """``label`` over a Polars column, in one vectorised replace (codes without a label keep
    the code; nulls stay null). Pass the language: Polars runs off Streamlit's thread."""
    import polars as pl

    start = f"{prefix}."
    labels = {key[len(start) :]: t(key, lang) for key in STRINGS if key.startswith(start)}
    code = pl.col(column).cast(pl.String)
    return code.replace_strict(labels, default=code, return_dtype=pl.String)


def current_lang() -> str:
    """The session's language: session state, else the ``lang`` query parameter, else zh."""
    import streamlit as st

    try:
        if LANG_KEY in st.session_state:
            return normalise_lang(st.session_state[LANG_KEY])
        return normalise_lang(st.query_params.get(LANG_KEY))
    except Exception:  # outside a Streamlit run (e.g. a plain unit test)
        return DEFAULT_LANG


def language_switch(container: Any = None) -> str:
    """Render the language switch (sidebar by default) and keep the URL's ``lang`` in step."""
    import streamlit as st

    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalise_lang(st.query_params.get(LANG_KEY))
    (container or st.sidebar).radio(
        t("lang.label"),
        LANGS,
        format_func=LANG_NAMES.__getitem__,
        key=LANG_KEY,
        horizontal=True,
    )
    lang = normalise_lang(st.session_state[LANG_KEY])
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def missing_translations(strings: Mapping[str, tuple[str, str]] = STRINGS) -> list[str]:
    """Keys whose Chinese or English text is empty (a test keeps this list empty)."""
    return [key for key, pair in strings.items() if len(pair) != 2 or not all(pair)]
