"""数据质量审核 / Quality review: the data steward's queue (draft, internal).

The queue of open issues (filter by period, severity, dataset), one issue's details, failing
rows and Data Docs page, the steward's actions (acknowledge, waive, send back), the action log
and the quality trend. All reads and actions go through ``dualcarbon.quality.review``; the
warehouse is opened read-only to display and read-write only for an action.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import altair as alt
import polars as pl
import streamlit as st

from dashboards.i18n import both, current_lang, label, pick, t
from dashboards.internal import store
from dashboards.internal.session import current_user
from dashboards.labels import dataset_label, department_label
from dualcarbon.quality.review import REASON_CODES, ReviewError, acknowledge, send_back, waive

FLASH_KEY = "review_flash"
SELECTED_KEY = "review_selected"
ALL = ""
MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$")
DATETIME_COLUMN = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")

# Widgets' format functions are also called outside the script run (e.g. by AppTest), so they
# take the page's language explicitly rather than reading it from the session.

lang = current_lang()
ws = store.workspace()

st.title(t("review.title"))
st.caption(t("common.draft_internal"))
st.caption(t("review.intro"))

flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    key, values = flash
    st.success(t(key, **values))

try:
    snap = store.snapshot(ws)
except store.NoWarehouse:
    st.info(t("common.no_warehouse", path=ws.warehouse))
    st.stop()
except store.WarehouseBusy:
    st.warning(both("common.warehouse_busy"), icon="🔒")
    st.stop()

if not snap.has_quality:
    st.info(t("review.no_quality_tables"))
    st.stop()


def md(value: object) -> str:
    """Data shown inside markdown: escape what markdown (and Streamlit's $…$ maths) would eat."""
    text = "" if value is None else str(value)
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in text)


def issue_key(row: dict[str, Any]) -> tuple[str, str]:
    return (row["submission_id"], row["check_id"])


def widget_suffix(key: tuple[str, str]) -> str:
    """Form widgets are keyed per issue, so another issue's form starts empty."""
    return hashlib.sha1("\x1f".join(key).encode()).hexdigest()[:12]


def sticky_selectbox(
    container: Any, title: str, options: list, format_func: Callable[[Any], str], state: str
) -> Any:
    """A select box whose choice survives a language switch and a changed option list.

    Streamlit keeps a keyed select box's choice as its *displayed* text, which changes with
    the language (a filter kept showing "All" after switching back to Chinese). So the widget
    is keyed per language, and the chosen option itself is kept under ``state`` to seed the
    other language's widget (or to fall back to the first option when it has gone).
    """
    key = f"{state}_{lang}"
    if st.session_state.get(key) not in options:
        wanted = st.session_state.get(state)
        st.session_state[key] = wanted if wanted in options else options[0]
    choice = container.selectbox(title, options, format_func=format_func, key=key)
    st.session_state[state] = choice
    return choice


def version_text(version: object) -> str:
    return t("review.version_n", n=version) if version is not None else t("common.none")


# --- the queue ----------------------------------------------------------------------------
issues = snap.issues
st.subheader(t("review.queue"))

periods = sorted(issues.get_column("period").unique().to_list(), reverse=True)
datasets = sorted(issues.get_column("dataset").unique().to_list())
left, middle, right = st.columns(3)
period = sticky_selectbox(
    left,
    t("review.filter_period"),
    [ALL, *periods],
    lambda p: p or t("common.all", lang),
    "review_filter_period",
)
severity = sticky_selectbox(
    middle,
    t("review.filter_severity"),
    [ALL, "ERROR", "WARN"],
    lambda s: label("severity", s, lang) if s else t("common.all", lang),
    "review_filter_severity",
)
dataset = sticky_selectbox(
    right,
    t("review.filter_dataset"),
    [ALL, *datasets],
    lambda d: dataset_label(d, lang) if d else t("common.all", lang),
    "review_filter_dataset",
)

