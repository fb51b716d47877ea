"""The ``klynge`` command line: each command a plain function returning an exit code.

Exit codes: 0 ok, 1 invalid input or a failed check, 2 wrong usage. Errors go to stderr as
``path:line:col: error: message``; no traceback reaches a user for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import i18n
from .commands._common import is_rule_id, width
from .commands.calc import DEFAULT_RULE, cmd_calc, cmd_explain
from .commands.calc import FORMATS as CALC_FORMATS
from .commands.catalog import FORMATS as LIST_FORMATS
from .commands.catalog import cmd_list
from .commands.change import FORMATS as DIFF_FORMATS
from .commands.change import cmd_diff
from .commands.check import cmd_checks, cmd_schema, cmd_test, cmd_validate
from .commands.compare import cmd_compare
from .commands.data import cmd_import_dst
from .commands.examples import (
    CALC_EXAMPLES,
    CHECKS_EXAMPLES,
    COMPARE_EXAMPLES,
    DATA_EXAMPLES,
    DIFF_EXAMPLES,
    DIFF_FORMAT_HELP,
    EXPLAIN_EXAMPLES,
    FORMAT_HELP,
    IMPORT_EXAMPLES,
    INIT_EXAMPLES,
    LIST_EXAMPLES,
    REGNSKAB_EXAMPLES,
    REGNSKAB_IMPORT_EXAMPLES,
    REGNSKAB_TEMPLATE_EXAMPLES,
    SCHEMA_EXAMPLES,
    SERVE_EXAMPLES,
    TEST_EXAMPLES,
    TOP_EXAMPLES,
    VALIDATE_EXAMPLES,
)
from .commands.init import cmd_init
from .commands.regnskab import cmd_import, cmd_regnskab, cmd_template, regnskab_words
from .commands.serve import DEFAULT_PORT, LOOPBACK, cmd_serve
from .engine.errors import InvalidInput, KlyngeError
from .i18n import _

PROG = "klynge"


def _cached(args: argparse.Namespace, argv: list[str]) -> int:
    """validate, test, calc, explain and compare replay what they printed when no file they read has
    changed (engine/cache.py): a warm run needs neither the YAML parser nor jsonschema nor the models."""
    import contextlib
    import io

    from .engine import cache

    if getattr(args, "output", None) or getattr(args, "format", None) == "xlsx":
        return _run(args)  # a file written, or a workbook's bytes: not a replay of text
    root = Path(args.rules_dir or os.environ.get("KLYNGE_RULES_DIR") or _rules_dir_guess()).resolve()
    refs = getattr(args, "paths", None) or [*filter(None, [getattr(args, "rule", None)]), *getattr(args, "rules", [])]
    given = [Path(q).resolve() for q in refs if not is_rule_id(q)]  # an id is looked up under root only
    if not all(root == p or root in p.parents for p in given):
        return _run(args)  # a file outside the rules directory may read files the key cannot know of
    library = Path(__file__).resolve().parent / "rules"  # the shipped library behind the rules directory
    name = cache.key([i18n.current(), *argv], [root, library] if library != root else [root], width())
    hit = cache.read(name)
    if hit is None:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _run(args)
        hit = cache.Report(code, out.getvalue(), err.getvalue())
        if code != 2:  # wrong usage (a rules directory not there yet) is answered afresh next time
            cache.write(name, hit)
    sys.stdout.write(hit.out)
    sys.stderr.write(hit.err)
    return hit.code


def _rules_dir_guess() -> Path:
    # As engine.workspace.default_rules_dir, without importing the engine (the point of the cache).
    return Path("rules") if Path("rules").is_dir() else Path(__file__).resolve().parent / "rules"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_("Cost-sharing keys of the Danish health clusters (sundhedsklynger), computed exactly."),
        epilog=_(TOP_EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, help=_("show klynge's version and exit"))
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=None,
        help=_("language of all output: da (default) or en; also $KLYNGE_LANG, $LANG"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--width", type=int, metavar="N", help=_("lay tables out for N columns (default: the terminal's, $COLUMNS)")
    )
    common.add_argument(
        "--rules-dir",
        metavar="DIR",
        help=_("rules directory (default: $KLYNGE_RULES_DIR, ./rules, or the shipped rules)"),
    )

    calc = _command(
        commands, "calc", cmd_calc, common, _("compute a rule and print every member's share"), CALC_EXAMPLES
    )
    calc.add_argument(
        "rule", nargs="?", metavar="RULE", help=_("rule id or path (default: {rule})").format(rule=DEFAULT_RULE)
    )
    calc.add_argument("--format", "-f", choices=CALC_FORMATS, default=None, help=_(FORMAT_HELP))
    calc.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of standard output"))
    calc.add_argument("--set", action="append", metavar="NAME=VALUE", help=_("override a parameter (repeatable)"))
    calc.add_argument("--no-cache", action="store_true", help=_("compute again even if nothing changed"))
    by = _(
        "member (default): a row per member of the rule; contributor: what each kommune and region gives each klynge"
    )
    calc.add_argument("--by", choices=("member", "contributor"), default="member", help=by)
    calc.set_defaults(cacheable=True)

    summary = _("a klynge's budget against its spending: unspent funds and the carry-over, per contributor")
    books = _command(commands, "regnskab", cmd_regnskab, common, summary, REGNSKAB_EXAMPLES)
    books.add_argument("klynge", nargs="?", metavar="KLYNGE", help=_("klynge id, e.g. hovedstaden-syd (default: all)"))
    rule_help = _("the rule of the budget (default: {rule})").format(rule=DEFAULT_RULE)
    books.add_argument("--rule", metavar="RULE", help=rule_help)
    books.add_argument("--ledger", required=True, metavar="FILE", help=_("the spending: a ledger file (.yaml) or CSV"))
    books.add_argument("--commitments", metavar="FILE", help=_("who has committed room for the carry-over (.yaml)"))
    books.add_argument("--format", "-f", choices=CALC_FORMATS, default=None, help=_(FORMAT_HELP))
    books.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of standard output"))
    carry_help = _("write the carried amounts as a carry_over data file (YAML) for a rule of the next year")
    books.add_argument("--carry-over", action="store_true", help=carry_help)
    books.epilog = f"{books.epilog}\n{_(REGNSKAB_TEMPLATE_EXAMPLES)}\n{_(REGNSKAB_IMPORT_EXAMPLES)}"
    # regnskab template / regnskab import: commands of their own (cli.main renames the two words), listed
    # under regnskab's help and not as commands of their own
    summary = _("write the Excel workbook a klynge's staff fill in: budget, entries, initiatives, guide")
    maker = _word(commands, "template", cmd_template, common, summary, REGNSKAB_TEMPLATE_EXAMPLES)
    maker.add_argument("klynge", metavar="KLYNGE", help=_("klynge id, e.g. hovedstaden-syd"))
    maker.add_argument("--rule", metavar="RULE", help=rule_help)
    maker.add_argument("--output", "-o", required=True, metavar="FILE", help=_("the workbook to write (.xlsx)"))
    summary = _("read a filled workbook back into a ledger file; nothing is written when any row is wrong")
    reader = _word(commands, "import", cmd_import, common, summary, REGNSKAB_IMPORT_EXAMPLES)
    reader.add_argument("file", metavar="FILE", help=_("the filled workbook (.xlsx)"))
    reader.add_argument("--output", "-o", required=True, metavar="FILE", help=_("the ledger to write (.yaml or .csv)"))

    summary = _("list every rule, dataset, registry and parameters file, and where it comes from")
    listing = _command(commands, "list", cmd_list, common, summary, LIST_EXAMPLES)
    listing.add_argument("--format", "-f", choices=LIST_FORMATS, default=None, help=_("table (default) or json"))
    listing.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of standard output"))

    summary = _("start a repository of rule files of your own (never overwrites a file)")
    start = _command(commands, "init", cmd_init, None, summary, INIT_EXAMPLES)
    start.add_argument("directory", metavar="DIR", help=_("the folder to write to (made if missing)"))
    start.add_argument("--hooks-repo", metavar="URL", help=_("take the pre-commit hooks from klynge's repository here"))
    start.add_argument("--hooks-rev", metavar="REV", help=_("the tag or commit of --hooks-repo to use"))
    start.add_argument("--install", metavar="SPEC", help=_("how CI installs klynge (a pip requirement)"))

    summary = _("show where one row's numbers come from, step by step")
    why = _command(commands, "explain", cmd_explain, common, summary, EXPLAIN_EXAMPLES)
    why.add_argument("rule", metavar="RULE", help=_("rule id or path"))
    why.add_argument(
        "name",
        metavar="NAME",
        help=_("a kommune, klynge or region, e.g. København or 'Klynge Syd (Region Hovedstaden)'"),
    )
    why.add_argument("--pot", metavar="ID", help=_("only this pot (default: every pot)"))
    why.add_argument(
        "--format",
        "-f",
        choices=("table", "json"),
        default=None,
        help=_("table (default) or json: the trace for tools"),
    )
    why.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of standard output"))
    why.add_argument("--set", action="append", metavar="NAME=VALUE", help=_("override a parameter (repeatable)"))
    why.add_argument("--no-cache", action="store_true", help=_("compute again even if nothing changed"))
    why.set_defaults(cacheable=True)

    summary = _("show what a change to a rule does to every row")
    change = _command(commands, "diff", cmd_diff, common, summary, DIFF_EXAMPLES)
    change.add_argument("old", metavar="OLD", help=_("the rule before (id or path), or the rule to compare with --rev"))
    change.add_argument("new", nargs="?", metavar="NEW", help=_("the rule after (id or path)"))
    change.add_argument("--rev", metavar="GITREF", help=_("compare OLD with its version at this git revision"))
    change.add_argument("--format", "-f", choices=DIFF_FORMATS, default=None, help=_(DIFF_FORMAT_HELP))
    change.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of standard output"))

    summary = _("open the local page: rules, tables, what-if, comparison and checks in the browser")
    page = _command(commands, "serve", cmd_serve, common, summary, SERVE_EXAMPLES)
    port_help = _("port (default: {port}; 0: a free one)").format(port=DEFAULT_PORT)
    page.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N", help=port_help)
    host_help = _("address to listen on (default: {host}, this machine only; any other shows a warning)")
    page.add_argument("--host", default=LOOPBACK, metavar="ADDR", help=host_help.format(host=LOOPBACK))
    page.add_argument("--open", action="store_true", help=_("open the page in the browser"))

    data = commands.add_parser(
        "data",
        help=_("import and maintain datasets"),
        description=_("Import and maintain datasets."),
        epilog=_(DATA_EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    data_commands = data.add_subparsers(dest="data_command", metavar="COMMAND", required=True)
    summary = _("import a Statistikbanken FOLK1A export as a population dataset")
    dst = _command(data_commands, "import-dst", cmd_import_dst, common, summary, IMPORT_EXAMPLES)
    dst.add_argument("file", metavar="FILE", help=_("the export (semicolon-separated; UTF-8 or Latin-1)"))
    dst.add_argument(
        "--period", metavar="PERIOD", help=_("the quarter to import, e.g. 2023K1 (needed when the file has several)")
    )
    dst.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help=_("dataset file to write or update (default: rules/data/folk1a-PERIOD.yaml)"),
    )
    dst.add_argument("--id", metavar="ID", help=_("id of a new dataset (default: folk1a-PERIOD)"))

    summary = _("compare what each kommune bears under several financing models")
    comp = _command(commands, "compare", cmd_compare, common, summary, COMPARE_EXAMPLES)
    comp.add_argument(
        "rules", nargs="*", metavar="RULE", help=_("rules to compare (default: the four secretariat models)")
    )
    comp.add_argument(
        "--baseline", metavar="MODEL", help=_("model the differences are against (default: model 2, else the first)")
    )
    comp.add_argument("--format", "-f", choices=CALC_FORMATS, default=None, help=_(FORMAT_HELP))
    comp.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of standard output"))
    comp.add_argument("--set", action="append", metavar="NAME=VALUE", help=_("override a parameter (repeatable)"))
    comp.add_argument("--no-cache", action="store_true", help=_("compute again even if nothing changed"))
    comp.set_defaults(cacheable=True)

    validate = _command(
        commands,
        "validate",
        cmd_validate,
        common,
        _("check rule and dataset files; report every problem"),
        VALIDATE_EXAMPLES,
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help=_("files, directories or rule ids (default: the rules directory)")
    )
    validate.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "github"),
        default="table",
        help=_("table (default; errors on stderr), json, or github (annotations for a GitHub Actions job)"),
    )
    validate.set_defaults(cacheable=True)
    validate.add_argument("--no-cache", action="store_true", help=_("check again even if nothing changed"))

    summary = _("list every check validate makes: its id, level (error or warning) and description")
    checks = _command(commands, "checks", cmd_checks, None, summary, CHECKS_EXAMPLES)
    checks.add_argument("--format", "-f", choices=("table", "json"), default="table", help=_("table (default) or json"))

    summary = _("check rules against their published tables, cell by cell")
    test = _command(commands, "test", cmd_test, common, summary, TEST_EXAMPLES)
    test.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "md"),
        default="table",
        help=_("table (default), json (every differing cell, for tools) or md (Markdown, for a pull request)"),
    )
    test.add_argument(
        "paths", nargs="*", metavar="PATH", help=_("rule ids, rule files or directories (default: the rules directory)")
    )
    test.set_defaults(cacheable=True)
    test.add_argument("--no-cache", action="store_true", help=_("check again even if nothing changed"))

    schema = _command(
        commands,
        "schema",
        cmd_schema,
        None,
        _("write the JSON Schema files generated from the models"),
        SCHEMA_EXAMPLES,
    )
    schema.add_argument(
        "--check", action="store_true", help=_("only check that the committed schema files are up to date")
    )
    schema.add_argument("--directory", metavar="DIR", help=_("where to write (default: schemas/ beside the engine)"))
    return parser


def _command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    func: Callable[[argparse.Namespace], int],
    common: argparse.ArgumentParser | None,
    summary: str,
    examples: str | None,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        parents=[common] if common else [],
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=_(examples) if examples else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func)
    return parser


def _word(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    word: str,
    func: Callable[[argparse.Namespace], int],
    common: argparse.ArgumentParser,
    summary: str,
    examples: str,
) -> argparse.ArgumentParser:
    """``klynge regnskab WORD``: a command without help=, so the list of commands does not show it."""
    parser: argparse.ArgumentParser = commands.add_parser(
        f"regnskab-{word}",
        parents=[common],
        prog=f"{PROG} regnskab {word}",
        description=summary[0].upper() + summary[1:] + ".",
        epilog=_(examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func)
    return parser


class _Version(argparse.Action):
    """--version, looked up only when asked for (reading package metadata costs every start)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from . import version

        print(f"{PROG} {version()}")  # on stdout, as argparse's own version action prints
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(argv if argv is not None else sys.argv[1:])
    i18n.use(i18n.language_from(arguments))  # before any help text or message is made
    i18n.translate_argparse()
    parser = build_parser()
    try:
        args = parser.parse_args(regnskab_words(_lang_first(arguments)))
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 on --help
        return int(exc.code or 0)
    if getattr(args, "width", None):
        os.environ["COLUMNS"] = str(args.width)  # the one place every table and the cache read the width from
    if getattr(args, "no_cache", False):
        os.environ["KLYNGE_NO_CACHE"] = "1"  # neither the report nor any file from an earlier run
    if getattr(args, "cacheable", False) and not args.no_cache:
        return _cached(args, arguments)
    return _run(args)


def _lang_first(arguments: list[str]) -> list[str]:
    """``--lang`` is read wherever it stands (``klynge calc --lang en``); argparse checks it as a global option."""
    rest, lang = [], []
    index = 0
    while index < len(arguments):
        arg = arguments[index]
        if arg == "--lang" and index + 1 < len(arguments):
            lang, index = [arg, arguments[index + 1]], index + 2
            continue
        if arg.startswith("--lang="):
            lang = [arg]
        else:
            rest.append(arg)
        index += 1
    return lang + rest


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KlyngeError as exc:
        message = (
            str(exc) if isinstance(exc, InvalidInput) else _("{prog}: error: {message}").format(prog=PROG, message=exc)
        )
        print(message, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
