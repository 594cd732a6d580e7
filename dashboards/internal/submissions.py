"""Internal page: submission status by department and period — who is late (draft, internal)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import streamlit as st

from dashboards.i18n import current_lang, t
from dashboards.internal import store
from dashboards.labels import dataset_label, department_label
from dualcarbon.contracts import all_contracts
from dualcarbon.contracts.deadlines import deadline

lang = current_lang()
st.title(t("status.title"))
st.info(t("common.draft_internal"))
st.caption(t("status.caption"))


try:
    ws = store.workspace()
    received = store.submission_register(ws)
except store.NoWarehouse:
    st.warning(t("common.no_warehouse", path=store.workspace().warehouse))
    st.stop()
except store.WarehouseBusy:
    st.warning(t("common.warehouse_busy"))
    st.stop()

periods = sorted(received["period"].unique().to_list())
now = datetime.now(UTC).replace(tzinfo=None)
expected = pl.DataFrame(
    [
        {"dataset": d, "department": c.department, "period": p, "deadline": deadline(d, p)}
        for d, c in all_contracts().items()
        for p in periods
    ]
)
status = expected.join(received, on=["dataset", "period"], how="left").with_columns(
    timeliness=pl.when(pl.col("received_at").is_null() & (pl.col("deadline") < now))
    .then(pl.lit("missing"))
    .when(pl.col("received_at").is_null())
    .then(pl.lit("not_due"))
    .when(pl.col("received_at") > pl.col("deadline"))
    .then(pl.lit("late"))
    .otherwise(pl.lit("on_time"))
)
late = status.filter(pl.col("timeliness").is_in(["late", "missing"]))
st.metric(t("status.late_count", count=late.height), late.height)
shown = status.sort("period", "department", "dataset", descending=[True, False, False])
st.dataframe(
    {
        t("field.period"): shown["period"],
        t("field.department"): [department_label(d, lang) for d in shown["department"]],
        t("field.dataset"): [dataset_label(d, lang) for d in shown["dataset"]],
        t("field.version"): shown["version"],
        t("field.received_at"): shown["received_at"],
        t("field.deadline"): shown["deadline"],
        t("field.timeliness"): [t(f"status.{s}") for s in shown["timeliness"]],
    },
    hide_index=True,
    width="stretch",
)