shown = issues
if period:
    shown = shown.filter(pl.col("period") == period)
if severity:
    shown = shown.filter(pl.col("severity") == severity)
if dataset:
    shown = shown.filter(pl.col("dataset") == dataset)

errors, warnings = st.columns(2)
errors.metric(t("review.open_errors"), shown.filter(pl.col("severity") == "ERROR").height)
warnings.metric(t("review.open_warnings"), shown.filter(pl.col("severity") == "WARN").height)

if issues.is_empty():
    st.success(t("review.queue_empty"))
elif shown.is_empty():
    st.info(t("review.queue_empty_filtered"))
else:
    queue_table = pl.DataFrame(
        {
            t("field.severity"): [label("severity", s) for s in shown["severity"]],
            t("field.dataset"): [dataset_label(d) for d in shown["dataset"]],
            t("field.department"): [department_label(d) for d in shown["department"]],
            t("field.period"): shown["period"],
            t("field.description"): shown["description_zh" if lang == "zh" else "description_en"],
            t("field.failing_count"): shown["failing_count"],
            t("field.observed"): shown["observed"],
            t("field.check"): shown["check_id"],
            t("field.submission"): shown["submission_id"],
            t("field.version"): shown["submission_version"],
            t("field.validated_at"): shown["validated_at"],
        }
    )
    st.dataframe(
        queue_table,
        hide_index=True,
        column_config={t("field.validated_at"): DATETIME_COLUMN},
    )

if shown.is_empty():
    selected = None
else:
    rows = list(shown.iter_rows(named=True))
    by_key = {issue_key(row): row for row in rows}
    chosen = sticky_selectbox(
        st,
        t("review.select_issue"),
        list(by_key),
        lambda k: (
            f"[{label('severity', by_key[k]['severity'], lang)}] "
            f"{dataset_label(by_key[k]['dataset'], lang)} {by_key[k]['period']} · "
            f"{pick(by_key[k]['description_zh'], by_key[k]['description_en'], lang)}"
        ),
        SELECTED_KEY,
    )
    selected = by_key[chosen]


# --- one issue: details, failing rows, Data Docs, actions ------------------------------------
def run_action(done_key: str, values: dict[str, Any], act: Callable[[Any], Any]) -> None:
    """Open the warehouse read-write for one action; report refusals in the page's language."""
    try:
        with store.opened(ws, write=True) as con:
            result = act(con)
    except store.WarehouseBusy:
        st.warning(both("common.warehouse_busy"), icon="🔒")
        return
    except ReviewError as exc:
        st.error(pick(exc.message_zh, exc.message_en))
        return
    store.clear_cache()
    st.session_state[FLASH_KEY] = (done_key, {**values, "path": result})
    st.rerun()


