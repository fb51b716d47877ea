"""``klynge regnskab template`` and ``klynge regnskab import`` (issue 14, item 4): the workbook a klynge's
staff fill in, and reading it back into a ledger. The entries are SYNTHETIC (tests/fixtures/regnskab)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from klynge.engine.ledgermodels import Ledger, LedgerEntry
from klynge.engine.loader import load_file

from .conftest import FIXTURES, Run

LEDGER = FIXTURES / "regnskab" / "syd-2022.yaml"
SYD = "hovedstaden-syd"
SYD_CONTRIBUTORS = ["København", "Brøndby", "Dragør", "Glostrup", "Albertslund", "Hvidovre", "Høje-Taastrup",
                    "Ishøj", "Tårnby", "Vallensbæk", "Region Hovedstaden"]  # fmt: skip


def _template(klynge: Any, target: Path, *lang: str) -> Path:
    result: Run = klynge(*lang, "regnskab", "template", SYD, "-o", str(target))
    assert (result.code, result.err) == (0, "")
    return target


def _fill(template: Path, target: Path, rows: list[tuple[Any, ...]]) -> Path:
    """Type rows into the entries' sheet as a person in Excel would: dates as dates, amounts as numbers."""
    book = load_workbook(template)
    info = dict(book["klynge"].iter_rows(values_only=True))
    sheet = book[str(info["entries_sheet"])]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=int(str(info["first_row"])) + offset, column=column, value=value)
    book.save(target)
    return target


def _row(entry: LedgerEntry) -> tuple[Any, ...]:
    day = datetime.date.fromisoformat(entry.date)
    return (day, entry.contributor, entry.account, entry.initiative, float(entry.amount), entry.text)


def _ledger(path: Path) -> Ledger:
    model = load_file(path).model
    assert isinstance(model, Ledger)
    return model


HAND_WRITTEN = """\
kind: ledger
id: haandskrevet
title: Håndskrevne poster (syntetiske)
year: 2022
entries:
  - date: 2022-03-31
    cluster: hovedstaden-syd
    contributor: Hvidovre
    account: 5.32.32.1
    initiative: De sårbare ældre
    amount: 1234.56
    text: Kursus
  - date: 2022-06-01
    cluster: hovedstaden-syd
    contributor: Region Hovedstaden
    account: 1.10.11.2
    initiative: Akutområdet
    amount: -5000.05
  - date: 2022-12-31
    cluster: hovedstaden-syd
    contributor: København
    account: 4.62.90.1
    initiative: Akutområdet
    amount: 0.5
    text: "Gebyr: øre"
"""


def test_a_filled_template_reads_back_as_the_hand_written_ledger(klynge: Any, tmp_path: Path) -> None:
    written = tmp_path / "haandskrevet.yaml"
    written.write_text(HAND_WRITTEN, encoding="utf-8")
    expected = _ledger(written).entries
    filled = _fill(_template(klynge, tmp_path / "t.xlsx"), tmp_path / "f.xlsx", [_row(e) for e in expected])
    result: Run = klynge("regnskab", "import", str(filled), "-o", str(tmp_path / "poster.yaml"))
    assert (result.code, result.err) == (0, "")
    imported = _ledger(tmp_path / "poster.yaml")
    assert imported.entries == expected
    assert [e.amount for e in imported.entries] == [Decimal("1234.56"), Decimal("-5000.05"), Decimal("0.5")]
    assert (imported.id, imported.title, imported.year) == (
        "regnskab-hovedstaden-syd-2022",
        "Klyngeregnskab for Klynge Syd (Region Hovedstaden) 2022",
        2022,
    )


def test_the_regnskab_of_an_imported_workbook_is_that_of_the_ledger(klynge: Any, tmp_path: Path) -> None:
    rows = [_row(e) for e in _ledger(LEDGER).entries]
    filled = _fill(_template(klynge, tmp_path / "t.xlsx"), tmp_path / "f.xlsx", rows)
    for name in ("poster.yaml", "poster.csv"):
        assert klynge("regnskab", "import", str(filled), "-o", str(tmp_path / name)).code == 0
        imported = klynge("regnskab", SYD, "--ledger", str(tmp_path / name), "-f", "csv")
        original = klynge("regnskab", SYD, "--ledger", str(LEDGER), "-f", "csv")
        assert imported.code == original.code == 0
        assert imported.out == original.out


