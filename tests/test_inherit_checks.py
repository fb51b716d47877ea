"""Published tables and expectations belong to the rule that declares them: a variant checks its base's
only when it says ``inherit_checks: true``, and a failure on such a table says where it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTHING = "No rules with published tables or expectations.\n"


@pytest.fixture
def rules(rules_copy: Path) -> Path:
    return rules_copy


def variant(rules: Path, name: str, base: str, *extra: str) -> Path:
    """A what-if variant of ``base``: the same rule with the kommuner's pot at 50 mio. kr."""
    path = rules / f"{name}.yaml"
    lines = ["kind: rule", f"id: {name}", f"based_on: {base}", *extra, f"title: What if, {name}"]
    lines += ["source:", "  document: A what-if", "pots:", "  - id: kommuner", "    amount: 50000000"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_what_if_variant_does_not_inherit_its_bases_table(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    whatif = variant(rules, "opstart-whatif", "opstartsmidler-2022")

    alone = klynge("test", "--rules-dir", str(rules), str(whatif))
    everything = klynge("test", "--rules-dir", str(rules))
    computed = klynge("calc", "--rules-dir", str(rules), str(whatif), "-f", "json")

    assert (alone.code, alone.out, alone.err) == (0, NOTHING, "")
    assert everything.code == 0
    assert everything.out.endswith("2 of 2 tables match (with declared deviations).\n")
    assert "opstart-whatif" not in everything.out
    assert computed.code == 0 and '"amount": 90000000' in computed.out  # the what-if is computed: 50 + 40 mio.


def test_inherit_checks_checks_the_bases_table_and_says_where_it_comes_from(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    whatif = variant(rules, "opstart-whatif", "opstartsmidler-2022", "inherit_checks: true")
    base = rules / "opstartsmidler-2022.yaml"
    declared = f"{base}:{line_of(base, 'published:') + 1}"

    result = klynge("test", "--rules-dir", str(rules), str(whatif))

    assert result.code == 1
    table = rules / "published" / "bilag1_tabel1_opstartsmidler_2022.csv"
    assert result.out.startswith(f"opstart-whatif: {table} (inherited from opstartsmidler-2022, {declared})\n")
    assert (
        "FAILED: I alt, kommuner: published 40.000.000, computed 50.000.000 (−10.000.000; not declared)" in result.out
    )
    switch = f"{whatif}:{line_of(whatif, 'inherit_checks: true')}"
    hint = (
        f"  The table is opstartsmidler-2022's ({declared}): remove 'inherit_checks: true' at {switch}"
        " to check only opstart-whatif's own tables.\n"
    )
    assert hint in result.out
    assert result.out.endswith("0 of 1 tables match (with declared deviations).\n")


def test_an_inherited_table_that_still_holds_passes(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "retitled.yaml"
    path.write_text(
        "kind: rule\nid: retitled\nbased_on: opstartsmidler-2022\ninherit_checks: true\ntitle: Retitled\n"
        "source:\n  document: A copy\n",
        encoding="utf-8",
    )

    result = klynge("test", "--rules-dir", str(rules), str(path))

    assert result.code == 0, result.out
    assert result.out.startswith("retitled: ") and "(inherited from opstartsmidler-2022, " in result.out
    assert "OK: 84 cells checked, 11 differ, 11 explained." in result.out
    assert "remove 'inherit_checks: true'" not in result.out


def test_expectations_are_inherited_only_on_request(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    syd = rules / "sekretariat-syd-2022.yaml"
    expect = (
        "expect:\n  - row: København (Klynge Syd)\n    column: amount\n    value: 177678\n"
        "    source: {document: the Syd table}\n"
    )
    syd.write_text(syd.read_text(encoding="utf-8") + expect, encoding="utf-8")
    plain = rules / "syd-half.yaml"
    plain.write_text(
        "kind: rule\nid: syd-half\nbased_on: sekretariat-syd-2022\ntitle: Half\nsource:\n  document: A what-if\n"
        "pots:\n  - id: sekretariat\n    amount: 185000\n",
        encoding="utf-8",
    )
    checked = rules / "syd-half-checked.yaml"
    text = plain.read_text(encoding="utf-8").replace("id: syd-half", "id: syd-half-checked\ninherit_checks: true")
    checked.write_text(text, encoding="utf-8")

    assert klynge("test", "--rules-dir", str(rules), str(syd)).code == 0
    assert klynge("test", "--rules-dir", str(rules), str(plain)).out == NOTHING
    result = klynge("test", "--rules-dir", str(rules), str(checked))

    assert result.code == 1
    assert f"syd-half-checked: expect (inherited from sekretariat-syd-2022, {syd}:" in result.out
    assert "FAILED: København (Klynge Syd), amount: published 177.678, computed 88.839" in result.out
    assert result.out.endswith("0 of 2 tables match (with declared deviations).\n")


def test_inherit_checks_is_not_itself_inherited(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    first = rules / "syd-copy.yaml"
    first.write_text(
        "kind: rule\nid: syd-copy\nbased_on: sekretariat-syd-2022\ninherit_checks: true\ntitle: Copy\n"
        "source:\n  document: A copy\n",
        encoding="utf-8",
    )
    second = rules / "syd-copy-copy.yaml"
    second.write_text(
        "kind: rule\nid: syd-copy-copy\nbased_on: syd-copy\ntitle: Copy of a copy\nsource:\n  document: A copy\n",
        encoding="utf-8",
    )

    copied = klynge("test", "--rules-dir", str(rules), str(first))
    again = klynge("test", "--rules-dir", str(rules), str(second))

    assert copied.code == 0 and "(inherited from sekretariat-syd-2022, " in copied.out
    assert "OK: 33 cells checked, 0 differ, 0 explained." in copied.out
    assert (again.code, again.out) == (0, NOTHING)


def test_the_shipped_syd_variant_checks_its_own_table(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("test", "rules/sekretariat-syd-2022.yaml")

    assert result.code == 0
    assert result.out == (
        "sekretariat-syd-2022: rules/published/syd_sekretariat_halvt_aarsvaerk_2022.csv\n"
        "  OK: 33 cells checked, 0 differ, 0 explained.\n\n"
        "1 of 1 tables match (with declared deviations).\n"
    )


def test_inherit_checks_without_based_on_is_an_error(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "lonely.yaml"
    text = (rules / "sekretariat-model2-2022.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("id: sekretariat-model2-2022", "id: lonely\ninherit_checks: true"), encoding="utf-8")
    line = line_of(path, "inherit_checks: true")

    result = klynge("validate", "--rules-dir", str(rules), str(path))

    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{path}:{line}:1: error: inherit_checks is for a variant; this rule has no based_on"
        " (remove inherit_checks, or name the rule this one varies with based_on: ID)"
    )


def test_inherit_checks_with_tables_of_its_own_is_refused(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    own = ["expect:", "  - {row: I alt, column: amount, value: 90000000, source: {document: A what-if}}"]
    path = variant(rules, "both", "opstartsmidler-2022", "inherit_checks: true")
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(own) + "\n", encoding="utf-8")
    result = klynge("test", "--rules-dir", str(rules), str(path))
    assert result.code == 1 and "Traceback" not in result.err
    expected = f"{path}:{line_of(path, 'expect:')}:1: error: inherit_checks: true takes the base's tables"
    assert result.err.startswith(expected)
