"""The one shape of a refusal the platform explains to a person: said in Chinese and English."""

from __future__ import annotations


class BilingualError(Exception):
    """An error with a message for each language; ``message(lang)`` picks one."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en
