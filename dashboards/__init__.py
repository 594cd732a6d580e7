"""Streamlit dashboards.

- ``dashboards/internal/``: the internal dashboard for statisticians and data stewards
  (quality review first). Draft, internal: it reads the working warehouse.
- A public dashboard will come later beside it; it must read only published release
  artefacts, never the working warehouse.

Every visible string goes through ``dashboards.i18n`` (Simplified Chinese default, English).
"""
