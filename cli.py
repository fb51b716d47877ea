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
from .commands.init import cmd_init
from .engine.errors import InvalidInput, KlyngeError

PROG = "klynge"
FORMAT_HELP = (
    "output format (default: the --output file's suffix, .xlsx .json .csv .md, else table;"
    " xlsx needs --output unless piped)"
)
DIFF_FORMAT_HELP = "output format (default: the --output file's suffix, .md .json, else table)"


CALC_EXAMPLES = """\
examples:
  klynge calc                                   the default rule, as a table
  klynge calc sekretariat-syd-2022              a rule by its id (looked up under rules/)
  klynge calc rules/sekretariat-syd-2022.yaml   a rule by its path
  klynge calc sekretariat-syd-2022 --output syd.json   JSON: the format follows the file's suffix
  klynge calc sekretariat-syd-2022 --output syd.xlsx   one Excel sheet, numbers as numbers
  klynge calc sekretariat-syd-2022 --format csv        CSV to standard output
  klynge calc sekretariat-model2-2022 --set cost_per_cluster=740000   a what-if
"""


VALIDATE_EXAMPLES = """\
examples:
  klynge validate                      every file under rules/
  klynge validate rules/min-regel.yaml one file
  klynge validate sekretariat-syd-2022 a rule by its id (looked up under rules/)
  klynge validate rules/data           every file in a folder
errors are printed as path:line:col: error: message (fix), one per problem.
"""


CHECKS_EXAMPLES = """\
examples:
  klynge checks                        id, level and description of every check
  klynge checks --format json          the same for tools
validate --format json gives each problem's check id; --format github gives it as the annotation's title.
"""


TEST_EXAMPLES = """\
examples:
  klynge test                               every rule under rules/ that names a published table
  klynge test sekretariat-syd-2022          a rule by its id (looked up under rules/)
  klynge test rules/opstartsmidler-2022.yaml   a rule by its path
a difference the rule does not declare (row, column, difference, reason) fails the test (exit 1).
"""


LIST_EXAMPLES = """\
examples:
  klynge list                          your rules and data, then what klynge ships (marked klynge:)
  klynge list --rules-dir ../regler    another rules directory
  klynge list --format json
"""


INIT_EXAMPLES = """\
examples:
  klynge init regler                   a new repository in ./regler: rules/, schemas/, hooks, CI, README
  klynge init . --install "klynge @ git+https://git.example.dk/klynge.git@v0.2.0"
  klynge init regler --hooks-repo https://git.example.dk/klynge.git --hooks-rev v0.2.0
an existing file is left as it is; the command says which.
"""


EXPLAIN_EXAMPLES = """\
examples:
  klynge explain sekretariat-syd-2022 København
  klynge explain opstartsmidler-2022 "Klynge Syd (Region Hovedstaden)" --pot regioner
  klynge explain sekretariat-model2-2022 "Rødovre (Klynge Midt)"
  klynge explain opstartsmidler-2022 "Klynge Syd (Region Hovedstaden)" --format json   every step, exactly
a name that several rows share (Klynge Syd is a klynge in Nordjylland and in Hovedstaden) lists them.
"""


DIFF_EXAMPLES = """\
examples:
  klynge diff rules/sekretariat-syd-2022.yaml mit-forslag.yaml
  klynge diff sekretariat-syd-2022 --rev HEAD~1          the rule now against its last committed version
  klynge diff sekretariat-syd-2022 --rev main --format md   a pull-request comment
  klynge diff sekretariat-syd-2022 --rev main --output diff.md  the same, to a file
rows are sorted by the size of the change; a diff exits 0, it is information, not failure.
"""


IMPORT_EXAMPLES = """\
examples:
  klynge data import-dst FOLK1A.csv --period 2023K1        writes rules/data/folk1a-2023K1.yaml
  klynge data import-dst FOLK1A.csv --output rules/data/folk1a-2022K1.yaml   updates the numbers only
Export the table FOLK1A from Statistikbanken as semicolon-separated CSV (all kommuner, i alt for
køn and alder). A broken export is reported line by line, and then nothing is written.
"""