texts = st.text(alphabet="abcæøå ABCÆØÅ-,.:'\"", min_size=1, max_size=20).map(str.strip).filter(bool)
valid_entries = st.lists(
    st.builds(
        LedgerEntry,
        date=st.dates(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)).map(datetime.date.isoformat),
        cluster=st.just(SYD),
        contributor=st.sampled_from(SYD_CONTRIBUTORS),
        account=st.sampled_from(["4.62.90.1", "1.10.11.2", "5.32"]),
        initiative=texts,
        amount=st.decimals(min_value=-(10**8), max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
        text=st.none() | texts,
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=valid_entries)
def test_any_valid_entries_survive_the_round_trip(klynge: Any, tmp_path: Path, entries: list[LedgerEntry]) -> None:
    template = tmp_path / "t.xlsx"
    if not template.exists():
        _template(klynge, template)
    filled = _fill(template, tmp_path / "f.xlsx", [_row(e) for e in entries])
    target = tmp_path / "poster.yaml"
    result: Run = klynge("regnskab", "import", str(filled), "-o", str(target))
    assert (result.code, result.err) == (0, "")
    assert _ledger(target).entries == entries


def test_the_template_has_the_budget_of_every_contributor(klynge: Any, tmp_path: Path) -> None:
    calc: Run = klynge("calc", "opstartsmidler-2022", "--by", "contributor", "-f", "json")
    expected: dict[str, Decimal] = {}
    for row in json.loads(calc.out)["rows"]:
        if row["cluster"] == SYD:
            expected[row["contributor"]] = expected.get(row["contributor"], Decimal(0)) + Decimal(str(row["amount"]))
    book = load_workbook(_template(klynge, tmp_path / "t.xlsx"))
    budget = book["Budget"]
    rows = list(budget.iter_rows(values_only=True))
    heading = rows.index(("Contributor", "Kind", "Budget (kr.)"))
    found = {r[0]: Decimal(r[2]) for r in rows[heading + 1 :] if r[1] in ("kommune", "region")}
    assert found == expected and sorted(found) == sorted(SYD_CONTRIBUTORS)
    assert rows[heading + len(found) + 1][::2] == ("Total", sum(expected.values()))
    assert budget.cell(row=heading + 2, column=3).number_format.endswith('"kr."')
    assert "Opstartsmidler 2022" in str(rows[1][0]) and str(rows[2][0]).startswith("Source:")


def test_the_template_validates_the_entries_and_says_what_it_is_for(klynge: Any, tmp_path: Path) -> None:
    book = load_workbook(_template(klynge, tmp_path / "t.xlsx"))
    assert book.sheetnames == ["Budget", "Entries", "Initiatives", "Guide", "klynge"]
    rules = {str(v.sqref).split(":")[0][0]: v for v in book["Entries"].data_validations.dataValidation}
    assert (rules["A"].type, rules["A"].formula1, rules["A"].formula2) == ("date", "DATE(2022,1,1)", "DATE(2022,12,31)")
    assert (rules["B"].type, rules["D"].type, rules["E"].type) == ("list", "list", "decimal")
    assert rules["B"].formula1 == "'Budget'!$A$6:$A$16"
    assert [book["Budget"][f"A{r}"].value for r in range(6, 17)] == SYD_CONTRIBUTORS
    assert rules["D"].formula1.startswith("'Initiatives'!$A$2:")
    assert book["Entries"]["A5"].number_format == "dd-mm-yyyy" and book["Entries"]["E5"].number_format.endswith('"kr."')
    meta = book["klynge"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    info = dict(meta.iter_rows(values_only=True))
    assert {k: info[k] for k in ("rule", "cluster", "year", "entries_sheet")} == {
        "rule": "opstartsmidler-2022", "cluster": SYD, "year": 2022, "entries_sheet": "Entries"}  # fmt: skip
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for s in book for row in s.iter_rows() for c in row
    )  # no formula anywhere: every total is klynge's
    assert book["Entries"].page_setup.orientation == "landscape" and book["Entries"].print_title_rows


def test_the_danish_template_has_danish_sheets(klynge: Any, tmp_path: Path) -> None:
    book = load_workbook(_template(klynge, tmp_path / "t.xlsx", "--lang", "da"))
    assert book.sheetnames == ["Budget", "Poster", "Indsatser", "Vejledning", "klynge"]
    assert [c.value for c in book["Poster"][4]] == ["Dato", "Bidragyder", "Konto", "Indsats", "Beløb (kr.)", "Tekst"]
    assert "klynge regner alle summer ud igen" in " ".join(str(c.value) for c in book["Vejledning"]["A"])


BROKEN = [
    (datetime.date(2022, 5, 1), "Hvidovre", "5.32.32.1", "Akut", "tolv hundrede", None),
    (datetime.date(2022, 5, 2), "Narnia", "5.32.32.1", "Akut", 100, None),
    (datetime.date(2022, 5, 3), "Aalborg", "5.32.32.1", "Akut", 100, None),
    ("31-13-2022", "Hvidovre", "5.32.32.1", "Akut", 100, None),
    (None, None, None, None, None, None),  # an empty row is skipped
    (datetime.date(2022, 5, 4), "Hvidovre", None, "Akut", None, "halvt udfyldt"),
    (datetime.date(2022, 5, 5), "Hvidovre", "5.32.32.1", "Akut", 100.125, None),
    (datetime.date(2022, 5, 6), "Hvidovre", "5.32.32.1", "Akut", 100, "den eneste rigtige"),
]


def test_a_broken_workbook_names_sheet_and_cell_and_writes_nothing(klynge: Any, tmp_path: Path) -> None:
    filled = _fill(_template(klynge, tmp_path / "t.xlsx"), tmp_path / "f.xlsx", BROKEN)
    target = tmp_path / "poster.yaml"
    result: Run = klynge("regnskab", "import", str(filled), "-o", str(target))
    assert result.code == 1 and not target.exists() and result.out == ""
    lines = result.err.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "Entries!E5", "Entries!B6", "Entries!B7", "Entries!A8", "Entries!C10", "Entries!E11"]  # fmt: skip
    assert lines[0] == (
        "Entries!E5: error: amount 'tolv hundrede' is text, not a number (enter the amount as a number, e.g. 1250,50)"
    )
    assert lines[1].startswith("Entries!B6: error: Narnia does not fund Klynge Syd under opstartsmidler-2022")
    assert lines[2].startswith("Entries!B7: error: Aalborg does not fund Klynge Syd under opstartsmidler-2022")
    assert lines[3].startswith("Entries!A8: error: date '31-13-2022' is no date")
    assert lines[4].startswith("Entries!C10: error: the row is filled in only in part: C10 and E10 empty")
    assert lines[5].startswith("Entries!E11: error: amount 100.125 has more than two decimals")


