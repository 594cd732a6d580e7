"""Resubmissions become new versions; the same file twice is recognised and not loaded again."""

from __future__ import annotations

import os

from conftest import energy_csv, put

from dualcarbon.intake import process_inbox
from dualcarbon.warehouse import connect


def _submit(workspace, content: str, name: str = "energy_consumption_2019.csv"):
    path = put(workspace.inbox, name, content)
    os.utime(path)  # arrival time
    return process_inbox(workspace)


def test_resubmission_is_a_new_version_and_the_old_one_is_kept(workspace):
    [first] = _submit(workspace, energy_csv())
    corrected = energy_csv().replace("1200.5", "1250.0")
    [second] = _submit(workspace, corrected)

    assert (first.status, first.version) == ("accepted", 1)
    assert (second.status, second.version) == ("accepted", 2)
    assert first.submission_id != second.submission_id
    with connect(workspace.warehouse) as con:
        versions = con.execute(
            "select s.version, e.quantity from raw.energy_consumption e "
            "join raw.submissions s using (submission_id) "
            "where e.fuel_code = 'raw_coal' and e.region_code = '320000' order by 1"
        ).fetchall()
    assert versions == [(1, 1200.5), (2, 1250.0)]
    assert len(list(workspace.archive.rglob("energy_consumption_2019.csv"))) == 2


def test_a_rejected_resubmission_does_not_take_a_version_number(workspace):
    _submit(workspace, energy_csv())
    [bad] = _submit(workspace, energy_csv(["320000,S01,raw_coal,combustion,oops,t"]))
    [good] = _submit(workspace, energy_csv().replace("300", "301"))
    assert (bad.status, bad.version) == ("rejected", None)
    assert (good.status, good.version) == ("accepted", 2)


def test_versions_are_counted_per_dataset_and_period(workspace):
    [a] = _submit(workspace, energy_csv(), "energy_consumption_2018.csv")
    [b] = _submit(workspace, energy_csv(), "energy_consumption_2019.csv")
    assert (a.period, a.version, b.period, b.version) == ("2018", 1, "2019", 1)


def test_the_same_file_twice_is_loaded_once(workspace):
    [first] = _submit(workspace, energy_csv())
    [again] = _submit(workspace, energy_csv())
    assert again.status == "duplicate" and again.submission_id == first.submission_id
    assert not list(workspace.inbox.iterdir())
    with connect(workspace.warehouse) as con:
        assert con.execute("select count(*) from raw.submissions").fetchone() == (1,)
        assert con.execute("select count(*) from raw.energy_consumption").fetchone() == (4,)


def test_files_of_other_periods_wait_for_their_own_run(workspace):
    put(workspace.inbox, "energy_consumption_2018.csv", energy_csv())
    put(workspace.inbox, "energy_consumption_2019.csv", energy_csv())
    put(workspace.inbox, "nonsense.csv", "a,b\n1,2\n")  # belongs to no period: any run rejects it
    results = {r.file_name: r.status for r in process_inbox(workspace, periods={"2019"})}
    assert results == {
        "energy_consumption_2018.csv": "deferred",
        "energy_consumption_2019.csv": "accepted",
        "nonsense.csv": "rejected",
    }
    assert [p.name for p in workspace.inbox.iterdir()] == ["energy_consumption_2018.csv"]
