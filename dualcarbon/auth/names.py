"""User names: one spelling per person, and no look-alikes.

A name is NFKC-normalised (full-width ``ｓｔａｔ`` becomes ``stat``), then must be written in
one script the platform's people use: ASCII letters (pinyin or English names) with digits
and ``. _ -``, or Chinese characters (with digits and the middle dot ``·`` of ethnic names).
Anything else, a Cyrillic ``а`` that looks like a Latin ``a`` above all, is refused, so a
second account cannot pass for the first under the four-eyes rule. Two names are the same
person when they are equal after normalisation and case folding (``same_person``).
"""

from __future__ import annotations

import re
import unicodedata

from dualcarbon.errors import BilingualError

MAX_LENGTH = 64
LATIN = re.compile(r"[A-Za-z0-9._-]+( [A-Za-z0-9._-]+)*")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9·]+")


class BadUserName(BilingualError):
    """A user name refused, said in zh and en."""


def normalise(name: str) -> str:
    """The one stored spelling of ``name``, or ``BadUserName``."""
    text = unicodedata.normalize("NFKC", name).strip()
    if not text or len(text) > MAX_LENGTH:
        raise BadUserName("auth.names.normalise.user_name_has_characters", max_length=MAX_LENGTH)
    if not (LATIN.fullmatch(text) or HAN.fullmatch(text)):
        raise BadUserName("auth.names.normalise.user_name_refused_use", text=text)
    return text


def canonical(name: str) -> str:
    """The form two names are compared in: normalised and case-folded; an unusable name
    compares as itself, so it never equals a valid one by accident."""
    try:
        return normalise(name).casefold()
    except BadUserName:
        return unicodedata.normalize("NFKC", name).casefold()


def same_person(a: str, b: str) -> bool:
    return canonical(a) == canonical(b)