def test_the_errors_in_danish(klynge: Any, tmp_path: Path) -> None:
    filled = _fill(_template(klynge, tmp_path / "t.xlsx", "--lang", "da"), tmp_path / "f.xlsx", BROKEN[:2])
    target = tmp_path / "poster.csv"
    result: Run = klynge("--lang", "da", "regnskab", "import", str(filled), "-o", str(target))
    assert result.code == 1 and not target.exists()
    lines = result.err.splitlines()
    assert lines[0] == (
        "Poster!E5: error: beløbet 'tolv hundrede' er tekst, ikke et tal (skriv beløbet som et tal, fx 1250,50)"
    )
    assert lines[1].startswith("Poster!B6: error: Narnia ")


def test_an_import_over_an_existing_file_leaves_it_when_a_row_is_wrong(klynge: Any, tmp_path: Path) -> None:
    filled = _fill(_template(klynge, tmp_path / "t.xlsx"), tmp_path / "f.xlsx", BROKEN[:1])
    target = tmp_path / "poster.yaml"
    target.write_text("before", encoding="utf-8")
    assert klynge("regnskab", "import", str(filled), "-o", str(target)).code == 1
    assert target.read_text(encoding="utf-8") == "before"


def test_a_workbook_that_is_no_template(klynge: Any, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    assert klynge("calc", "opstartsmidler-2022", "-o", str(other)).code == 0
    result: Run = klynge("regnskab", "import", str(other), "-o", str(tmp_path / "p.yaml"))
    assert result.code == 1
    assert result.err == f"{other}: error: is no klynge regnskab template: it has no sheet 'klynge' " \
        "(start from 'klynge regnskab template')\n"  # fmt: skip
    text = tmp_path / "text.xlsx"
    text.write_text("no zip", encoding="utf-8")
    assert "cannot be read as an Excel workbook" in klynge("regnskab", "import", str(text), "-o", "p.yaml").err


def test_the_words_and_the_existing_form(klynge: Any, tmp_path: Path) -> None:
    assert klynge("regnskab", SYD, "--ledger", str(LEDGER)).code == 0
    helped: Run = klynge("regnskab", "template", "--help")
    assert helped.code == 0 and helped.out.startswith("usage: klynge regnskab template")
    assert "klynge regnskab template" in klynge("regnskab", "--help").out
    assert "regnskab-template" not in klynge("--help").out
    wrong: Run = klynge("regnskab", "template", SYD, "-o", str(tmp_path / "t.csv"))
    assert wrong.code == 2 and "*.xlsx" in wrong.err
    unknown: Run = klynge("regnskab", "template", "hovedstaden-sud", "-o", str(tmp_path / "t.xlsx"))
    assert unknown.code == 2 and "hovedstaden-syd" in unknown.err and not (tmp_path / "t.xlsx").exists()
    assert klynge("--lang", "en", "regnskab", "import", str(tmp_path / "none.xlsx"), "-o", "p.yaml").code == 2


def test_template_and_import_say_what_they_wrote(klynge: Any, tmp_path: Path) -> None:
    """Staff see that the file is there and what it holds, as after import-dst."""
    target = tmp_path / "t.xlsx"
    made: Run = klynge("--lang", "da", "regnskab", "template", "hovedstaden-syd", "-o", str(target))
    # Klynge Syd's contributors under opstartsmidler-2022: ten kommuner (Rødovre pays through Midt) and the region.
    assert made.out == f"{target}: skrevet (en skabelon til Klynge Syd (Region Hovedstaden), 11 bidragydere).\n"
    written = tmp_path / "haandskrevet.yaml"
    written.write_text(HAND_WRITTEN, encoding="utf-8")
    filled = _fill(target, tmp_path / "f.xlsx", [_row(e) for e in _ledger(written).entries])
    read: Run = klynge("regnskab", "import", str(filled), "-o", str(tmp_path / "poster.yaml"))
    assert read.out == f"{tmp_path / 'poster.yaml'}: written (3 entries).\n"
