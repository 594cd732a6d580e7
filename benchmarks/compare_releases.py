"""Are the published figures of two workspaces identical? Compare their releases' Parquet files.

    .venv/bin/python benchmarks/compare_releases.py OLD NEW

OLD and NEW are each a workspace ($DUALCARBON_HOME, holding `releases/`) or a `releases/`
folder itself. Published releases (`releases/<release id>/`, e.g. JS-2024-v1) are paired by id;
candidates (`releases/candidates/`) are drafts named by the time they were frozen, and are left
out. Within a pair every Parquet file is compared by SHA-256. Manifests and the other non-Parquet
files (NOTICE.md, indicators.json, the data/ tree of CSV, JSON and SDMX-CSV files written from
the Parquet files at publication) are left out: they carry times, run ids and candidate ids that
differ between any two builds. A Parquet file with timestamp columns is compared on its other
columns (said in the output). For a file that differs, both are loaded with DuckDB and the
output names the table, the row counts, the columns whose values differ and a few rows found on
one side only, so that a difference can be explained.

With --rel-tol (e.g. 1e-12), a table whose rows match with every floating-point value equal
within that relative tolerance is reported as NOISE and not counted as a difference: DuckDB's
parallel sums add in no fixed order, so the same build can differ in the last bit from one run
to the next (see benchmarks/README.md).

Exit status: 0 identical, 1 a difference (or a release or file on one side only), 2 bad input.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

CANDIDATES = "candidates"
SHOWN_ROWS = 5


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    differences: int = 0
    float_noise: int = 0

    def same(self, text: str) -> None:
        self.lines.append(f"  same      {text}")

    def differ(self, text: str) -> None:
        self.differences += 1
        self.lines.append(f"  DIFFERS   {text}")

    def noise(self, text: str) -> None:
        self.float_noise += 1
        self.lines.append(f"  NOISE     {text}")

    def detail(self, text: str) -> None:
        self.lines.append(f"            {text}")


def releases_folder(path: Path) -> Path:
    """The `releases/` folder of a workspace, or the folder itself if it is one."""
    folder = path / "releases" if (path / "releases").is_dir() else path
    if not folder.is_dir():
        raise SystemExit(f"error: {path} is neither a workspace nor a releases folder")
    return folder


def published(folder: Path) -> dict[str, Path]:
    return {
        p.name: p
        for p in sorted(folder.iterdir())
        if p.is_dir() and p.name != CANDIDATES and any(p.glob("*.parquet"))
    }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _columns(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    described = con.sql(f"describe select * from read_parquet({_literal(path)})").fetchall()
    return {row[0]: row[1] for row in described}


def _timestamp_columns(columns: dict[str, str]) -> list[str]:
    return [name for name, kind in columns.items() if "TIMESTAMP" in kind.upper()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    return con.execute(f"select count(*) from ({query})").fetchall()[0][0]


def explain(con: duckdb.DuckDBPyConnection, old: Path, new: Path, left_out: list[str]) -> list[str]:
    """Load both files and say how their data differs; [] if it is the same (bytes aside)."""
    old_cols, new_cols = _columns(con, old), _columns(con, new)
    if old_cols != new_cols:
        return [f"schema: old {old_cols}", f"        new {new_cols}"]
    kept = [c for c in old_cols if c not in left_out]
    select = ", ".join(_quote(c) for c in kept)
    con.execute(
        f"create or replace temp view a as select {select} from read_parquet({_literal(old)})"
    )
    con.execute(
        f"create or replace temp view b as select {select} from read_parquet({_literal(new)})"
    )
    old_rows, new_rows = _count(con, "select * from a"), _count(con, "select * from b")
    only_old = con.sql("select * from a except all select * from b")
    only_new = con.sql("select * from b except all select * from a")
    n_old, n_new = len(only_old.fetchall()), len(only_new.fetchall())
    if n_old == n_new == 0 and old_rows == new_rows:
        return []
    # A column differs if its values, taken alone, are not the same multiset on both sides.
    differing = [
        c
        for c in kept
        if _count(con, f"select {_quote(c)} from a except all select {_quote(c)} from b")
        or _count(con, f"select {_quote(c)} from b except all select {_quote(c)} from a")
    ]
    details = [
        f"rows: old {old_rows}, new {new_rows}; {n_old} only in old, {n_new} only in new",
        f"columns whose values differ: {', '.join(differing) or '(none)'}",
    ]
    for label, rows in (("old", only_old), ("new", only_new)):
        details += [f"only in {label}: {row}" for row in rows.limit(SHOWN_ROWS).fetchall()]
    return details


def within_tolerance(con: duckdb.DuckDBPyConnection, path: Path, rel_tol: float) -> bool:
    """Do views a and b hold the same rows, floating-point columns equal within rel_tol?

    Rows are paired by their rank, sorted on the other columns first, then on the floats.
    """
    columns = _columns(con, path)
    floats = [c for c, kind in columns.items() if kind in ("DOUBLE", "FLOAT", "REAL")]
    others = [c for c in columns if c not in floats]
    if not floats or rel_tol <= 0:
        return False
    order = ", ".join(_quote(c) for c in others + floats)
    same = [f"a.{_quote(c)} is not distinct from b.{_quote(c)}" for c in others]
    same += [
        f"(a.{q} is not distinct from b.{q} or abs(a.{q} - b.{q}) <= "
        f"{rel_tol!r} * greatest(abs(a.{q}), abs(b.{q})))"
        for q in map(_quote, floats)
    ]
    ranked = "select *, row_number() over (order by {}) as rank_ from {}"
    mismatches = _count(
        con,
        f"select 1 from ({ranked.format(order, 'a')}) as a "
        f"join ({ranked.format(order, 'b')}) as b using (rank_) "
        f"where not ({' and '.join(same)})",
    )
    return mismatches == 0


def compare_pair(
    con: duckdb.DuckDBPyConnection, old: Path, new: Path, report: Report, rel_tol: float
) -> None:
    old_files = {p.name: p for p in old.glob("*.parquet")}
    new_files = {p.name: p for p in new.glob("*.parquet")}
    for name in sorted(old_files.keys() | new_files.keys()):
        label = f"{old.name}/{name}"
        if name not in new_files or name not in old_files:
            report.differ(f"{label}: only in {'old' if name in old_files else 'new'}")
            continue
        left_out = _timestamp_columns(_columns(con, old_files[name]))
        old_sha, new_sha = sha256(old_files[name]), sha256(new_files[name])
        if not left_out and old_sha == new_sha:
            report.same(f"{label} (sha256 {old_sha[:12]})")
            continue
        details = explain(con, old_files[name], new_files[name], left_out)
        if left_out and not details:
            report.same(f"{label} (same data; timestamp columns left out: {', '.join(left_out)})")
            continue
        table = name.removesuffix(".parquet")
        if (
            details
            and not details[0].startswith("schema")
            and (within_tolerance(con, old_files[name], rel_tol))
        ):
            report.noise(f"{label}: table {table} equal within relative {rel_tol:g}, not bitwise")
        else:
            report.differ(f"{label}: table {table} differs")
        for line in details or ["same rows and values, different bytes (encoding or metadata)"]:
            report.detail(line)


def compare(old_root: Path, new_root: Path, rel_tol: float = 0.0) -> Report:
    report = Report()
    old_releases = published(releases_folder(old_root))
    new_releases = published(releases_folder(new_root))
    if not old_releases and not new_releases:
        raise SystemExit("error: no published release on either side")
    con = duckdb.connect()
    for release_id in sorted(old_releases.keys() | new_releases.keys()):
        if release_id not in old_releases or release_id not in new_releases:
            side = "old" if release_id in old_releases else "new"
            report.differ(f"release {release_id}: only in {side}")
            continue
        report.lines.append(f"release {release_id}")
        compare_pair(con, old_releases[release_id], new_releases[release_id], report, rel_tol)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="workspace or releases folder built before")
    parser.add_argument("new", type=Path, help="workspace or releases folder built after")
    parser.add_argument("--quiet", action="store_true", help="print only differences and totals")
    parser.add_argument(
        "--rel-tol",
        type=float,
        default=0.0,
        help="also accept floating-point values equal within this relative tolerance (e.g. "
        "1e-12: the last bits of a parallel sum); reported as NOISE. Default 0: bitwise only",
    )
    args = parser.parse_args(argv)
    try:
        report = compare(args.old, args.new, args.rel_tol)
    except SystemExit as bad:
        print(bad, file=sys.stderr)
        return 2
    for line in report.lines:
        if not (args.quiet and line.startswith("  same")):
            print(line)
    files = sum(line.startswith(("  same", "  DIFFERS", "  NOISE")) for line in report.lines)
    noise = f", {report.float_noise} equal only within {args.rel_tol:g}" if args.rel_tol else ""
    print(f"{files} files compared, {report.differences} difference(s){noise}")
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main())
