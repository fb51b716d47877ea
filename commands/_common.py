"""What the commands share: the rules directory, --set, output to a terminal or a file written whole."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import InvalidInput, UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..engine.loader import Loaded
    from ..engine.models import Rule
    from ..engine.workspace import Workspace


def settings_from(args: argparse.Namespace, rules: list[Rule]) -> dict[str, str]:
    """The --set NAME=VALUE pairs, checked against the parameters the rules declare."""
    from ..engine.parameters import check_names, parse_sets

    sets = parse_sets(args.set or [])
    check_names(sets, rules)
    return sets


def emit_binary(data: bytes, output: str | None) -> None:
    """A workbook goes to a file, or as raw bytes down a pipe (the text layer would mangle it)."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(Path(output), data)


def workspace_of(args: argparse.Namespace) -> Workspace:
    from ..engine.workspace import Workspace, default_rules_dir

    root = Path(args.rules_dir) if args.rules_dir else default_rules_dir()
    if not root.is_dir():
        raise UsageError(_("rules directory not found: {path} (give one with --rules-dir)").format(path=root))
    return Workspace.at(root)


PIPED_WIDTH = 120  # the full layout, for a file or another program
MIN_WIDTH = 60  # narrower than this, even a table split into blocks cannot show a row whole


def width() -> int:
    """The width tables are laid out for: $COLUMNS (which --width sets), else the terminal's, else
    the full layout's for piped output; never below MIN_WIDTH. The text renderer fits the tables to it."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        chosen = int(columns)
    elif sys.stdout.isatty():
        chosen = os.get_terminal_size().columns
    else:
        chosen = PIPED_WIDTH
    return max(chosen, MIN_WIDTH)


# What a file's suffix promises a reader. A .txt file promises only text: any text format may go into
# one when named with --format; unnamed, it gets the table.
SUFFIX_FORMATS = {".xlsx": "xlsx", ".json": "json", ".csv": "csv", ".md": "md", ".txt": "table"}
# Formats a suffix also holds when --format names them. A .csv file may be the CSV for Danish Excel, but
# a name cannot say whether a person or a program will read it, so .csv alone stays the machine CSV.
SUFFIX_ALSO = {".csv": ("csv-excel",)}


def output_format(args: argparse.Namespace, formats: tuple[str, ...]) -> str:
    """--format, else the format --output's suffix implies, else table; a contradiction is wrong usage.

    ``formats`` are the command's own. Called before any work, so a refused command writes nothing."""
    suffix = Path(args.output).suffix.lower() if args.output else ""
    implied = SUFFIX_FORMATS.get(suffix)
    chosen: str = args.format or implied or "table"
    if chosen not in formats:  # only a suffix gets here: argparse has checked --format
        fits = [f"*{s}" for s, f in SUFFIX_FORMATS.items() if f in formats]
        message = _("{command} writes {formats}, not {chosen}: cannot write {output} (name the file {suffixes})")
        words = {"command": args.command, "formats": _either(list(formats)), "suffixes": _either(fits)}
        raise UsageError(message.format(chosen=chosen, output=args.output, **words))
    if args.format and implied and implied != chosen and _contradicts(suffix, chosen):
        wanted = next(s for s, f in SUFFIX_FORMATS.items() if chosen in (f, *SUFFIX_ALSO.get(s, ())))
        message = _("--format {format} does not match --output {output} (drop --format, or name the file *{suffix})")
        raise UsageError(message.format(format=chosen, output=args.output, suffix=wanted))
    return chosen


def _contradicts(suffix: str, chosen: str) -> bool:
    """A .txt file takes any text format (not a workbook), a .csv file also the CSV for Excel."""
    if chosen in SUFFIX_ALSO.get(suffix, ()):
        return False
    return suffix != ".txt" or chosen == "xlsx"


def _either(words: list[str]) -> str:
    if len(words) < 2:
        return words[0]
    return _("{first} or {last}").format(first=", ".join(words[:-1]), last=words[-1])


def emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(Path(output), text)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to a temporary file beside ``path``, then rename: never half a file."""
    if not path.parent.is_dir():
        raise UsageError(_("cannot write {path}: no such directory {folder}").format(path=path, folder=path.parent))
    if path.is_dir():
        raise UsageError(_("cannot write {path}: it is a directory; give a file name").format(path=path))
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        share(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def share(path: Path) -> None:
    """mkstemp makes a file only its owner can read; a written table is for colleagues too (umask decides)."""
    mask = os.umask(0)
    os.umask(mask)
    path.chmod(0o666 & ~mask)


def is_rule_id(ref: str) -> bool:
    """An argument that names a rule by id: no file or folder of that name, and nothing of a path's look.

    ``Workspace.find_rule`` looks an id up under the rules directory and nowhere else, which is why
    the report cache (cli.py) may take it as inside that directory."""
    return not Path(ref).exists() and Path(ref).suffix not in (".yaml", ".yml") and os.sep not in ref


def targets(refs: list[str], workspace: Workspace) -> list[Path]:
    """Files, folders and rule ids (as ``klynge calc`` takes them) as paths; none: the rules directory.

    An unknown id is wrong usage, with the ids it may have meant."""
    return [workspace.find_rule(ref) if is_rule_id(ref) else Path(ref) for ref in refs] or [workspace.root]


def rules_among(refs: list[str], workspace: Workspace) -> list[Loaded[Rule]]:
    """The valid rule files among ``refs`` (default: the rules directory); any problem raises."""
    from ..engine.models import Rule
    from ..engine.validate import expand

    files = expand(targets(refs, workspace))
    loaded, problems = [], []
    for path in files:
        try:
            item = workspace.load(path)
        except InvalidInput as exc:
            problems += exc.problems
            continue
        if isinstance(item.model, Rule):
            loaded.append(item)
    if problems:
        raise InvalidInput(problems)
    return loaded


def rule_at(workspace: Workspace, path: Path, beside: Path | None = None) -> Loaded[Rule]:
    from ..engine.loader import load_file
    from ..engine.models import Rule

    loaded = load_file(path, (*workspace.search, beside) if beside else workspace.search)
    if not isinstance(loaded.model, Rule):
        raise UsageError(_("{path} is not a rule").format(path=path))
    return loaded
