"""One exception hierarchy and the ``Problem`` record every check reports.

A ``Problem`` points at a place in a file (1-based line and column) so that editors and CI
can jump to it: ``path:line:col: error: message``. It names the check that found it (engine/checklist.py),
whose entry there gives its level.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from .checklist import ERROR, level_of


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    level: str = ""  # "error" or "warning" (worth a look; nothing stops); when empty, the check's level
    check: str = ""  # the id of the check that found it, registered in engine/checklist.py

    def __post_init__(self) -> None:
        """The level comes from the check's entry in the registry; an unknown id raises ValueError."""
        stated = level_of(self.check) if self.check else ERROR
        if self.level and self.check and self.level != stated:
            raise ValueError(f"check {self.check!r} is of level {stated}, not {self.level}")
        if not self.level:
            object.__setattr__(self, "level", stated)

    def render(self) -> str:
        """``path:line:col: error: message (hint)``: the message and hint come translated from the check
        that made them; the place and the ``error``/``warning`` token stay as editors and CI parse them."""
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        text = f"{where}: {self.level}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def display_path(path: Path | str) -> str:
    """A path as the user knows it: relative to the working directory when below it."""
    absolute = os.path.abspath(path)  # no symlink resolving: this runs for every file and problem
    here = os.getcwd()
    if absolute == here or absolute.startswith(here.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, here)
    return str(path)


class KlyngeError(Exception):
    """Base of every error klynge reports to a person rather than as a traceback."""

    exit_code = 1


class InvalidInput(KlyngeError):
    """One or more input files are wrong; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.render() for p in self.problems))


class MissingInput(KlyngeError):
    """A value the rule needs was given nowhere (a co-chair, say); the message says how to give it."""


class UsageError(KlyngeError):
    """The command line itself is wrong (unknown rule id, bad option value)."""

    exit_code = 2


def did_you_mean(word: str, choices: list[str]) -> str:
    """A hint naming the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return _("did you mean '{choice}'?").format(choice=close[0]) if close else ""


def joined(words: list[str]) -> str:
    """Words as a sentence lists them: 'A, B and C' ('A, B og C' in Danish)."""
    if len(words) < 2:
        return "".join(words)
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])