if selected is not None:
    key = issue_key(selected)
    suffix = widget_suffix(key)
    is_mart = selected["submission_id"].startswith("mart:")
    st.subheader(t("review.details"))
    facts = {
        t("field.severity"): label("severity", selected["severity"]),
        t("field.kind"): label("kind", selected["kind"]),
        t("field.check"): f"`{selected['check_id']}`",
        t("field.description"): md(pick(selected["description_zh"], selected["description_en"])),
        t("field.dataset"): f"{md(dataset_label(selected['dataset']))} (`{selected['dataset']}`)",
        t("field.department"): md(department_label(selected["department"])),
        t("field.period"): md(selected["period"]),
        t("field.submission"): f"`{selected['submission_id']}` · "
        + version_text(selected["submission_version"]),
        t("field.failing_count"): selected["failing_count"],
        t("field.observed"): md(selected["observed"]) or t("common.none"),
        t("field.validation"): f"`{selected['validation_id']}`",
        t("field.validated_at"): f"{selected['validated_at']:%Y-%m-%d %H:%M:%S}",
    }
    st.markdown("\n".join(f"- **{name}**: {value}" for name, value in facts.items()))

    st.markdown(f"**{t('review.failing_rows')}**")
    try:
        bad_rows = store.failing_rows(ws, selected["validation_id"], selected["check_id"])
    except store.WarehouseBusy:
        st.warning(both("common.warehouse_busy"), icon="🔒")
        bad_rows = pl.DataFrame()
    if bad_rows.is_empty():
        st.caption(t("review.no_failing_rows"))
    else:
        reason = "reason_zh" if lang == "zh" else "reason_en"
        columns = {
            "source_row": t("field.source_row"),
            "row_key": t("field.row_key"),
            "value": t("field.value"),
            reason: t("field.problem"),
        }
        present = [c for c in columns if c in bad_rows.columns]
        st.dataframe(
            bad_rows.select(present).rename({c: columns[c] for c in present}),
            hide_index=True,
        )

    st.markdown(f"**{t('review.data_docs')}**")
    docs = store.data_docs_file(ws, selected["data_docs_path"])
    if docs is None:
        st.caption(t("review.data_docs_none"))
    else:
        st.code(str(docs), language=None)
        if docs.is_file():
            st.download_button(
                t("review.data_docs_download"),
                data=docs.read_bytes(),
                file_name=docs.name,
                mime="text/html",
                key=f"docs_{suffix}",
                on_click="ignore",
            )
        else:
            st.caption(t("review.data_docs_missing"))
        st.caption(t("review.data_docs_note"))

    st.subheader(t("review.actions"))
    user = current_user()
    actor = user.username if user else ""
    # the review API checks the role again; a non-steward's action is refused there
    role = ("steward" if user.has("steward") else ",".join(sorted(user.roles))) if user else ""
    if not user or not user.has("steward"):
        st.warning(t("review.need_reviewer"))
    reasons = list(REASON_CODES)

    def reason_label(code: str) -> str:
        return str(pick(*REASON_CODES[code], lang))

    ack_tab, waive_tab, back_tab = st.tabs(
        [t("review.tab_acknowledge"), t("review.tab_waive"), t("review.tab_send_back")]
    )
    with ack_tab:
        is_error = selected["severity"] == "ERROR"
        st.caption(t("review.ack_error_hint") if is_error else t("review.ack_help"))
        with st.form(f"ack_{suffix}", border=False):
            comment = st.text_area(t("review.comment_optional"), key=f"ack_comment_{suffix}")
            if st.form_submit_button(
                t("review.submit_acknowledge"), disabled=is_error or not actor, type="primary"
            ):
                run_action(
                    "review.done_acknowledge",
                    {"check": selected["check_id"], "submission": selected["submission_id"]},
                    lambda con: acknowledge(
                        con, actor, role, selected["check_id"], selected["submission_id"], comment
                    ),
                )

    def reasoned_form(name: str, submit_key: str, act: Callable[[str, str], None]) -> None:
        """A reason code and a comment, both required before `act(reason, comment)` runs:
        the form for waiving and for sending back alike."""
        with st.form(f"{name}_{suffix}", border=False):
            reason_code = st.selectbox(
                t("review.reason"),
                reasons,
                index=None,
                format_func=reason_label,
                placeholder=t("review.reason_placeholder"),
                key=f"{name}_reason_{suffix}",
            )
            comment = st.text_area(t("review.comment"), key=f"{name}_comment_{suffix}")
            if st.form_submit_button(t(submit_key), disabled=not actor, type="primary"):
                if not reason_code:
                    st.error(t("review.reason_required"))
                elif not comment.strip():
                    st.error(t("review.comment_required"))
                else:
                    act(reason_code, comment)

    with waive_tab:
        st.caption(t("review.waive_help"))
        reasoned_form(
            "waive",
            "review.submit_waive",
            lambda reason_code, comment: run_action(
                "review.done_waive",
                {"check": selected["check_id"], "submission": selected["submission_id"]},
                lambda con: waive(
                    con,
                    actor,
                    role,
                    selected["check_id"],
                    selected["submission_id"],
                    reason_code,
                    comment,
                ),
            ),
        )
    with back_tab:
        if is_mart:
            st.info(t("review.send_back_mart"))
        else:
            count = issues.filter(pl.col("submission_id") == selected["submission_id"]).height
            st.caption(t("review.send_back_help", count=count))
            reasoned_form(
                "back",
                "review.submit_send_back",
                lambda reason_code, comment: run_action(
                    "review.done_send_back",
                    {"submission": selected["submission_id"]},
                    lambda con: send_back(
                        con, ws, actor, role, selected["submission_id"], reason_code, comment
                    ),
                ),
            )


