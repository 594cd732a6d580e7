"""Fixtures of the browser tests: one public dashboard for the whole session, served over the
session's published workspace (tests/release_fixtures.py) as `make public` serves it
(tests/browser/harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser.harness import served
from dashboards.public import launch


@pytest.fixture(scope="session")
def public_app(published_workspace, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The public dashboard's URL. Started once: every public page test reads the same
    releases, and a server's start (Streamlit and the data libraries) is the slow part."""
    home = tmp_path_factory.mktemp("public-user-home")
    with served(launch, published_workspace.workspace, home) as url:
        yield url
    assert list(home.iterdir()) == [], "Streamlit wrote into HOME"
