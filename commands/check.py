"""klynge validate, klynge test and klynge schema: the checks that run in editors and CI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import Problem, UsageError
from ..i18n import _
from ._common import (
    rules_among,
    targets,
    width,
    workspace_of,
    write_atomically,
)

if TYPE_CHECKING:
    from ..engine.published import TableCheck
    from ..engine.workspace import Workspace


def cmd_validate(args: argparse.Namespace) -> int:
    from ..engine.validate import validate
    from ..report.testreport import validation, validation_json

    workspace = workspace_of(args)
    checked = validate(targets(args.paths, workspace), workspace)
    report = validation(len(checked.files), checked.problems)
    errors = any(p.is_error for p in checked.problems)
    if args.format == "json":
        print(validation_json(len(checked.files), report))
    elif args.format == "github":
        for problem in checked.problems:  # annotations on the pull request's lines
            print(_annotation(problem))
    else:
        for problem in checked.problems:  # the lines editors and CI jump from: path:line:col: error: message
            print(problem.render(), file=sys.stderr)
        print(*report.notes, sep="\n", file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0


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
    from ..report import testreport

    checks, data_problems = table_checks(workspace_of(args), args.paths)
    if args.format == "json":
        sys.stdout.write(testreport.to_json(checks))
    elif args.format == "md":
        sys.stdout.write(testreport.markdown_text(checks))
    else:
        sys.stdout.write(testreport.terminal(checks, width=width()))
    for problem in data_problems:
        print(problem.render(), file=sys.stderr)
    return 0 if all(c.ok for c in checks) and not data_problems else 1


def table_checks(workspace: Workspace, refs: list[str]) -> tuple[list[TableCheck], list[Problem]]:
    """Every published table and expectation of the rules ``refs`` (default: the rules directory's)
    checked against the computed rule, and the problems of the datasets they use."""
    from ..engine.calc import compute
    from ..engine.datachecks import check_dataset
    from ..engine.published import check

    checks, datasets = [], set()
    for loaded in rules_among(refs, workspace):
        if loaded.model.published or loaded.model.expect:
            result = compute(loaded, workspace, check_data=False)
            checks += check(result, loaded, workspace.root)
            datasets.add(result.dataset.id)
    return checks, [p for d in sorted(datasets) for p in check_dataset(workspace.data().datasets[d])]


def cmd_schema(args: argparse.Namespace) -> int:
    from ..engine import schema

    target = Path(args.directory) if args.directory else schema.schemas_dir()
    if not args.directory and not args.check:
        from ..engine.workspace import installed_library

        if installed_library():  # klynge's own schemas come with it; a repository keeps a copy of its own
            raise UsageError(_("give the folder to write to with --directory DIR, e.g. --directory schemas"))
    stale = []
    for kind, name in schema.SCHEMA_FILES.items():
        path, text = target / name, schema.render(kind)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text or (args.check and current is not None and schema.is_current(kind, current)):
            continue
        stale.append(path)
        if not args.check:
            write_atomically(path, text)
    if args.check and stale:
        for path in stale:
            # the 'error' token stays as it is: editors and CI read it
            print(f"{path}: error: " + _("out of date with the models (run 'klynge schema')"), file=sys.stderr)
        return 1
    if args.check:
        done = _("{stale} schema file(s) would change; {fresh} up to date.")
    else:
        done = _("{stale} schema file(s) written; {fresh} up to date.")
    print(done.format(stale=len(stale), fresh=len(schema.SCHEMA_FILES) - len(stale)))
    return 0
