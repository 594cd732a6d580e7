"""The internal dashboard (draft, internal): `streamlit run dashboards/internal/app.py`."""

REVIEWER_KEY = "reviewer"  # session-state key of the sidebar's 审核人 / Reviewer input
