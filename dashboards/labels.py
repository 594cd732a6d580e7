"""Names of datasets and departments in the current language, from the contracts and the
reference code lists (the same names the templates and feedback reports use)."""

from __future__ import annotations

from dashboards.i18n import pick, t
from dualcarbon.contracts import all_contracts, department_names


def dataset_label(dataset: str | None, lang: str | None = None) -> str:
    if not dataset:
        return t("common.none", lang)
    contract = all_contracts().get(dataset)
    if contract is None:  # a mart, e.g. fct_indicators
        return t("review.mart", lang, dataset=dataset)
    return str(pick(contract.title_zh, contract.title_en, lang))


def department_label(department: str | None, lang: str | None = None) -> str:
    if not department:
        return t("common.none", lang)
    try:
        zh, en = department_names(department)
    except Exception:  # a code missing from ref_departments: show the code itself
        return department
    return str(pick(zh, en, lang))
