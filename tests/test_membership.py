"""Membership of the cluster registry: in a pot over all kommuner every kommune's contributing
weights sum to exactly 1, and the registry's own entries are consistent. Errors name the kommune,
the clusters and the file lines."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, fragment: str, start: int = 0) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if i > start and fragment in line)


def test_a_kommune_in_two_contributing_clusters(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    registry = rules_copy / "data" / "klynger-2022.yaml"
    text = edit(registry, "          - Frederiksberg\n", "          - Frederiksberg\n          - Gribskov\n")
    first = line_of(text, "Allerød, Gribskov, Halsnæs")
    second = line_of(text, "- Gribskov")
    result = klynge("validate", "--rules-dir", str(rules_copy))
    assert result.code == 1
    message = (
        f"klynger-2022.yaml:{second}:13: error: Gribskov's contributing weights sum to 2, not 1: "
        f"1 in Klynge Nord (Region Hovedstaden, line {first}); 1 in Klynge By (Region Hovedstaden, line {second})"
    )
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_kommune_left_out(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    registry = rules_copy / "data" / "klynger-2022.yaml"
    text = edit(registry, "          - Langeland\n", "")
    result = klynge("calc", "--rules-dir", str(rules_copy))
    assert result.code == 1
    assert f"klynger-2022.yaml:{line_of(text, 'regions:')}:1: error: Langeland contributes to no cluster" in result.err


def test_a_split_that_does_not_add_up(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    registry = rules_copy / "data" / "klynger-2022.yaml"
    text = edit(registry, "weight: 0.5533776", "weight: 0.5533777")
    result = klynge("validate", "--rules-dir", str(rules_copy))
    syd, by = (
        line_of(text, "municipality: København"),
        line_of(text, "municipality: København", line_of(text, "hovedstaden-by")),
    )
    expected = (
        f"København's contributing weights sum to 1,0000001, not 1: 0,4466224 in Klynge Syd (Region Hovedstaden, "
        f"line {syd}); 0,5533777 in Klynge By (Region Hovedstaden, line {by})"
    )
    assert expected in result.err


def test_registry_entries_that_contradict_their_footnote(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    registry = rules_copy / "data" / "klynger-2022.yaml"
    admin = '            participation: administrative\n            note: "Tabel 2: Rødovre**'
    weighted = admin.replace("\n", "\n            weight: 0.5\n            weight_reason: test\n", 1)
    edit(registry, admin, weighted)
    edit(registry, "      - id: hovedstaden-by", "      - id: hovedstaden-syd")
    result = klynge("validate", str(registry))
    assert result.code == 1
    message = "Rødovre does not contribute (administrative), so a weight means nothing"
    assert f"{message} (remove the weight, or change participation)" in result.err
    assert "cluster id 'hovedstaden-syd' is used twice (first on line" in result.err


def test_an_unknown_cluster_in_a_rule(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules_copy / "sekretariat-syd-2022.yaml"
    text = edit(rule, "clusters: [hovedstaden-syd]", "clusters: [hovedstaden-sud]")
    result = klynge("validate", str(rule), "--rules-dir", str(rules_copy))
    at = line_of(text, "clusters: [hovedstaden-sud]")
    assert (
        f"sekretariat-syd-2022.yaml:{at}:14: error: unknown cluster 'hovedstaden-sud' (did you mean 'hovedstaden-syd'?)"
        in result.err
    )


def test_an_override_for_someone_not_selected(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules_copy / "sekretariat-model2-2022.yaml"
    old = "    - municipality: Rødovre\n      cluster: hovedstaden-syd\n"
    text = edit(rule, old, old.replace("Rødovre", "Gentofte"))
    result = klynge("calc", str(rule), "--rules-dir", str(rules_copy))
    assert result.code == 1
    at = line_of(text, "- municipality: Gentofte")
    message = "override for Gentofte, who is not among the selected members of hovedstaden-syd"
    assert f"sekretariat-model2-2022.yaml:{at}:21: error: {message}" in result.err
    # The Syd rule inherits the override from model 2, and the error points at model 2's line.
    result = klynge("calc", "sekretariat-syd-2022", "--rules-dir", str(rules_copy))
    assert f"sekretariat-model2-2022.yaml:{at}:21: error: {message}" in result.err
