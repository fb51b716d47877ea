"""``klynge explain`` and ``klynge diff``, through the CLI, with bad input for each."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import REPO, RULES


def test_explain_shows_the_syd_formula_with_its_sources(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("explain", "sekretariat-syd-2022", "København")
    assert result.code == 0, result.err
    assert "370.000 × 287.181 / 598.032 = 177.677,73 → 177.678" in result.out
    assert "Valby, Vesterbro og Amager" in result.out
    assert "rules/sekretariat-model2-2022.yaml:" in result.out  # the override is written in model 2
    assert "rules/data/folk1a-2022K1.yaml:" in result.out and "644.431" in result.out


def test_explain_a_two_level_pot_shows_both_levels(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("explain", "opstartsmidler-2022", "Klynge Syd (Region Hovedstaden)", "--pot", "regioner")
    assert result.code == 0, result.err
    assert "1. Region Hovedstaden: 40.000.000 × 12.497.516 / 40.000.000" in result.out
    assert "2. Klynge Syd (Region Hovedstaden): 12.497.516 × 577.977,3 / 1.867.855" in result.out
    assert "København: 287.817,3" in result.out  # the klynge's members make up its basis


def test_explain_an_ambiguous_name_lists_the_candidates(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("explain", "opstartsmidler-2022", "Klynge Syd")
    assert result.code == 2
    assert "'Klynge Syd (Region Nordjylland)'; 'Klynge Syd (Region Hovedstaden)'" in result.err
    assert "Give the one you mean in full" in result.err


@pytest.mark.parametrize(
    "args, message",
    [
        (("sekretariat-syd-2022", "Gentofte"), "no row 'Gentofte' in sekretariat-syd-2022"),
        (("sekretariat-syd-2022", "København", "--pot", "x"), "no pot 'x'"),
        (("nope", "København"), "no rule with id 'nope'"),
        (("sekretariat-syd-2022", "Kobenhavn"), "did you mean København"),
    ],
)
def test_explain_bad_input(klynge, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge("explain", *args)
    assert result.code == 2 and message in result.err


def test_diff_shows_an_override_change_and_what_follows(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "forslag.yaml"
    copy.write_text(
        (RULES / "sekretariat-model2-2022.yaml").read_text(encoding="utf-8").replace("basis: 287181", "basis: 300000"),
        encoding="utf-8",
    )
    result = klynge("diff", "sekretariat-model2-2022", str(copy), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    rows = document["rows"]
    assert rows[0]["name"] == "København (Klynge Syd)" and rows[0]["change"] > 0
    assert {r["name"].split(" (")[1] for r in rows} == {"Klynge Syd)"}  # only Klynge Syd's kommuner move
    assert len(rows) == 11 and sum(r["change"] for r in rows) == 0
    assert document["summary"]["total_before"] == document["summary"]["total_after"] == 1_850_000
    assert (
        "| København (Klynge Syd) | 177.678 |" in klynge("diff", "sekretariat-model2-2022", str(copy), "-f", "md").out
    )


def test_diff_against_a_git_revision(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "repo"
    shutil.copytree(RULES, repo / "rules")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=repo, check=True)
    model = repo / "rules" / "sekretariat-model2-2022.yaml"
    yaml = YAML()
    data = yaml.load(model)
    data["rounding"]["method"] = "nearest"
    data["members"]["overrides"][3]["weight"] = 1  # Rødovre whole in Klynge Midt
    data["members"]["overrides"][3]["weight_reason"] = "et forslag"
    yaml.dump(data, model)
    result = klynge("diff", str(model), "--rev", "HEAD", "--rules-dir", str(repo / "rules"), "--lang", "da")
    assert result.code == 0, result.err
    first = next(line for line in result.out.splitlines() if "(Klynge" in line)
    assert "Rødovre (Klynge Midt)" in first  # the largest change comes first
    assert "rækker ændret" in result.out


@pytest.mark.parametrize(
    "args, message",
    [
        (("sekretariat-syd-2022",), "give two rules to compare, or one rule and --rev GITREF"),
        (("sekretariat-syd-2022", "--rev", "no-such-revision"), "cannot read"),
        (("sekretariat-syd-2022", "opstartsmidler-2022", "--rev", "HEAD"), "give one rule with --rev"),
    ],
)
def test_diff_bad_usage(klynge, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge("diff", *args)
    assert result.code == 2 and message in result.err


def test_pre_commit_hooks_run_validate_and_test() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"]: hook["entry"] for hook in hooks} == {
        "klynge-validate": "klynge validate",
        "klynge-test": "klynge test",
    }
    assert all(hook["language"] == "python" and hook["pass_filenames"] is False for hook in hooks)
    assert (REPO / "docs" / "ci-example.yml").is_file()


def test_explain_a_region_of_a_two_level_pot_and_a_klynge_of_model_2(klynge) -> None:  # type: ignore[no-untyped-def]
    region = klynge("explain", "opstartsmidler-2022", "Region Hovedstaden", "--pot", "regioner").out
    assert "Region Hovedstaden: 40.000.000 × 12.497.516 / 40.000.000 = 12.497.516,00 → 12.497.516" in region
    klynge_row = klynge("explain", "sekretariat-model2-2022", "Klynge Syd (Region Hovedstaden)", "--lang", "da").out
    assert "betaler sit eget sekretariat: 370.000 kr." in klynge_row
