"""klynge init: a repository of rule files to start from. It never overwrites a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..engine.errors import UsageError
from ._common import write_atomically

NEXT_STEPS = """\
Næste skridt:
  cd {dir}
  git init                      (hvis det ikke allerede er et git-repository)
  klynge calc eksempel-syd-1-aarsvaerk
  klynge validate && klynge test
  pre-commit install            (tjek før hver commit)"""


def cmd_init(args: argparse.Namespace) -> int:
    from ..engine.scaffold import Hooks, plan

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; give a folder for the new repository")
    if bool(args.hooks_repo) != bool(args.hooks_rev):
        raise UsageError("--hooks-repo and --hooks-rev go together (the repository of klynge and a tag or commit)")
    files = plan(Hooks(args.hooks_repo, args.hooks_rev), args.install or _install_spec())
    written, kept = [], []
    for name, text in files.items():
        path = target / name
        if path.exists():
            kept.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
        written.append(name)
    for name in written:
        print(f"skrevet: {target / name}")
    for name in kept:
        print(f"findes allerede, ikke ændret: {target / name}")
    print(NEXT_STEPS.format(dir=target))
    return 0


def _install_spec() -> str:
    """How CI installs klynge: where this klynge was installed from, when that is a place CI can reach."""
    import json
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        origin = distribution("klynge").read_text("direct_url.json")
    except PackageNotFoundError:
        origin = None
    found = json.loads(origin) if origin else {}
    vcs = found.get("vcs_info", {})
    if vcs.get("vcs") == "git" and not str(found.get("url", "")).startswith("file:"):
        return f"klynge @ git+{found['url']}@{vcs.get('commit_id', '')}".rstrip("@")
    return "klynge"
