"""One message catalogue (dualcarbon/locale, gettext): complete in both languages, and every
message the code asks for is in it.

The message ids the code uses are found the way gettext's tools find them: Babel's Python
extractor, with the project's keywords (the functions and errors whose argument is a message id).
"""

from __future__ import annotations

import ast
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
    "_both": (1,),
    "Message": (1,),
    "_problem": (2,),
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


# --- no user-facing text outside the catalogue ---------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
TEMPLATES = ROOT / "dualcarbon" / "intake" / "templates"
# Where Chinese text may stay in code, and why. Everything else says its words through the
# catalogue. (Tests, data/, contract YAML, dbt seeds and the catalogue itself are not code.)
CJK_ALLOWED = {
    # The intake engine's issue texts and the GX check descriptions: moved into the catalogue
    # by their own work (intake/messages.py's tuples; the suites' descriptions).
    "dualcarbon/intake/messages.py": "intake issue texts, (zh, en) tuples: intake engine's own",
    "dualcarbon/intake/validate.py": "intake issue details: intake engine's own",
    "expectations/suites/_common.py": "GX check descriptions",
    "expectations/suites/building_stock.py": "GX check descriptions",
    "expectations/suites/carbon_market.py": "GX check descriptions",
    "expectations/suites/electricity_exchange.py": "GX check descriptions",
    "expectations/suites/electricity_generation.py": "GX check descriptions",
    "expectations/suites/energy_consumption.py": "GX check descriptions",
    "expectations/suites/forest_inventory.py": "GX check descriptions",
    "expectations/suites/freight_turnover.py": "GX check descriptions",
    "expectations/suites/gdp_population.py": "GX check descriptions",
    "expectations/suites/key_energy_units.py": "GX check descriptions",
    "expectations/suites/marts.py": "GX check descriptions",
    "expectations/suites/process_activity.py": "GX check descriptions",
    "expectations/suites/targets.py": "GX check descriptions",
    "expectations/suites/transport_electrification.py": "GX check descriptions",
    "expectations/suites/two_high_projects.py": "GX check descriptions",
    "expectations/suites/vehicle_stock.py": "GX check descriptions",
    "expectations/suites/wetland_inventory.py": "GX check descriptions",
    # Formats, not messages: what a file or the platform itself must contain, word for word.
    "dualcarbon/intake/identify.py": "the title-row words a submitted file is recognised by",
    "dualcarbon/intake/xlsx_guard.py": "the template's sheet names an XLSX file is checked for",
    "dualcarbon/i18n.py": "the error raised when the catalogue itself cannot be read",
    "dualcarbon/templates.py": "sheet names, title row and period blanks of the template format "
    "(intake reads them); docs/submissions.md, English documentation that quotes them",
    # The barometer's reasons are data of a release (reason_zh, reason_en per row), built in SQL.
    "dbt_project/models/marts/fct_barometer.sql": "published reason texts, one per row",
    # Data in code: what a contract's YAML gives otherwise, and the demo users' names.
    "dualcarbon/contracts/__init__.py": "full-width brackets that header matching folds; the "
    "default deadlines' basis, which a contract's YAML gives otherwise",
    "dualcarbon/demo.py": "the demo users' display names, stored in the user store",
    # The sample generator writes what departments would write (Chinese names in the data).
    "dualcarbon/sample/__init__.py": "sample data",
    "dualcarbon/sample/_common.py": "sample data",
    "dualcarbon/sample/defective.py": "sample data (a labelled defective batch)",
    "dualcarbon/sample/industry.py": "sample data",
    "dualcarbon/sample/sectors.py": "sample data",
    "benchmarks/enterprise_scale.py": "generated enterprise names (data)",
    # Still to move (each a (zh, en) pair or `if zh:` text), left to the work on those files.
    "dualcarbon/report/pdf.py": "PDF texts: with the PDF's own work",
    "dualcarbon/report/formatting.py": "unit and number words: to move",
    "dualcarbon/report/breakdowns.py": "breakdown labels: to move",
    "dualcarbon/report/views.py": "(zh, en) texts: to move, with the parallel work on this file",
    "dualcarbon/release/metadata.py": "release metadata texts written into a release: to move",
    "dualcarbon/release/status.py": "(zh, en) texts: to move, with the parallel work on this file",
    "dualcarbon/release/store.py": "(zh, en) texts: to move, with the parallel work on this file",
    "dualcarbon/release/calendar.py": "(zh, en) texts: to move, with the parallel work on this file",
    "dualcarbon/release/candidate.py": "(zh, en) texts: to move, with the parallel work on this file",
    "dualcarbon/release/workflow.py": "(zh, en) texts: to move, with the parallel work on this file",
    "dashboards/i18n.py": "the language switch names Chinese in Chinese (中文), as switches do",
    "dashboards/public/downloads.py": "public pages: with their own work",
    "dashboards/public/figures.py": "public pages: with their own work",
    "dashboards/public/history.py": "public pages: with their own work",
    "dashboards/public/launch.py": "public pages: with their own work",
}
SKIPPED = (
    "tests",
    "data",
    "dualcarbon/locale",
    "dbt_project/seeds",
    "dbt_project/target",
    "dbt_project/dbt_packages",
    "dbt_project/logs",
    ".venv",
    ".git",
)


