"""``klynge validate``: every file checked against its schema and its meaning, all at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _
from .checks import check_rule
from .datachecks import check_dataset, check_registry
from .errors import InvalidInput, Problem, UsageError, display_path
from .loader import Loaded, yaml_files_below
from .models import ClusterRegistry, ParameterValues, PopulationDataset, Rule
from .paramchecks import check_parameter_file
from .workspace import Data, Workspace


@dataclass
class Report:
    files: list[Path]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, and every ``*.yaml`` below each directory; a missing path is a usage error."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += yaml_files_below(path)
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(_("no such file or directory: {path}").format(path=path))
    return list(dict.fromkeys(files))


def validate(paths: list[Path], workspace: Workspace) -> Report:
    report = Report(expand(paths))
    loaded: list[Loaded[Any]] = []
    for path in report.files:
        try:
            loaded.append(workspace.load(path))
        except InvalidInput as exc:
            report.problems += exc.problems
    data = _data(loaded, workspace, report)
    for item in loaded:
        if isinstance(item.model, PopulationDataset):
            report.problems += check_dataset(item)
        elif isinstance(item.model, ClusterRegistry):
            report.problems += check_registry(item)
        elif isinstance(item.model, Rule):
            report.problems += check_rule(item, data)
        elif isinstance(item.model, ParameterValues):
            rules = [i.model for i in loaded if isinstance(i.model, Rule)] or _workspace_rules(workspace)
            # A rule that did not load may declare the parameter: then no name can be called undeclared.
            complete = not any(
                p.path.endswith((".yaml", ".yml")) and "data" not in Path(p.path).parts for p in report.problems
            )
            report.problems += check_parameter_file(item, data, rules if complete else [])
    report.problems += _duplicate_ids(loaded)
    checked = {display_path(path) for path in report.files}
    report.problems += [p for p in workspace.replacements() if p.path in checked]
    report.problems = sorted(set(report.problems))
    return report


def _workspace_rules(workspace: Workspace) -> list[Rule]:
    """The valid rules of the rules directory and the library: what a parameters file's names are checked against."""
    rules = []
    for path in [*workspace.rule_files(), *workspace.library_rule_files()]:
        try:
            loaded = workspace.load(path)
        except InvalidInput:
            continue
        if isinstance(loaded.model, Rule):
            rules.append(loaded.model)
    return rules


def _data(loaded: list[Loaded[Any]], workspace: Workspace, report: Report) -> Data:
    """Data files among the files being validated first, then those of the rules directory."""
    found, problems = workspace.load_data()
    checked = {display_path(p) for p in report.files}
    report.problems += [p for p in problems if p.path not in checked]
    data = Data()
    named: list[Loaded[Any]] = [*found.datasets.values(), *found.registries.values(), *found.region_keys.values()]
    for item in [*loaded, *named, *found.carry_overs.values()]:
        data.add(item)
    return data


def _duplicate_ids(loaded: list[Loaded[Any]]) -> list[Problem]:
    first: dict[tuple[str, str], Loaded[Any]] = {}
    problems = []
    for item in loaded:
        key = (type(item.model).__name__, item.model.id)
        if key in first:
            message = _("id '{id}' is also used by {path}").format(id=item.model.id, path=first[key].doc.path)
            hint = _("every rule and dataset needs its own id")
            problems.append(item.doc.problem(("id",), message, hint, check="duplicate-id"))
        first.setdefault(key, item)
    return problems
