"""The public dashboard's pages and the release tables each one needs.

A page is offered only when the selected release has all its tables, so a release made before
a mart existed (or one without it) simply has fewer pages. Adding a page for a new mart
(targets, carbon sinks, sectors) is a new script beside app.py plus one PageSpec here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str
    title_key: str
    icon: str
    url_path: str
    requires: tuple[str, ...]
    section_key: str = "public.nav_figures"
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview.py",
        "public.nav_overview",
        ":material/dashboard:",
        "overview",
        ("fct_indicators", "dim_region"),
        default=True,
    ),
    PageSpec(
        "emissions.py",
        "public.nav_emissions",
        ":material/factory:",
        "emissions",
        ("fct_co2_emissions", "fct_indicators", "dim_fuel", "dim_sector", "dim_region"),
    ),
    PageSpec(
        "energy.py",
        "public.nav_energy",
        ":material/bolt:",
        "energy",
        ("fct_energy_consumption", "fct_indicators", "dim_sector", "dim_region"),
    ),
    PageSpec(
        "intensities.py",
        "public.nav_intensities",
        ":material/trending_down:",
        "intensities",
        ("fct_indicators", "dim_region"),
    ),
    PageSpec(
        "regions.py",
        "public.nav_regions",
        ":material/compare:",
        "regions",
        ("fct_indicators", "dim_region"),
    ),
    PageSpec(
        "barometer.py",
        "public.nav_barometer",
        ":material/traffic:",
        "barometer",
        ("fct_barometer", "fct_evaluation_scorecard", "fct_regions_off_track", "dim_region"),
    ),
    PageSpec(
        "sinks.py",
        "public.nav_sinks",
        ":material/forest:",
        "sinks",
        ("fct_carbon_sinks", "fct_forest_carbon_stock", "fct_net_emissions", "dim_region"),
    ),
    PageSpec(
        "sectors.py",
        "public.nav_sectors",
        ":material/domain:",
        "sectors",
        (
            "fct_key_energy_units",
            "fct_two_high_projects",
            "fct_building_summary",
            "fct_transport_summary",
            "fct_carbon_market",
            "dim_sector",
            "dim_region",
        ),
    ),
    PageSpec(
        "releases.py",
        "public.nav_releases",
        ":material/history:",
        "releases",
        (),
        section_key="public.nav_about",
    ),
)


def available(pages: Iterable[PageSpec], tables: Iterable[str]) -> list[PageSpec]:
    have = set(tables)
    return [page for page in pages if set(page.requires) <= have]
