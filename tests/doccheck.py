"""Run the command examples of a Markdown document and compare what they print with what it shows.

A document such as docs/rules.md is read as a script:

- A ```` ```text ```` block whose lines start with ``$ `` holds commands, each followed by the output
  it prints (stdout and stderr as a terminal shows them). A line holding only ``…`` stands for any
  number of lines the document leaves out. A command ends a line with `` \\`` to go on.
- A ```` ```sh ```` block holds commands without their output: each must run and exit 0.
- A ```` ```yaml file=PATH ```` block (the info string after the language is not shown by GitHub)
  writes its text to PATH before the commands that follow.
- Hidden set-up, in HTML comments that a reader of the rendered page does not see:
  ``<!-- doc: file PATH`` … ``-->`` writes the lines in between to PATH;
  ``<!-- doc: run COMMAND -->`` runs a shell command (e.g. to change a shipped file);
  ``<!-- doc: copy SOURCE PATH -->`` copies a file of this repository (e.g. to restore a shipped
  file an example changed).
- Each ``##`` section starts again in a fresh sandbox: a copy of the repository's ``rules/``,
  ``schemas/`` and ``tests/fixtures/``, as in klynge's own checkout (its ``rules/`` is the library).

``klynge`` commands run in-process (``cli.main``) in the sandbox; other commands run in a shell.
``python -m tests.doccheck docs/rules.md`` reports; ``--update`` rewrites every output that differs.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ELISION = "…"
FENCE = re.compile(r"^```(\w*)\s*(.*)$")
# A sandbox may be a git repository of its own (klynge diff --rev); its commits need an author.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "klynge docs",
    "GIT_AUTHOR_EMAIL": "docs@klynge.invalid",
    "GIT_COMMITTER_NAME": "klynge docs",
    "GIT_COMMITTER_EMAIL": "docs@klynge.invalid",
}
HIDDEN = re.compile(r"^<!-- doc: (\w+) ?(.*?)( -->)?$")


@dataclass
class Command:
    """A ``$`` command of a text block, the lines the document shows for it and where they stand."""

    text: str
    expected: list[str]
    line: int  # 1-based line of the command in the document
    end: int  # 0-based index just past its output


@dataclass
class Step:
    kind: str  # "section", "file", "copy", "run", "session", "sh"
    line: int
    path: str = ""
    content: str = ""
    commands: list[Command] = field(default_factory=list)


@dataclass
class Outcome:
    command: Command
    actual: list[str]

    @property
    def ok(self) -> bool:
        return matches(self.command.expected, self.actual)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing blanks ignored; a line ``…`` matches any run of lines (also none), and
    ``…`` within a line any text in that line."""
    pattern = "".join(_line_pattern(line.rstrip()) for line in expected)
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in actual)) is not None


def _line_pattern(line: str) -> str:
    if line.strip() == ELISION:
        return r"(?:[^\n]*\n)*?"
    return "[^\n]*".join(re.escape(part) for part in line.split(ELISION)) + r"\n"


def parse(text: str) -> list[Step]:
    lines = text.splitlines()
    steps: list[Step] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            steps.append(Step("section", index + 1))
        elif hidden := HIDDEN.match(line):
            index = _hidden(lines, index, hidden, steps)
        elif fence := FENCE.match(line):
            index = _block(lines, index, fence, steps)
        index += 1
    return steps


def _hidden(lines: list[str], index: int, found: re.Match[str], steps: list[Step]) -> int:
    verb, argument, closed = found.group(1), found.group(2), found.group(3)
    if verb == "file" and not closed:
        end = lines.index("-->", index)
        steps.append(Step("file", index + 1, argument, "\n".join(lines[index + 1 : end]) + "\n"))
        return end
    if verb == "copy":
        source, target = argument.split()
        steps.append(Step("copy", index + 1, target, source))
    elif verb == "run":
        steps.append(Step("run", index + 1, content=argument))
    else:
        raise ValueError(f"line {index + 1}: unknown doc instruction {verb!r}")
    return index


