"""What every `dualcarbon` command says the same way: the session's language, a catalogue
message in it, and a refusal (exit 1)."""

from __future__ import annotations

import sys
from typing import Any

import click

from dualcarbon import i18n

EXIT_REFUSED = 1


def lang_of(ctx: click.Context) -> str:
    """The language chosen with --lang / $DUALCARBON_LANG (kept on the root context)."""
    return (ctx.find_root().obj or {}).get("lang", "zh")


def say(ctx: click.Context, key: str, err: bool = False, **values: Any) -> None:
    """Print the catalogue message ``key`` (dualcarbon/locale) in the session's language."""
    click.echo(i18n.text(key, lang_of(ctx), **values), err=err)


def refuse(ctx: click.Context, error: Exception) -> None:
    """Print a refusal (a BilingualError, or any error's text) in the session's language; exit 1."""
    lang = lang_of(ctx)
    reason = error.message(lang) if hasattr(error, "message") else str(error)
    click.echo(i18n.text("cli.refused", lang, reason=reason), err=True)
    sys.exit(EXIT_REFUSED)
