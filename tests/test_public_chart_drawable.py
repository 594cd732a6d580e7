"""A block's chart is drawn only when its data has a value to draw (dashboards/public/render.py);
otherwise the page says the release has no data, instead of an empty chart (issue 16)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from dashboards.public.render import drawable


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pd.DataFrame({"category": ["Nanjing"], "value": [1.5]}), True),
        (pd.DataFrame({"category": ["Nanjing", "Wuxi"], "value": [None, 2.0]}), True),
        (pd.DataFrame({"category": ["Nanjing", "Wuxi"], "value": [None, None]}), False),
        (pd.DataFrame({"x": ["2015"], "y": [float("nan")]}), False),
        (pd.DataFrame({"category": [], "value": []}), False),
    ],
)
def test_drawable(data: pd.DataFrame, expected: bool):
    assert drawable(alt.Chart(data).mark_bar()) is expected


def test_a_layered_chart_is_drawn():
    base = alt.Chart(pd.DataFrame({"x": ["2015"], "y": [1.0]}))
    assert drawable(base.mark_line() + base.mark_point()) is True
