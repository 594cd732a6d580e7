"""Adding a dataset is one contract file: everything else follows from it (issue 14).

The project (the core library, the GX suites and the dbt project) is copied into a temporary
folder, a throwaway contract ``bicycle_stock.yaml`` is added, and in that copy alone:
intake accepts a file for it; ``dualcarbon.contracts.codegen`` writes its dbt source entry
and staging model; ``dbt build`` builds the model and runs its tests on the loaded rows; the
GX suite has its validity checks and its default deadline; and the template is written.
The only file changed besides the new ones is the generated source list.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dualcarbon.paths import REPO_ROOT

CONTRACT = """\
# Throwaway contract (tests/test_new_dataset.py): public bicycles by region.
dataset: bicycle_stock
version: 1
department: transport
frequency: annual
title_zh: 分地区公共自行车数量
title_en: Public bicycles by region
description_zh: 各地区年末公共自行车数量，单位辆。
description_en: Year-end number of public bicycles by region, in bicycles.
regions: all
keys: [region_code]
columns:
  - name: region_code
    label_zh: 地区代码
    label_en: Region code
    type: code
    code_list: ref_regions
  - name: bicycles
    label_zh: 公共自行车（辆）
    label_en: Public bicycles
    type: integer
    min: 0
    max: 10000000
"""

# Runs inside the copy (its own `dualcarbon` and `expectations` first on the path) and prints
# what the test asserts on as JSON.
SCRIPT = """\
import json, os, subprocess, sys
from pathlib import Path

from dualcarbon.contracts.codegen import write_generated
from dualcarbon.intake import process_inbox
from dualcarbon.paths import DBT_PROJECT_DIR, Workspace
from dualcarbon.templates import write_templates

out = {"generated": sorted(str(p) for p in write_generated())}
ws = Workspace.from_env().ensure()
(ws.inbox / "bicycle_stock_2022.csv").write_text(
    "地区代码,公共自行车（辆）\\n320000,1250000\\n320100,210000\\n", encoding="utf-8"
)
[result] = process_inbox(ws)
out["intake"] = [result.status, result.dataset, result.row_count]
dbt = subprocess.run(
    [str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", str(DBT_PROJECT_DIR),
     "--profiles-dir", str(DBT_PROJECT_DIR), "--select", "ref_regions stg_transport__bicycle_stock",
     "--indirect-selection", "cautious"],
    capture_output=True, text=True,
)
out["dbt_rc"] = dbt.returncode
out["dbt_tail"] = dbt.stdout[-3000:]
import duckdb
with duckdb.connect(str(ws.warehouse), read_only=True) as con:
    out["staged"] = con.execute(
        "select period, region_code, bicycles, submission_version "
        "from staging.stg_transport__bicycle_stock order by region_code"
    ).fetchall()
from dualcarbon.contracts.deadlines import deadline
from expectations.suites import SUBMISSION_SUITES
out["checks"] = [c.check_id for c in SUBMISSION_SUITES["bicycle_stock"]]
out["deadline"] = deadline("bicycle_stock", "2022").isoformat()
written = write_templates(Path(os.environ["TEMPLATES_OUT"]))
out["templates"] = sorted(p.name for p in written if p.stem == "bicycle_stock")
out["csv_template"] = (Path(os.environ["TEMPLATES_OUT"]) / "bicycle_stock.csv").read_text(
    encoding="utf-8-sig"
).splitlines()[0]
print(json.dumps(out, ensure_ascii=False))
"""

COPIED = ("dualcarbon", "expectations", "dbt_project")
IGNORED = shutil.ignore_patterns("target", "logs", "__pycache__", "*.pyc", ".user.yml")


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in COPIED
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
        and "target" not in p.parts
        and "__pycache__" not in p.parts
        and p.name != ".user.yml"  # dbt's own anonymous user id, written at its first run
    }


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("project")
    for folder in COPIED:
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=IGNORED)
    before = _digests(root)
    (root / "dualcarbon/contracts/bicycle_stock.yaml").write_text(CONTRACT, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "DUALCARBON_HOME": str(root / "home"),
        "TEMPLATES_OUT": str(root / "templates"),
        "DBT_LOG_PATH": str(root / "home" / "dbt-logs"),
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    after = _digests(root)
    result["changed"] = sorted(k for k in before if after.get(k) != before[k])
    result["new"] = sorted(set(after) - set(before))
    return result


def test_only_the_contract_and_generated_files_change(added):
    assert added["new"] == [
        "dbt_project/models/staging/stg_transport__bicycle_stock.sql",
        "dbt_project/models/staging/stg_transport__bicycle_stock.yml",
        "dualcarbon/contracts/bicycle_stock.yaml",
    ]
    assert added["changed"] == ["dbt_project/models/staging/_raw__sources.yml"]
    assert added["generated"] == [
        "models/staging/_raw__sources.yml",
        "models/staging/stg_transport__bicycle_stock.sql",
        "models/staging/stg_transport__bicycle_stock.yml",
    ]


def test_intake_accepts_a_file_for_the_new_dataset(added):
    assert added["intake"] == ["accepted", "bicycle_stock", 2]


def test_dbt_builds_the_staging_model_with_its_tests(added):
    assert added["dbt_rc"] == 0, added["dbt_tail"]
    # The seed, the model, and the model's tests: unique (period, region), not_null on four
    # columns, relationships to ref_regions.
    assert "PASS=" in added["dbt_tail"] and "ERROR=0" in added["dbt_tail"]
    assert added["staged"] == [["2022", "320000", 1250000, 1], ["2022", "320100", 210000, 1]]


def test_the_quality_suite_follows_from_the_contract(added):
    assert added["checks"] == [
        "bicycle_stock.completeness.all_regions_reported",
        "bicycle_stock.validity.bicycles_in_range",
        "bicycle_stock.timeliness.received_by_deadline",
    ]
    # No deadline in the contract: annual data is due 31 March of the next year, 23:59:59 in
    # China Standard Time, which is 15:59:59 UTC.
    assert added["deadline"] == "2023-03-31T15:59:59"


def test_the_template_is_written(added):
    assert added["templates"] == ["bicycle_stock.csv", "bicycle_stock.xlsx"]
    assert added["csv_template"] == "地区代码,公共自行车（辆）"
