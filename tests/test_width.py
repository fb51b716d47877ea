"""Tables fitted to the terminal: at 80 columns no line is longer, and every number is whole.

The numbers are taken from the JSON output and written in Danish notation here, independently of
klynge's own formatter, then looked for in the narrow table as whole numbers (no digit, point or comma
glued to either side: a cut or wrapped number would not match).
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from klynge.commands._common import width

from .conftest import RULES

RULE_IDS = sorted(path.stem for path in RULES.glob("*.yaml"))
CHAIRS = {  # illustrative co-chairs, as in test_compare.py: model 1 needs them
    "hovedstaden-nord": "Hillerød",
    "hovedstaden-midt": "Gentofte",
    "hovedstaden-syd": "Hvidovre",
    "hovedstaden-by": "København",
    "hovedstaden-bornholm": "Bornholm",
}
SET_CHAIRS = tuple(arg for cluster, chair in CHAIRS.items() for arg in ("--set", f"co_chairs.{cluster}={chair}"))
COMPARISONS = [(), ("--set", "cost_per_cluster=740000"), SET_CHAIRS, (*SET_CHAIRS, "--set", "cost_per_cluster=740000")]


@pytest.fixture(autouse=True)
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """--width sets $COLUMNS for the rest of the process: each test starts from, and leaves, 120."""
    monkeypatch.setenv("COLUMNS", "120")


def danish(value: Any) -> str:
    """An amount or indbyggertal as a Danish reader sees it: 1.234.567, −3.715, 577.977,3."""
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else 1
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, decimals = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("−" if rounded < 0 else "") + grouped + (f",{decimals}" if decimals else "")


def whole(number: str, text: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d,]|\.\d)", text) is not None


def run(klynge: Any, *args: str) -> str:
    result = klynge(*args)
    assert result.code == 0, result.err
    return str(result.out)


def calc_args(rule: str) -> tuple[str, ...]:
    return ("calc", rule, *(SET_CHAIRS if rule == "sekretariat-model1-2022" else ()))


def calc_numbers(document: dict[str, Any]) -> list[str]:
    rows = document["rows"]
    amounts = [value for row in rows for value in (row["basis"], row["amount"], *row.get("amounts", {}).values())]
    return [danish(value) for value in amounts]


def compare_numbers(document: dict[str, Any]) -> list[str]:
    baseline = document["baseline"]
    numbers = []
    for row in document["rows"]:
        numbers += list(row["values"].values())
        numbers += [v for model, v in row.get("differences", {}).items() if model != baseline]
    return [danish(value) for value in numbers]


def longest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("rule", RULE_IDS)
@pytest.mark.parametrize("how", ["COLUMNS", "--width"])
def test_calc_at_80_columns_fits_and_every_number_is_whole(klynge, monkeypatch, rule: str, how: str) -> None:  # type: ignore[no-untyped-def]
    args = calc_args(rule)
    if how == "COLUMNS":
        monkeypatch.setenv("COLUMNS", "80")
        narrow = run(klynge, *args)
    else:
        narrow = run(klynge, *args, "--width", "80")
    assert longest(narrow) <= 80, narrow
    document = json.loads(run(klynge, *args, "--format", "json"))
    missing = [n for n in calc_numbers(document) if not whole(n, narrow)]
    assert not missing, missing
    assert all(row["name"] in narrow for row in document["rows"])


@pytest.mark.parametrize("sets", COMPARISONS, ids=["370000", "740000", "chairs", "chairs-740000"])
@pytest.mark.parametrize("how", ["COLUMNS", "--width"])
def test_compare_at_80_columns_fits_and_every_number_is_whole(klynge, monkeypatch, sets, how: str) -> None:  # type: ignore[no-untyped-def]
    if how == "COLUMNS":
        monkeypatch.setenv("COLUMNS", "80")
        narrow = run(klynge, "compare", *sets)
    else:
        narrow = run(klynge, "compare", *sets, "--width", "80")
    assert longest(narrow) <= 80, narrow
    document = json.loads(run(klynge, "compare", *sets, "--format", "json"))
    missing = [n for n in compare_numbers(document) if not whole(n, narrow)]
    assert not missing, missing


def test_a_number_wider_than_any_heading_is_never_cut_even_at_the_narrowest(klynge) -> None:  # type: ignore[no-untyped-def]
    sets = ("--set", "cost_per_cluster=123456789012")
    narrow = run(klynge, "compare", *SET_CHAIRS, *sets, "--width", "60")
    assert longest(narrow) <= 60
    document = json.loads(run(klynge, "compare", *SET_CHAIRS, *sets, "--format", "json"))
    assert "617.283.945.060" in compare_numbers(document)  # 5 klynger × 123.456.789.012
    missing = [n for n in compare_numbers(document) if not whole(n, narrow)]
    assert not missing, missing


def test_at_120_columns_the_full_heading_row_is_one_line_and_every_note_one_line(klynge) -> None:  # type: ignore[no-untyped-def]
    full = run(klynge, "--lang", "da", "calc", "opstartsmidler-2022", "--width", "120")
    headings = ["Klynge / region", "Indbyggertal", "Befolkningsandel", "Kommuner (kr.)", "Regioner (kr.)"]
    headings.append("I alt (kr.)")
    assert any(re.split(r"\s{2,}", line.strip()) == headings for line in full.splitlines())
    assert "udeladt" not in full
    narrow = run(klynge, "--lang", "da", "calc", "opstartsmidler-2022", "--width", "80")
    assert len(notes(full)) < len(notes(narrow)), "the notes wrap at 80 columns, not at 120"
    assert " ".join(notes(full)).split() == " ".join(notes(narrow)[1:]).split(), "the same words, wrapped"


def notes(output: str) -> list[str]:
    """The lines under the table: after the last line of spaces that closes it."""
    lines = output.splitlines()
    end = max(i for i, line in enumerate(lines) if line and not line.strip())
    return lines[end + 1 :]


def test_at_80_columns_the_share_is_left_out_with_a_note_and_shown_at_120(klynge) -> None:  # type: ignore[no-untyped-def]
    narrow = run(klynge, "calc", "opstartsmidler-2022", "--width", "80")
    note = re.search(r"^(.+) is left out to fit 80 columns; --width 120 shows it\.$", narrow, re.MULTILINE)
    assert note is not None and note.group(1) not in narrow[: note.start()]
    assert "10,1 %" not in narrow  # Region Nordjylland's share
    assert "10,1 %" in run(klynge, "calc", "opstartsmidler-2022", "--width", "120")


def test_a_table_that_fits_keeps_every_column(klynge) -> None:  # type: ignore[no-untyped-def]
    narrow = run(klynge, "calc", "sekretariat-syd-2022", "--width", "80")
    assert "48,0 %" in narrow and "left out" not in narrow


def test_compare_of_four_models_puts_the_differences_in_a_table_of_their_own(klynge) -> None:  # type: ignore[no-untyped-def]
    narrow = run(klynge, "compare", *SET_CHAIRS, "--width", "80")
    models = next(line for line in narrow.splitlines() if "Model 1" in line)
    assert re.split(r"\s{2,}", models.strip()) == ["Kommune", "Model 1", "Model 2", "Model 3", "Model 4"]
    assert narrow.count("Kommune ") == 2 and narrow.count("Bornholm ") == 2
    differences = narrow[narrow.index("Δ") :]
    assert "Total" not in differences and "Highest" not in differences  # they have no differences
    assert "−330.833" in differences  # Bornholm: model 3 against model 2, 39.167 − 370.000


def test_compare_of_three_models_stays_one_table_at_80(klynge) -> None:  # type: ignore[no-untyped-def]
    narrow = run(klynge, "compare", "--width", "80")
    assert narrow.count("Kommune ") == 1
    lines = narrow.splitlines()
    top = next(i for i, line in enumerate(lines) if "Δ" in line)  # the differences' headings on two lines
    assert lines[top].split() == ["Δ", "Model", "3", "Δ", "Model", "4"]
    second = ["Kommune", "Model 2", "Model 3", "Model 4", "− Model 2", "− Model 2"]
    assert re.split(r"\s{2,}", lines[top + 1].strip()) == second


def test_at_the_narrowest_a_wide_calc_is_split_into_tables_that_each_repeat_the_names(klynge) -> None:  # type: ignore[no-untyped-def]
    narrow = run(klynge, "calc", "opstartsmidler-2022", "--width", "60")
    assert longest(narrow) <= 60
    assert narrow.count("Klynge / region") == 2 and narrow.count("Region Nordjylland ") == 2
    assert "8.165.885" in narrow  # Region Nordjylland's total, in the second table


def test_danish_at_80_columns_short_headings_and_the_note(klynge) -> None:  # type: ignore[no-untyped-def]
    narrow = run(klynge, "--lang", "da", "calc", "opstartsmidler-2022", "--width", "80")
    assert longest(narrow) <= 80
    assert any(line.split()[:4] == ["Klynge", "/", "region", "Indbyggere"] for line in narrow.splitlines())
    assert "Befolkningsandel er udeladt for at passe til 80 tegn; --width 120 viser den." in narrow
    syd = run(klynge, "--lang", "da", "calc", "sekretariat-syd-2022", "--width", "60")
    heading = next(line for line in syd.splitlines() if "Klynge / kommune" in line)
    assert heading.split()[3:] == ["Indbyggere", "Andel", "Beløb", "(kr.)"]


def test_danish_compare_keeps_its_words_at_every_width(klynge) -> None:  # type: ignore[no-untyped-def]
    for columns in ("80", "120"):
        output = run(klynge, "--lang", "da", "compare", "--width", columns)
        assert output.startswith("Hvad hver kommune bærer – 370.000 kr. pr. klynge")
        assert all(word in output for word in ("I alt ", "Højeste ", "Laveste ", "Model 2: højeste København"))


@pytest.mark.parametrize(
    ("environment", "expected"),
    [(None, 120), ("80", 80), ("200", 200), ("30", 60), ("0", 120), ("wide", 120)],
)
def test_the_width_is_columns_else_the_full_layout_for_piped_output(monkeypatch, environment, expected) -> None:  # type: ignore[no-untyped-def]
    if environment is None:
        monkeypatch.delenv("COLUMNS")
    else:
        monkeypatch.setenv("COLUMNS", environment)
    assert width() == expected  # pytest's stdout is no terminal


def test_width_below_the_floor_lays_out_as_at_the_floor(klynge) -> None:  # type: ignore[no-untyped-def]
    assert run(klynge, "compare", "--width", "30") == run(klynge, "compare", "--width", "60")


def test_long_names_wrap_between_words_before_a_table_is_split() -> None:
    """No shipped table needs it at 60 columns or more; a table of long row names (as the test report's) does."""
    from klynge.report.model import Column, Kind, Line, Report
    from klynge.report.text import table

    names = ["Klyngen Næstved/Slagelse (Region Sjælland)", "Sydvestjysk Klynge (Region Syddanmark)"]
    heads = [Column("Række", Kind.text), *(Column(f"Kolonne {n}") for n in range(1, 4))]
    report = Report("t", "Titel", heads, [Line((name, *[1234567] * 3)) for name in names])
    narrow = table(report, 60)
    assert longest(narrow) <= 60
    assert narrow.count("Række") == 1, "one table"
    assert "Næstved/Slagelse" in narrow and narrow.count("1.234.567") == 6
