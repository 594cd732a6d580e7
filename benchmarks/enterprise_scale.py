"""Enterprise-level data at scale: intake, dbt build, peak memory, incremental run.

    .venv/bin/python benchmarks/enterprise_scale.py --rows 1M     # also 10M, 50M
    .venv/bin/python benchmarks/enterprise_scale.py --rows 10M --workdir /tmp/dualcarbon-bench --keep

Every figure is set beside a baseline measured in the same run on the same files, because
the machine is shared and noisy:

1. Generate N key units × 12 months × fuels × 10 years (2015-2024) with
   `dualcarbon.sample.write_enterprise` (streamed), N chosen for the requested rows.
2. Load the regional sample (data/sample, 60 files) and build the regional accounts once
   (untimed: the enterprise marts join the energy account and the tce factors).
3. Intake: `process_inbox` on the 10 enterprise files, in a child process, beside DuckDB's
   own `read_csv` (auto-detect) of the same files into a table of a scratch database file,
   also in a child process, once before and once after intake (the baseline is their mean:
   the machine's load drifts). Reported: rows per second of each and the ratio.
4. dbt: `dbt build --select stg_stats__enterprise_energy_monthly+` (the staging view, both
   enterprise marts, their tests and the consistency test) over 2015-2024, as a subprocess
   (wall time, start-up and parsing included; dbt's own elapsed time beside it), against the
   same aggregation (period × month × city × sector × fuel, units counted, quantity and tce
   summed, latest accepted submission per period) as one bare DuckDB query in a child
   process. The bare result is checked against the mart.
5. Incremental: the 2019 file is resubmitted with every quantity × 0.99; timed: its intake,
   and `dbt build` of the same selection with period_from = period_to = 2019. Set beside
   the full run (intake of the 10 files + the dbt build over 2015-2024). The mart is checked
   against the bare query again (2019 changed, the other years not).
6. Peak memory: the largest resident set (ru_maxrss) of any child process of a stage.

dbt runs as the pipeline runs it (dagster-dbt's DbtCliResource): a `dbt build` process per
command, excluding unit tests, with dbt's partial parse kept in the workspace's target folder
(orchestration/dbt_run.py). The first command in the workspace parses the whole project;
the start-up of the later ones (a build that selects nothing) is reported beside it.

The former target "dbt build <= 2x a bare query at 10M rows" is withdrawn (issue 14): at
10M rows that ratio measures dbt's fixed start-up, not how the work scales. The ratio is
still reported.

Writes benchmarks/results/enterprise_<rows>.json and benchmarks/results/enterprise.md
(a table of every results file present).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import duckdb  # noqa: E402

from dualcarbon.paths import SAMPLE_DIR, Workspace  # noqa: E402
from orchestration import dbt_run  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
YEARS = range(2015, 2025)
RESUBMITTED = "2019"
DATASET = "enterprise_energy_monthly"
ROWS_PER_UNIT_YEAR = 39.25  # measured: 12 months × 3.27 fuels per unit on average
SELECT = "stg_stats__enterprise_energy_monthly+"
TARGETS = {"intake_ratio_min": 0.5, "peak_gb_max": 4.0, "incr_max": 0.15}
SIZES = {"1M": 1_000_000, "10M": 10_000_000, "50M": 50_000_000}

# Runs a command and reports the largest resident set of it and its descendants (kB).
_PEAK = (
    "import json, resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w').write(json.dumps({'rc': code, 'peak_kb': peak}))\n"
    "sys.exit(code)\n"
)

# Children print "rows seconds": the seconds of the work itself, interpreter start-up and
# imports excluded (the process's wall time is recorded beside it).
INTAKE = (
    "import sys, time; from pathlib import Path\n"
    "from dualcarbon.intake import process_inbox\n"
    "from dualcarbon.paths import Workspace\n"
    "start = time.perf_counter()\n"
    "results = process_inbox(Workspace(Path(sys.argv[1])))\n"
    "seconds = time.perf_counter() - start\n"
    "bad = [r for r in results if r.status != 'accepted']\n"
    "assert not bad, [(r.file_name, r.status, [i.message_en for i in r.issues[:3]]) for r in bad]\n"
    "print(sum(r.row_count for r in results), seconds)\n"
)

BARE_READ = (
    "import sys, time, duckdb\n"
    "start = time.perf_counter()\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "con.execute('set enable_progress_bar = false').fetchall()\n"
    "for i, path in enumerate(sys.argv[2:]):\n"
    "    con.execute(f'create table t{i} as select * from read_csv(?)', [path]).fetchall()\n"
    "con.close()  # the checkpoint writes the tables, as intake's commit does\n"
    "seconds = time.perf_counter() - start\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print(sum(con.execute(f'select count(*) from t{i}').fetchall()[0][0]"
    " for i in range(len(sys.argv) - 2)), seconds)\n"
)

# The same aggregation as fct_enterprise_energy_monthly, straight from the raw layer; tce
# per unit from the (tiny) intermediate view the mart uses too.
BARE_AGGREGATION = """
create or replace table main.bare_enterprise_monthly as
with latest as (
    select submission_id, period
    from raw.submissions
    where dataset = 'enterprise_energy_monthly' and status = 'accepted'
    qualify row_number() over (partition by period order by version desc) = 1
),
cells as (
    select latest.period, rows.month, rows.region_code, rows.sector_code, rows.fuel_code,
        rows.unit, count(*) as unit_count, sum(rows.quantity) as quantity
    from raw.enterprise_energy_monthly as rows
    inner join latest on rows.submission_id = latest.submission_id
    group by all
)
select cells.*, cells.quantity * f.tce_per_unit as tce
from cells
left join intermediate.int_factors__tce_per_unit as f
    on cells.period = f.period and cells.fuel_code = f.fuel_code
