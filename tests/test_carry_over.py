"""Carried funds as an input to the next year (issue 14, item 5): ``klynge regnskab --carry-over`` writes a
``kind: carry_over`` file, and a rule's pot takes its amount from it with ``amount: {carried: ID}``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .conftest import FIXTURES, Run

LEDGER = FIXTURES / "regnskab" / "syd-2022.yaml"
COMMITMENTS = FIXTURES / "regnskab" / "tilsagn-2022.yaml"

# A synthetic 2023 rule: Klynge Syd's ½ årsværk and a second pot of the funds each klynge carried from 2022.
RULE_2023 = """\
kind: rule
id: syd-2023
title: Syntetisk 2023-regel med overførte midler
based_on: sekretariat-syd-2022
source:
  document: Test
members:
  clusters: [{clusters}]
rounding:
  method: nearest
pots:
  - id: overfoert
    title: Overførte midler fra 2022
    amount: {{carried: {carried}}}
    for_each_cluster: true
    source:
      document: Test
"""


def _carry_over(klynge: Any, target: Path, *extra: str) -> Run:
    ledger, commitments = str(LEDGER), str(COMMITMENTS)
    return klynge(
        *extra, "regnskab", "hovedstaden-syd", "--ledger", ledger, "--commitments", commitments,
        "--carry-over", "-o", str(target),
    )  # fmt: skip


def _workspace(klynge: Any, tmp_path: Path, clusters: str = "hovedstaden-syd", carried: str = "overfoert-2022") -> Path:
    """A rules directory with the carry-over file in its data/ and the 2023 rule beside it."""
    (tmp_path / "data").mkdir()
    assert _carry_over(klynge, tmp_path / "data" / "overfoert-2022.yaml").code == 0
    rule = tmp_path / "syd-2023.yaml"
    rule.write_text(RULE_2023.format(clusters=clusters, carried=carried), encoding="utf-8")
    return rule


def _regnskab(klynge: Any) -> dict[str, Any]:
    books = ("regnskab", "hovedstaden-syd", "--ledger", str(LEDGER), "--commitments", str(COMMITMENTS))
    run = klynge(*books, "-f", "json")
    assert run.code == 0, run.err
    return dict(json.loads(run.out, parse_float=Decimal))


def test_the_file_holds_the_carried_column_of_the_regnskab(klynge: Any, tmp_path: Path) -> None:
    target = tmp_path / "overfoert-2022.yaml"
    assert _carry_over(klynge, target).code == 0
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    contributors = _regnskab(klynge)["clusters"][0]["contributors"]
    expected = {c["contributor"]: Decimal(c["carried"]) for c in contributors if c["carried"] > 0}
    assert {k: Decimal(str(v)) for k, v in written["amounts"]["hovedstaden-syd"].items()} == expected
    assert written["kind"] == "carry_over" and written["id"] == "overfoert-2022" and written["year"] == 2022
    assert written["source"] == {
        "rule": "opstartsmidler-2022",
        "ledger": "regnskab-syd-2022",
        "commitments": "tilsagn-syd-2022",
        "note": written["source"]["note"],
    }


def test_only_a_committed_contributor_carries_its_budget_less_its_spending(klynge: Any, tmp_path: Path) -> None:
    """Worked out from the fixtures: only Hvidovre has committed and has funds left (tilsagn-2022.yaml)."""
    target = tmp_path / "overfoert-2022.yaml"
    assert _carry_over(klynge, target).code == 0
    entries = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["entries"]
    spent = sum((Decimal(str(e["amount"])) for e in entries if e["contributor"] == "Hvidovre"), Decimal(0))
    contributors = _regnskab(klynge)["clusters"][0]["contributors"]
    budget = next(c["budget"] for c in contributors if c["contributor"] == "Hvidovre")
    written = yaml.safe_load(target.read_text(encoding="utf-8"))["amounts"]
    assert list(written) == ["hovedstaden-syd"] and list(written["hovedstaden-syd"]) == ["Hvidovre"]
    assert Decimal(str(written["hovedstaden-syd"]["Hvidovre"])) == budget - spent > 0


def test_the_file_validates_and_is_listed(klynge: Any, tmp_path: Path) -> None:
    _workspace(klynge, tmp_path)
    assert klynge("validate", str(tmp_path / "data" / "overfoert-2022.yaml")).code == 0
    listed = klynge("list", "--rules-dir", str(tmp_path), "--format", "json")
    assert '"overfoert-2022"' in listed.out and "overførsel" in listed.out


def test_the_danish_file_says_where_the_amounts_come_from(klynge: Any, tmp_path: Path) -> None:
    target = tmp_path / "overfoert-2022.yaml"
    assert _carry_over(klynge, target, "--lang", "da").code == 0
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["title"] == "Overført til 2023: uforbrugte midler fra 2022 under opstartsmidler-2022"
    assert "udgiftsloft" in written["source"]["note"] and "tilsagn" in written["source"]["note"]


def test_nothing_is_written_on_wrong_usage_or_a_broken_ledger(klynge: Any, tmp_path: Path) -> None:
    target = tmp_path / "overfoert-2022.yaml"
    run = klynge("regnskab", "--ledger", str(LEDGER), "--carry-over", "-f", "json", "-o", str(target))
    assert run.code == 2 and "--carry-over" in run.err
    run = klynge("regnskab", "--ledger", str(LEDGER), "--carry-over", "-o", str(tmp_path / "overfoert.csv"))
    assert run.code == 2 and "*.yaml" in run.err
    broken = tmp_path / "broken.yaml"
    broken.write_text(LEDGER.read_text(encoding="utf-8").replace("hovedstaden-syd", "hovedstaden-sud", 1))
    run = klynge("regnskab", "--ledger", str(broken), "--carry-over", "-o", str(target))
    assert run.code == 1 and "Traceback" not in run.err
    assert not any(tmp_path.glob("overfoert*"))


def test_a_2023_pot_takes_the_carried_sum_of_its_klynge(klynge: Any, tmp_path: Path) -> None:
    rule = _workspace(klynge, tmp_path)
    run = klynge("calc", str(rule), "--rules-dir", str(tmp_path), "--format", "json")
    assert run.code == 0, run.err
    result = json.loads(run.out, parse_float=Decimal)
    carried = _regnskab(klynge)["clusters"][0]["totals"]["carried"]
    pot = next(p for p in result["pots"] if p["id"] == "overfoert")
    assert pot["amount"] == carried == Decimal("207772.5")
    syd = next(r for r in result["rows"] if r["level"] == "cluster")
    assert syd["amounts"] == {"sekretariat": 370000, "overfoert": 207773}  # ,50 rounded half away from zero


def test_a_klynge_that_carried_nothing_gets_0(klynge: Any, tmp_path: Path) -> None:
    rule = _workspace(klynge, tmp_path, clusters="hovedstaden-syd, hovedstaden-nord")
    run = klynge("calc", str(rule), "--rules-dir", str(tmp_path), "--format", "json")
    assert run.code == 0, run.err
    clusters = {r["name"]: r["amounts"] for r in json.loads(run.out)["rows"] if r["level"] == "cluster"}
    assert clusters["Klynge Nord"]["overfoert"] == 0
    assert clusters["Klynge Syd"]["overfoert"] == 207773  # 207.772,50 rounded on its own (nearest)


def test_explain_cites_the_carry_over_file(klynge: Any, tmp_path: Path) -> None:
    rule = _workspace(klynge, tmp_path)
    run = klynge("explain", str(rule), "Hvidovre", "--rules-dir", str(tmp_path))
    assert run.code == 0, run.err
    line = next(x for x in run.out.splitlines() if x.startswith("Pot 'Overførte midler fra 2022'"))
    assert "207.772,50 kr. (carried funds in overfoert-2022, " in line
    assert "overfoert-2022.yaml" in line and "ledger regnskab-syd-2022" in line


def test_an_unknown_carry_over_id_is_a_problem_at_its_line(klynge: Any, tmp_path: Path) -> None:
    rule = _workspace(klynge, tmp_path, carried="overfort-2022")
    run = klynge("calc", str(rule), "--rules-dir", str(tmp_path))
    assert run.code == 1
    shown = f"{rule}:14:23: error: unknown carry_over file 'overfort-2022' (did you mean 'overfoert-2022'?)"
    assert run.err.splitlines() == [shown]
    run = klynge("--lang", "da", "calc", str(rule), "--rules-dir", str(tmp_path))
    assert run.err.splitlines() == [
        f"{rule}:14:23: error: ukendt overførselsfil 'overfort-2022' (mente du 'overfoert-2022'?)"
    ]
