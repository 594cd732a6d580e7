"""Server time of the public dashboard's overview page on the demo releases.

    .venv/bin/python benchmarks/public_overview.py                 # $DUALCARBON_HOME (default data/)
    .venv/bin/python benchmarks/public_overview.py --home /path --runs 30

Target (issue 5): the overview renders in under 2 s on the server. Measured with Streamlit's
AppTest, which runs the real script (app.py frame + overview.py) in this process, so the time
is the server's work for one page view: script execution, the release reads, the frames and
charts, and the page's element tree; no browser or network time. Three cases:

- first view: the first run in a fresh process after the libraries every such server loads
  at start (streamlit, polars, pandas, pyarrow, altair; timed apart as ``imports_s``): the
  app's own modules, the release listing, the Parquet reads, Altair's first schema load;
- uncached: Streamlit's caches cleared before each run, so every run re-reads the releases
  (what the first visitor after a new release pays);
- cached: reruns with warm caches (every other visitor).

Baseline, same process: a bare ``polars.read_parquet`` of the tables the overview reads
(fct_indicators of every current release, dim_region). Output: a markdown table on stdout and
benchmarks/results/public_overview.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
APP = ROOT / "dashboards" / "public" / "app.py"
RESULT = ROOT / "benchmarks" / "results" / "public_overview.json"
TARGET_SECONDS = 2.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {
        "runs": len(values),
        "min_s": round(min(values), 4),
        "median_s": round(statistics.median(values), 4),
        "p95_s": round(percentile(values, 0.95), 4),
        "max_s": round(max(values), 4),
    }


def timed_run(at) -> float:
    start = time.perf_counter()
    at.run(timeout=120)
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"the overview failed: {[e.value for e in at.exception]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--home", type=Path, default=None, help="workspace (default $DUALCARBON_HOME)"
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.home:
        os.environ["DUALCARBON_HOME"] = str(args.home.resolve())
    os.environ.setdefault("DUALCARBON_HOME", str(ROOT / "data"))

    start = time.perf_counter()
    import altair  # noqa: F401
    import pandas  # noqa: F401
    import polars as pl
    import pyarrow  # noqa: F401
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    imports = time.perf_counter() - start

    from dualcarbon.paths import Workspace
    from dualcarbon.release.store import current_releases, list_releases

    ws = Workspace.from_env()
    releases = list_releases(ws.releases)
    if not releases:
        raise SystemExit(f"no published release in {ws.releases}: run `make demo` first")
    current = current_releases(releases)

    at = AppTest.from_file(str(APP), default_timeout=120)
    first = timed_run(at)
    if not [t.value for t in at.title]:
        raise SystemExit("the overview rendered no title")

    uncached = []
    for _ in range(args.runs):
        st.cache_data.clear()
        st.cache_resource.clear()
        uncached.append(timed_run(at))
    cached = [timed_run(at) for _ in range(args.runs)]

    def bare_read() -> float:
        t0 = time.perf_counter()
        for release in current:
            pl.read_parquet(release.path / "fct_indicators.parquet")
        pl.read_parquet(current[-1].path / "dim_region.parquet")
        return time.perf_counter() - t0

    baseline = [bare_read() for _ in range(args.runs)]

    record = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "versions": {"streamlit": st.__version__, "polars": pl.__version__},
        "releases": {
            "published": len(releases),
            "current": [r.release_id for r in current],
            "selected": current[-1].release_id,
        },
        "target_s": TARGET_SECONDS,
        "first_view_s": round(first, 4),
        "imports_s": round(imports, 4),
        "uncached": summary(uncached),
        "cached": summary(cached),
        "baseline_read_parquet": summary(baseline),
        "ratio_uncached_median_to_baseline": round(
            statistics.median(uncached) / statistics.median(baseline), 1
        ),
        "meets_target": max(first, percentile(uncached, 0.95)) < TARGET_SECONDS,
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    print(f"overview of {current[-1].release_id} ({len(releases)} releases published)\n")
    print("| case | runs | median (s) | p95 (s) | max (s) |")
    print("|---|---|---|---|---|")
    print(f"| library imports at server start (not a page view) | 1 | {imports:.3f} | | |")
    print(f"| first view (fresh process) | 1 | {first:.3f} | | |")
    for name, key in (("uncached", "uncached"), ("cached", "cached")):
        s = record[key]
        print(
            f"| {name} | {s['runs']} | {s['median_s']:.3f} | {s['p95_s']:.3f} | {s['max_s']:.3f} |"
        )
    b = record["baseline_read_parquet"]
    print(
        f"| baseline: bare read_parquet | {b['runs']} | {b['median_s']:.4f} | {b['p95_s']:.4f} | {b['max_s']:.4f} |"
    )
    print(f"\ntarget < {TARGET_SECONDS} s: {'met' if record['meets_target'] else 'NOT met'}")
    return 0 if record["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
