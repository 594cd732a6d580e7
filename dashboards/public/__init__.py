"""The public dashboard: published releases only (docs/public-dashboard.md)."""
