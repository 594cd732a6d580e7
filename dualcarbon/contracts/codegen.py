"""The dbt files that follow from the contracts: the raw source and the staging models.

Every dataset's staging model has one shape: the rows of the latest accepted submission for
each period, with the contract's columns, a unique test on period and keys, not_null on the
required columns and a relationships test from each coded column to its code list. So the
source entry and the staging ``.sql``/``.yml`` are written from the contract, never by hand;
the ``.sql`` is a call of the dbt macro ``stage_submission`` (dbt_project/macros), which
holds the shape once.
They are committed (readable in review, diffable in a pull request); ``dualcarbon prepare``
rewrites them and ``tests/test_codegen.py`` fails when a committed file is not current.

A contract with ``staging: hand-written`` keeps its own staging model (the generator writes
only its source entry): enterprise_energy_monthly, whose tens of millions of rows are tested
at intake and on its mart, not again at every build.

Run ``python -m dualcarbon.contracts.codegen`` to rewrite the files.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from dualcarbon.contracts import Column, Contract, all_contracts, code_list
from dualcarbon.paths import DBT_PROJECT_DIR

STAGING_DIR = Path("models") / "staging"
SOURCES_FILE = STAGING_DIR / "_raw__sources.yml"
HEADER = (
    "# Generated from dualcarbon/contracts/*.yaml by dualcarbon.contracts.codegen: do not edit.\n"
)

# The submissions register is written by intake itself, not by a contract.
SUBMISSIONS_TABLE = {
    "name": "submissions",
    "description": "Register of every file received, accepted or rejected, with its provenance "
    "(written by intake; one row per distinct file content).",
    "columns": [
        {
            "name": "submission_id",
            "description": "Submission id: sub- followed by 16 hex digits of SHA-256(file name, "
            "NUL, file SHA-256).",
        },
        {"name": "status", "description": "accepted or rejected."},
        {
            "name": "dataset",
            "description": "Contract (dataset) name; null when the file could not be identified.",
        },
        {"name": "department", "description": "Submitting department code (ref_departments)."},
        {"name": "period", "description": "Reporting period key (2019, 2019Q1, 2019-01)."},
        {
            "name": "version",
            "description": "Version of the dataset for the period: 1 for the first accepted file, "
            "then 2, 3, ... for resubmissions; null when rejected.",
        },
        {"name": "file_sha256", "description": "SHA-256 of the original file as archived."},
        {"name": "archive_path", "description": "Where the unchanged original is archived."},
        {
            "name": "received_at",
            "description": "When intake received the file, by the server's clock (UTC); the "
            "sender cannot set it. The deadline is checked against it.",
        },
        {
            "name": "submitted_by",
            "description": "The signed-in user who handed the file in (dualcarbon submit); null "
            "when the pipeline picked it up from the inbox.",
        },
        {
            "name": "file_modified_at",
            "description": "The file's own modification time (UTC), as the sender left it; "
            "kept for reference, never used for the deadline.",
        },
    ],
}


def staging_model_name(contract: Contract) -> str:
    return f"stg_{contract.department}__{contract.dataset}"


def _label(col: Column) -> str:
    return f"{col.label_en} ({col.label_zh}). {col.description_en}".strip()


def _dump(document: dict) -> str:
    return HEADER + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def render_sources(contracts: dict[str, Contract]) -> str:
    tables = [SUBMISSIONS_TABLE]
    for contract in contracts.values():
        columns = [
            {"name": "submission_id", "description": "The submission the row came from."},
            {"name": "source_row", "description": "Row number in the submitted file."},
            *({"name": c.name, "description": _label(c)} for c in contract.columns),
        ]
        description = (
            f"{contract.title_en} ({contract.title_zh}): rows of every accepted submission, as "
            "checked against the contract. Join to submissions on submission_id for period "
            "and version."
        )
        tables.append({"name": contract.dataset, "description": description, "columns": columns})
    source = {
        "name": "raw",
        "schema": "raw",
        "description": "The raw layer written by intake (dualcarbon.intake): never edited by hand.",
        "tables": tables,
    }
    return _dump({"version": 2, "sources": [source]})


def render_staging_sql(contract: Contract) -> str:
    """A call of the ``stage_submission`` macro (dbt_project/macros) with the contract's
    columns: the shape of every staging model is the macro's, the columns are the contract's."""
    columns = textwrap.fill(
        " ".join(f"'{col.name}'," for col in contract.columns),
        width=100,
        initial_indent="    ",
        subsequent_indent="    ",
    )
    renamed = ", ".join(
        f"'{col.name}': '{col.staging_name}'"
        for col in contract.columns
        if col.staging_name != col.name
    )
    keywords = f", renamed={{{renamed}}}" if renamed else ""
    return f"""-- Generated from contracts/{contract.dataset}.yaml (dualcarbon.contracts.codegen).
