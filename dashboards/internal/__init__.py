"""The internal dashboard (draft, internal): `streamlit run dashboards/internal/app.py`."""
