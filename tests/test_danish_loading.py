"""Reading files speaks Danish by default: broken YAML, schema violations, clashes with the shipped
library, published tables and Statistikbanken exports. Each problem stands on the same path:line:col
in Danish as in English (editors and CI jump there), says the same facts, and has no English in it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from klynge import i18n
from klynge.engine import schemamessages

from .conftest import FIXTURES, REPO, RULES

INVALID = FIXTURES / "invalid"
ENGLISH = (" the ", " must ", " is ", " not ", " and ", " should ", " was ", " expected ")
LINE = re.compile(r"^(?P<where>.+?:\d+:\d+): (?P<level>error|warning): (?P<message>.*)$")


def problems(output: str) -> list[tuple[str, str]]:
    """(path:line:col, message) of each problem line, in order."""
    found = [LINE.match(line) for line in output.splitlines()]
    return [(m["where"], m["message"]) for m in found if m]


def both(klynge: Any, *args: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The problems of one command in English and in Danish; they exit alike and stand at the same places."""
    english, danish = klynge(*args, "--lang", "en"), klynge(*args, "--lang", "da")
    assert english.code == danish.code == 1, english.err + danish.err
    en, da = problems(english.err), problems(danish.err)
    assert en and [where for where, _ in en] == [where for where, _ in da]
    return en, da


def assert_danish(message: str) -> None:
    padded = f" {message} "
    assert not [word for word in ENGLISH if word in padded], message


def danish_messages(klynge: Any, *args: str) -> list[str]:
    en, da = both(klynge, *args)
    for (_, english), (_, danish) in zip(en, da, strict=True):
        assert danish != english
        assert_danish(danish)
    return [message for _, message in da]