def _code_files(*suffixes: str) -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if (
            path.suffix in suffixes
            and path.is_file()
            and not relative.startswith(tuple(f"{folder}/" for folder in SKIPPED))
        ):
            files.append(path)
    return files


def _docstrings(tree: ast.AST) -> set[int]:
    """Docstrings are documentation: a command's is its --help, given in both languages."""
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, owners)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _option_help(tree: ast.AST) -> set[int]:
    """A click option's ``help=`` or ``prompt=``: fixed when the command is defined, before any
    language is chosen (and before `dualcarbon prepare` has compiled the catalogue), so given
    in both languages side by side."""
    return {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg in ("help", "prompt")
        for part in ast.walk(node.value)
    }


def _cjk_in_python(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = _docstrings(tree) | _option_help(tree)
    return [
        f"{node.lineno}: {node.value[:40]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in exempt
        and CJK.search(node.value)
    ]


def _cjk_in_sql(path: Path) -> list[str]:
    import sqlparse
    from sqlparse import tokens

    return (
        [
            repr(token.value[:40])
            for token in sqlparse.parse(path.read_text(encoding="utf-8"))[0].flatten()
            if token.ttype in tokens.Literal.String and CJK.search(token.value)
        ]
        if path.read_text(encoding="utf-8").strip()
        else []
    )


def _cjk_in_template(path: Path) -> list[str]:
    from jinja2 import Environment

    source = path.read_text(encoding="utf-8")
    return [
        f"{lineno}: {value[:40]!r}"
        for lineno, kind, value in Environment().lex(source)
        if kind in ("data", "string") and CJK.search(value)
    ]


def test_no_chinese_text_outside_the_catalogue() -> None:
    found = {}
    for path in _code_files(".py", ".sql", ".j2"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in CJK_ALLOWED:
            continue
        reader = {".py": _cjk_in_python, ".sql": _cjk_in_sql, ".j2": _cjk_in_template}
        if hits := reader[path.suffix](path):
            found[relative] = hits
    assert found == {}, "say it through the catalogue (dualcarbon/locale), see docs/contributing.md"


def test_the_guard_finds_chinese_where_it_hides(tmp_path: Path) -> None:
    code = tmp_path / "m.py"
    code.write_text(
        '"""文档"""\nimport click\n@click.option("--x", help="帮助 / Help")\n'
        'def f(n):\n    """说明"""\n    return f"第 {n} 行" + "ok"\n',
        encoding="utf-8",
    )
    assert {hit.split(":")[0] for hit in _cjk_in_python(code)} == {"6"}
    sql = tmp_path / "m.sql"
    sql.write_text("-- 注释\nselect '煤炭' as name, 'coal' as code\n", encoding="utf-8")
    assert _cjk_in_sql(sql) == ["\"'煤炭'\""]
    template = tmp_path / "m.md.j2"
    template.write_text('{{ t("a.b") }}\n报告 {{ "值" }}\n', encoding="utf-8")
    assert len(_cjk_in_template(template)) == 2


# --- the templates and the label tables ask only for messages that exist --------------------


def _template_ids(path: Path) -> list[tuple[int, object]]:
    from jinja2.ext import babel_extract

    with path.open("rb") as handle:
        found = babel_extract(handle, ("t",), (), {"trim_blocks": "1"})
        # t("key", name=value): the extractor gives the key, then None for each keyword
        return [(lineno, m[0] if isinstance(m, tuple) else m) for lineno, _, m, _ in found]


def test_every_template_asks_only_for_messages_in_the_catalogue() -> None:
    known = _catalogue("zh").keys()
    templates = sorted(TEMPLATES.glob("*.j2"))
    asked = {(path.name, lineno, key) for path in templates for lineno, key in _template_ids(path)}
    assert len(asked) > 20  # the extractor found the templates' messages
    not_literal = {entry for entry in asked if not isinstance(entry[2], str)}
    assert not_literal == set(), "t() takes a literal key, so that this test can check it"
    assert {entry for entry in asked if entry[2] not in known} == set()


def test_every_label_table_is_in_the_catalogue() -> None:
    from dualcarbon import templates
    from dualcarbon.quality import review
    from dualcarbon.report import labels

    made = {id(table) for table in i18n.LABEL_TABLES}
    tables = [review.REASON_CODES, labels.FUEL_GROUPS, labels.SCOPES, templates.TYPES]
    assert {id(table) for table in tables} <= made
    known = _catalogue("zh").keys()
    missing = [t.key(code) for t in i18n.LABEL_TABLES for code in t if t.key(code) not in known]
    assert missing == []
    assert labels.SCOPES["process"] == ("工业生产过程", "Industrial processes")
