"""One language at a time: what the main commands print is Danish by default and English with --lang en.

The check walks the catalogue both ways. Each message is cut at its placeholders into literal pieces;
a piece of an English message (long enough to be a phrase) must not appear in Danish output unless the
Danish translation has it too, and a piece of a Danish translation must not appear in English output
unless the English message has it too. A short list of English words catches text that never went
through the catalogue at all. Names and texts from rule files (titles, reasons) are data, and Danish
in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from .conftest import FIXTURES, REPO, RULES

PO = REPO / "locale" / "da" / "LC_MESSAGES" / "klynge.po"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sdr]|%[sdr]")
# Words that only an English sentence has (checked with spaces around, case-insensitively).
ENGLISH = ("the", "must", "should", "cannot", "does not", "is not", "needs", "missing", "unknown", "which", "with")


def _pieces(text: str) -> set[str]:
    """The literal phrases of a message: the parts between placeholders, long enough to be language."""
    parts = (p.strip(" :;,.()'\n") for p in PLACEHOLDER.split(text))
    return {p for line in parts for p in line.split("\n") if len(p) >= 14 and " " in p}


def _catalogue() -> list[tuple[str, str]]:
    with PO.open("rb") as handle:
        messages = read_po(handle, locale="da")
    pairs = []
    for m in messages:
        if m.id and m.string:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            pairs += list(zip(ids, strings, strict=False))
    return pairs


def _foreign(output: str, language: str) -> list[str]:
    """Phrases of the other language in ``output``."""
    found = []
    for english, danish in _catalogue():
        mine, theirs = (danish, english) if language == "da" else (english, danish)
        found += [p for p in _pieces(theirs) - _pieces(mine) if p not in mine and p in output]
    return sorted(set(found))


def _english_words(output: str) -> list[str]:
    lowered = f" {output.lower()} "
    return [w for w in ENGLISH if f" {w} " in lowered]


def _rule_ids() -> list[str]:
    return sorted(p.stem for p in RULES.glob("*.yaml") if "\nkind: rule" in p.read_text(encoding="utf-8"))


def _runs() -> Iterator[tuple[str, ...]]:
    for rule in _rule_ids():
        yield ("calc", rule)
    yield ("compare",)
    yield ("compare", "--set", "cost_per_cluster=740000")
    yield ("test",)
    yield ("explain", "opstartsmidler-2022", "Klynge Syd (Region Hovedstaden)")
    yield ("explain", "sekretariat-model2-2022", "Rødovre (Klynge Midt)")
    yield ("diff", "sekretariat-model3-2022", "sekretariat-model4-2022")
    yield ("checks",)
    for fixture in sorted((FIXTURES / "invalid").glob("*.yaml")):
        yield ("validate", str(fixture))
    for command in ("calc", "compare", "test", "validate", "explain", "diff", "list", "init", "checks", "schema"):
        yield (command, "--help")


RUNS = list(_runs())


@pytest.mark.parametrize("args", RUNS, ids=[" ".join(Path(a).name for a in r) for r in RUNS])
def test_danish_by_default_has_no_english_phrase(
    klynge, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("KLYNGE_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = klynge(*args)
    output = result.out + result.err
    assert output.strip()
    assert not _foreign(output, "da"), _foreign(output, "da")
    assert not _english_words(output), (_english_words(output), output[:2000])


@pytest.mark.parametrize("args", RUNS, ids=[" ".join(Path(a).name for a in r) for r in RUNS])
def test_lang_en_has_no_danish_phrase(klynge, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "en", *args)
    output = result.out + result.err
    assert output.strip()
    assert not _foreign(output, "en"), _foreign(output, "en")


def test_the_check_sees_a_phrase_of_the_other_language() -> None:
    """The walk is no empty ritual: a known Danish message in English output is caught, and back."""
    english, danish = next((e, d) for e, d in _catalogue() if e == "compute a rule and print every member's share")
    assert _foreign(f"intro {danish} outro", "en")
    assert _foreign(f"intro {english} outro", "da")
    assert _english_words("the rule must name a dataset")
