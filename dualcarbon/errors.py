"""The one shape of a refusal the platform explains to a person: a message of the catalogue
(dualcarbon/locale), said in the reader's language."""

from __future__ import annotations

from typing import Any

from dualcarbon import i18n


class BilingualError(i18n.Said, Exception):
    """An error that is a catalogue message: ``key`` and its placeholders' ``values``.
    ``message(lang)`` says it in one language; ``str()`` in both, Chinese first (for logs)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(i18n.both(key, **values))

    def message(self, lang: str = "zh") -> str:
        return i18n.text(self.key, lang, **self.values)
