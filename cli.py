"""The ``klynge`` command line: each command a plain function returning an exit code.

Exit codes: 0 ok, 1 invalid input or a failed check, 2 wrong usage. Errors go to stderr as
``path:line:col: error: message``; no traceback reaches a user for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import InvalidInput, KlyngeError, UsageError

if TYPE_CHECKING:
    from engine.loader import Loaded, Workspace
    from engine.models import PopulationDataset, Rule

DEFAULT_RULE = "opstartsmidler-2022"
PROG = "klynge"

CALC_EXAMPLES = """\
examples:
  klynge calc                                   the default rule, as a table
  klynge calc sekretariat-syd-2022              a rule by its id (looked up under rules/)
  klynge calc rules/sekretariat-syd-2022.yaml   a rule by its path
  klynge calc sekretariat-syd-2022 --format json --output syd.json
  klynge calc sekretariat-model2-2022 --set cost_per_cluster=740000   a what-if
  klynge calc sekretariat-syd-2022 --format xlsx --output syd.xlsx   one sheet, numbers as numbers
"""

VALIDATE_EXAMPLES = """\
examples:
  klynge validate                      every file under rules/
  klynge validate rules/min-regel.yaml one file
errors are printed as path:line:col: error: message (fix), one per problem.
"""


TEST_EXAMPLES = """\
examples:
  klynge test                               every rule under rules/ that names a published table
  klynge test rules/opstartsmidler-2022.yaml
a difference the rule does not declare (row, column, difference, reason) fails the test (exit 1).
"""


EXPLAIN_EXAMPLES = """\
examples:
  klynge explain sekretariat-syd-2022 København
  klynge explain opstartsmidler-2022 "Klynge Syd (Region Hovedstaden)" --pot regioner
  klynge explain sekretariat-model2-2022 "Rødovre (Klynge Midt)"
a name that several rows share (Klynge Syd is a klynge in Nordjylland and in Hovedstaden) lists them.
"""

DIFF_EXAMPLES = """\
examples:
  klynge diff rules/sekretariat-syd-2022.yaml mit-forslag.yaml
  klynge diff sekretariat-syd-2022 --rev HEAD~1          the rule now against its last committed version
  klynge diff sekretariat-syd-2022 --rev main --format md   a pull-request comment
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
  klynge compare --baseline 3 --format xlsx --output modeller.xlsx
each column is what a kommune bears in the end: payments out, less receipts, plus the cost of a
secretariat it runs. Medformandskommuner can also be filled in in rules/data/medformandskommuner.yaml.
"""


def cmd_calc(args: argparse.Namespace) -> int:
    from engine.calc import compute
    from engine.models import Rule
    from engine.render import render

    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format xlsx needs --output FILE")  # a workbook on a terminal is only noise
    workspace = _workspace(args)
    loaded = workspace.load(workspace.find_rule(args.rule or DEFAULT_RULE))
    if not isinstance(loaded.model, Rule):
        raise UsageError(f"{loaded.doc.path} is a dataset, not a rule")
    sets = _sets(args, [loaded.model])
    result = compute(loaded, workspace, sets=sets)
    if args.format == "xlsx":
        from engine.xlsx import workbook

        _emit_binary(workbook(result), args.output)
    else:
        _emit(render(result, args.format, width=_width()), args.output)
    return 0


def _sets(args: argparse.Namespace, rules: list[Rule]) -> dict[str, str]:
    """The --set NAME=VALUE pairs, checked against the parameters the rules declare."""
    from engine.parameters import check_names, parse_sets

    sets = parse_sets(args.set or [])
    check_names(sets, rules)
    return sets


def cmd_compare(args: argparse.Namespace) -> int:
    from engine import compare, grid
    from engine.calc import compute
    from engine.errors import MissingInput
    from engine.models import Rule

    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError("--format xlsx needs --output FILE")
    workspace = _workspace(args)
    loaded = [workspace.load(workspace.find_rule(ref)) for ref in args.rules or compare.DEFAULT_MODELS]
    rules = [item for item in loaded if isinstance(item.model, Rule)]
    sets = _sets(args, [item.model for item in rules])
    results, missing = [], []
    for item in rules:
        try:
            results.append(compute(item, workspace, sets=sets))
        except MissingInput as exc:
            missing.append(str(exc))
    if not results:
        raise MissingInput("; ".join(missing))
    comparison = compare.compare(results, missing, _baseline(args.baseline, rules))
    if args.format == "xlsx":
        _emit_binary(grid.workbook(compare.grid(comparison)), args.output)
        return 0
    renderers = {
        "table": lambda c: grid.table(compare.grid(c), _width()),
        "md": lambda c: grid.markdown(compare.grid(c)),
        "json": compare.to_json,
        "csv": compare.to_csv,
    }
    _emit(renderers[args.format](comparison), args.output)
    return 0


def _baseline(ref: str | None, rules: list[Loaded[Rule]]) -> str:
    ids = [item.model.id for item in rules]
    if ref is None:
        return compare_default(ids)
    for candidate in (ref, f"sekretariat-model{ref}-2022", f"sekretariat-{ref}-2022"):
        if candidate in ids:
            return candidate
    raise UsageError(f"--baseline {ref}: not among the compared rules ({', '.join(ids)})")


def compare_default(ids: list[str]) -> str:
    from engine.compare import DEFAULT_BASELINE

    return DEFAULT_BASELINE if DEFAULT_BASELINE in ids else ids[0]


def _emit_binary(data: bytes, output: str | None) -> None:
    """A workbook goes to a file, or as raw bytes down a pipe (the text layer would mangle it)."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write_atomically(Path(output), data)