def _block(lines: list[str], index: int, fence: re.Match[str], steps: list[Step]) -> int:
    end = lines.index("```", index + 1)
    body = lines[index + 1 : end]
    language, info = fence.group(1), fence.group(2)
    if language == "yaml" and info.startswith("file="):
        steps.append(Step("file", index + 1, info.removeprefix("file="), "\n".join(body) + "\n"))
    elif language == "text" and body and body[0].startswith("$ "):
        steps.append(Step("session", index + 1, commands=list(_commands(body, index + 1))))
    elif language == "sh":
        shown = [Command(c, [], index + 2 + n, 0) for n, c in enumerate(_sh_commands(body))]
        steps.append(Step("sh", index + 1, commands=shown))
    return end


def _commands(body: list[str], start: int) -> Iterator[Command]:
    """The commands of a session block; ``start`` is the 0-based index of the block's first line."""
    position = 0
    while position < len(body):
        line_no = start + position + 1
        text = body[position][2:]
        while text.endswith("\\"):
            position += 1
            text = text[:-1].rstrip() + " " + body[position].strip()
        position += 1
        first = position
        while position < len(body) and not body[position].startswith("$ "):
            position += 1
        yield Command(text, body[first:position], line_no, start + position)


def _sh_commands(body: list[str]) -> list[str]:
    joined = "\n".join(body).replace("\\\n", " ")
    return [c.split(" #", 1)[0].strip() for c in joined.splitlines() if c.strip() and not c.startswith("#")]


