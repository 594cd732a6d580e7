"""Data-quality supervision: persisted check results, the steward's review, the release gate."""
