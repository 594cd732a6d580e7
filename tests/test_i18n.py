"""One message catalogue (dualcarbon/locale, gettext): complete in both languages, and every
message the code asks for is in it.

The message ids the code uses are found the way gettext's tools find them: Babel's Python
extractor, with the project's keywords (the functions and errors whose argument is a message id).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from dualcarbon import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("dualcarbon", "orchestration", "expectations", "dashboards")
# callable -> the 1-based position of its message-id argument
KEYWORDS = {
    "say": (2,),
    "_say": (2,),
    "text": (1,),
    "t": (1,),
    "both": (1,),
    "Message": (1,),
    "require": (3,),
    "BilingualError": (1,),
    "AccessDenied": (1,),
    "AuthError": (1,),
    "WorkflowError": (1,),
    "CalendarError": (1,),
    "ReviewError": (1,),
}


def _catalogue(lang: str) -> dict[str, object]:
    with i18n.po_path(lang).open("rb") as handle:
        return {m.id: m for m in read_po(handle, locale=i18n.LOCALES[lang]) if m.id}


def _fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_both_languages_have_every_message_complete_and_alike() -> None:
    zh, en = _catalogue("zh"), _catalogue("en")
    assert zh.keys() == en.keys(), "ids in one catalogue only"
    for key in zh:
        for lang, message in (("zh", zh[key]), ("en", en[key])):
            assert message.string.strip(), f"{key}: no {lang} text"
            assert not message.fuzzy, f"{key}: {lang} text marked fuzzy"
        assert _fields(zh[key].string) == _fields(en[key].string), f"{key}: placeholders differ"
    assert re.search(r"[\u4e00-\u9fff]", zh["cli.refused"].string)
    assert not re.search(r"[\u4e00-\u9fff]", en["cli.refused"].string)


def _used_ids() -> dict[str, str]:
    used = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for lineno, message, _, _ in extract_from_file(
                "python", str(path), keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
            ):
                if isinstance(message, str):
                    used[message] = f"{path.relative_to(ROOT)}:{lineno}"
    return used


def test_every_message_the_code_asks_for_is_in_the_catalogue() -> None:
    known = _catalogue("zh").keys()
    used = _used_ids()
    assert len(used) > 50  # the extractor found the project's messages
    missing = {key: where for key, where in used.items() if key not in known}
    assert missing == {}


def test_a_message_is_said_in_the_language_asked_for() -> None:
    from dualcarbon.auth.roles import AccessDenied, User, require

    with pytest.raises(AccessDenied) as refused:
        require(User("wang", "", frozenset({"submitter"})), "publisher", "auth.action.publish")
    assert refused.value.message("zh") == (
        "用户 wang（角色：报送单位填报人）无权发布数据：需要“省发展改革委发布人”角色。"
    )
    assert refused.value.message("en") == (
        "User wang (roles: Submitter (department)) may not publish a release: it requires the "
        "DRC publisher role."
    )
    with pytest.raises(KeyError, match=r"no message 'no\.such\.key'"):
        i18n.text("no.such.key", "en")
