"""klynge validate, klynge test and klynge schema: the checks that run in editors and CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine.errors import UsageError
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
    from ..engine.calc import compute
    from ..engine.checks import check_dataset
    from ..engine.published import check
    from ..engine.tables import test_report

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