COMPARE_EXAMPLES = """\
examples:
  klynge compare                                     the four models of seed 004, side by side
  klynge compare --set cost_per_cluster=740000       what if each secretariat is 1 årsværk
  klynge compare --set co_chairs.hovedstaden-syd=Hvidovre --set co_chairs.hovedstaden-nord=...
  klynge compare --baseline 3 --output modeller.xlsx  an Excel sheet: the format follows the suffix
each column is what a kommune bears in the end: payments out, less receipts, plus the cost of a
secretariat it runs. Medformandskommuner can also be filled in in rules/data/medformandskommuner.yaml.
"""


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
        prog=PROG, description="Cost-sharing keys of the Danish health clusters (sundhedsklynger), computed exactly."
    )
    parser.add_argument("--version", action=_Version, help="show klynge's version and exit")
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=None,
        help="language of all output: da (default) or en; also $KLYNGE_LANG, $LANG",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--width", type=int, metavar="N", help="lay tables out for N columns (default: the terminal's, $COLUMNS)"
    )
    common.add_argument(
        "--rules-dir", metavar="DIR", help="rules directory (default: $KLYNGE_RULES_DIR, ./rules, or the shipped rules)"
    )

    calc = _command(commands, "calc", cmd_calc, common, "compute a rule and print every member's share", CALC_EXAMPLES)
    calc.add_argument("rule", nargs="?", metavar="RULE", help=f"rule id or path (default: {DEFAULT_RULE})")
    calc.add_argument("--format", "-f", choices=CALC_FORMATS, default=None, help=FORMAT_HELP)
    calc.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    calc.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)")
    calc.add_argument("--no-cache", action="store_true", help="compute again even if nothing changed")
    calc.set_defaults(cacheable=True)

    summary = "list every rule, dataset, registry and parameters file, and where it comes from"
    listing = _command(commands, "list", cmd_list, common, summary, LIST_EXAMPLES)
    listing.add_argument("--format", "-f", choices=LIST_FORMATS, default=None, help="table (default) or json")
    listing.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")

    summary = "start a repository of rule files of your own (never overwrites a file)"
    start = _command(commands, "init", cmd_init, None, summary, INIT_EXAMPLES)
    start.add_argument("directory", metavar="DIR", help="the folder to write to (made if missing)")
    start.add_argument("--hooks-repo", metavar="URL", help="take the pre-commit hooks from klynge's repository here")
    start.add_argument("--hooks-rev", metavar="REV", help="the tag or commit of --hooks-repo to use")
    start.add_argument("--install", metavar="SPEC", help="how CI installs klynge (a pip requirement)")

    summary = "show where one row's numbers come from, step by step"
    why = _command(commands, "explain", cmd_explain, common, summary, EXPLAIN_EXAMPLES)
    why.add_argument("rule", metavar="RULE", help="rule id or path")
    why.add_argument(
        "name", metavar="NAME", help="a kommune, klynge or region, e.g. København or 'Klynge Syd (Region Hovedstaden)'"
    )
    why.add_argument("--pot", metavar="ID", help="only this pot (default: every pot)")
    why.add_argument(
        "--format", "-f", choices=("table", "json"), default=None, help="table (default) or json: the trace for tools"
    )
    why.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    why.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)")
    why.add_argument("--no-cache", action="store_true", help="compute again even if nothing changed")
    why.set_defaults(cacheable=True)

    summary = "show what a change to a rule does to every row"
    change = _command(commands, "diff", cmd_diff, common, summary, DIFF_EXAMPLES)
    change.add_argument("old", metavar="OLD", help="the rule before (id or path), or the rule to compare with --rev")
    change.add_argument("new", nargs="?", metavar="NEW", help="the rule after (id or path)")
    change.add_argument("--rev", metavar="GITREF", help="compare OLD with its version at this git revision")
    change.add_argument("--format", "-f", choices=DIFF_FORMATS, default=None, help=DIFF_FORMAT_HELP)
    change.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")

    data = commands.add_parser("data", help="import and maintain datasets", description="Import and maintain datasets.")
    data_commands = data.add_subparsers(dest="data_command", metavar="COMMAND", required=True)
    summary = "import a Statistikbanken FOLK1A export as a population dataset"
    dst = _command(data_commands, "import-dst", cmd_import_dst, common, summary, IMPORT_EXAMPLES)
    dst.add_argument("file", metavar="FILE", help="the export (semicolon-separated; UTF-8 or Latin-1)")
    dst.add_argument(
        "--period", metavar="PERIOD", help="the quarter to import, e.g. 2023K1 (needed when the file has several)"
    )
    dst.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="dataset file to write or update (default: rules/data/folk1a-PERIOD.yaml)",
    )
    dst.add_argument("--id", metavar="ID", help="id of a new dataset (default: folk1a-PERIOD)")

    summary = "compare what each kommune bears under several financing models"
    comp = _command(commands, "compare", cmd_compare, common, summary, COMPARE_EXAMPLES)
    comp.add_argument(
        "rules", nargs="*", metavar="RULE", help="rules to compare (default: the four secretariat models)"
    )
    comp.add_argument(
        "--baseline", metavar="MODEL", help="model the differences are against (default: model 2, else the first)"
    )
    comp.add_argument("--format", "-f", choices=CALC_FORMATS, default=None, help=FORMAT_HELP)
    comp.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    comp.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)")
    comp.add_argument("--no-cache", action="store_true", help="compute again even if nothing changed")
    comp.set_defaults(cacheable=True)

    validate = _command(
        commands,
        "validate",
        cmd_validate,
        common,
        "check rule and dataset files; report every problem",
        VALIDATE_EXAMPLES,
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, directories or rule ids (default: the rules directory)"
    )
    validate.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "github"),
        default="table",
        help="table (default; errors on stderr), json, or github (annotations for a GitHub Actions job)",
    )
    validate.set_defaults(cacheable=True)
    validate.add_argument("--no-cache", action="store_true", help="check again even if nothing changed")

    summary = "list every check validate makes: its id, level (error or warning) and description"
    checks = _command(commands, "checks", cmd_checks, None, summary, CHECKS_EXAMPLES)
    checks.add_argument("--format", "-f", choices=("table", "json"), default="table", help="table (default) or json")

    summary = "check rules against their published tables, cell by cell"
    test = _command(commands, "test", cmd_test, common, summary, TEST_EXAMPLES)
    test.add_argument(
        "paths", nargs="*", metavar="PATH", help="rule ids, rule files or directories (default: the rules directory)"
    )
    test.set_defaults(cacheable=True)
    test.add_argument("--no-cache", action="store_true", help="check again even if nothing changed")

    schema = _command(
        commands, "schema", cmd_schema, None, "write the JSON Schema files generated from the models", None
    )
    schema.add_argument(
        "--check", action="store_true", help="only check that the committed schema files are up to date"
    )
    schema.add_argument("--directory", metavar="DIR", help="where to write (default: schemas/ beside the engine)")
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
        epilog=examples,
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
        args = parser.parse_args(_lang_first(arguments))
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
        print(str(exc) if isinstance(exc, InvalidInput) else f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
