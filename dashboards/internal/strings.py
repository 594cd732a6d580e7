"""Strings of the internal release pages: key -> (Simplified Chinese, English), keys ``release.*``."""

RELEASE_STRINGS: dict[str, tuple[str, str]] = {}
