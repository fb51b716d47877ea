"""Citations people can follow: every source is named by its title (with issuer and date where the
document gives them), never by an internal file name, in rules, docs, fixtures and output alike.

The agreed citation of each source document is checked against the document's own text in
``../shared`` when that folder is present: its title words occur there, and it is called undated
only when the document shows no date of its own.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import FIXTURES, REPO, RULES, SHARED


@dataclass(frozen=True)
class Document:
    number: int  # the document's place in ../shared (its file name is deliberately not written here)
    phrases: tuple[str, ...]  # title words, as the document prints them
    date: str | None  # as the document prints it; None: the document gives none


PROPOSAL = "Forslag til model for fælleskommunal og tværsektoriel organisering i ny sundhedsklyngestruktur"
REPORT = "Afrapportering for arbejdsgruppen for sundhedsklyngeøkonomi"
NOTAT = "Notat om organiseringen af sundhedsklynger og sundhedssamarbejdsudvalg på sundhedsområdet"
KK = "Notat: Sundhedsklyngernes opgaver og ansvar, Københavns Kommune, Center for Sundhed og Rehabilitering"
CITATIONS: dict[str, Document | None] = {
    "Dokument uden titel om sekretariatsbetjening af Sundhedsklynge Syd (udateret)": Document(
        0, ("Sekretariatsbetjening af klyngen", "Sundhedsklynge Syd"), None
    ),
    f"{NOTAT} (udateret)": Document(1, (NOTAT,), None),
    f"{KK}, 27. september 2022": Document(
        2, ("Notat", "Sundhedsklyngernes opgaver og ansvar", "Center for Sundhed og Rehabilitering", "www.kk.dk"),
        "27. september 2022",
    ),
    f"{REPORT} (udateret)": Document(3, (REPORT,), None),
    f"{PROPOSAL}, 24. maj 2022": Document(4, (PROPOSAL,), "24. maj 2022"),
    # Not one of the shared documents: Statistikbanken's own name for the table.
    "Danmarks Statistik, Statistikbanken, FOLK1A (Folketal den 1. i kvartalet)": None,
}

INTERNAL = re.compile(r"seed|\d{3}_[0-9a-f]{16}", re.IGNORECASE)
A_DATE_LINE = re.compile(r"^\s*\d{1,2}\. [a-zæøå]+ \d{4}\s*$", re.IGNORECASE | re.MULTILINE)
CHAIRS = ["hovedstaden-nord=Hillerød", "hovedstaden-midt=Gentofte", "hovedstaden-syd=Hvidovre",
          "hovedstaden-by=København", "hovedstaden-bornholm=Bornholm"]
SET_CHAIRS = [arg for chair in CHAIRS for arg in ("--set", f"co_chairs.{chair}")]


def _files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from (path for path in sorted(folder.rglob("*")) if path.is_file())


@pytest.mark.parametrize("folder", [RULES, REPO / "docs", FIXTURES], ids=["rules", "docs", "fixtures"])
def test_no_file_cites_an_internal_file_name(folder: Path) -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in _files(folder)
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if INTERNAL.search(line)
    ]
    assert not found, "\n".join(found)


COMMANDS = [
    ["calc"],
    *(["calc", f"sekretariat-model{n}-2022", *SET_CHAIRS] for n in (1, 2, 3, 4)),
    ["calc", "sekretariat-syd-2022", "--format", "json"],
    ["compare", *SET_CHAIRS],
    ["compare", "--format", "json", *SET_CHAIRS],
    ["test"],
    ["explain", "sekretariat-syd-2022", "København"],
    ["explain", "sekretariat-syd-2022", "Rødovre", "--format", "json"],
    ["explain", "opstartsmidler-2022", "Klynge By"],
    ["explain", "sekretariat-model2-2022", "København (Klynge By)", *SET_CHAIRS],
]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) + (" json" if "json" in a else "") for a in COMMANDS])
def test_no_output_cites_an_internal_file_name(klynge, args: list[str], lang: str) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", lang, *args)
    assert result.code == 0, result.err
    assert result.out.strip()
    assert not INTERNAL.search(result.out + result.err), result.out


def _documents(node: Any) -> Iterator[str]:
    """Every ``document`` of every source in a parsed YAML file, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "document" and isinstance(value, str):
                yield value
            else:
                yield from _documents(value)
    elif isinstance(node, list):
        for item in node:
            yield from _documents(item)


def _cited(paths: list[Path]) -> dict[str, set[str]]:
    cited: dict[str, set[str]] = {}
    for path in paths:
        for document in _documents(YAML(typ="safe").load(path.read_text(encoding="utf-8"))):
            cited.setdefault(document, set()).add(path.name)
    return cited


def test_every_shipped_source_is_an_agreed_citation() -> None:
    cited = _cited(sorted(RULES.glob("*.yaml")) + sorted((RULES / "data").glob("*.yaml")))
    assert {f"{PROPOSAL}, 24. maj 2022", f"{REPORT} (udateret)"} <= set(cited)
    unknown = {document: files for document, files in cited.items() if document not in CITATIONS}
    assert not unknown, unknown


def test_the_example_rule_of_init_cites_the_agreed_documents(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert klynge("init", str(tmp_path)).code == 0
    cited = _cited(sorted((tmp_path / "rules").rglob("*.yaml")))
    assert set(cited) - {"Reglens egen pulje"} <= set(CITATIONS) and len(cited) > 1, cited
    assert not INTERNAL.search("".join(p.read_text(encoding="utf-8") for p in _files(tmp_path)))


def _plain(text: str) -> str:
    """The document's text as a search sees it: the text copies lost some å (written 'a'), so accents go."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _source_text(number: int) -> str:
    folder = SHARED / "seeds"
    found = sorted(folder.glob(f"{number:03d}_*.txt")) if folder.is_dir() else []
    if not found:
        if os.environ.get("KLYNGE_REQUIRE_SHARED"):  # CI sets it: there a missing ../shared is a failure
            pytest.fail(f"document {number} is missing from {folder}, and KLYNGE_REQUIRE_SHARED is set")
        pytest.skip("../shared is not beside this checkout (set KLYNGE_REQUIRE_SHARED=1 to fail instead)")
    return found[0].read_text(encoding="utf-8")


AGREED = [(citation, document) for citation, document in CITATIONS.items() if document is not None]


@pytest.mark.parametrize(("citation", "document"), AGREED, ids=[str(d.number) for _, d in AGREED])
def test_each_citation_is_what_its_document_says(citation: str, document: Document) -> None:
    text = _source_text(document.number)
    for phrase in document.phrases:
        assert _plain(phrase) in _plain(text), phrase
    if document.date is None:
        assert citation.endswith(" (udateret)")
        assert not A_DATE_LINE.search(text), "the document has a date: cite it"
    else:
        assert citation.endswith(", " + document.date)
        assert re.search(rf"^\s*{re.escape(document.date)}\s*$", text, re.MULTILINE), document.date


def test_every_shared_document_has_its_citation() -> None:
    numbers = {document.number for _, document in AGREED}
    for number in numbers:
        _source_text(number)
    assert len(list((SHARED / "seeds").glob("*.txt"))) == len(numbers)