class Sandbox:
    """A user's working directory: copies of the repository's rules, schemas and test fixtures."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="klynge-doc-")
        self.root = Path(self._tmp.name)
        for part in ("rules", "schemas", "tests/fixtures"):
            shutil.copytree(REPO / part, self.root / part)

    def close(self) -> None:
        self._tmp.cleanup()

    def write(self, path: str, content: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")

    def copy(self, source: str, path: str) -> None:
        """A file of this repository, byte for byte (a Latin-1 export stays Latin-1)."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / source, target)

    def run(self, command: str) -> tuple[int, list[str]]:
        words = shlex.split(command)
        if words and words[0] == "klynge" and not re.search(r"[|<>;&]", command):
            return self._klynge(words[1:])
        env = {**os.environ, **GIT_IDENTITY, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        done = subprocess.run(command, shell=True, cwd=self.root, env=env, capture_output=True, text=True)
        return done.returncode, (done.stdout + done.stderr).splitlines()

    def _klynge(self, argv: list[str]) -> tuple[int, list[str]]:
        from klynge import cli
        from klynge.engine import workspace

        printed = io.StringIO()
        before, shipped = Path.cwd(), workspace.shipped_library
        os.chdir(self.root)
        # The sandbox's rules/ is klynge's rule library, as in klynge's own checkout: examples change it.
        workspace.shipped_library = lambda: (self.root / "rules").resolve()
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                code = cli.main(argv)
        finally:
            os.chdir(before)
            workspace.shipped_library = shipped
        return code, printed.getvalue().splitlines()


def run(text: str) -> tuple[list[Outcome], list[str]]:
    """Every ``$`` command's outcome, and the problems of set-up steps and ``sh`` commands."""
    outcomes: list[Outcome] = []
    problems: list[str] = []
    sandbox: Sandbox | None = None
    os.environ["KLYNGE_NO_CACHE"] = "1"
    os.environ["KLYNGE_LANG"] = "da"  # the guide shows what its readers see: klynge in Danish
    os.environ.pop("KLYNGE_RULES_DIR", None)
    try:
        for step in parse(text):
            if step.kind == "section" and sandbox is not None:
                sandbox.close()
                sandbox = None
                continue
            sandbox = sandbox or Sandbox()
            _perform(sandbox, step, outcomes, problems)
    finally:
        if sandbox is not None:
            sandbox.close()
    return outcomes, problems


def _perform(sandbox: Sandbox, step: Step, outcomes: list[Outcome], problems: list[str]) -> None:
    if step.kind == "file":
        sandbox.write(step.path, step.content)
    elif step.kind == "copy":
        sandbox.copy(step.content, step.path)
    elif step.kind == "run":
        code, printed = sandbox.run(step.content)
        if code != 0:
            problems.append(f"line {step.line}: set-up '{step.content}' failed ({code}): {' '.join(printed)}")
    elif step.kind == "session":
        outcomes += [Outcome(c, sandbox.run(c.text)[1]) for c in step.commands]
    elif step.kind == "sh":
        for command in step.commands:
            code, printed = sandbox.run(command.text)
            if code != 0:
                problems.append(f"line {command.line}: '{command.text}' exited {code}: {' '.join(printed)}")


def updated(text: str, outcomes: list[Outcome]) -> str:
    """The document with every output that differs replaced by what the command printed, keeping
    the guide's elisions where the new output still lets them stand."""
    lines = text.splitlines()
    for outcome in sorted((o for o in outcomes if not o.ok), key=lambda o: -o.command.line):
        start = outcome.command.end - len(outcome.command.expected)
        lines[start : outcome.command.end] = elided(outcome.command.expected, [a.rstrip() for a in outcome.actual])
    return "\n".join(lines) + "\n"


def elided(expected: list[str], actual: list[str]) -> list[str]:
    """``actual``, with the runs of lines that ``expected`` left out as ``…`` left out again.

    Each line that ``expected`` shows is found in ``actual`` in order: the same line, or failing
    that the most similar one (a reworded note, a translated heading). What lies between two found
    lines is shown where ``expected`` showed it and elided where ``expected`` had ``…``."""
    if ELISION not in (line.strip() for line in expected):
        return actual
    shown: list[str] = []
    at = 0
    for index, line in enumerate(expected):
        if line.strip() == ELISION:
            continue
        found = _find_blank(expected, index, actual, at) if not line.strip() else _find(line, actual, at)
        if found is None:
            continue
        skipped = actual[at:found]
        before = expected[index - 1] if index > 0 else ""
        shown += ([before] if skipped else []) if before.strip() == ELISION else skipped
        shown.append(line if re.fullmatch(_line_pattern(line.rstrip()), actual[found] + "\n") else actual[found])
        at = found + 1
    tail, last = actual[at:], expected[-1]
    return shown + (([last] if tail else []) if last.strip() == ELISION else tail)


def _find_blank(expected: list[str], index: int, actual: list[str], start: int) -> int | None:
    """A blank line matches every blank line: take the one just before the next line it shows."""
    following = next((e for e in expected[index + 1 :] if e.strip() and e.strip() != ELISION), None)
    end = _find(following, actual, start) if following is not None else len(actual)
    end = len(actual) if end is None else end
    return next((i for i in range(end - 1, start - 1, -1) if not actual[i].strip()), None)


def _find(line: str, actual: list[str], start: int) -> int | None:
    import difflib

    pattern = _line_pattern(line.rstrip())
    for index in range(start, len(actual)):
        if re.fullmatch(pattern, actual[index] + "\n"):
            return index
    ratios = [(difflib.SequenceMatcher(None, line, a).ratio(), i) for i, a in enumerate(actual[start:], start)]
    best = max(ratios, default=(0.0, None))
    return best[1] if best[0] >= 0.6 else None


def main(argv: list[str]) -> int:
    update = "--update" in argv
    failed = 0
    for name in (a for a in argv if a != "--update"):
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        outcomes, problems = run(text)
        wrong = [o for o in outcomes if not o.ok]
        for outcome in wrong:
            print(f"{name}:{outcome.command.line}: output of '{outcome.command.text}' differs")
        for problem in problems:
            print(f"{name}:{problem}")
        if update and wrong:
            path.write_text(updated(text, outcomes), encoding="utf-8")
            print(f"{name}: {len(wrong)} output(s) rewritten; read the change before you commit it")
        failed += len(problems) + (0 if update else len(wrong))
        print(f"{name}: {len(outcomes)} command(s) checked, {len(wrong)} differ, {len(problems)} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
