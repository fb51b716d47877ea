"""klynge list: every rule, dataset, registry and parameters file klynge can see, and where it lies."""

from __future__ import annotations

import argparse
import io
import json
from typing import TYPE_CHECKING

from ..i18n import _
from ._common import emit, output_format, width, workspace_of

if TYPE_CHECKING:
    from ..engine.catalog import Entry
    from ..engine.workspace import Workspace

FORMATS = ("table", "json")


def cmd_list(args: argparse.Namespace) -> int:
    from ..engine.catalog import entries

    fmt = output_format(args, FORMATS)
    workspace = workspace_of(args)
    found = entries(workspace)
    emit(_json(found) if fmt == "json" else _table(found, workspace), args.output)
    return 0


def _shown(entry: Entry, workspace: Workspace) -> str:
    """The file relative to its folder: the rules directory, or the library (both named under the table)."""
    base = workspace.library if entry.shipped and workspace.library else workspace.root
    try:
        return str(entry.path.resolve().relative_to(base.resolve()))
    except ValueError:  # a file outside both, which can only be one given by path
        return str(entry.path)


def _table(found: list[Entry], workspace: Workspace) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from ..engine.catalog import label

    title = _("Rules and data for {folder}").format(folder=workspace.root)
    grid = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
    for index, heading in enumerate((_("Kind"), _("Id"), _("From"), _("Title"), _("File"))):
        grid.add_column(heading, no_wrap=index < 3, overflow="fold")  # kind, id and origin stay whole
    for entry in found:
        origin = "klynge" if entry.shipped else _("own")  # 'klynge': the program's name, in every language
        grid.add_row(label(entry.kind), entry.id, origin, entry.title, _shown(entry, workspace))
    console = Console(file=io.StringIO(), width=width(), color_system=None, highlight=False, emoji=False, markup=False)
    console.print(grid)
    if workspace.library is not None:
        note = _("'klynge': comes with klynge, in {folder}; your own files come first.")
        console.print(note.format(folder=workspace.library), soft_wrap=True)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def _json(found: list[Entry]) -> str:
    rows = [{"kind": e.kind, "id": e.id, "title": e.title, "path": str(e.path), "shipped": e.shipped} for e in found]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
