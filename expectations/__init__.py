"""Data-quality supervision with Great Expectations: the steward's checks as code.

`validate_period(workspace, period, run_id)` runs every suite on the period's latest accepted
submissions and on the key marts, persists the results in the warehouse (schema `quality`),
quarantines failing rows of row-level ERROR checks and builds Data Docs
(docs/design/quality.md). Great Expectations is imported only when a validation runs, so
importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from expectations.runner import ValidationSummary, validate_period

__all__ = ["ValidationSummary", "validate_period"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from expectations import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'expectations' has no attribute {name!r}")
