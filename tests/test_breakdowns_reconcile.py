"""Every breakdown the public site and the PDF print adds up to its headline (issue 16).

Runs over every release of the published demo workspace (tests/release_fixtures.py: the
demo sample's 2023 and 2024 releases and the 2024 correction), and over every breakdown in
the one registry that the pages and the PDF draw from (dualcarbon.report.breakdowns), not
page by page. The reconciling items are computed from published figures that are
independent of the headline (net inflow from the emissions table's activity, the city
difference from the release's own reconciliation table), so a sum that matches is a check.
"""

from __future__ import annotations

import polars as pl
import pytest

from dualcarbon.release.store import list_releases
from dualcarbon.report import breakdowns, views

REL = 1e-9  # float sums of a few hundred lines


@pytest.fixture(scope="module")
def releases(published_workspace):
    found = list_releases(published_workspace.workspace.releases)
    assert len(found) >= 3, [r.release_id for r in found]
    return found


def indicator(tables: views.Tables, code: str, region: str = views.PROVINCE) -> float:
    frame = tables.get("fct_indicators").filter(
        (pl.col("region_code") == region) & (pl.col("indicator_code") == code)
    )
    assert frame.height == 1, (code, region)
    return frame["value"][0]


def test_every_breakdown_of_every_release_adds_up_to_its_headline(releases):
    checked = 0
    for release in releases:
        tables = views.Tables(release)
        for key, spec in breakdowns.BREAKDOWNS.items():
            rows = spec.rows(tables)
            assert set(rows["kind"]) <= {"part", "reconciling"}, key
            assert rows["value"].null_count() == 0, (release.release_id, key)
            headline = indicator(tables, spec.headline)
            total = rows["value"].sum()
            assert total == pytest.approx(headline, rel=REL), (
                f"{release.release_id} {key}: rows add up to {total:,.2f}, "
                f"the headline {spec.headline} is {headline:,.2f}"
            )
            checked += 1
    assert checked == len(releases) * len(breakdowns.BREAKDOWNS)


def test_energy_by_type_is_the_overview_s_split(releases):
    """The Energy page's fossil rows are the indicators coal/oil/gas_tce, and its non-fossil
    rows are the overview's non-fossil share (13.55 %, not 0.3 %)."""
    for release in releases:
        tables = views.Tables(release)
        rows = dict(breakdowns.energy_by_type(tables).select("code", "value").iter_rows())
        for group in ("coal", "oil", "gas"):
            assert rows[group] == pytest.approx(indicator(tables, f"{group}_tce"), rel=REL)
        total = indicator(tables, "energy_total_tce")
        non_fossil = rows["non_fossil_direct"] + rows["non_fossil_power"]
        assert non_fossil / total * 100 == pytest.approx(
            indicator(tables, "non_fossil_share"), rel=1e-9
        )
        # the parts that fct_energy_consumption carries leave the electricity items out
        consumption = (
            tables.get("fct_energy_consumption")
            .filter(pl.col("region_code") == views.PROVINCE)
            .filter(pl.col("counts_in_primary_total"))["tce"]
            .sum()
        )
        assert consumption < 0.9 * total
        assert rows["net_electricity_inflow"] > 0  # Jiangsu imports electricity


def test_city_breakdowns_carry_the_release_s_own_reconciliation_item(releases):
    for release in releases:
        tables = views.Tables(release)
        rec = tables.get("fct_region_reconciliation")
        for code in breakdowns.ADDITIVE:
            found = rec.filter(pl.col("indicator_code") == code)
            if not found.height:
                continue
            rows = breakdowns.by_city(tables, code)
            assert rows.filter(pl.col("kind") == "part").height == 13, code
            item = rows.filter(pl.col("kind") == "reconciling")["value"][0]
            assert item == found["reconciliation_item"][0]
            assert rows["value"].sum() == pytest.approx(indicator(tables, code), rel=REL)


def test_energy_sectors_are_where_energy_is_first_used(releases):
    """Power plants' coal counts in industry (S39), end-use electricity is not added again:
    the sector parts add up to the consumption lines of the primary total exactly."""
    tables = views.Tables(releases[-1])
    parts = breakdowns.energy_by_sector(tables).filter(pl.col("kind") == "part")
    lines = tables.get("fct_energy_consumption").filter(
        (pl.col("region_code") == views.PROVINCE) & pl.col("counts_in_primary_total")
    )
    assert parts["value"].sum() == pytest.approx(lines["tce"].sum(), rel=REL)
    assert "electricity" not in set(lines["fuel_group"])
