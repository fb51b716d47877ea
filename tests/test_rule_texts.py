"""The texts in the shipped rule and data files are Danish, whatever language klynge speaks, and a
value backed out of a published table says so where the reader meets it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import RULES

# Keys whose values a user reads in klynge's output or in the file itself.
TEXT_KEYS = {"title", "reason", "note", "description", "weight_reason", "basis_reason", "section", "table"}
# Small English words that Danish does not use ("by" is Danish: Klynge By); one means an English sentence.
ENGLISH = re.compile(r"\b(the|is|are|of|and|with|which|from|its|not|only|it|this)\b", re.IGNORECASE)
SHIPPED = sorted(RULES.glob("*.yaml")) + sorted((RULES / "data").glob("*.yaml"))


def _texts(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _texts(value, str(name))
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, key)
    elif isinstance(node, str) and key in TEXT_KEYS:
        yield key, node


def _comments(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        comment = line.split(" #", 1)[1] if " #" in line else line[1:] if line.startswith("#") else ""
        if comment and "yaml-language-server" not in comment:
            yield comment


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_text_and_comment_of_a_shipped_file_is_danish(path: Path) -> None:
    document = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    english = [f"{key}: {text}" for key, text in _texts(document) if ENGLISH.search(text)]
    english += [f"# {comment}" for comment in _comments(path) if ENGLISH.search(comment)]
    assert not english, "\n".join(english)


def test_the_check_finds_an_english_text(tmp_path: Path) -> None:
    rule = tmp_path / "rule.yaml"
    text = "title: Opstartsmidler\npots:\n  - {note: Backed out of the table}  # the comment\n"
    rule.write_text(text, encoding="utf-8")
    document = YAML(typ="safe").load(rule.read_text(encoding="utf-8"))
    assert [text for _, text in _texts(document) if ENGLISH.search(text)] == ["Backed out of the table"]
    assert [c for c in _comments(rule) if ENGLISH.search(c)] == [" the comment"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_deviation_reasons_klynge_test_prints_are_danish(klynge, lang: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", lang, "test", "opstartsmidler-2022")
    assert result.code == 0
    assert (
        "Syddanmarks klyngeceller i regionskolonnen i Tabel 1 følger ikke indbyggertal og summerer til 6.344 kr. "
        "mere end regionens beløb: en fejl i publikationen." in result.out
    )
    assert "1 kr.: nøglens præcision. Tabel 1 angiver kun regionernes nøgle i hele kroner." in result.out
    assert "slip" not in result.out


def test_a_weight_backed_out_of_tabel_1_says_so_under_the_table(klynge) -> None:  # type: ignore[no-untyped-def]
    footnotes = [line for line in klynge("--lang", "da", "calc", "opstartsmidler-2022").out.splitlines()
                 if line.startswith(("¹ København", "² København"))]
    assert len(footnotes) == 2, footnotes
    assert "0,4466224 (287.817,3 af 644.431 indbyggere) er regnet baglæns ud af Tabel 1" in footnotes[0]
    assert "regnet baglæns ud af Tabel 1" in footnotes[1]


def test_the_regions_key_says_it_was_backed_out_of_tabel_1() -> None:
    rule = YAML(typ="safe").load((RULES / "opstartsmidler-2022.yaml").read_text(encoding="utf-8"))
    regions = next(pot for pot in rule["pots"] if pot["id"] == "regioner")
    assert regions["by_region"]["key"] == {"dataset": "bloktilskud-sundhed-2022"}
    key = YAML(typ="safe").load((RULES / "data" / "bloktilskud-sundhed-2022.yaml").read_text(encoding="utf-8"))
    assert key["source"]["note"].startswith("Regnet baglæns ud af den offentliggjorte tabel")
    assert "ikke trykt i kildedokumenterne" in key["source"]["note"]
