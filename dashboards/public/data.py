"""Where the public dashboard gets its figures: published releases only.

Everything goes through ``dualcarbon.release.store`` (folders ``releases/<release_id>/`` with a
``manifest.json`` of ``kind: release``); this module never imports the warehouse and never
looks into ``releases/candidates``. Reads are cached across sessions, keyed on the release id
and its manifest's modification time, so a page rerun costs no file reads (practice 30);
releases are immutable, and a new one changes the folder listing, which is part of the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboards.i18n import current_lang
from dualcarbon.paths import Workspace
from dualcarbon.release.store import Release, current_releases, list_releases
from dualcarbon.report.views import Changes, Tables, what_changed

RELEASE_KEY = "public.release"  # session-state key of the release selector
RELEASE_PARAM = "release"  # query parameter: a link names its release


def releases_dir() -> Path:
    return Workspace.from_env().releases


def _listing_stamp(root: Path) -> tuple:
    """Changes when a release folder (or its manifest) appears, goes or is rewritten."""
    if not root.is_dir():
        return ()
    stamp = []
    with os.scandir(root) as entries:
        for entry in entries:
            manifest = Path(entry.path) / "manifest.json"
            if entry.is_dir() and not entry.name.startswith((".", "candidates")):
                try:
                    stamp.append((entry.name, manifest.stat().st_mtime_ns))
                except FileNotFoundError:
                    continue
    return tuple(sorted(stamp))


@st.cache_resource(show_spinner=False, max_entries=4)
def _releases(root: str, stamp: tuple) -> list[Release]:
    return list_releases(Path(root))


def releases() -> list[Release]:
    root = releases_dir()
    return _releases(str(root), _listing_stamp(root))


@st.cache_resource(show_spinner=False, max_entries=64)
def _tables(root: str, stamp: tuple, release_id: str) -> Tables:
    release = next(r for r in _releases(root, stamp) if r.release_id == release_id)
    return Tables(release)


@st.cache_resource(show_spinner=False, max_entries=64)
def _changes(root: str, stamp: tuple, release_id: str) -> Changes | None:
    found = _releases(root, stamp)
    return what_changed(found, next(r for r in found if r.release_id == release_id))


def _audit_stamp(home: Path) -> tuple:
    path = home / "audit" / "audit.jsonl"
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


@st.cache_resource(show_spinner=False, max_entries=4)
def _calendar(home: str, stamp: tuple) -> tuple[list, str]:
    from dualcarbon.release import calendar

    ws = Workspace(Path(home))
    return calendar.entries(ws), calendar.ics(ws)


def release_calendar() -> tuple[list, str]:
    """The advance release calendar (practices 1 and 2): planned releases and the iCalendar
    feed. Plans are public by nature; only their period, time, change count and reason are
    shown, never who made them."""
    home = Workspace.from_env().home
    return _calendar(str(home), _audit_stamp(home))


def default_release(found: list[Release]) -> Release | None:
    """The current release of the latest period."""
    current = current_releases(found)
    return current[-1] if current else None


@dataclass(frozen=True)
class Context:
    """What every page needs: the releases, the one selected, its tables, the language."""

    releases: list[Release]
    release: Release
    tables: Tables
    lang: str
    _root: str
    _stamp: tuple

    def changes(self) -> Changes | None:
        return _changes(self._root, self._stamp, self.release.release_id)

    def tables_of(self, release: Release) -> Tables:
        return _tables(self._root, self._stamp, release.release_id)


def unknown_release(found: list[Release]) -> str | None:
    """The release a link names when no such release is published (a typo, or a draft's
    id): the site says so rather than showing another release."""
    named = st.query_params.get(RELEASE_PARAM)
    if not named or st.session_state.get(RELEASE_KEY):
        return None
    return None if named in {r.release_id for r in found} else named


def selected_id(found: list[Release]) -> str | None:
    """The release in the selector, else the one named in the URL, else the default."""
    ids = {r.release_id for r in found}
    chosen = st.session_state.get(RELEASE_KEY) or st.query_params.get(RELEASE_PARAM)
    if chosen in ids:
        return chosen
    default = default_release(found)
    return default.release_id if default else None


def context() -> Context | None:
    """None when nothing has been published yet."""
    root = releases_dir()
    stamp = _listing_stamp(root)
    found = _releases(str(root), stamp)
    chosen = selected_id(found)
    if chosen is None:
        return None
    release = next(r for r in found if r.release_id == chosen)
    return Context(
        releases=found,
        release=release,
        tables=_tables(str(root), stamp, chosen),
        lang=current_lang(),
        _root=str(root),
        _stamp=stamp,
    )