-- {contract.title_en}
{{{{ stage_submission('{contract.dataset}', [
{columns}
]{keywords}) }}}}
"""


def _column_tests(col: Column) -> list:
    tests: list = ["not_null"] if col.required else []
    if col.code_list:
        field = code_list(col.code_list).columns[0]  # a code list's codes: its first column
        tests.append(
            {"relationships": {"arguments": {"to": f"ref('{col.code_list}')", "field": field}}}
        )
    return tests


def render_staging_yml(contract: Contract) -> str:
    columns: list[dict] = [
        {"name": "period", "description": "Reporting period key.", "data_tests": ["not_null"]}
    ]
    for col in contract.columns:
        entry: dict = {
            "name": col.staging_name,
            "description": _label(col),
        }
        if tests := _column_tests(col):
            entry["data_tests"] = tests
        columns.append(entry)
    columns += [
        {
            "name": "submission_id",
            "description": "The submission (raw.submissions) the row came from.",
            "data_tests": ["not_null"],
        },
        {
            "name": "submission_version",
            "description": "Version of that submission for the period.",
            "data_tests": ["not_null"],
        },
        {
            "name": "source_row",
            "description": "Row number in the submitted file, for tracing a figure back.",
        },
    ]
    keys = [contract.column(k).staging_name for k in contract.keys]
    model = {
        "name": staging_model_name(contract),
        "description": (
            f"{contract.title_en} ({contract.title_zh}), submitted by department "
            f"`{contract.department}`: the latest accepted version for each period, one row "
            f"per {' × '.join(keys)}."
        ),
        "data_tests": [{"unique_combination": {"arguments": {"columns": ["period", *keys]}}}],
        "columns": columns,
    }
    return _dump({"version": 2, "models": [model]})


def generated_files(contracts: dict[str, Contract] | None = None) -> dict[Path, str]:
    """Each generated file (relative to the dbt project) and its text."""
    contracts = all_contracts() if contracts is None else contracts
    files = {SOURCES_FILE: render_sources(contracts)}
    for contract in contracts.values():
        if contract.staging == "hand-written":
            continue
        stem = STAGING_DIR / staging_model_name(contract)
        files[stem.with_suffix(".sql")] = render_staging_sql(contract)
        files[stem.with_suffix(".yml")] = render_staging_yml(contract)
    return files


def stale_files(project_dir: Path = DBT_PROJECT_DIR) -> list[Path]:
    """The generated files that are missing or differ from what the contracts give."""
    return [
        path
        for path, text in generated_files().items()
        if not (project_dir / path).is_file()
        or (project_dir / path).read_text(encoding="utf-8") != text
    ]


def write_generated(project_dir: Path = DBT_PROJECT_DIR) -> list[Path]:
    """Rewrite the generated files that are not current; return the ones written."""
    written = stale_files(project_dir)
    files = generated_files()
    for path in written:
        (project_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (project_dir / path).write_text(files[path], encoding="utf-8")
    return written


if __name__ == "__main__":
    for path in write_generated():
        print(f"written: {path}")
