"""klynge validate, klynge test and klynge schema: the checks that run in editors and CI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..engine.errors import Problem, UsageError
from ._common import (
    rules_among,
    targets,
    width,
    workspace_of,
    write_atomically,
)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..engine.validate import validate

    workspace = workspace_of(args)
    report = validate(targets(args.paths, workspace), workspace)
    errors = [p for p in report.problems if p.is_error]
    if args.format == "json":
        print(json.dumps(_json(report.files, report.problems), ensure_ascii=False, indent=2))
    elif args.format == "github":
        for problem in report.problems:  # annotations on the pull request's lines
            print(_annotation(problem))
    else:
        for problem in report.problems:
            print(problem.render(), file=sys.stderr)
        print(
            _summary(len(report.files), len(errors), len(report.problems) - len(errors)),
            file=sys.stderr if errors else sys.stdout,
        )
    return 1 if errors else 0


def _summary(files: int, errors: int, warnings: int) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    found = f"{count(errors, 'problem')}" if errors else "no problems"
    return f"{count(files, 'file')} checked: {found}" + (f", {count(warnings, 'warning')}." if warnings else ".")


def _json(files: list[Path], problems: list[Problem]) -> dict[str, object]:
    fields = ("path", "line", "col", "level", "check", "message", "hint")
    return {"files": len(files), "problems": [{f: getattr(p, f) for f in fields} for p in problems]}


def _annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command: the problem shows on the line of the file in a pull request."""
    where = f"file={problem.path}" + (f",line={problem.line},col={problem.col}" if problem.line else "")
    where += f",title=klynge {problem.check}" if problem.check else ""
    text = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
    return f"::{problem.level} {where}::{text.replace('%', '%25').replace(chr(10), '%0A')}"


def cmd_checks(args: argparse.Namespace) -> int:
    """klynge checks: every check validate makes, with its level and what it looks for."""
    from ..engine import checklist

    if args.format == "json":
        print(json.dumps(checklist.records(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(checklist.listing())
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from ..engine.calc import compute
    from ..engine.datachecks import check_dataset
    from ..engine.published import check
    from ..report.tables import test_report

    workspace = workspace_of(args)
    checks, datasets = [], set()
    for loaded in rules_among(args.paths, workspace):
        if loaded.model.published or loaded.model.expect:
            result = compute(loaded, workspace, check_data=False)
            checks += check(result, loaded, workspace.root)
            datasets.add(result.dataset.id)
    sys.stdout.write(test_report(checks, width=width()))
    data_problems = [p for d in sorted(datasets) for p in check_dataset(workspace.data().datasets[d])]
    for problem in data_problems:
        print(problem.render(), file=sys.stderr)
    return 0 if all(c.ok for c in checks) and not data_problems else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from ..engine import schema

    target = Path(args.directory) if args.directory else schema.schemas_dir()
    if not args.directory and not args.check:
        from ..engine.workspace import installed_library

        if installed_library():  # klynge's own schemas come with it; a repository keeps a copy of its own
            raise UsageError("give the folder to write to with --directory DIR, e.g. --directory schemas")
    stale = []
    for kind, name in schema.SCHEMA_FILES.items():
        path, text = target / name, schema.render(kind)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            write_atomically(path, text)
    if args.check and stale:
        for path in stale:
            print(f"{path}: error: out of date with the models (run 'klynge schema')", file=sys.stderr)
        return 1
    verb = "would change" if args.check else "written"
    print(f"{len(stale)} schema file(s) {verb}; {len(schema.SCHEMA_FILES) - len(stale)} up to date.")
    return 0
