"""klynge validate for tools: JSON and GitHub annotations, and warnings that do not fail the check."""

from __future__ import annotations

import json
from pathlib import Path

PARAMS = "rules/data/medformandskommuner.yaml"


def set_chair(rules: Path, cluster: str, chair: str) -> Path:
    path = rules / "data" / "medformandskommuner.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"    {cluster}:")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"    {cluster}: {chair}" + text[end:], encoding="utf-8")
    return path


def test_an_administrative_co_chair_is_a_warning(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    # Tabel 2: Rødovre** takes part in Klynge Syd only administratively (it funds Klynge Midt).
    path = set_chair(rules_copy, "hovedstaden-syd", "Rødovre")
    result = klynge("validate", "--rules-dir", str(rules_copy), str(path))
    assert result.code == 0
    assert (
        f"{path}:19:22: warning: Rødovre takes part in Klynge Syd only administratively (**), yet co-chairs it"
        in result.err
    )
    assert result.out == "1 file checked: no problems, 1 warning.\n"


def test_json_lists_every_problem_with_its_level(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    set_chair(rules_copy, "hovedstaden-syd", "Rødovre")
    set_chair(rules_copy, "hovedstaden-midt", "Frederiksberg")  # not a member of Klynge Midt
    result = klynge("validate", "--rules-dir", str(rules_copy), "--format", "json")
    assert result.code == 1 and result.err == ""
    report = json.loads(result.out)
    levels = sorted((p["level"], p["message"].split(" ")[0]) for p in report["problems"])
    assert levels == [("error", "Frederiksberg"), ("warning", "Rødovre")]
    assert report["files"] == 10 and all(p["line"] > 0 for p in report["problems"])


def test_github_annotations(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    path = set_chair(rules_copy, "hovedstaden-midt", "Frederiksberg")
    result = klynge("validate", "--rules-dir", str(rules_copy), "--format", "github")
    assert result.code == 1
    assert result.out.startswith(
        f"::error file={path},line=18,col=23,title=klynge co-chair-member::"
        "Frederiksberg is not a member of hovedstaden-midt"
    )
