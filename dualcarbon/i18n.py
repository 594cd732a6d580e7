"""One message catalogue for every user-facing string: gettext, in Simplified Chinese and English.

The catalogue is ``dualcarbon/locale/<locale>/LC_MESSAGES/dualcarbon.po`` (``zh_CN`` and
``en``), edited as text and reviewed like code. Message ids are stable keys (``review.title``,
``cli.run.succeeded``), not sentences, so that both languages are translations of one meaning and
a reworded sentence does not orphan its translation. ``{name}`` placeholders are filled with
``str.format``. ``dualcarbon prepare`` compiles the ``.po`` files into the ``.mo`` files that
Python's gettext reads (Babel's compiler); a catalogue that is not compiled is an error, never a
silently shown key.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "dualcarbon"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LOCALES = {"zh": "zh_CN", "en": "en"}


class CatalogueNotCompiled(RuntimeError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"消息目录未编译：{path}；请运行 dualcarbon prepare。 / "
            f"The message catalogue is not compiled: {path}; run `dualcarbon prepare`."
        )


def po_path(lang: str) -> Path:
    return LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _catalogue(lang: str) -> gettext.GNUTranslations:
    mo = po_path(lang).with_suffix(".mo")
    if not mo.exists():
        raise CatalogueNotCompiled(mo)
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _read_po(lang: str):
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=LOCALES[lang], domain=DOMAIN)


@cache
def message_ids(lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """Every message id of the catalogue, in its order (gettext itself cannot list them)."""
    return tuple(message.id for message in _read_po(lang) if message.id)


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    """Whether the catalogue has ``key`` (for labels of codes that may have none)."""
    return key in _key_set(lang)


@cache
def _key_set(lang: str) -> frozenset[str]:
    return frozenset(message_ids(lang))


class Said:
    """Whatever says itself in one language (``message(lang)``), also read as ``message_zh``
    and ``message_en``: the refusals and the intake issues."""

    def message(self, lang: str = DEFAULT_LANG) -> str:
        raise NotImplementedError

    @property
    def message_zh(self) -> str:
        return self.message("zh")

    @property
    def message_en(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class Message:
    """A catalogue message not said yet: as a placeholder's value, it is said in the language of
    the text it fills (an action's name inside a refusal)."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return text(self.key, lang, **self.values)


@dataclass(frozen=True)
class Pair:
    """A value that data gives in both languages (a contract's title, a reason's label)."""

    zh: Any
    en: Any

    def render(self, lang: str) -> str:
        return str(self.zh if lang == "zh" else self.en)


@dataclass(frozen=True)
class Join:
    """Items (messages, pairs or plain text) listed with the language's separator (、 or , ;
    ``separator`` names another message), or ``empty`` when there are none."""

    items: Sequence[Message | Pair | str]
    empty: Message = Message("i18n.none")
    separator: str = "i18n.list_separator"

    def render(self, lang: str) -> str:
        if not self.items:
            return self.empty.render(lang)
        said = (item if isinstance(item, str) else item.render(lang) for item in self.items)
        return text(self.separator, lang).join(said)


class Labels(Mapping[str, tuple[str, str]]):
    """A code list's names, ``code -> (zh, en)``, kept in the catalogue as ``<prefix>.<code>``
    and read when asked (not at import, which may come before `dualcarbon prepare`)."""

    def __init__(self, prefix: str, codes: Sequence[str]) -> None:
        self.prefix, self.codes = prefix, tuple(codes)
        LABEL_TABLES.append(self)

    def key(self, code: str) -> str:
        return f"{self.prefix}.{code}"

    def __getitem__(self, code: str) -> tuple[str, str]:
        if code not in self.codes:
            raise KeyError(code)
        return text(self.key(code), "zh"), text(self.key(code), "en")

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


LABEL_TABLES: list[Labels] = []  # every table made, so that a test can check their keys


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The message ``key`` in ``lang``, placeholders filled (a `Message`, `Pair` or `Join` value
    is said in ``lang`` too). An unknown key is an error."""
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}; one of {LANGS}")
    if not has(key, lang):
        raise KeyError(f"no message {key!r} in the {LOCALES[lang]} catalogue ({po_path(lang)})")
    message = _catalogue(lang).gettext(key)
    if not values:
        return message
    said = {
        k: v.render(lang) if isinstance(v, Message | Pair | Join) else v for k, v in values.items()
    }
    return message.format(**said)


def both(key: str, **values: Any) -> str:
    """The message in both languages, Chinese first: for notices everyone must understand."""
    return f"{text(key, 'zh', **values)} / {text(key, 'en', **values)}"


def compile_catalogues() -> list[Path]:
    """Compile every ``.po`` into its ``.mo`` (what `dualcarbon prepare` runs)."""
    written = []
    for lang in LANGS:
        mo = po_path(lang).with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, _read_po(lang))
        written.append(mo)
    for cached in (_catalogue, message_ids, _key_set):
        cached.cache_clear()
    return written
