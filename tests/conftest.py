"""Shared helpers: run the CLI in-process, as a user would, and capture what it prints."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from klynge import cli, i18n
from klynge.engine import workspace

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the work done; tests/test_cache.py turns the cache on where it tests it."""
    monkeypatch.setenv("KLYNGE_NO_CACHE", "1")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite reads klynge in English, whatever the machine's locale: most assertions are about
    messages, and their source language is English. Danish, the default for users, is held by
    tests/test_i18n.py (every message has its translation; the main commands speak no English) and by
    tests/test_docs.py, which runs docs/rules.md's examples in Danish."""
    monkeypatch.setenv("KLYNGE_LANG", "en")
    monkeypatch.setenv("COLUMNS", "120")  # --width sets COLUMNS for the run; monkeypatch undoes it after each test
    i18n.use("en")


@pytest.fixture
def klynge(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Call ``klynge ARGS...`` from the repository root and return exit code, stdout, stderr."""
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("KLYNGE_RULES_DIR", raising=False)
    monkeypatch.setenv("KLYNGE_NO_CACHE", "1")  # each test sees the command work; test_cache.py tests the cache

    def run(*args: str) -> Run:
        code = cli.main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of klynge's rule library that a test may change. It stands in for the shipped library as
    well, as rules/ does in klynge's own checkout: a changed copy of a shipped file is then no second
    file with a shipped id (engine/workspace.py), which is what a user's own repository must declare."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    monkeypatch.setattr(workspace, "shipped_library", lambda: target.resolve())
    return target
