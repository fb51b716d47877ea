"""The checks speak Danish by default: every broken fixture gives the same problems, at the same places,
with no English sentence in them; the registry of checks describes itself in Danish.

The suite runs in English (tests/conftest.py); these tests ask for Danish with ``--lang da``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO

INVALID = sorted((FIXTURES / "invalid").rglob("*.yaml"))
# Words that give an English sentence away, and never occur in a Danish one.
ENGLISH = {"the", "must", "is", "not", "and", "should", "needs", "missing", "unknown", "expected"}
PROBLEM = re.compile(r"^(?P<place>\S+?:\d+:\d+): (?P<level>error|warning): (?P<message>.*)$")


def problems(text: str) -> list[tuple[str, str, str]]:
    """(place, level, message) of every problem line."""
    return [(m["place"], m["level"], m["message"]) for line in text.splitlines() if (m := PROBLEM.match(line))]


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[a-zæøå_]+", text.lower())) & ENGLISH


def test_the_stop_words_catch_english_and_pass_danish() -> None:
    assert english_words("pot 'pulje' is paid to each klynge's medformandskommune") == {"is"}
    assert english_words("unknown dataset 'x' (did you mean 'y'?)") == {"unknown"}
    assert not english_words("ukendt datasæt 'folk1a-2021K1' (mente du 'folk1a-2022K1'?)")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(FIXTURES / "invalid")))
def test_every_broken_fixture_gives_the_same_problems_in_danish(klynge, path: Path) -> None:  # type: ignore[no-untyped-def]
    shown = str(path.relative_to(REPO))
    english = klynge("--lang", "en", "validate", shown)
    danish = klynge("--lang", "da", "validate", shown)
    assert danish.code == english.code == 1
    found, expected = problems(danish.err), problems(english.err)
    assert expected, "the fixture gives no problem in English"
    assert [(place, level) for place, level, _ in found] == [(place, level) for place, level, _ in expected]
    for (_, _, message), (_, _, original) in zip(found, expected, strict=True):
        assert message != original, f"not translated: {message}"
        assert not english_words(message), f"English in: {message}"


def test_a_missing_medformandskommune_is_told_in_danish(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "da", "calc", "sekretariat-model1-2022")
    assert result.code == 1
    assert "sekretariat-model1-2022 mangler medformandskommunen for Klynge Nord (hovedstaden-nord)" in result.err
    assert "udfyld rules/data/medformandskommuner.yaml" in result.err
    assert "fx --set co_chairs.hovedstaden-nord=KOMMUNE" in result.err
    assert not english_words(result.err.replace("klynge: fejl:", ""))


@pytest.mark.parametrize(
    ("setting", "danish"),
    [
        ("cost_per_cluster=370.000", "cost_per_cluster=370.000: skriv beløbet uden tusindtalsseparator, fx 370000"),
        ("cost_per_cluster=mange", "--set cost_per_cluster=mange: skriv et beløb i kr., fx cost_per_cluster=740000"),
        ("cost_per_cluster=0", "beløbet skal være større end 0 og mindre end 10^15 kr."),
        (
            "omkostning=1",
            "ukendt parameter 'omkostning' i --set (kendte parametre: co_chairs, collection_basis, cost_per_cluster",
        ),
        ("co_chairs.hovedstaden-sud=Rødovre", "ukendt klynge 'hovedstaden-sud' (mente du 'hovedstaden-syd'?)"),
        ("co_chairs.hovedstaden-syd=Gentofte", "Gentofte er ikke medlem af hovedstaden-syd (medlemmer: "),
        ("cost_per_cluster", "--set skal skrives NAVN=VÆRDI"),
    ],
)
def test_wrong_parameters_on_the_command_line_are_told_in_danish(klynge, setting: str, danish: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "da", "compare", "--set", setting)
    assert result.code == 2
    assert danish in result.err


def _checks(klynge, language: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    result = klynge("--lang", language, "checks")
    assert result.code == 0
    lines = [re.match(r"^(\S+)\s+(error|warning)\s+(.+)$", line) for line in result.out.splitlines()]
    assert all(lines), result.out
    return [(m[1], m[2], m[3]) for m in lines if m]


def test_klynge_checks_describes_every_check_in_danish(klynge) -> None:  # type: ignore[no-untyped-def]
    danish, english = _checks(klynge, "da"), _checks(klynge, "en")
    assert [(i, level) for i, level, _ in danish] == [(i, level) for i, level, _ in english]
    for (check, _, description), (_, _, original) in zip(danish, english, strict=True):
        assert description != original, f"{check} is not translated"
        assert not english_words(description), f"{check}: English in {description}"
    assert ("duplicate-key", "error", "En nøgle står to gange på samme niveau.") in danish
    assert ("duplicate-key", "error", "A key appears twice in one mapping.") in english


def test_klynge_checks_json_keeps_keys_ids_and_levels_and_describes_in_the_language(klynge) -> None:  # type: ignore[no-untyped-def]
    danish = json.loads(klynge("--lang", "da", "checks", "--format", "json").out)
    english = json.loads(klynge("--lang", "en", "checks", "--format", "json").out)
    assert [set(c) for c in danish] == [{"id", "level", "description"}] * len(english)
    assert [(c["id"], c["level"]) for c in danish] == [(c["id"], c["level"]) for c in english]
    first = {c["id"]: c["description"] for c in danish}
    assert first["file-unreadable"] == "Filen kan ikke læses."
    assert {c["id"]: c["description"] for c in english}["file-unreadable"] == "The file cannot be read."
