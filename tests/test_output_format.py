"""The output format follows --output's suffix when --format is not given; a contradiction is wrong usage.

A user who types ``klynge calc RULE -o syd.xlsx`` wants a workbook, not a text table in a file Excel
cannot open. Expected amounts come from the published table in rules/published/.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from .conftest import RULES

SYD = "sekretariat-syd-2022"
MODEL2 = "sekretariat-model2-2022"
COMMANDS = {"calc": ["calc", SYD], "compare": ["compare", SYD, MODEL2], "diff": ["diff", SYD, MODEL2]}


def published_amount(name: str) -> int:
    """A kommune's amount in the published Syd table (370.000 kr. split by indbyggertal)."""
    with (RULES / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["municipality"] == name)
    return int(row["amount_of_370000"])


def row_named(sheet: Any, name: str) -> list[Any]:
    """The values of the first sheet row whose first cell is ``name`` (a footnote mark allowed)."""
    for row in sheet.iter_rows(values_only=True):
        if isinstance(row[0], str) and row[0].rstrip("¹²³⁴⁵⁶⁷⁸⁹⁰") == name:
            return list(row)
    raise AssertionError(f"no row {name}")


def test_calc_to_an_xlsx_file_writes_a_workbook_with_the_published_numbers(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "syd.xlsx"
    result = klynge("calc", SYD, "-o", str(path))
    assert result.code == 0, result.err
    sheet = openpyxl.load_workbook(path).worksheets[0]
    københavn = row_named(sheet, "København")
    assert published_amount("København") == 177_678
    assert københavn[1] == 287_181 and københavn[-1] == published_amount("København")
    assert row_named(sheet, "Dragør")[-1] == published_amount("Dragør")


def test_compare_to_an_xlsx_file_writes_a_workbook(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "modeller.xlsx"
    assert klynge("compare", SYD, MODEL2, "-o", str(path)).code == 0
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert row_named(sheet, "København")[1] == published_amount("København")


@pytest.mark.parametrize("suffix", [".json", ".JSON"])
def test_a_json_file_gets_json(klynge, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"syd{suffix}"
    assert klynge("calc", SYD, "-o", str(path)).code == 0
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    assert next(r for r in rows if r["name"] == "København")["amount"] == published_amount("København")


def test_a_csv_file_gets_csv(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "syd.csv"
    assert klynge("calc", SYD, "-o", str(path)).code == 0
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["name"] == "København")["amount"] == str(published_amount("København"))


@pytest.mark.parametrize(("command", "flag"), [("calc", "md"), ("compare", "md"), ("diff", "md")])
def test_a_md_file_gets_what_format_md_prints(klynge, tmp_path: Path, command: str, flag: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.md"
    assert klynge(*COMMANDS[command], "-o", str(path)).code == 0
    expected = klynge(*COMMANDS[command], "--format", flag).out
    assert "|---" in expected
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("name", ["syd.txt", "syd.out", "syd"])
def test_txt_other_or_no_suffix_gets_the_table(klynge, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    assert klynge("calc", SYD, "-o", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert text == klynge("calc", SYD).out
    assert "177.678" in text and not text.startswith(("{", "level,", "#"))


@pytest.mark.parametrize("flag", ["json", "csv", "md", "table"])
def test_any_text_format_may_be_named_for_a_txt_file(klynge, tmp_path: Path, flag: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "syd.txt"
    assert klynge("calc", SYD, "-f", flag, "-o", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == klynge("calc", SYD, "-f", flag).out


def test_a_format_that_agrees_with_the_suffix_is_fine(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "syd.xlsx"
    assert klynge("calc", SYD, "-f", "xlsx", "-o", str(path)).code == 0
    assert row_named(openpyxl.load_workbook(path).worksheets[0], "København")[-1] == 177_678


@pytest.mark.parametrize(
    ("command", "flag", "name", "fix"),
    [
        ("calc", "json", "x.xlsx", "*.json"),
        ("calc", "table", "x.csv", "*.txt"),
        ("calc", "xlsx", "x.txt", "*.xlsx"),
        ("calc", "csv", "x.MD", "*.csv"),
        ("compare", "xlsx", "x.json", "*.xlsx"),
        ("diff", "json", "x.md", "*.json"),
    ],
)
def test_a_format_that_contradicts_the_suffix_is_wrong_usage_and_writes_nothing(  # type: ignore[no-untyped-def]
    klynge, tmp_path: Path, command: str, flag: str, name: str, fix: str
) -> None:
    path = tmp_path / name
    result = klynge(*COMMANDS[command], "--format", flag, "--output", str(path))
    assert result.code == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1
    assert f"--format {flag}" in result.err and str(path) in result.err and fix in result.err
    assert "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["x.xlsx", "x.csv"])
def test_diff_refuses_a_file_it_cannot_write_and_says_what_it_writes(klynge, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    result = klynge("diff", SYD, MODEL2, "-o", str(path))
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert "diff writes table, md or json" in result.err and str(path) in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["calc", "compare"])
def test_xlsx_on_a_terminal_is_still_wrong_usage(klynge, monkeypatch: pytest.MonkeyPatch, command: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = klynge(*COMMANDS[command], "-f", "xlsx")
    assert result.code == 2 and "--format xlsx needs --output FILE" in result.err


@pytest.mark.parametrize("command", ["calc", "compare", "diff"])
def test_the_help_says_what_the_default_format_is(klynge, command: str) -> None:  # type: ignore[no-untyped-def]
    help_text = " ".join(klynge(command, "--help").out.split())
    assert "default: the --output file's suffix" in help_text and "else table" in help_text
