"""klynge diff: what a change to a rule does, against another file or a git revision."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import UsageError
from ..i18n import _
from ._common import (
    emit,
    output_format,
    rule_at,
    width,
    workspace_of,
)

if TYPE_CHECKING:
    from ..engine.diff import Diff
    from ..engine.workspace import Workspace

FORMATS = ("table", "md", "json")


def cmd_diff(args: argparse.Namespace) -> int:
    from ..report import build, machine, text
    from ..report.markdown import markdown

    fmt = output_format(args, FORMATS)
    changes = difference_of(workspace_of(args), args.old, args.new, args.rev)
    renderers = {
        "table": lambda d: text.table(build.difference(d), width()),
        "md": lambda d: markdown(build.difference(d)),
        "json": machine.diff_json,
    }
    emit(renderers[fmt](changes), args.output)
    return 0


def difference_of(workspace: Workspace, old: str, new: str | None, rev: str | None) -> Diff:
    """What changes from rule ``old`` to rule ``new``, or from ``old`` at git revision ``rev`` to ``old`` now."""
    from ..engine import diff
    from ..engine.calc import compute

    new_path = workspace.find_rule(new if new and not rev else old)
    if rev:
        if new:
            raise UsageError(_("give one rule with --rev, or two rules without it"))
        old_text = git_show(rev, new_path)
        with tempfile.TemporaryDirectory() as folder:
            old_path = Path(folder) / new_path.name
            old_path.write_text(old_text, encoding="utf-8")
            before = compute(rule_at(workspace, old_path, new_path.parent), workspace)
    else:
        if not new:
            raise UsageError(_("give two rules to compare, or one rule and --rev GITREF"))
        before = compute(rule_at(workspace, workspace.find_rule(old)), workspace)
    return diff.diff(before, compute(rule_at(workspace, new_path), workspace))


def git_show(rev: str, path: Path) -> str:
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
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        reason = _("the file is not UTF-8 text there")
        raise UsageError(_("cannot read {path} at {rev}: {reason}").format(path=path, rev=rev, reason=reason)) from None
