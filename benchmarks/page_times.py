"""Time until each public page's main content is rendered in a real browser, on the demo
releases: first visit on a cold server process and warm visits.

    make demo DEMO_SERVE=0                                  # publishes the demo releases
    .venv/bin/python benchmarks/page_times.py               # $DUALCARBON_HOME (default data/)
    .venv/bin/python benchmarks/page_times.py --home /path/to/workspace --warm-runs 5

Targets (issue 16): every page's main content in under 1 s on a warm server and under 2.5 s
on the first visit.

How: the public dashboard is served as `make public` serves it (dashboards/public/launch.py,
through tests/browser/harness.py) and visited in Debian's chromium through Playwright, in
Chinese, on the newest current release. Every page of the app's registry that the release
offers (dashboards/public/pages.py) is measured:

- first visit: a new server process per page, up and answering its health check, and a new
  browser (empty cache); the server has run no script yet, so the visit pays for the app's
  imports, the release reads and every cache's first fill;
- warm: the same page opened again in a new tab of that browser (a new Streamlit session on
  the same server), ``--warm-runs`` times; the median is reported.

A visit's time runs from the browser's navigation to the page until it is **rendered**
(``harness.RENDERED_JS``): Streamlit's script has finished (the app's root leaves the
"running" state that drives its running indicator), the page's title is shown, no element
is a loading skeleton, every visible chart has been drawn by Vega, and at least one chart,
table or metric is on the page. It is the browser's own clock (``performance.now()`` when
the condition first holds, polled on every animation frame), so Playwright's round trips
are not counted.

Output: a table on stdout (times and their ratio to the targets) and
benchmarks/results/page_times.json. Exit status 0 when every page meets both targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser.harness import RENDERED_JS, chromium, served  # noqa: E402

RESULT = ROOT / "benchmarks" / "results" / "page_times.json"
WARM_TARGET_S, FIRST_TARGET_S = 1.0, 2.5
TIMEOUT_MS = 60_000
# RENDERED_JS, noting the browser's clock the first time it holds
STAMPED_JS = f"""(needsContent) => {{
    const rendered = ({RENDERED_JS})(needsContent);
    if (rendered && window.__renderedAt === undefined) window.__renderedAt = performance.now();
    return rendered;
}}"""


def server_cpu_seconds() -> float:
    """CPU time (user + system) used so far by this process's Streamlit children, from
    /proc: unlike wall time, it hardly depends on what else the machine runs."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"streamlit" in cmdline:
            total += int(stat[11]) + int(stat[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def visit_seconds(context, url: str) -> tuple[float, float]:
    """Opens ``url`` in a new tab: seconds from navigation until the page is rendered, and
    the server's CPU seconds meanwhile."""
    page = context.new_page()
    cpu = server_cpu_seconds()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(STAMPED_JS, arg=True, timeout=TIMEOUT_MS, polling="raf")
        return page.evaluate("window.__renderedAt") / 1000, server_cpu_seconds() - cpu
    finally:
        page.close()


def measure(workspace, release: str, lang: str, paths: list[str], warm_runs: int) -> list[dict]:
    from dashboards.public import launch

    rows = []
    for path in paths:
        url_of = f"{{}}{path}?lang={lang}&release={release}"
        # a new browser too: a first-time visitor has nothing of the site in its cache
        with (
            tempfile.TemporaryDirectory() as home,
            chromium() as context,
            served(launch, workspace, Path(home) / "home") as base,
        ):
            first, first_cpu = visit_seconds(context, url_of.format(base))
            runs = [visit_seconds(context, url_of.format(base)) for _ in range(warm_runs)]
        warm = [wall for wall, _ in runs]
        median = statistics.median(warm)
        rows.append(
            {
                "page": path or "overview",
                "first_s": round(first, 3),
                "first_server_cpu_s": round(first_cpu, 2),
                "warm_s": [round(w, 3) for w in warm],
                "warm_median_s": round(median, 3),
                "warm_server_cpu_median_s": round(statistics.median(c for _, c in runs), 2),
                "first_ratio": round(first / FIRST_TARGET_S, 2),
                "warm_ratio": round(median / WARM_TARGET_S, 2),
                "meets": first < FIRST_TARGET_S and median < WARM_TARGET_S,
            }
        )
        print(f"  {rows[-1]['page']}: first {first:.2f} s, warm {median:.2f} s", flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, help="workspace (default $DUALCARBON_HOME)")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--warm-runs", type=int, default=3)
    args = parser.parse_args()

    from dashboards.public.pages import PAGES, available
    from dualcarbon.paths import Workspace
    from dualcarbon.release.store import current_releases, list_releases

    # the server gets the workspace through the launcher's environment (harness.served)
    workspace = Workspace(args.home.resolve()) if args.home else Workspace.from_env()
    published = list_releases(workspace.releases)
    if not published:
        raise SystemExit(f"no published release in {workspace.releases}: run `make demo` first")
    release = current_releases(published)[-1]
    pages = available(PAGES, release.tables)
    paths = ["" if spec.default else spec.url_path for spec in pages]
    print(f"{len(paths)} pages of {release.release_id} ({len(published)} releases published)")
    load_before = os.getloadavg()
    rows = measure(workspace, release.release_id, args.lang, paths, args.warm_runs)

    record = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        # the machine is shared: its load, before and after, says how far to trust the times
        "machine": {
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "release": release.release_id,
        "releases_published": len(published),
        "lang": args.lang,
        "targets_s": {"warm": WARM_TARGET_S, "first": FIRST_TARGET_S},
        "pages": rows,
        "meets_targets": all(row["meets"] for row in rows),
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    print(
        f"\n| page | first visit (s) | / {FIRST_TARGET_S} s | server CPU (s) "
        f"| warm median (s) | / {WARM_TARGET_S} s | server CPU (s) |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['page']} | {row['first_s']:.2f} | {row['first_ratio']:.2f} "
            f"| {row['first_server_cpu_s']:.2f} | {row['warm_median_s']:.2f} "
            f"| {row['warm_ratio']:.2f} | {row['warm_server_cpu_median_s']:.2f} |"
        )
    verdict = "met" if record["meets_targets"] else "NOT met"
    print(f"\ntargets (warm < {WARM_TARGET_S} s, first < {FIRST_TARGET_S} s): {verdict}")
    print(f"load average before/after: {load_before} / {os.getloadavg()}")
    return 0 if record["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
