"""klynge init: a repository of rule files to start from. It never overwrites a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..engine.errors import UsageError
from ..i18n import N_, _
from ._common import write_atomically

NEXT_STEPS = N_(
    """\
Next steps:
  cd {dir}
  git init                      (if it is not a git repository already)
  klynge calc eksempel-syd-1-aarsvaerk
  klynge validate && klynge test
  pre-commit install            (checks before every commit)"""
)


def cmd_init(args: argparse.Namespace) -> int:
    from ..engine.scaffold import Hooks, plan

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise UsageError(_("{path} is a file; give a folder for the new repository").format(path=target))
    if bool(args.hooks_repo) != bool(args.hooks_rev):
        raise UsageError(
            _("--hooks-repo and --hooks-rev go together (the repository of klynge and a tag or commit)")
        )
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
        print(_("written: {path}").format(path=target / name))
    for name in kept:
        print(_("exists already, not changed: {path}").format(path=target / name))
    if install is None and ".github/workflows/klynge.yml" in written:
        print(_(UNKNOWN_NOTE))
    print(_(NEXT_STEPS).format(dir=target))
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    except OSError as exc:  # a file where a folder must be, a folder without write access
        raise UsageError(_("cannot write {path}: {reason}").format(path=path, reason=exc.strerror)) from None


# pip fails on this at once, saying the host is unknown: better than a package of the same name from PyPI.
UNKNOWN_INSTALL = "klynge @ git+https://ANGIV-HVOR-KLYNGE-LIGGER.invalid/klynge.git"
UNKNOWN_NOTE = N_(
    "CI: point the install line in .github/workflows/klynge.yml to where your klynge lies"
    " (or run init with --install 'klynge @ git+https://...')."
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