def cmd_explain(args: argparse.Namespace) -> int:
    from engine.calc import compute
    from engine.explain import Context, explain
    from engine.models import Rule

    workspace = _workspace(args)
    loaded = workspace.load(workspace.find_rule(args.rule))
    if not isinstance(loaded.model, Rule):
        raise UsageError(f"{loaded.doc.path} is a dataset, not a rule")
    result = compute(loaded, workspace, sets=_sets(args, [loaded.model]))
    context = Context(loaded, workspace.data(), result)
    sys.stdout.write("\n".join(explain(context, args.name, args.pot)) + "\n")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from engine import diff
    from engine.calc import compute

    workspace = _workspace(args)
    new_path = workspace.find_rule(args.new if args.new and not args.rev else args.old)
    if args.rev:
        if args.new:
            raise UsageError("give one rule with --rev, or two rules without it")
        old_text = _git_show(args.rev, new_path)
        with tempfile.TemporaryDirectory() as folder:
            old_path = Path(folder) / new_path.name
            old_path.write_text(old_text, encoding="utf-8")
            old = compute(_rule(workspace, old_path, new_path.parent), workspace)
    else:
        if not args.new:
            raise UsageError("give two rules to compare, or one rule and --rev GITREF")
        old = compute(_rule(workspace, workspace.find_rule(args.old)), workspace)
    changes = diff.diff(old, compute(_rule(workspace, new_path), workspace))
    renderers = {"table": lambda d: diff.table(d, _width()), "md": diff.markdown, "json": diff.to_json}
    _emit(renderers[args.format](changes), args.output)
    return 0


def _rule(workspace: Workspace, path: Path, beside: Path | None = None) -> Loaded[Rule]:
    from engine.loader import load_file
    from engine.models import Rule

    loaded = load_file(path, (beside, workspace.root) if beside else (workspace.root,))
    if not isinstance(loaded.model, Rule):
        raise UsageError(f"{path} is not a rule")
    return loaded


def _git_show(rev: str, path: Path) -> str:
    """The file as it was at a git revision."""
    import subprocess

    folder = path.resolve().parent
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, check=True
        )
        relative = path.resolve().relative_to(Path(top.stdout.strip()))
        shown = subprocess.run(
            ["git", "show", f"{rev}:{relative.as_posix()}"], cwd=folder, capture_output=True, check=True
        )
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or str(exc)
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else detail
        raise UsageError(
            f"cannot read {path} at {rev}: {detail.strip().splitlines()[-1] if detail.strip() else exc}"
        ) from None
    return shown.stdout.decode("utf-8")


def cmd_import_dst(args: argparse.Namespace) -> int:
    from engine import statbank
    from engine.models import PopulationDataset

    workspace = _workspace(args)
    target = Path(args.output) if args.output else None
    reference = _reference(workspace, target)
    export = statbank.read(Path(args.file), args.period, reference.model)
    target = target or workspace.root / "data" / f"folk1a-{export.period}.yaml"
    existed = target.exists()
    if existed and args.id:
        raise UsageError(f"--id names a new dataset, but {target} exists and keeps its id; give another --output")
    if existed:
        text = statbank.updated_dataset(target.read_text(encoding="utf-8"), export, reference.model)
    else:
        text = statbank.new_dataset(export, reference.model, args.id or f"folk1a-{export.period}")
    _write_checked(target, text, PopulationDataset)
    verb = "updated" if existed else "written"
    print(f"{target}: {verb} ({statbank.summary(export)}).")
    return 0


