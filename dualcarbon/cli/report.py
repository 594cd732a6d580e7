"""`dualcarbon report`: the official PDF report of a published release, made on the server.

Reads only the published release (never the warehouse or a candidate). Exits with 1 for a
release that is not published and 2 when the CJK font is missing (the report would otherwise
print Chinese as boxes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dualcarbon import i18n
from dualcarbon.paths import Workspace

EXIT_UNKNOWN = 1
EXIT_NO_FONT = 2


def _say(lang: str, key: str, err: bool = False, **values: Any) -> None:
    click.echo(i18n.text(key, lang, **values), err=err)


@click.command(name="report")
@click.argument("release_id")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF file to write (default: $DUALCARBON_HOME/reports/releases/<release_id>_<lang>.pdf)",
)
@click.option(
    "--lang",
    "report_lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the report (default: the command line's language) / 报告语言",
)
@click.pass_context
def report(ctx: click.Context, release_id: str, out: Path | None, report_lang: str | None) -> None:
    """Make the official PDF report of a published release / 生成正式发布报告（PDF）。"""
    from dualcarbon.release.store import list_releases
    from dualcarbon.report.pdf import FontMissing, write

    lang = (ctx.obj or {}).get("lang", "zh")
    report_lang = report_lang or lang
    ws = Workspace.from_env()
    releases = list_releases(ws.releases)
    release = next((r for r in releases if r.release_id == release_id), None)
    if release is None:
        known = ", ".join(r.release_id for r in releases) or "—"
        _say(
            lang,
            "cli.report.report.no_published_release_published",
            release_id=release_id,
            known=known,
            err=True,
        )
        ctx.exit(EXIT_UNKNOWN)
    out = out or ws.reports / "releases" / f"{release_id}_{report_lang}.pdf"
    try:
        write(release, out, releases, report_lang)
    except FontMissing as exc:
        _say(lang, exc.message_zh, exc.message_en, err=True)
        ctx.exit(EXIT_NO_FONT)
    _say(lang, "cli.report.report.report_written", out=out)
