"""What every `dualcarbon` command says the same way: the session's language, a message in
it, and a refusal (exit 1)."""

from __future__ import annotations

import sys

import click

EXIT_REFUSED = 1


def lang_of(ctx: click.Context) -> str:
    """The language chosen with --lang / $DUALCARBON_LANG (kept on the root context)."""
    return (ctx.find_root().obj or {}).get("lang", "zh")


def say(ctx: click.Context, zh: str, en: str, err: bool = False) -> None:
    click.echo(zh if lang_of(ctx) == "zh" else en, err=err)


def refuse(ctx: click.Context, error: Exception) -> None:
    """Print a refusal (a BilingualError, or any error's text) in the session's language; exit 1."""
    lang = lang_of(ctx)
    text = error.message(lang) if hasattr(error, "message") else str(error)
    click.echo(("✗ 操作被拒绝：" if lang == "zh" else "✗ Refused: ") + text, err=True)
    sys.exit(EXIT_REFUSED)