"""

BARE = (
    "import sys, time, duckdb\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "con.execute('set enable_progress_bar = false').fetchall()\n"
    "start = time.perf_counter()\n"
    "con.execute(sys.argv[2]).fetchall()\n"
    "print(time.perf_counter() - start)\n"
)


def _measured(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd`` under the peak-memory wrapper; wall time, peak RSS and the last line of
    stdout (what the child reports)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        report_path = report.name
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, report_path, *cmd],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=REPO_ROOT,
    )
    wall = time.perf_counter() - start
    stats = json.loads(Path(report_path).read_text())
    Path(report_path).unlink()
    if done.returncode:
        raise RuntimeError(f"{cmd[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return {"seconds": wall, "peak_mb": stats["peak_kb"] / 1024, "stdout": last}


def _dbt(ws: Workspace, args: list[str], periods: tuple[str, str]) -> dict:
    """One dbt command as the pipeline runs it: a fresh dbt process (``args`` after `dbt
    build`, which leaves unit tests out)."""
    # One target folder for every run, so that dbt's partial parse is reused as it is in
    # the pipeline (dagster-dbt copies partial_parse.msgpack into each run's target).
    target = ws.state / "dbt" / "bench"
    cmd = dbt_run.dbt_command(*dbt_run.DBT_BUILD, *args, "--quiet", target=target)
    # As the pipeline passes the run's settings (orchestration/dbt_run.py).
    settings = dbt_run.run_settings(*periods)
    env = dbt_run.dbt_environment(ws.home, ws.state / "dbt" / "logs", **settings)
    (target / "run_results.json").unlink(missing_ok=True)  # never read an earlier run's
    result = _measured(cmd, env)
    run = json.loads((target / "run_results.json").read_text())
    result["dbt_elapsed"] = run["elapsed_time"]
    result["nodes"] = len(run["results"])
    # Execution time of the models alone (tests and dbt's own start-up excluded).
    models = {
        r["unique_id"].split(".")[-1]: r["execution_time"]
        for r in run["results"]
        if r["unique_id"].startswith("model.")
    }
    result["model_seconds"] = models
    result["models_total"] = sum(models.values())
    result.pop("stdout")
    return result


def _mart_vs_bare(ws: Workspace) -> dict:
    """Differences between the mart and the bare query, by period (max abs difference)."""
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        rows = con.execute(
            "select coalesce(m.period, b.period) as period, count(*) filter (where m.period is "
            "null or b.period is null) as unmatched, max(abs(m.quantity - b.quantity)) as dq, "
            "max(abs(m.tce - b.tce)) as dtce, sum(m.quantity) as quantity "
            "from marts.fct_enterprise_energy_monthly m full join main.bare_enterprise_monthly b "
            "using (period, month, region_code, sector_code, fuel_code) group by all order by 1"
        ).fetchall()
    return {r[0]: {"unmatched": r[1], "max_abs_diff": r[2], "quantity": r[4]} for r in rows}


def _resubmission(source: Path, dest: Path) -> None:
    """The same file with every quantity × 0.99 (a corrected 2019), streamed by DuckDB."""
    con = duckdb.connect()
    con.execute(
        'copy (select * replace (round("消费量" * 0.99, 4) as "消费量") from read_csv(?, '
        "all_varchar = false, types = {'地区代码': 'VARCHAR', '月份': 'INTEGER'})) "
        "to ? (header, delimiter ',')",
        [str(source), str(dest)],
    ).fetchall()
    con.close()


def run(label: str, rows: int, workdir: Path) -> dict:
    from dualcarbon.intake import process_inbox
    from dualcarbon.sample import write_enterprise

    ws = Workspace(workdir / "home").ensure()
    os.environ["DUALCARBON_HOME"] = str(ws.home)
    # The work folder is not recorded: it is a path of the machine, not a measurement.
    record: dict = {"rows_requested": label}

    scale = max(1, round(rows / ROWS_PER_UNIT_YEAR / len(YEARS)))
    start = time.perf_counter()
    files = write_enterprise(workdir / "generated", scale, YEARS)
    seconds = time.perf_counter() - start
    total = sum(files.values())
    record["generate"] = {
        "units": scale,
        "rows": total,
        "bytes": sum(p.stat().st_size for p in files),
        "seconds": seconds,
        "rows_per_s": total / seconds,
    }
    print(f"generated {total:,} rows ({scale:,} units) in {seconds:.1f} s", flush=True)

    # Regional sample + regional accounts (untimed preparation).
    for path in sorted((SAMPLE_DIR / "submissions").rglob("*.*")):
        if not path.name.startswith(DATASET):
            shutil.copy(path, ws.inbox / path.name)
    process_inbox(ws)
    # The first dbt command in a workspace parses the whole project (dbt's partial parse is
    # tied to the profile, which names the workspace's warehouse); later ones reuse it.
    cold = _dbt(ws, ["--select", "tag:selects_nothing"], ("2015", "2024"))
    record["startup_full_parse_seconds"] = cold["seconds"]
    _dbt(ws, ["--exclude", SELECT], ("2015", "2024"))
    print(f"regional accounts built (first dbt command {cold['seconds']:.1f} s)", flush=True)

    # Bare DuckDB read of the same files, then intake.
    paths = [str(p) for p in files]
    scratch = workdir / "bare_read.duckdb"
    bare = _measured([sys.executable, "-c", BARE_READ, str(scratch), *paths])
    scratch.unlink()
    bare_rows, bare_seconds = bare["stdout"].split()
    assert int(bare_rows) == total, (bare["stdout"], total)
    for path in files:
        shutil.copy(path, ws.inbox / path.name)
    intake = _measured([sys.executable, "-c", INTAKE, str(ws.home)])
    intake_rows, intake_seconds = intake["stdout"].split()
    assert int(intake_rows) == total
    # The bare read again after intake: the machine's load drifts, so the baseline is the
    # mean of one run before and one after.
    bare_after = _measured([sys.executable, "-c", BARE_READ, str(scratch), *paths])
    scratch.unlink()
    bare_runs = [float(bare_seconds), float(bare_after["stdout"].split()[1])]
    intake_seconds, bare_seconds = float(intake_seconds), sum(bare_runs) / 2
    record["intake"] = {
        "seconds": intake_seconds,
        "process_seconds": intake["seconds"],
        "rows_per_s": total / intake_seconds,
        "peak_mb": intake["peak_mb"],
        "bare_read_seconds": bare_seconds,
        "bare_read_runs": bare_runs,
        "bare_read_process_seconds": bare["seconds"],
        "bare_read_rows_per_s": total / bare_seconds,
        "bare_read_peak_mb": max(bare["peak_mb"], bare_after["peak_mb"]),
        "ratio": bare_seconds / intake_seconds,
    }
    print(f"intake {record['intake']}", flush=True)

    full = _dbt(ws, ["--select", SELECT], ("2015", "2024"))
    # What every dbt invocation pays before its first node (interpreter, dbt and adapter
    # imports, partial parse, graph): a build that selects nothing.
    startup = _dbt(ws, ["--select", "tag:selects_nothing"], ("2015", "2024"))
    assert startup["nodes"] == 0, startup
    bare_query = _measured([sys.executable, "-c", BARE, str(ws.warehouse), BARE_AGGREGATION])
    check = _mart_vs_bare(ws)
    assert all(v["unmatched"] == 0 and v["max_abs_diff"] < 1e-6 for v in check.values()), check
    record["dbt"] = {
        "full": full,
        "bare_query_seconds": float(bare_query["stdout"]),
        "bare_query_process_seconds": bare_query["seconds"],
        "bare_query_peak_mb": bare_query["peak_mb"],
        "ratio_wall": full["seconds"] / float(bare_query["stdout"]),
        "ratio_dbt_elapsed": full["dbt_elapsed"] / float(bare_query["stdout"]),
        "startup_seconds": startup["seconds"],
        "ratio_wall_after_startup": (full["seconds"] - startup["seconds"])
        / float(bare_query["stdout"]),
        "mart_equals_bare": True,
    }
    print(f"dbt {record['dbt']}", flush=True)

    # Incremental run after one resubmitted period.
    before = {p: v["quantity"] for p, v in check.items()}
    source = next(p for p in files if p.stem.endswith(RESUBMITTED))
    _resubmission(source, ws.inbox / source.name.replace(".csv", "_v2.csv"))
    resubmit = _measured([sys.executable, "-c", INTAKE, str(ws.home)])
    resubmit["seconds"] = float(resubmit["stdout"].split()[1])
    incremental = _dbt(ws, ["--select", SELECT], (RESUBMITTED, RESUBMITTED))
    _measured([sys.executable, "-c", BARE, str(ws.warehouse), BARE_AGGREGATION])
    after = _mart_vs_bare(ws)
    assert all(v["unmatched"] == 0 and v["max_abs_diff"] < 1e-6 for v in after.values()), after
    changed = sorted(p for p in after if abs(after[p]["quantity"] / before[p] - 1) > 1e-9)
    assert changed == [RESUBMITTED], changed
    full_run = intake_seconds + full["seconds"]
    incr_run = resubmit["seconds"] + incremental["seconds"]
    record["incremental"] = {
        "resubmitted_period": RESUBMITTED,
        "intake_seconds": resubmit["seconds"],
        "dbt": incremental,
        "run_seconds": incr_run,
        "full_run_seconds": full_run,
        "ratio_run": incr_run / full_run,
        "ratio_dbt_wall": incremental["seconds"] / full["seconds"],
        "ratio_dbt_elapsed": incremental["dbt_elapsed"] / full["dbt_elapsed"],
        "ratio_models": incremental["models_total"] / full["models_total"],
        "periods_changed": changed,
    }
    print(f"incremental {record['incremental']}", flush=True)
    record["peak_mb"] = max(
        intake["peak_mb"], full["peak_mb"], resubmit["peak_mb"], incremental["peak_mb"]
    )
    return record


def _markdown() -> str:
    lines = [
        "| rows | intake rows/s | bare read_csv rows/s | ratio (≥ 0.5) | dbt build s (dbt elapsed) "
        "| dbt start-up s (partial parse) | bare query s | ratio wall (elapsed), no target "
        "| peak memory MB (< 4096) | incremental / full: run (≤ 0.15) | dbt wall | dbt elapsed "
        "| models |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    records = [json.loads(p.read_text()) for p in RESULTS_DIR.glob("enterprise_*.json")]
    service_era = False
    for r in sorted(records, key=lambda r: r["generate"]["rows"]):
        i, d, n = r["intake"], r["dbt"], r["incremental"]
        startup = f"{d['startup_seconds']:.1f}" if "startup_seconds" in d else "–"
        rows = f"{r['generate']['rows']:,}"
        if "plain_dbt" in d:  # measured through the warm dbt service, since removed
            service_era = True
            rows += " †"
            startup = f"{d['plain_dbt']['startup_seconds']:.1f} (service {startup})"
        lines.append(
            f"| {rows} | {i['rows_per_s']:,.0f} | {i['bare_read_rows_per_s']:,.0f} "
            f"| {i['ratio']:.2f} | {d['full']['seconds']:.1f} ({d['full']['dbt_elapsed']:.1f}) "
            f"| {startup} | {d['bare_query_seconds']:.2f} | {d['ratio_wall']:.1f} ({d['ratio_dbt_elapsed']:.1f}) "
            f"| {r['peak_mb']:,.0f} | {n['ratio_run']:.2f} | {n['ratio_dbt_wall']:.2f} "
            f"| {n['ratio_dbt_elapsed']:.2f} | {n.get('ratio_models', float('nan')):.2f} |"
        )
    if service_era:
        lines.append(
            "\n† Measured before issue 14, through the warm dbt service (removed): its dbt times "
            "are the service's; the start-up column gives plain dbt's, and the service's in brackets."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", choices=sorted(SIZES), default="1M")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dualcarbon-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        record = run(args.rows, SIZES[args.rows], workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    record.update(
        {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "duckdb": duckdb.__version__,
                "platform": platform.platform(),
            },
            "targets": TARGETS,
        }
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"enterprise_{args.rows}.json"
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    table = _markdown()
    (RESULTS_DIR / "enterprise.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
