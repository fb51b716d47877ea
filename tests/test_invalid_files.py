"""One broken file per defect: each gives exactly its expected messages, exit 1, no traceback.

The expected messages live in the fixture itself, as ``# expect: line:col: error: ...`` comments,
so that a reader sees the defect and its message side by side (OpenFisca-style YAML cases).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def expected(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8", errors="replace")  # the non-UTF-8 fixture too
    shown = f"tests/fixtures/invalid/{path.name}"
    return [
        f"{shown}:{line.removeprefix('# expect: ').strip()}"
        for line in text.splitlines()
        if line.startswith("# expect: ")
    ]


def test_every_fixture_declares_its_messages() -> None:
    assert len(INVALID) >= 20
    for path in INVALID:
        assert expected(path), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_validate_reports_exactly_the_expected_problems(klynge, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("validate", str(path.relative_to(Path.cwd())))
    assert result.code == 1
    problems = [line for line in result.err.splitlines() if ": error: " in line]
    assert problems == expected(path)
    assert "Traceback" not in result.err
    assert result.out == ""


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_calc_refuses_with_the_same_problems(klynge, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", str(path.relative_to(Path.cwd())), "--format", "json")
    assert result.code == 1
    assert result.err.splitlines() == expected(path)
    assert result.out == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.4466224", "float"),
        ("370000", "int"),
        ("-54910", "int"),
        ("1e3", "float"),
        (".inf", "float"),
        ("~", "null"),
        ("", "null"),
        ("null", "null"),
        ("true", "bool"),
        ("False", "bool"),
        ("no", "str"),
        ("yes", "str"),
        ("on", "str"),
        ("2022K1", "str"),
        ("0x1F", "int"),
        ("1_000", "int"),
        ("København", "str"),
        ("2022-01-01", "str"),
    ],
)
def test_plain_scalars_are_typed_as_ruamel_types_them_in_yaml_1_2(text: str, expected: str) -> None:
    from ruamel.yaml import YAML

    from klynge.engine.yamlio import _core_tag

    theirs = YAML(typ="safe", pure=True).compose(f"a: {text}\n").value[0][1].tag
    assert _core_tag(text) == f"tag:yaml.org,2002:{expected}"
    if expected != "str" or not text[:4].isdigit():  # ruamel reads a date as a timestamp; klynge keeps the text
        assert theirs == f"tag:yaml.org,2002:{expected}"
