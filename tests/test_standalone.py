"""The repository stands alone: no file names a path of a machine, and a clone works by itself.

The CEADs reference data the sample generator and the calibration tests read is vendored in
data/reference/ceads/ (source, licence terms, access date and checksums in the README there);
nothing may reach outside the repository, e.g. for a reference folder beside it.
"""

from __future__ import annotations

import csv
import filecmp
import hashlib
import importlib.util
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dualcarbon.paths import CEADS_DIR, REPO_ROOT, SEEDS_DIR

# Written so that this file does not match itself: a character class around each slash.
MACHINE_PATH = re.compile(
    r"(?<![\w.~-])[/](?:work|home|Users|root|mnt)[/][\w.-]+"  # absolute paths of a machine
    r"|[A-Za-z]:[\\](?:Users|work)[\\]"  # the same on Windows
    r"|\.\.[/\\]shared\b"  # the development machine's reference folder beside the repo
    r"|\bshared[/]reference\b"
)


def _git(*args: str, cwd: Path = REPO_ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def _tracked_text_files() -> list[Path]:
    files = []
    for name in _git("ls-files", "-z").split("\0"):
        path = REPO_ROOT / name
        if not name or not path.is_file():
            continue  # deleted in the working tree
        with path.open("rb") as f:
            if b"\0" in f.read(8192):
                continue  # binary (Parquet, xlsx, images)
        files.append(path)
    return files


def test_the_pattern_catches_what_it_must():
    # The test below is only as good as its pattern: it must find each kind of path it targets
    # and leave ordinary text (URLs, relative paths, /tmp examples) alone.
    # Written with "|" for the separator, so that this file does not name such paths itself.
    caught = [
        text.replace("|", "/")
        for text in [
            "see |work|shared|ref.md",
            "workdir: '|home|alice|bench'",
            "(|Users|bob|x.csv)",
            "via ..|shared|notes.md",
            "in shared|reference|methods.md",
        ]
    ] + ["C:|Users|carol|data".replace("|", "\\")]
    ignored = [
        "/".join(["https://example.org", "work", "page"]),  # joined: git grep passes
        "data/reference/ceads/README.md",
        "--workdir /tmp/dualcarbon-bench",
        "docs/reference/methods.md §1a",
        "homework/notes",
    ]
    assert [text for text in caught if not MACHINE_PATH.search(text)] == []
    assert [text for text in ignored if MACHINE_PATH.search(text)] == []


def test_no_tracked_file_names_a_path_outside_the_repository():
    hits = []
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = MACHINE_PATH.search(line)
            if match:
                hits.append(f"{path.relative_to(REPO_ROOT)}:{number}: {match.group(0)}")
    assert hits == [], "paths outside the repository:\n" + "\n".join(hits)


def _readme_checksums() -> dict[str, str]:
    readme = (CEADS_DIR / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w.]+\.csv)` \|.*\| `([0-9a-f]{64})` \|$", readme, flags=re.M)
    return dict(rows)


def test_vendored_ceads_files_are_unchanged_and_documented():
    documented = _readme_checksums()
    vendored = sorted(p.name for p in CEADS_DIR.glob("*.csv"))
    assert (
        sorted(documented)
        == vendored
        == [
            "jiangsu_cities_mtco2.csv",
            "jiangsu_province_sector_fuel_mtco2.csv",
        ]
    )
    for name, digest in documented.items():
        assert hashlib.sha256((CEADS_DIR / name).read_bytes()).hexdigest() == digest, name


def test_ceads_seed_is_the_extract_of_the_vendored_inventory():
    # The dbt seed is generated from the vendored CSV, never kept by hand beside it.
    folder = SEEDS_DIR / "reference_inventories"
    spec = importlib.util.spec_from_file_location("make_ceads_seed", folder / "make_ceads_seed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DEFAULT_SOURCE == CEADS_DIR / "jiangsu_province_sector_fuel_mtco2.csv"
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(["year", "ceads_sector", "ceads_fuel", "mt_co2"])
    writer.writerows(module.extract(module.DEFAULT_SOURCE))
    seed = (folder / "ceads_jiangsu_province.csv").read_text(encoding="utf-8")
    assert seed.count("\n") == 1 + 15 * 47 * 18  # header, 2005-2019 x sectors x fuels
    assert seed == expected.getvalue()


# Generates the sample with the clone's own code, then checks it against the clone's
# committed data/sample; prints where dualcarbon was imported from.
_IN_CLONE = """
import filecmp, sys, tempfile
from pathlib import Path
import dualcarbon
from dualcarbon.sample import write_defective, write_sample
out = Path(tempfile.mkdtemp(dir=sys.argv[1]))
write_sample(out)
write_defective(out)
print(dualcarbon.__file__)
print(out)
"""


def _differences(left: Path, right: Path) -> list[str]:
    cmp = filecmp.dircmp(left, right)
    found = [f"only in {left}: {n}" for n in cmp.left_only if n != "README.md"]
    found += [f"only in {right}: {n}" for n in cmp.right_only]
    # dircmp compares by os.stat signature; compare contents to be sure.
    _, mismatch, errors = filecmp.cmpfiles(left, right, cmp.common_files, shallow=False)
    found += [f"differs: {left / n}" for n in mismatch + errors]
    for sub in cmp.common_dirs:
        found += _differences(left / sub, right / sub)
    return found


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed HEAD, cloned into an empty folder with nothing beside it."""
    root = tmp_path_factory.mktemp("alone")
    target = root / "dualcarbon"
    head = _git("rev-parse", "HEAD").strip()
    _git("clone", "--quiet", "--no-checkout", str(REPO_ROOT), str(target), cwd=root)
    _git("checkout", "--quiet", head, cwd=target)
    assert sorted(p.name for p in root.iterdir()) == ["dualcarbon"]
    return target


def _clone_env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUALCARBON_", "PYTHON"))}
    env["PYTHONPATH"] = str(clone)  # the clone's code, not this checkout's editable install
    env["DUALCARBON_HOME"] = str(clone / "data")
    return env


def _run_in_clone(clone: Path, args: list[str], timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=clone, env=_clone_env(clone), capture_output=True, text=True, timeout=timeout
    )


def test_a_clone_generates_the_committed_sample_by_itself(clone: Path):
    scratch = clone.parent / "scratch"
    scratch.mkdir()
    done = _run_in_clone(clone, [sys.executable, "-c", _IN_CLONE, str(scratch)], timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    imported, out = done.stdout.split()
    assert Path(imported).is_relative_to(clone)
    assert _differences(clone / "data" / "sample", Path(out)) == []


PYTEST = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider"]


def test_a_clone_passes_the_calibration_checks(clone: Path):
    done = _run_in_clone(clone, [*PYTEST, "tests/test_sample_calibration.py"], timeout=180)
    assert done.returncode == 0, done.stdout[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "skipped" not in summary, summary
