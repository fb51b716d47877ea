"""klynge test and klynge validate through their report model: the terminal table in Danish and English,
Markdown, and JSON for tools (every differing cell, exact numbers as plain strings)."""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction
from pathlib import Path

from klynge.report.model import Kind, written
from klynge.report.testreport import plain

from .conftest import REPO

TABEL1 = "rules/published/bilag1_tabel1_opstartsmidler_2022.csv"
SYD = "rules/published/syd_sekretariat_halvt_aarsvaerk_2022.csv"
ROSKILDE = "Klyngen Roskilde/Køge (Region Sjælland)"


def published(row: str, column: str) -> int:
    """A cell of Tabel 1 as the CSV file states it, read without klynge."""
    with (REPO / TABEL1).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            label = f"{record['cluster']} ({record['region']})" if record["level"] == "cluster" else record["region"]
            if label == row:
                return int(record[column])
    raise KeyError(row)


def computed(klynge, row: str, column: str) -> int:  # type: ignore[no-untyped-def]
    """The same cell as klynge calc computes it."""
    result = json.loads(klynge("calc", "opstartsmidler-2022", "-f", "json").out)
    pot = {"i_alt": "amount", "region_amount": "regioner"}.get(column, column)  # the rule's published columns
    for shown in result["rows"]:
        label = f"{shown['name']} ({shown['region']})" if shown["level"] == "cluster" else shown["name"]
        if label == row:
            return int(shown["amount"] if pot == "amount" else shown["amounts"][pot])
    raise KeyError(row)


def test_a_table_without_differences_reads_as_today_in_danish(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "da", "test", "sekretariat-syd-2022")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"sekretariat-syd-2022: {SYD}\n"
        "  OK: 33 celler tjekket, 0 afviger, 0 forklaret.\n\n"
        "1 af 1 tabeller stemmer (med erklærede afvigelser).\n"
    )


def test_the_same_in_english(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "en", "test", "sekretariat-syd-2022")
    assert result.out == (
        f"sekretariat-syd-2022: {SYD}\n"
        "  OK: 33 cells checked, 0 differ, 0 explained.\n\n"
        "1 of 1 tables match (with declared deviations).\n"
    )


def test_the_differing_cells_form_a_danish_table_with_text_to_the_left(klynge) -> None:  # type: ignore[no-untyped-def]
    out = klynge("--lang", "da", "test", "opstartsmidler-2022").out
    lines = out.splitlines()
    assert lines[0] == f"opstartsmidler-2022: {TABEL1}"
    head = next(line for line in lines if "Række" in line)
    assert re.fullmatch(r"  Række +Kolonne +Offentliggjort +Beregnet +Forskel +Begrundelse +", head)
    row = next(line for line in lines if line.startswith(f"  {ROSKILDE} "))
    stated, made = published(ROSKILDE, "region_amount"), computed(klynge, ROSKILDE, "region_amount")
    assert (stated, made) == (2_092_884, 2_092_883)
    assert row.split()[-5:] == ["region_amount", "2.092.884", "2.092.883", "+1", "[1]"]
    # Kolonne and Begrundelse are text: they start where their headings start; numbers end under theirs.
    assert row.index("region_amount") == head.index("Kolonne")
    assert row.index("[1]") == head.index("Begrundelse")
    assert row.index("2.092.883") + len("2.092.883") == head.index("Beregnet") + len("Beregnet")
    key = "  [1] 1 kr.: nøglens præcision. Tabel 1 angiver kun regionernes nøgle i hele kroner. Med regionsbeløbet"
    assert any(line.startswith(key) for line in lines)
    assert any(line.startswith("  Tabellens egen sum: Region Nordjylland, region_amount: ") for line in lines)
    assert "  OK: 84 celler tjekket, 11 afviger, 11 forklaret." in lines


def test_english_headings_and_notes(klynge) -> None:  # type: ignore[no-untyped-def]
    lines = klynge("--lang", "en", "test", "opstartsmidler-2022").out.splitlines()
    assert any(re.fullmatch(r"  Row +Column +Published +Computed +Difference +Reason +", line) for line in lines)
    assert any(line.startswith("  The table's own sum: Region Nordjylland, region_amount: ") for line in lines)
    assert lines[-1] == "1 of 1 tables match (with declared deviations)."