def _reference(workspace: Workspace, target: Path | None) -> Loaded[PopulationDataset]:
    """The file being updated, or else the newest dataset: it gives the kommuner's codes and regions."""
    from engine.loader import load_file
    from engine.models import PopulationDataset

    if target is not None and target.exists():
        loaded = load_file(target)
        if not isinstance(loaded.model, PopulationDataset):
            raise UsageError(f"{target} is not a population dataset")
        return loaded
    datasets = sorted(workspace.data().datasets.values(), key=lambda d: d.model.period)
    if not datasets:
        raise UsageError(f"no population dataset under {workspace.root / 'data'} to take codes and regions from")
    return datasets[-1]


def _write_checked(path: Path, text: str, model: type) -> None:
    """Write only a file that loads as ``model``: a temporary file beside it, checked, then renamed."""
    from engine.checks import check_dataset
    from engine.errors import Problem
    from engine.loader import load_file
    from engine.models import PopulationDataset

    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: no such directory {path.parent}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        loaded = load_file(Path(tmp))
        if not isinstance(loaded.model, model):
            raise UsageError(f"{path}: the written file is not a {model.__name__}")
        problems = check_dataset(loaded) if isinstance(loaded.model, PopulationDataset) else []
        if problems:  # e.g. the export's own totals disagree with its rows: keep the old file
            raise InvalidInput([Problem(str(path), p.line, p.col, p.message, p.hint) for p in problems])
        _share(Path(tmp))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def cmd_validate(args: argparse.Namespace) -> int:
    from engine.validate import validate

    workspace = _workspace(args)
    report = validate([Path(p) for p in args.paths] or [workspace.root], workspace)
    for problem in report.problems:
        print(problem.render(), file=sys.stderr)
    files = f"{len(report.files)} file{'s' if len(report.files) != 1 else ''}"
    if report.problems:
        count = len(report.problems)
        print(f"{files} checked: {count} problem{'s' if count != 1 else ''}.", file=sys.stderr)
        return 1
    print(f"{files} checked: no problems.")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from engine.calc import compute
    from engine.checks import check_dataset
    from engine.published import check
    from engine.tables import test_report

    workspace = _workspace(args)
    checks, datasets = [], set()
    for loaded in _rules(args.paths, workspace):
        if loaded.model.published or loaded.model.expect:
            result = compute(loaded, workspace, check_data=False)
            checks += check(result, loaded, workspace.root)
            datasets.add(result.dataset.id)
    sys.stdout.write(test_report(checks, width=_width()))
    data_problems = [p for d in sorted(datasets) for p in check_dataset(workspace.data().datasets[d])]
    for problem in data_problems:
        print(problem.render(), file=sys.stderr)
    return 0 if all(c.ok for c in checks) and not data_problems else 1


def _rules(paths: list[str], workspace: Workspace) -> list[Loaded[Rule]]:
    """The valid rule files among ``paths`` (default: the rules directory); any problem raises."""
    from engine.models import Rule
    from engine.validate import expand

    files = expand([Path(p) for p in paths] or [workspace.root])
    loaded, problems = [], []
    for path in files:
        try:
            item = workspace.load(path)
        except InvalidInput as exc:
            problems += exc.problems
            continue
        if isinstance(item.model, Rule):
            loaded.append(item)
    if problems:
        raise InvalidInput(problems)
    return loaded


def cmd_schema(args: argparse.Namespace) -> int:
    from engine import schema

    target = Path(args.directory) if args.directory else schema.schemas_dir()
    stale = []
    for kind, name in schema.SCHEMA_FILES.items():
        path, text = target / name, schema.render(kind)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            _write_atomically(path, text)
    if args.check and stale:
        for path in stale:
            print(f"{path}: error: out of date with the models (run 'klynge schema')", file=sys.stderr)
        return 1
    verb = "would change" if args.check else "written"
    print(f"{len(stale)} schema file(s) {verb}; {len(schema.SCHEMA_FILES) - len(stale)} up to date.")
    return 0