@pytest.mark.parametrize(
    ("text", "danish"),
    [
        ("kind: rule\nid: a: b\n", "YAML-syntaks: et kolon (nøgle: værdi) må ikke stå her"),
        ('kind: rule\ntitle: "uden slut\n', "YAML-syntaks: filen slutter for tidligt"),
        ("kind: rule\nmembers: [a, b\n", "YAML-syntaks: mangler ',' eller ']' i en liste i [ ]"),
        ("kind: rule\nid: x\n- y\n", "YAML-syntaks: her skulle stå en nøgle (navn: værdi); ret indrykningen"),
        ("kind: rule\nid: *intet\n", "YAML-syntaks: ukendt alias (*navn)"),
        ("kind: rule\nid: x\ntitle: a\ntitle: b\n", "nøglen 'title' står to gange (første gang i linje 3)"),
        ("kind: rule\npots:\n\t- x\n", "YAML-syntaks: et tabulatortegn i indrykningen (indryk med mellemrum"),
        ("kind: rule\namount: 370.000\n", "370.000 læses som 370 (punktum er decimaltegn i YAML), ikke som 370000"),
    ],
)
def test_broken_yaml_is_told_in_danish(klynge, tmp_path: Path, text: str, danish: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "brudt.yaml"
    path.write_text(text, encoding="utf-8")
    (message,) = danish_messages(klynge, "validate", str(path))
    assert message.startswith(danish)


@pytest.mark.parametrize(
    ("fixture", "danish"),
    [
        ("wrong-type.yaml", "pots[0].amount: skal være et tal, men er 'mange penge'"),  # type
        ("unknown-rounding-method.yaml", "rounding.method: 'round' er ikke tilladt; vælg en af: nearest, "),  # enum
        ("pot-negative.yaml", "pots[0].amount: skal være større end 0, men er -370000"),  # exclusiveMinimum
        ("weight-negative.yaml", "members[1].weight: skal være mindst 0, men er -0.5"),  # minimum
        ("weight-above-one.yaml", "members[1].weight: skal være højst 1, men er 1.5"),  # maximum
        ("weight-without-reason.yaml", "members[1].weight: 'weight' kræver 'weight_reason' ved siden af"),
        ("empty.yaml", "filen er tom; den skal bestå af nøgler med værdier"),
        ("list-not-mapping.yaml", "filen er en liste; den skal bestå af nøgler med værdier"),
        ("missing-kind.yaml", "nøglen 'kind' mangler (den første nøgle siger, hvad filen er: 'kind: rule', "),
        ("binary-file.yaml", "NUL-byte: dette er ikke en tekstfil"),
        ("latin1.yaml", "ikke UTF-8-tekst (gem filen som UTF-8)"),
        ("alias-bomb.yaml", "mere end 200.000 værdier: aliasser (*navn) folder sig ud til for meget"),
    ],
)
def test_a_schema_violation_is_told_in_danish(klynge, fixture: str, danish: str) -> None:  # type: ignore[no-untyped-def]
    messages = danish_messages(klynge, "validate", str(INVALID / fixture))
    assert any(message.startswith(danish) for message in messages), messages


def test_an_unknown_key_names_the_key_meant_and_the_missing_one(klynge) -> None:  # type: ignore[no-untyped-def]
    messages = danish_messages(klynge, "validate", str(INVALID / "unknown-key.yaml"))
    assert messages == ["nøglen 'title' mangler", "titel: ukendt nøgle 'titel' (mente du 'title'?)"]


RULE = """\
kind: rule
id: {id}
title: {title}
source: {{document: Et regneeksempel}}
basis: {{dataset: folk1a-2022K1}}
members: [{{municipality: Hvidovre}}, {{municipality: Rødovre}}]
pots:
  - {{id: pulje, title: Pulje, amount: {amount}, source: {{document: Et regneeksempel}}}}
rounding: {{method: {method}}}
"""


@pytest.mark.parametrize(
    ("changes", "danish"),
    [
        ({"id": "Stort-Id"}, "id: 'Stort-Id' har ikke den rette form (Små bogstaver, cifre og bindestreger"),  # pattern
        ({"method": "''"}, "rounding.method: '' er ikke tilladt; vælg en af: nearest, largest_remainder"),  # enum
        ({"title": "''"}, "title: må ikke være tom"),  # minLength
        ({"method": "[]"}, "rounding.method: skal være tekst, men er en liste"),
        ({"amount": "1000000000000000"}, "pots[0].amount: skal være mindre end 1000000000000000"),  # exclusiveMaximum
    ],
)
def test_each_kind_of_finding_in_danish(klynge, tmp_path: Path, changes: dict[str, str], danish: str) -> None:  # type: ignore[no-untyped-def]
    values = {"id": "en-regel", "title": "En regel", "amount": "100", "method": "nearest", **changes}
    path = tmp_path / "regel.yaml"
    path.write_text(RULE.format(**values), encoding="utf-8")
    messages = danish_messages(klynge, "validate", str(path))
    assert any(message.startswith(danish) for message in messages), messages


def test_a_variant_of_another_kind_is_told_what_kind_it_must_be(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from klynge.engine.schema import validator

    error = next(validator("rule").iter_errors({"kind": "population"}))  # const, in the schema of a rule
    assert error.validator == "const"
    with i18n.speaking("da"):
        assert schemamessages.describe(error)[0] == "skal være 'rule', men er 'population'"
    assert schemamessages.describe(error)[0] == "must be 'rule', got 'population'"


def test_a_required_value_is_told_with_its_description(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "data.yaml"
    path.write_text("kind: population\nid: folk\ntitle: Folk\n", encoding="utf-8")
    messages = danish_messages(klynge, "validate", str(path))
    assert "nøglen 'period' mangler (Kvartal, fx 2022K1.)" in messages


def hints_of_the_schemas() -> set[str]:
    """Every description in schemas/*.json that a problem can give as its fix."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            properties = node.get("properties", {})
            found.update(d for key in node.get("required", []) if (d := properties.get(key, {}).get("description")))
            if "pattern" in node and node.get("description"):
                found.add(node["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (REPO / "schemas").glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def test_every_description_that_can_be_a_fix_is_given_in_the_readers_language() -> None:
    hints = hints_of_the_schemas()  # as shipped: in Danish, for the editor's hover
    assert hints and "Kvartal, fx 2022K1." in hints
    with i18n.speaking("da"):
        assert all(schemamessages._description(hint) == hint for hint in hints)
    with i18n.speaking("en"):
        english = {schemamessages._description(hint) for hint in hints}
    assert "Quarter, e.g. 2022K1." in english and not english & hints


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    (tmp_path / "rules" / "data").mkdir(parents=True)
    return tmp_path / "rules"


def test_a_file_with_a_shipped_id_is_told_in_danish(klynge, mine: Path) -> None:  # type: ignore[no-untyped-def]
    rule = (RULES / "sekretariat-syd-2022.yaml").read_text(encoding="utf-8")
    (mine / "syd.yaml").write_text(rule.replace("370000", "740000"), encoding="utf-8")
    own = RULE.format(id="egen", title="Egen", amount=1, method="nearest") + "replaces_shipped: true\n"
    (mine / "egen.yaml").write_text(own, encoding="utf-8")
    messages = danish_messages(klynge, "validate", "--rules-dir", str(mine))
    assert messages[0] == "replaces_shipped: klynge har ingen regel med id 'egen' med (fjern linjen)"
    assert messages[1].startswith("id 'sekretariat-syd-2022' er også id for en regel, der følger med klynge (")
    fix = "giv din fil et andet id, eller tilføj 'replaces_shipped: true' for at bruge din i stedet"
    assert messages[1].endswith(f"({fix})")


@pytest.fixture
def syd(rules_copy: Path) -> Path:
    return rules_copy / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv"


@pytest.mark.parametrize(
    ("content", "danish"),
    [
        (
            "municipality;indbyggertal_1kvt_2022;befolkningsandel_pct;amount_of_370000\nKøbenhavn;287181;48.0;177678\n",
            "kolonne befolkningsandel_pct: '48.0' er ikke et tal (i en ';'-separeret tabel er kommaet decimaltegn",
        ),
        ("municipality,indbyggertal\nKøbenhavn,287181\n", "ingen kolonne indbyggertal_1kvt_2022, befolkningsandel"),
        ("PK\x03\x04", "den offentliggjorte tabel er en Excel-projektmappe, ikke en CSV-fil (gem den fra Excel som"),
    ],
)
def test_a_bad_published_table_in_danish(klynge, rules_copy: Path, syd: Path, content: str, danish: str) -> None:  # type: ignore[no-untyped-def]
    syd.write_text(content, encoding="utf-8")
    rule = str(rules_copy / "sekretariat-syd-2022.yaml")
    (message,) = danish_messages(klynge, "test", "--rules-dir", str(rules_copy), rule)
    assert message.startswith(danish)


def test_a_bad_statistikbanken_export_is_told_in_danish(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    export = str(FIXTURES / "dst" / "folk1a_broken.csv")
    messages = danish_messages(klynge, "data", "import-dst", export, "--rules-dir", str(rules_copy), "--id", "ny")
    assert messages == [
        "intet tal for 2023K1 for 2 kommuner: Gentofte, Ærø",
        "ukendt område 'Gentofe' (mente du 'Gentofte'?)",
        "Fanø: '..' er ikke et indbyggertal",
        "Samsø står to gange for 2023K1 (første gang i linje 80)",
    ]


def test_an_import_says_what_it_wrote_in_danish(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    export = str(FIXTURES / "dst" / "folk1a_rows_latin1.csv")
    result = klynge("data", "import-dst", export, "--rules-dir", str(rules_copy), "--lang", "da")
    assert result.code == 0, result.err
    assert result.out.endswith(": skrevet (98 kommuner, 2023K1, i alt 5.874.013 indbyggere).\n")
    several = klynge("data", "import-dst", str(FIXTURES / "dst" / "folk1a_columns_bom.csv"), "--lang", "da")
    assert several.code == 2
    assert "rummer flere perioder (2022K1, 2023K1): vælg én med --period" in several.err


def test_list_speaks_the_readers_language(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(RULES, tmp_path / "rules")
    (tmp_path / "rules" / "data" / "brudt.yaml").write_text("kind: population\nid: [\n", encoding="utf-8")
    danish = klynge("list", "--rules-dir", str(tmp_path / "rules"), "--lang", "da").out
    english = klynge("list", "--rules-dir", str(tmp_path / "rules"), "--lang", "en").out
    assert re.search(r"Slags +Id +Fra +Titel +Fil", danish) and re.search(r"Kind +Id +From +Title +File", english)
    assert re.search(r"klyngeregister +klynger-2022 ", danish)
    assert re.search(r"cluster registry +klynger-2022 ", english)
    assert "(fejl: se klynge validate)" in danish and "(error: see klynge validate)" in english


def test_an_unknown_rule_id_is_told_in_danish(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "sekretariat-sud-2022", "--lang", "da")
    assert result.code == 2
    assert "ingen regel med id 'sekretariat-sud-2022' under rules; mente du sekretariat-syd-2022" in result.err
