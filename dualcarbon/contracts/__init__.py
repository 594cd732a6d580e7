"""Submission contracts: one versioned YAML file per dataset, beside this module.

A contract says what a department must hand in: the columns (with Chinese and English
labels, types, units and code lists), the keys, the reporting frequency, the submitting
department and which regions may appear. Intake, templates, the raw warehouse tables and
the submissions catalogue are all generated from it, so there is one place to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from dualcarbon.paths import CONTRACTS_DIR, REFERENCE_SEEDS_DIR

COLUMN_TYPES = {"code", "decimal", "integer", "text"}
DUCKDB_TYPES = {"code": "VARCHAR", "text": "VARCHAR", "decimal": "DOUBLE", "integer": "INTEGER"}
PROVINCE_CODE = "320000"


@dataclass(frozen=True)
class AttributeRule:
    """The column's value must equal an attribute of another column's code (e.g. a fuel's unit)."""

    code_list: str
    key_column: str
    attribute: str


@dataclass(frozen=True)
class RowRule:
    rule: str  # a Polars SQL boolean expression over the typed columns
    columns: tuple[str, ...]
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class Plausibility:
    """The contract's ``plausibility:``: the steward's checks that need no code of their own
    (expectations/suites/_common.py). ``jump``: columns whose cell may not move tenfold on the
    previous period's; ``cities_vs_province``: the province against the sum of its cities,
    either per code of one column (``by``, summing ``value``) or per value column
    (``values``)."""

    jump: tuple[str, ...] = ()
    cities_by: str | None = None
    cities_value: str | None = None
    cities_values: tuple[str, ...] = ()

    @property
    def columns(self) -> set[str]:
        named = {*self.jump, *self.cities_values, self.cities_by, self.cities_value}
        return named - {None}


def _plausibility(raw: dict) -> Plausibility:
    cities = raw.get("cities_vs_province") or {}
    return Plausibility(
        jump=tuple(raw.get("jump", ())),
        cities_by=cities.get("by"),
        cities_value=cities.get("value"),
        cities_values=tuple(cities.get("values", ())),
    )


@dataclass(frozen=True)
class Deadline:
    """When a period's submission is due (expectations/config.py reads the rule).

    ``rule``: ``N+k-MM-DD`` for annual data of year N (``N+1-03-31``: by 31 March of the
    following year), or ``end+Dd`` for any frequency: D days after the period's last day.
    ``time``: the time of day, China Standard Time. ``basis_*``: why it is what it is."""

    rule: str
    basis_zh: str
    basis_en: str
    time: str = "23:59:59"


# The deadline of a contract that names none, by reporting frequency.
DEFAULT_DEADLINES = {
    "annual": Deadline(
        "N+1-03-31",
        "年报默认截止时间（次年3月底前）",
        "the default for annual data (by the end of March of the following year)",
    ),
    "quarterly": Deadline(
        "end+45d",
        "季报默认截止时间（季度结束后45天内）",
        "the default for quarterly data (within 45 days of the quarter's end)",
    ),
    "monthly": Deadline(
        "end+20d",
        "月报默认截止时间（月度结束后20天内）",
        "the default for monthly data (within 20 days of the month's end)",
    ),
}


@dataclass(frozen=True)
class Column:
    name: str
    label_zh: str
    label_en: str
    type: str
    required: bool = True
    code_list: str | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None
    must_equal_attribute: AttributeRule | None = None
    description_en: str = ""
    pattern: str | None = None  # a regular expression the whole value must match
    # The column's name in the staging model when it differs (raw `unit` -> staging `unit_code`,
    # the name the code list and every downstream model use).
    staging_as: str | None = None

    @property
    def staging_name(self) -> str:
        return self.staging_as or self.name

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class Contract:
    dataset: str
    version: int
    department: str
    frequency: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    regions: str  # "all" or "province"
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    row_rules: tuple[RowRule, ...] = field(default=())
    first_year: int | None = None  # the first year the dataset exists (e.g. a new market)
    # Millions of rows (CSV): intake checks and loads them inside DuckDB (intake/bulk.py).
    large_files: bool = False
    # "generated" (dualcarbon.contracts.codegen writes the staging model) or "hand-written".
    staging: str = "generated"
    deadline_given: Deadline | None = None  # the contract's `deadline:`, if it names one
    plausibility: Plausibility = field(default_factory=Plausibility)

    @property
    def deadline(self) -> Deadline:
        return self.deadline_given or DEFAULT_DEADLINES[self.frequency]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def expected_in(self, year: int) -> bool:
        """Whether the dataset is due for a year (not before its first year)."""
        return self.first_year is None or year >= self.first_year

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def raw_table(self) -> str:
        return f"raw.{self.dataset}"

    def header_aliases(self) -> dict[str, str]:
        """Every accepted spelling of a header (normalised) -> column name."""
        aliases: dict[str, str] = {}
        for col in self.columns:
            for spelling in (col.name, col.label_zh, col.label_en):
                aliases[normalise_header(spelling)] = col.name
        return aliases


def normalise_header(text: str) -> str:
    """Headers match regardless of case, spaces, and full-width vs half-width brackets."""
    table = str.maketrans({"（": "(", "）": ")", "，": ",", "　": " ", "＝": "="})
    return "".join(str(text).translate(table).lower().split())


def _column(raw: dict) -> Column:
    if raw["type"] not in COLUMN_TYPES:
        raise ValueError(f"column {raw['name']}: unknown type {raw['type']}")
    rule = raw.get("must_equal_attribute")
    return Column(
        name=raw["name"],
        label_zh=raw["label_zh"],
        label_en=raw["label_en"],
        type=raw["type"],
        required=raw.get("required", True),
        code_list=raw.get("code_list"),
        unit=raw.get("unit"),
        min=raw.get("min"),
        max=raw.get("max"),
        allowed=tuple(raw["allowed"]) if raw.get("allowed") else None,
        must_equal_attribute=AttributeRule(**rule) if rule else None,
        description_en=raw.get("description_en", ""),
        pattern=raw.get("pattern"),
        staging_as=raw.get("staging_as"),
    )


def _contract(path: Path) -> Contract:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    contract = Contract(
        dataset=raw["dataset"],
        version=int(raw["version"]),
        department=raw["department"],
        frequency=raw["frequency"],
        title_zh=raw["title_zh"],
        title_en=raw["title_en"],
        description_zh=raw["description_zh"],
        description_en=raw["description_en"],
        regions=raw.get("regions", "all"),
        keys=tuple(raw["keys"]),
        columns=tuple(_column(c) for c in raw["columns"]),
        row_rules=tuple(
            RowRule(r["rule"], tuple(r["columns"]), r["message_zh"], r["message_en"])
            for r in raw.get("row_rules", [])
        ),
        first_year=raw.get("first_year"),
        large_files=bool(raw.get("large_files", False)),
        staging=raw.get("staging", "generated"),
        deadline_given=Deadline(**raw["deadline"]) if raw.get("deadline") else None,
        plausibility=_plausibility(raw.get("plausibility") or {}),
    )
    if contract.frequency not in DEFAULT_DEADLINES:
        raise ValueError(f"{path.name}: unknown frequency {contract.frequency}")
    if path.stem != contract.dataset:
        raise ValueError(f"{path.name}: file name must match dataset '{contract.dataset}'")
    unknown_keys = set(contract.keys) - set(contract.column_names)
    if unknown_keys:
        raise ValueError(f"{path.name}: keys {sorted(unknown_keys)} are not columns")
    unknown_checked = contract.plausibility.columns - set(contract.column_names)
    if unknown_checked:
        raise ValueError(f"{path.name}: plausibility names {sorted(unknown_checked)}, not columns")
    return contract


@cache
def all_contracts() -> dict[str, Contract]:
    return {p.stem: _contract(p) for p in sorted(CONTRACTS_DIR.glob("*.yaml"))}


def get_contract(dataset: str) -> Contract:
    return all_contracts()[dataset]


@cache
def code_list(name: str) -> pl.DataFrame:
    """A reference code list (dbt seed), every column read as text."""
    return pl.read_csv(REFERENCE_SEEDS_DIR / f"{name}.csv", infer_schema=False)


def code_values(name: str) -> list[str]:
    """The codes of a code list: by convention its first column."""
    frame = code_list(name)
    return frame.get_column(frame.columns[0]).to_list()


def department_names(code: str) -> tuple[str, str]:
    row = code_list("ref_departments").filter(pl.col("department_code") == code).row(0, named=True)
    return row["name_zh"], row["name_en"]
