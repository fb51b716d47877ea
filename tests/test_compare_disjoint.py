"""``klynge compare`` refuses what would compare nothing, and still compares what it can.

compare sets what each kommune bears side by side, with each rule's difference to a baseline. A rule
whose rows are klynger gives no kommune anything, and rules without a kommune in common give every
difference against a zero: such a table of zeros is refused with one line (exit 1), and nothing is written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import RULES

SYD = "sekretariat-syd-2022"
MODEL2 = "sekretariat-model2-2022"
NORD, BORNHOLM = "sekretariat-nord", "sekretariat-bornholm"
# Klynge Nord's members in rules/data/klynger-2022.yaml.
NORD_MEMBERS = {"Helsingør", "Hørsholm", "Hillerød", "Frederikssund", "Fredensborg", "Allerød", "Gribskov", "Halsnæs"}
NOTHING = "no kommune with"


def variant(rules: Path, rule_id: str, cluster: str, extra: str = "") -> None:
    """Model 2 restricted to one klynge, as sekretariat-syd-2022 restricts it to Klynge Syd."""
    text = (
        f"kind: rule\nid: {rule_id}\ntitle: {rule_id}\nbased_on: {MODEL2}\nmembers:\n  clusters: [{cluster}]\n{extra}"
    )
    (rules / f"{rule_id}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def rules(tmp_path: Path, klynge) -> Path:  # type: ignore[no-untyped-def]
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    variant(copy, NORD, "hovedstaden-nord")
    variant(copy, BORNHOLM, "hovedstaden-bornholm")
    variant(copy, "syd-pr-klynge", "hovedstaden-syd", "split_to: cluster\n")
    assert klynge("validate", "--rules-dir", str(copy)).code == 0
    return copy


def compare_json(klynge, rules: Path, *refs: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = klynge("compare", *refs, "--rules-dir", str(rules), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def refused(klynge, rules: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    """Run a compare that must be refused; return its one error line."""
    output = rules.parent / "out.csv"
    result = klynge("compare", *args, "--rules-dir", str(rules), "--output", str(output))
    assert result.code == 1, result.err
    assert result.out == "" and not output.exists()
    assert len(result.err.splitlines()) == 1 and result.err.startswith("klynge: error: ")
    assert "Traceback" not in result.err
    return result.err


def test_the_variants_cover_one_klynge_each(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    nord = compare_json(klynge, rules, NORD)
    assert {r["name"] for r in nord["rows"] if r["level"] == "municipality"} == NORD_MEMBERS
    bornholm = compare_json(klynge, rules, BORNHOLM)
    assert {r["name"]: r["values"][BORNHOLM] for r in bornholm["rows"]} == {"Bornholm": 370_000, "I alt": 370_000}


def test_two_rules_without_a_common_kommune_are_refused(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    error = refused(klynge, rules, NORD, BORNHOLM)
    assert f"{BORNHOLM} shares {NOTHING} the baseline {NORD}" in error  # the first rule is the baseline


def test_a_rule_without_a_kommune_in_common_with_the_baseline_is_refused(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    error = refused(klynge, rules, NORD, BORNHOLM, SYD, "--baseline", SYD)
    assert f"{NORD} and {BORNHOLM} share {NOTHING} the baseline {SYD}" in error


def test_without_a_baseline_each_rule_needs_a_kommune_in_common_with_another(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    # Model 1 is the baseline here and cannot be computed without medformandskommuner.
    error = refused(klynge, rules, "sekretariat-model1-2022", NORD, BORNHOLM)
    assert f"{NORD} and {BORNHOLM} share {NOTHING} any other compared rule" in error


def test_rules_of_different_klynger_against_a_baseline_over_both_are_compared(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    document = compare_json(klynge, rules, NORD, BORNHOLM, MODEL2)
    assert document["baseline"] == MODEL2
    rows = {r["name"]: r for r in document["rows"] if r["level"] == "municipality"}
    assert rows["Bornholm"]["differences"] == {NORD: -370_000, BORNHOLM: 0, MODEL2: 0}
    assert all(rows[name]["differences"][NORD] == 0 for name in NORD_MEMBERS)  # the same key within the klynge


def test_a_rule_whose_rows_are_klynger_is_refused(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    error = refused(klynge, rules, "opstartsmidler-2022", SYD)
    assert "opstartsmidler-2022 splits the cost among klynger, not kommuner" in error
    # Members in common do not help: the rule still gives no kommune a row.
    assert "syd-pr-klynge splits" in refused(klynge, rules, "syd-pr-klynge", SYD)


def test_a_klynge_rule_alone_is_refused_not_a_traceback(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    assert "opstartsmidler-2022 splits" in refused(klynge, rules, "opstartsmidler-2022")


def test_a_real_comparison_is_unchanged(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("compare", "sekretariat-model2-2022", "sekretariat-model3-2022", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert len([r for r in document["rows"] if r["level"] == "municipality"]) == 29
    syd = klynge("compare", SYD, MODEL2, "--format", "json")
    assert syd.code == 0 and syd.err == ""
