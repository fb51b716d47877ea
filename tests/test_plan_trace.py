"""The compiled plan and the trace: explain shows what the computation did (it computes nothing), rows
are told apart by id, and only the plan reads the shape of a pot."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from .conftest import REPO

ENGINE = REPO / "engine"
SHAPE_KEYS = ("by_region", "for_each_cluster", "split_within", "split_to", "paid_to")
TWO_SYD = """\
kind: rule
id: to-syd
based_on: sekretariat-model2-2022
title: To klynger ved navn Klynge Syd
members:
  clusters: [nordjylland-syd, hovedstaden-syd]
"""


def number(value: int | str) -> Fraction:
    return Fraction(value)


def explained(klynge, *args: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    result = klynge("explain", *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def calc_row(klynge, rule: str, label: str, *args: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    document = json.loads(klynge("calc", rule, "--format", "json", *args).out)
    rows = [r for r in document["rows"] if f"{r['name']} ({r.get('region') or r.get('cluster')})" == label]
    rows = rows or [r for r in document["rows"] if r["name"] == label]
    assert len(rows) == 1, rows
    return rows[0]  # type: ignore[no-any-return]


def test_the_trace_is_the_calculation(klynge) -> None:  # type: ignore[no-untyped-def]
    label = "Klynge Syd (Region Hovedstaden)"
    trace = explained(klynge, "opstartsmidler-2022", label)
    assert trace["row"]["key"] == {"level": "cluster", "id": "hovedstaden-syd", "cluster": None}
    row = calc_row(klynge, "opstartsmidler-2022", label)
    cells = {pot["id"]: pot["cell"] for pot in trace["pots"]}
    assert {p: number(c["amount"]) for p, c in cells.items()} == {p: number(v) for p, v in row["amounts"].items()}
    for cell in cells.values():
        for step in cell["steps"]:  # every step's numbers hold: whole × basis / of_basis = exact
            assert number(step["whole"]) * number(step["basis"]) / number(step["of_basis"]) == number(step["exact"])
        assert number(cell["steps"][-1]["exact"]) == number(cell["exact"])


def test_a_name_two_klynger_share_is_refused_with_both(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("explain", "opstartsmidler-2022", "Klynge Syd", "--format", "json")
    assert result.code == 2 and result.out == ""
    assert "'Klynge Syd (Region Nordjylland)'; 'Klynge Syd (Region Hovedstaden)'" in result.err


def test_the_inputs_carry_their_checksums(klynge) -> None:  # type: ignore[no-untyped-def]
    trace = explained(klynge, "sekretariat-syd-2022", "København")
    names = {Path(i["path"]).name for i in trace["inputs"]}
    assert {"sekretariat-syd-2022.yaml", "sekretariat-model2-2022.yaml", "folk1a-2022K1.yaml"} <= names
    assert "klynger-2022.yaml" in names and trace["klynge"]
    for item in trace["inputs"]:
        assert hashlib.sha256(Path(item["path"]).read_bytes()).hexdigest() == item["sha256"]


def test_largest_remainder_splits_what_the_region_got(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    # 40.000.001 kr. on the regions leaves fractions: the second step splits the region's rounded amount.
    text = (
        "kind: rule\nid: lr\nbased_on: opstartsmidler-2022\ntitle: LR\n"
        "rounding: {method: largest_remainder}\npots:\n  - id: regioner\n    amount: 40000001\n"
    )
    (rules_copy / "lr.yaml").write_text(text, encoding="utf-8")
    trace = explained(
        klynge, "lr", "Klynge Syd (Region Hovedstaden)", "--pot", "regioner", "--rules-dir", str(rules_copy)
    )
    first, second = trace["pots"][0]["cell"]["steps"]
    region = calc_row(klynge, "lr", "Region Hovedstaden", "--rules-dir", str(rules_copy))
    assert number(first["exact"]).denominator != 1  # the region's exact share has a fraction
    assert number(second["whole"]) == number(region["amounts"]["regioner"])  # what it was rounded to


def test_the_rounding_sentence_names_the_unit(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    text = "kind: rule\nid: tusind\nbased_on: sekretariat-syd-2022\ntitle: T\nrounding: {method: nearest, unit: 1000}\n"
    (rules_copy / "tusind.yaml").write_text(text, encoding="utf-8")
    out = klynge("explain", "tusind", "København", "--rules-dir", str(rules_copy), "--lang", "da").out
    rule = "hvert beløb afrundet for sig til nærmeste 1.000 kr., også totaler, hver fra sit eksakte beløb"
    assert f"Afrunding: nearest, totals: exact ({rule}), enhed 1.000 kr." in out
    # 370.000 × 287.181 / 598.032 = 177.677,73..., to the nearest 1.000 kr.: 178.000.
    assert "Beregning: 370.000 × 287.181 / 598.032 = 177.677,73 → 178.000" in out


def test_two_klynger_of_one_name_are_told_apart(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    (rules_copy / "to-syd.yaml").write_text(TWO_SYD, encoding="utf-8")
    chairs = ("--set", "co_chairs.hovedstaden-syd=Albertslund", "--set", "co_chairs.nordjylland-syd=Rebild")
    out = klynge("calc", "to-syd", "--rules-dir", str(rules_copy), *chairs).out
    assert re.search(r"^  Klynge Syd \(Region Nordjylland\) +108\.634", out, re.M)
    assert re.search(r"^  Klynge Syd \(Region Hovedstaden\) +598\.032", out, re.M)
    # Each medformandskommune receives its own klynge's 370.000 kr. (found by klynge id, not by name).
    assert "Rebild: pays 104.378 kr., receives 370.000 kr." in out
    assert "Albertslund: pays 17.075 kr., receives 370.000 kr." in out


def test_only_the_plan_reads_the_shape_of_a_pot() -> None:
    readers = []
    for path in sorted(ENGINE.glob("*.py")):
        if path.name in ("plan.py", "models.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        readers += [
            f"{path.name}:{n.lineno} .{n.attr}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in SHAPE_KEYS and not _enum(n.value)
        ]
    assert readers == []


def _enum(node: ast.expr) -> bool:
    """Shape.by_region and Grouping.by_region name the plan's own kinds, not a rule's keys."""
    return isinstance(node, ast.Name) and node.id in ("Shape", "Grouping")


def test_explain_computes_nothing() -> None:
    for name in ("explain.py", "audit.py"):
        tree = ast.parse((REPO / "report" / name).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "allocation" not in imported, name
        called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not called & {"split", "round_nearest", "compute", "tabulate"}, name


def test_the_engine_renders_nothing() -> None:
    """engine/ computes; the report package writes tables, Markdown, workbooks and JSON."""
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in modules if m.split(".")[0] in ("rich", "openpyxl")}, path.name  # tables, workbooks
        assert not any("report" in m.split(".") for m in modules), path.name