def test_a_wrong_declaration_is_not_explained_in_danish(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules_copy / "opstartsmidler-2022.yaml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(text.replace("column: region_amount, difference: 1,", "column: region_amount, difference: 2,"))
    result = klynge("--lang", "da", "test", "--rules-dir", str(rules_copy), "opstartsmidler-2022")
    assert result.code == 1
    lines = result.out.splitlines()
    at = next(index for index, line in enumerate(lines) if line.startswith(f"  {ROSKILDE} "))
    # Begrundelse is the one column that wraps, as it did before the report model
    assert lines[at].rstrip().endswith("+1   IKKE FORKLARET") and lines[at + 1].strip() == "(erklæret +2)"
    # the failure itself is the engine's sentence; the report marks it
    assert any(line.startswith("  FEJL: ") and ROSKILDE in line for line in result.out.splitlines())
    assert "  FEJL: 84 celler tjekket, 11 afviger, 10 forklaret." in result.out
    assert result.out.endswith("\n0 af 1 tabeller stemmer (med erklærede afvigelser).\n")


def test_an_undeclared_difference_is_not_explained(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules_copy / "opstartsmidler-2022.yaml"
    text = rule.read_text(encoding="utf-8")
    start = text.index("      - {row: Klyngen Roskilde/Køge (Region Sjælland), column: region_amount")
    rule.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    danish = klynge("--lang", "da", "test", "--rules-dir", str(rules_copy), "opstartsmidler-2022")
    english = klynge("--lang", "en", "test", "--rules-dir", str(rules_copy), "opstartsmidler-2022", "-f", "json")
    assert danish.code == english.code == 1
    assert next(line for line in danish.out.splitlines() if line.startswith(f"  {ROSKILDE} ")).rstrip().endswith(
        "+1   IKKE FORKLARET"
    )
    table = json.loads(english.out)["tables"][0]
    cell = next(c for c in table["cells"] if c["row"] == ROSKILDE)
    assert cell == {
        "row": ROSKILDE,
        "column": "region_amount",
        "published": "2092884",
        "computed": "2092883",
        "difference": "1",
        "declared": None,
        "reason": None,
        "ok": False,
    }
    assert json.loads(english.out)["ok"] is False and table["ok"] is False


def test_json_gives_every_differing_cell_exactly(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("test", "-f", "json")
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out)
    assert document["ok"] is True
    assert [(t["rule"], t["table"], t["checked"], len(t["cells"]), t["ok"]) for t in document["tables"]] == [
        ("opstartsmidler-2022", TABEL1, 84, 11, True),
        ("sekretariat-syd-2022", SYD, 33, 0, True),
    ]
    tabel1 = document["tables"][0]
    for cell in tabel1["cells"]:
        assert all(isinstance(cell[k], str) for k in ("published", "computed", "difference", "declared"))
        assert Fraction(cell["published"]) - Fraction(cell["computed"]) == Fraction(cell["difference"])
        assert cell["declared"] == cell["difference"] and cell["reason"] and cell["ok"] is True
        assert int(cell["published"]) == published(cell["row"], cell["column"])
    nordjylland = next(c for c in tabel1["cells"] if c["row"] == "Region Nordjylland")
    assert nordjylland["computed"] == str(computed(klynge, "Region Nordjylland", "i_alt")) == "8165885"
    assert tabel1["inherited_from"] is None and tabel1["stale"] == tabel1["missing"] == []
    assert "Region Syddanmark, region_amount: 8.557.655 published" in " ".join(tabel1["sums"])


def test_json_is_the_same_in_both_languages_but_for_sentences(klynge) -> None:  # type: ignore[no-untyped-def]
    danish = json.loads(klynge("--lang", "da", "test", "sekretariat-syd-2022", "-f", "json").out)
    english = json.loads(klynge("--lang", "en", "test", "sekretariat-syd-2022", "-f", "json").out)
    assert danish == english


def test_markdown_for_a_pull_request(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "da", "test", "-f", "md")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == f"## opstartsmidler-2022: {TABEL1}"
    assert "| Række | Kolonne | Offentliggjort | Beregnet | Forskel | Begrundelse |" in lines
    assert "|---|---|---:|---:|---:|---|" in lines
    assert f"| {ROSKILDE} | region_amount | 2.092.884 | 2.092.883 | +1 | [1] |" in lines
    assert f"## sekretariat-syd-2022: {SYD}" in lines
    assert lines[-1] == "2 af 2 tabeller stemmer (med erklærede afvigelser)."


def test_nothing_to_test(klynge) -> None:  # type: ignore[no-untyped-def]
    danish = klynge("--lang", "da", "test", "sekretariat-model3-2022")
    english = klynge("--lang", "en", "test", "sekretariat-model3-2022", "-f", "json")
    assert (danish.code, danish.out) == (0, "Ingen regler med offentliggjorte tabeller eller forventninger.\n")
    assert json.loads(english.out) == {"ok": True, "tables": []}


def test_an_inherited_table_says_so_in_danish(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    whatif = rules_copy / "opstart-whatif.yaml"
    whatif.write_text(
        "kind: rule\nid: opstart-whatif\nbased_on: opstartsmidler-2022\ninherit_checks: true\ntitle: What if\n"
        "source:\n  document: A what-if\npots:\n  - id: kommuner\n    amount: 50000000\n",
        encoding="utf-8",
    )
    result = klynge("--lang", "da", "test", "--rules-dir", str(rules_copy), str(whatif))
    assert result.code == 1
    first = result.out.splitlines()[0]
    heading = r"opstart-whatif: \S+bilag1_tabel1_opstartsmidler_2022\.csv \(arvet fra opstartsmidler-2022, \S+\)"
    assert re.fullmatch(heading, first)
    assert f"i {whatif}:4, så tjekkes kun tabellerne i opstart-whatif." in result.out
    assert "  Tabellen hører til opstartsmidler-2022 (" in result.out


def test_validate_summarises_in_danish(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    clean = klynge("--lang", "da", "validate", "--rules-dir", str(rules_copy))
    assert (clean.code, clean.out) == (0, "10 filer tjekket: ingen problemer.\n")
    broken = rules_copy / "broken.yaml"
    broken.write_text("kind: rule\nid: broken\nbased_on: sekretariat-sud-2022\n", encoding="utf-8")
    one = klynge("--lang", "da", "validate", "--rules-dir", str(rules_copy), str(broken))
    assert one.code == 1 and one.err.endswith("\n1 fil tjekket: 1 problem.\n")
    assert one.err.startswith(f"{broken}:3:11: error: ")  # the line editors jump from keeps its 'error'


def test_validate_counts_warnings_in_danish(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules_copy / "data" / "medformandskommuner.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    hovedstaden-syd:")
    path.write_text(text[:start] + "    hovedstaden-syd: Rødovre" + text[text.index("\n", start) :], encoding="utf-8")
    result = klynge("--lang", "da", "validate", "--rules-dir", str(rules_copy), str(path))
    assert result.code == 0 and result.out == "1 fil tjekket: ingen problemer, 1 advarsel.\n"
    assert f"{path}:19:22: warning: " in result.err


def test_schema_check_in_danish(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "da", "schema", "--check")
    assert (result.code, result.out) == (0, "0 skemafil(er) ville blive ændret; 8 er ajour.\n")


def test_published_figures_and_their_differences_are_written_as_the_table_prints_them() -> None:
    assert [written(Kind.figure, v) for v in (Fraction(177678), Fraction(4801, 100))] == ["177.678", "48,0"]
    assert [written(Kind.difference, v) for v in (Fraction(728), Fraction(-1, 10))] == ["+728", "−0,1"]
    exact = (Fraction(-1), Fraction(2878173, 10), Fraction(1, 3))
    assert [plain(v) for v in exact] == ["-1", "287817.3", "0.3333333333"]
