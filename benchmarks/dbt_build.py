"""Time the whole `dbt build` on the bundled sample data (2015-2024), against a bare DuckDB query.

    .venv/bin/python benchmarks/dbt_build.py [--runs 3] [--keep]

1. Creates a temp workspace ($DUALCARBON_HOME) and loads every sample submission 2015-2024
   into its raw layer with dualcarbon.intake.process_inbox (intake only, no dbt).
2. Runs `.venv/bin/dbt build` (seeds, models, data tests: every node but the unit tests, as
   the pipeline runs it, orchestration/dbt_run.py) as a subprocess, --runs
   times, with dbt's logs and target folder inside the temp workspace, and records the wall
   time of each run (process start to exit, dbt start-up and parsing included).
3. For context, times a bare DuckDB query in this process that computes the same figure, the province's direct (combustion) CO2 by year, straight from the raw
   tables and the factor seed CSVs, and checks it against marts.fct_co2_emissions.

Target (issue): the whole `dbt build` under 60 s on a 2-core machine.
Writes benchmarks/results/dbt_build.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from dualcarbon.intake import process_inbox  # noqa: E402
from dualcarbon.paths import (  # noqa: E402
    DBT_PROJECT_DIR,
    FACTOR_SEEDS_DIR,
    REFERENCE_SEEDS_DIR,
    SAMPLE_DIR,
    Workspace,
)
from orchestration.dbt_run import (  # noqa: E402
    DBT_BUILD,
    dbt_command,
    dbt_environment,
    run_settings,
)

YEARS = [str(y) for y in range(2015, 2025)]
PROVINCE = "320000"
TARGET_SECONDS = 60.0
RESULTS = Path(__file__).resolve().parent / "results" / "dbt_build.json"

# The province's direct CO2 by year, from raw rows and the factor CSVs only: the latest
# accepted energy_consumption submission of each period, combustion of the fossil fuels,
# quantity × NCV × CC / 1000 × OF × 44/12 for the configured factor vintage.
BASELINE_SQL = """
with
latest as (
    select submission_id, period
    from raw.submissions
    where dataset = 'energy_consumption' and status = 'accepted'
    qualify row_number() over (partition by period order by version desc) = 1
),
fuels as (
    select fuel_code from read_csv({fuels}, all_varchar = true) where is_fossil = 'true'
),
factors as (
    select
        fuel_code,
        cast(ncv as double) * cast(carbon_content_tc_per_tj as double) / 1000.0
            * cast(oxidation_rate as double) * 44.0 / 12.0 as t_co2_per_unit
    from read_csv({factors}, all_varchar = true)
    where vintage = {vintage}
)
select latest.period, sum(rows.quantity * factors.t_co2_per_unit) as tco2
from raw.energy_consumption as rows
inner join latest on rows.submission_id = latest.submission_id
inner join fuels on rows.fuel_code = fuels.fuel_code
inner join factors on rows.fuel_code = factors.fuel_code
where rows.region_code = '320000' and rows.use_type = 'combustion'
group by latest.period
order by latest.period
"""

MART_SQL = """
select period, sum(tco2) as tco2
from marts.fct_co2_emissions
where region_code = '320000' and scope = 'direct'
group by period
order by period
"""


def load_samples(workspace: Workspace) -> int:
    for year in YEARS:
        for path in sorted((SAMPLE_DIR / "submissions" / year).iterdir()):
            if path.suffix in {".csv", ".xlsx"}:
                shutil.copy2(path, workspace.inbox / path.name)
    results = process_inbox(workspace)
    rejected = [r for r in results if r.status != "accepted"]
    if rejected:
        raise SystemExit(f"sample submissions rejected: {rejected}")
    return len(results)


def dbt_build(workspace: Workspace, run: int) -> dict:
    target = workspace.state / "dbt" / "target"
    cmd = dbt_command(*DBT_BUILD, target=target)  # as the pipeline builds: no unit tests
    logs = workspace.state / "dbt" / "logs"
    env = dbt_environment(workspace.home, logs, **run_settings(YEARS[0], YEARS[-1]))
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-5000:])
        raise SystemExit(f"dbt build failed (run {run}, exit {proc.returncode})")
    results = json.loads((target / "run_results.json").read_text())
    by_type: dict[str, int] = {}
    for result in results["results"]:
        kind = result["unique_id"].split(".", 1)[0]
        by_type[kind] = by_type.get(kind, 0) + 1
    return {
        "run": run,
        "wall_s": round(wall, 3),
        "dbt_elapsed_s": round(results["elapsed_time"], 3),
        "nodes": len(results["results"]),
        "nodes_by_type": dict(sorted(by_type.items())),
        "statuses": sorted({r["status"] for r in results["results"]}),
    }


def factor_vintage() -> str:
    config = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return config["vars"]["factor_vintage"]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def baseline(workspace: Workspace, repeats: int = 5) -> dict:
    # DuckDB table functions take no prepared parameters: quote the literals instead.
    sql = BASELINE_SQL.format(
        fuels=_literal(str(REFERENCE_SEEDS_DIR / "ref_fuels.csv")),
        factors=_literal(str(FACTOR_SEEDS_DIR / "factor_fuel_combustion.csv")),
        vintage=_literal(factor_vintage()),
    )
    timings = []
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        for _ in range(repeats):
            start = time.perf_counter()
            rows = con.execute(sql).fetchall()
            timings.append(time.perf_counter() - start)
        mart = dict(con.execute(MART_SQL).fetchall())
    by_year = dict(rows)
    worst = max(abs(by_year[p] - mart.get(p, 0.0)) / by_year[p] for p in by_year)
    return {
        "repeats": repeats,
        "min_s": round(min(timings), 4),
        "median_s": round(statistics.median(timings), 4),
        "province_direct_mt_co2": {p: round(v / 1e6, 3) for p, v in by_year.items()},
        "max_rel_diff_vs_fct_co2_emissions": worst,
    }


def tool_versions() -> dict:
    # Read from the installed distributions (`dbt --version` would also query PyPI).
    return {
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt-core": metadata.version("dbt-core"),
        "dbt-duckdb": metadata.version("dbt-duckdb"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temp workspace")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dualcarbon-bench-"))
    try:
        workspace = Workspace(tmp / "home").ensure()
        start = time.perf_counter()
        files = load_samples(workspace)
        intake_s = time.perf_counter() - start
        runs = [dbt_build(workspace, i + 1) for i in range(args.runs)]
        base = baseline(workspace)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    walls = [r["wall_s"] for r in runs]
    median = statistics.median(walls)
    summary = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
        },
        "versions": tool_versions(),
        "periods": f"{YEARS[0]}-{YEARS[-1]}",
        "submissions_loaded": files,
        "intake_s": round(intake_s, 2),
        "dbt_build": {
            "runs": runs,
            "min_wall_s": min(walls),
            "median_wall_s": median,
            "nodes": runs[0]["nodes"],
            "nodes_by_type": runs[0]["nodes_by_type"],
        },
        "baseline_duckdb_query": base,
        "ratio_median_dbt_build_to_baseline": round(median / base["median_s"]),
        "target_s": TARGET_SECONDS,
        "meets_target": median < TARGET_SECONDS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    nodes = ", ".join(f"{n} {k}" for k, n in runs[0]["nodes_by_type"].items())
    print(f"dbt build on {files} sample submissions ({summary['periods']}), {os.cpu_count()} CPUs")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| dbt build wall time, min of {len(runs)} | {min(walls):.1f} s |")
    print(f"| dbt build wall time, median of {len(runs)} | {median:.1f} s |")
    each = ", ".join(f"{r['wall_s']:.1f}/{r['dbt_elapsed_s']:.1f} s" for r in runs)
    print(f"| each run, wall / dbt-reported elapsed | {each} |")
    print(f"| nodes | {runs[0]['nodes']} ({nodes}) |")
    print(
        f"| bare DuckDB query, province direct CO2 by year (median of {base['repeats']}) | {base['median_s'] * 1000:.1f} ms |"
    )
    print(f"| ratio dbt build / bare query | {summary['ratio_median_dbt_build_to_baseline']}× |")
    print(
        f"| target | < {TARGET_SECONDS:.0f} s: {'met' if summary['meets_target'] else 'NOT met'} |"
    )
    print()
    print(
        f"baseline agrees with marts.fct_co2_emissions to {base['max_rel_diff_vs_fct_co2_emissions']:.1e} (relative)"
    )
    print(f"results: {RESULTS.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
