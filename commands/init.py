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
    install = args.install or _install_spec()
    files = plan(Hooks(args.hooks_repo, args.hooks_rev), install or UNKNOWN_INSTALL)
    written, kept = [], []
    for name, text in files.items():
        path = target / name
        if path.exists():
            kept.append(name)
            continue
        _write(path, text)
        written.append(name)
    for name in written:
        print(f"skrevet: {target / name}")
    for name in kept:
        print(f"findes allerede, ikke ændret: {target / name}")
    if install is None and ".github/workflows/klynge.yml" in written:
        print(UNKNOWN_NOTE)
    print(NEXT_STEPS.format(dir=target))
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    except OSError as exc:  # a file where a folder must be, a folder without write access
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


# pip fails on this at once, saying the host is unknown: better than a package of the same name from PyPI.
UNKNOWN_INSTALL = "klynge @ git+https://ANGIV-HVOR-KLYNGE-LIGGER.invalid/klynge.git"
UNKNOWN_NOTE = (
    "CI: ret installationslinjen i .github/workflows/klynge.yml til, hvor jeres klynge ligger"
    " (eller kør init med --install 'klynge @ git+https://...')."
)


def _install_spec() -> str | None:
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
    return None
