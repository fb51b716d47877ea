"""klynge data import-dst: a Statistikbanken export as a population dataset, written only when sound."""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import InvalidInput, UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..engine.loader import Loaded
    from ..engine.models import PopulationDataset
    from ..engine.workspace import Workspace

from ._common import (
    share,
    workspace_of,
)


def cmd_import_dst(args: argparse.Namespace) -> int:
    from ..engine import statbank

    workspace = workspace_of(args)
    target = Path(args.output) if args.output else None
    reference = _reference(workspace, target)
    export = statbank.read(Path(args.file), args.period, reference.model)
    default = workspace.root / "data" / f"folk1a-{export.period}.yaml"
    target = target or default
    _refuse_library(workspace, target)
    existed = target.exists()
    if existed and args.id:
        message = _("--id names a new dataset, but {file} exists and keeps its id; give another --output")
        raise UsageError(message.format(file=target))
    _check_id(args.id, export.period)
    if existed:
        reference = _reference(workspace, target)  # without --output, the reference was the newest dataset
        if reference.model.period != export.period:
            raise UsageError(_other_period(target, reference.model, export.period, default))
        text = statbank.updated_dataset(target.read_text(encoding="utf-8"), export, reference.model)
    else:
        dataset_id = args.id or f"folk1a-{export.period}"
        _refuse_shipped_id(workspace, dataset_id)
        text = statbank.new_dataset(export, reference.model, dataset_id)
    _write_checked(target, text)
    done = _("{file}: updated ({summary}).") if existed else _("{file}: written ({summary}).")
    print(done.format(file=target, summary=statbank.summary(export)))
    return 0


def _refuse_library(workspace: Workspace, target: Path) -> None:
    from ..engine.workspace import installed_library, shipped_library

    if installed_library() and shipped_library() in target.resolve().parents:
        message = _(
            "no rules directory of your own here, and {file} would go into klynge's installation"
            " (run 'klynge init DIR' and import there, or give --rules-dir DIR)"
        )
        raise UsageError(message.format(file=target))


def _refuse_shipped_id(workspace: Workspace, dataset_id: str) -> None:
    """A new dataset with a shipped dataset's id would stop every rule until it said replaces_shipped."""
    shipped = workspace.data().datasets.get(dataset_id)
    if workspace.library is not None and shipped is not None and workspace.is_shipped(shipped.doc.path):
        message = _(
            "{id} is a dataset klynge ships; give --id for a dataset of your own"
            " (e.g. --id {id}-rettet) and name it in your rules"
        )
        raise UsageError(message.format(id=dataset_id))


def _other_period(target: Path, existing: PopulationDataset, period: str, default: Path) -> str:
    """Another quarter's figures in a file would keep its id, title and source: say what to do instead."""
    if target.resolve() != default.resolve():
        way = (
            _("import without --output to update {file}, or give another --output")
            if default.exists()
            else _("import without --output to write {file} as a new dataset, or give another --output")
        ).format(file=default)
    else:
        way = _("give another --output (and --id) for a new dataset")
    return _(
        "{file} holds period {existing}, the export {period}: updating it would put {period} figures"
        " under the id {id}; {way}"
    ).format(file=target, existing=existing.period, period=period, id=existing.id, way=way)


def _check_id(dataset_id: str | None, period: str) -> None:
    from ..engine.datachecks import id_quarter

    named = id_quarter(dataset_id, period) if dataset_id else None
    if named:
        message = _("--id {id} names {named}, but the export is for {period}; give an id for {period}")
        raise UsageError(message.format(id=dataset_id, named=named, period=period))


def _reference(workspace: Workspace, target: Path | None) -> Loaded[PopulationDataset]:
    """The file being updated, or else the newest dataset: it gives the kommuner's codes and regions."""
    from ..engine.loader import load_file
    from ..engine.models import PopulationDataset

    if target is not None and target.exists():
        loaded = load_file(target)
        if not isinstance(loaded.model, PopulationDataset):
            raise UsageError(_("{file} is not a population dataset").format(file=target))
        return loaded
    datasets = sorted(workspace.data().datasets.values(), key=lambda d: d.model.period)
    if not datasets:
        message = _("no population dataset under {folder} to take codes and regions from")
        raise UsageError(message.format(folder=workspace.root / "data"))
    return datasets[-1]


def _write_checked(path: Path, text: str) -> None:
    """Write only a file that loads as a sound population dataset: a temporary file beside it, checked,
    then renamed."""
    from ..engine.datachecks import check_dataset
    from ..engine.loader import load_file
    from ..engine.models import PopulationDataset

    if not path.parent.is_dir():
        raise UsageError(_("cannot write {file}: no such directory {folder}").format(file=path, folder=path.parent))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        loaded = load_file(Path(tmp))
        if not isinstance(loaded.model, PopulationDataset):
            raise UsageError(_("{file}: the written file is not a population dataset").format(file=path))
        problems = check_dataset(loaded)
        if problems:  # e.g. the export's own totals disagree with its rows: keep the old file
            raise InvalidInput([replace(p, path=str(path)) for p in problems])
        share(Path(tmp))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
