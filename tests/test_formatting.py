"""The one presentation layer for numbers, units and dates (dualcarbon/report/formatting.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from dualcarbon.report import formatting
from dualcarbon.report.labels import unit_label


def test_numbers_have_separators_fixed_decimals_and_a_dash_for_missing():
    assert formatting.number(72291.11) == "72,291.11"
    assert formatting.number(429892777.36, 0) == "429,892,777"
    assert formatting.number(0.33490, 4) == "0.3349"
    assert formatting.number(None) == "—"
    assert formatting.number(float("nan")) == "—"
    assert formatting.number(743) == "743"
    assert formatting.number(25000000) == "25,000,000"
    assert formatting.number(0.347362, 2, signed=True) == "+0.35"
    assert formatting.number(-0.001, 2) == "0.00"  # no "-0.00"


def test_totals_scale_to_wan_in_chinese_and_million_in_english():
    # 429,892,777.36 tce = 42,989.28 万吨标准煤 = 429.89 Mtce
    assert formatting.value_text(429892777.36, "tce", "zh") == "42,989.28"
    assert formatting.value_text(429892777.36, "tce", "en") == "429.89"
    assert formatting.scale("t_co2", "zh") == ("10k_t_co2", 1e4)
    assert formatting.scale("t_co2", "en") == ("mt_co2", 1e6)
    # 1 TWh = 10^9 kWh = 10^5 × 10^4 kWh; 1 亿千瓦时 = 10^4 × 10^4 kWh
    assert formatting.scale("10k_kwh", "en") == ("twh", 1e5)
    assert formatting.scale("10k_kwh", "zh") == ("100m_kwh", 1e4)
    assert formatting.scale("percent", "en") == ("percent", 1.0)
    assert unit_label("mtce", "en") == "Mtce"
    assert unit_label("10k_tce", "zh") == "万吨标准煤"


def test_times_are_beijing_time_and_say_so():
    when = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
    assert formatting.beijing(when, "zh") == "2025-09-30 10:00（北京时间）"
    assert formatting.beijing(when, "en") == "2025-09-30 10:00 (Beijing time)"
    assert (
        formatting.beijing("2025-09-30T02:00:00+00:00", "en") == "2025-09-30 10:00 (Beijing time)"
    )
    assert formatting.beijing(None) == "—"


def test_a_table_is_shown_with_each_column_s_own_decimals():
    frame = pl.DataFrame(
        {"name": ["a", None], "value": [72291.11, None], "target": [19.0, 14.5], "n": [3, None]}
    )
    shown = formatting.formatted(frame)
    assert shown.to_dict(as_series=False) == {
        "name": ["a", "—"],
        "value": ["72,291.11", "—"],
        "target": ["19.0", "14.5"],
        "n": ["3", "—"],
    }