# --- the action log -------------------------------------------------------------------------
st.subheader(t("review.log"))
log = snap.actions
if log.is_empty():
    st.caption(t("review.log_empty"))
else:
    log = log.sort("acted_at", descending=True)
    st.dataframe(
        pl.DataFrame(
            {
                t("field.acted_at"): log["acted_at"],
                t("field.actor"): log["actor"],
                t("field.role"): [label("role", r) for r in log["role"]],
                t("field.action"): [label("action", a) for a in log["action"]],
                t("field.dataset"): [dataset_label(d) for d in log["dataset"]],
                t("field.period"): log["period"],
                t("field.check"): log["check_id"],
                t("field.submission"): log["submission_id"],
                t("field.reason"): [
                    str(pick(*REASON_CODES[c])) if c in REASON_CODES else (c or "")
                    for c in log["reason_code"]
                ],
                t("field.comment"): log["comment"],
            }
        ),
        hide_index=True,
        column_config={t("field.acted_at"): DATETIME_COLUMN},
    )


# --- the quality trend ----------------------------------------------------------------------
st.subheader(t("review.trend"))
st.caption(t("review.trend_caption"))
trend = snap.trend
if trend.is_empty():
    st.caption(t("review.trend_empty"))
else:
    trend_table = pl.DataFrame(
        {
            t("field.department"): [department_label(d) for d in trend["department"]],
            t("field.dataset"): [dataset_label(d) for d in trend["dataset"]],
            t("field.validated_on"): trend["validated_on"].cast(pl.Date),
            t("field.checks"): trend["checks"],
            t("field.passed"): trend["passed"],
            t("field.pass_rate"): (trend["pass_rate"] * 100).round(1),
        }
    )
    # Stable ASCII field names for Vega-Lite (translated names would need escaping); the
    # axis, legend and tooltip titles carry the translation.
    chart_data = pl.DataFrame(
        {
            "series": [
                f"{department_label(d)} · {dataset_label(s)}"
                for d, s in zip(trend["department"], trend["dataset"], strict=True)
            ],
            "validated_on": trend["validated_on"].cast(pl.Date),
            "pass_rate": (trend["pass_rate"] * 100).round(1),
            "checks": trend["checks"],
            "passed": trend["passed"],
        }
    )
    chart = (
        alt.Chart(chart_data)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "validated_on:T",
                timeUnit="yearmonthdate",
                title=t("field.validated_on"),
                axis=alt.Axis(format="%Y-%m-%d", tickCount="day"),
            ),
            y=alt.Y("pass_rate:Q", title=t("field.pass_rate"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "series:N",
                title=t("review.series"),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=t("review.series")),
                alt.Tooltip("validated_on:T", title=t("field.validated_on"), format="%Y-%m-%d"),
                alt.Tooltip("pass_rate:Q", title=t("field.pass_rate")),
                alt.Tooltip("checks:Q", title=t("field.checks")),
                alt.Tooltip("passed:Q", title=t("field.passed")),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")
    st.dataframe(
        trend_table,
        hide_index=True,
        column_config={t("field.validated_on"): st.column_config.DateColumn(format="YYYY-MM-DD")},
    )
