"""klynge diff: what a change to a rule does, against another file or a git revision."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ..engine.errors import UsageError
from ..i18n import _
from ._common import (
    emit,
    output_format,
    rule_at,
    width,
    workspace_of,
)

FORMATS = ("table", "md", "json")


def cmd_diff(args: argparse.Namespace) -> int:
    from ..engine import diff
    from ..engine.calc import compute
    from ..report import build, machine, text
    from ..report.markdown import markdown

    fmt = output_format(args, FORMATS)
    workspace = workspace_of(args)
    new_path = workspace.find_rule(args.new if args.new and not args.rev else args.old)
    if args.rev:
        if args.new:
            raise UsageError(_("give one rule with --rev, or two rules without it"))
        old_text = _git_show(args.rev, new_path)
        with tempfile.TemporaryDirectory() as folder:
            old_path = Path(folder) / new_path.name
            old_path.write_text(old_text, encoding="utf-8")
            old = compute(rule_at(workspace, old_path, new_path.parent), workspace)
    else:
        if not args.new:
            raise UsageError(_("give two rules to compare, or one rule and --rev GITREF"))
        old = compute(rule_at(workspace, workspace.find_rule(args.old)), workspace)
    changes = diff.diff(old, compute(rule_at(workspace, new_path), workspace))
    renderers = {
        "table": lambda d: text.table(build.difference(d), width()),
        "md": lambda d: markdown(build.difference(d)),
        "json": machine.diff_json,
    }
    emit(renderers[fmt](changes), args.output)
    return 0


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
        reason = detail.strip().splitlines()[-1] if detail.strip() else str(exc)
        raise UsageError(_("cannot read {path} at {rev}: {reason}").format(path=path, rev=rev, reason=reason)) from None
    return shown.stdout.decode("utf-8")
