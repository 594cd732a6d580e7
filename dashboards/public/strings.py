"""Strings of the public dashboard: key -> (Simplified Chinese, English), keys ``public.*``."""

PUBLIC_STRINGS: dict[str, tuple[str, str]] = {}