def _workspace(args: argparse.Namespace) -> Workspace:
    from engine.loader import Workspace, default_rules_dir

    root = Path(args.rules_dir) if args.rules_dir else default_rules_dir()
    if not root.is_dir():
        raise UsageError(f"rules directory not found: {root} (give one with --rules-dir)")
    return Workspace(root)


def _width() -> int:
    return os.get_terminal_size().columns if sys.stdout.isatty() else 120


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        _write_atomically(Path(output), text)


def _write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to a temporary file beside ``path``, then rename: never half a file."""
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: no such directory {path.parent}")
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        _share(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _share(path: Path) -> None:
    """mkstemp makes a file only its owner can read; a written table is for colleagues too (umask decides)."""
    mask = os.umask(0)
    os.umask(mask)
    path.chmod(0o666 & ~mask)


def _cached(args: argparse.Namespace, argv: list[str]) -> int:
    """validate and test replay their report when no file they read has changed (engine/cache.py)."""
    import contextlib
    import io

    from engine import cache

    roots = [Path(args.rules_dir or os.environ.get("KLYNGE_RULES_DIR") or _rules_dir_guess()), *map(Path, args.paths)]
    name = cache.key(argv, roots, _width())
    hit = cache.read(name)
    if hit is None:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _run(args)
        hit = cache.Report(code, out.getvalue(), err.getvalue())
        cache.write(name, hit)
    sys.stdout.write(hit.out)
    sys.stderr.write(hit.err)
    return hit.code


def _rules_dir_guess() -> Path:
    # As engine.loader.default_rules_dir, without importing the engine (the point of the cache).
    return Path("rules") if Path("rules").is_dir() else Path(__file__).resolve().parent / "rules"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Cost-sharing keys of the Danish health clusters (sundhedsklynger), computed exactly."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--rules-dir", metavar="DIR", help="rules directory (default: $KLYNGE_RULES_DIR, ./rules, or the shipped rules)"
    )

    calc = _command(commands, "calc", cmd_calc, common, "compute a rule and print every member's share", CALC_EXAMPLES)
    calc.add_argument("rule", nargs="?", metavar="RULE", help=f"rule id or path (default: {DEFAULT_RULE})")
    calc.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "csv", "md", "xlsx"),
        default="table",
        help="output format (default: table; xlsx needs --output unless piped)",
    )
    calc.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    calc.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)")

    summary = "show where one row's numbers come from, step by step"
    why = _command(commands, "explain", cmd_explain, common, summary, EXPLAIN_EXAMPLES)
    why.add_argument("rule", metavar="RULE", help="rule id or path")
    why.add_argument(
        "name", metavar="NAME", help="a kommune, klynge or region, e.g. København or 'Klynge Syd (Region Hovedstaden)'"
    )
    why.add_argument("--pot", metavar="ID", help="only this pot (default: every pot)")
    why.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)")

    summary = "show what a change to a rule does to every row"
    change = _command(commands, "diff", cmd_diff, common, summary, DIFF_EXAMPLES)
    change.add_argument("old", metavar="OLD", help="the rule before (id or path), or the rule to compare with --rev")
    change.add_argument("new", nargs="?", metavar="NEW", help="the rule after (id or path)")
    change.add_argument("--rev", metavar="GITREF", help="compare OLD with its version at this git revision")
    change.add_argument("--format", "-f", choices=("table", "md", "json"), default="table")
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
    comp.add_argument("--format", "-f", choices=("table", "json", "csv", "md", "xlsx"), default="table")
    comp.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    comp.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)")

    validate = _command(
        commands,
        "validate",
        cmd_validate,
        common,
        "check rule and dataset files; report every problem",
        VALIDATE_EXAMPLES,
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: the rules directory)"
    )
    validate.set_defaults(cacheable=True)
    validate.add_argument("--no-cache", action="store_true", help="check again even if nothing changed")

    summary = "check rules against their published tables, cell by cell"
    test = _command(commands, "test", cmd_test, common, summary, TEST_EXAMPLES)
    test.add_argument(
        "paths", nargs="*", metavar="PATH", help="rule files or directories (default: the rules directory)"
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


def _version() -> str:
    from engine import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 on --help
        return int(exc.code or 0)
    if getattr(args, "cacheable", False) and not args.no_cache:
        return _cached(args, list(argv if argv is not None else sys.argv[1:]))
    return _run(args)


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
