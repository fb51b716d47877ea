"""Whatever a file contains, klynge answers with a result or a clean error: fuzzed YAML and mutated
copies of every shipped rule, a 20 MB file, and byte-identical output under any hash seed and any
order of members."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge import cli

from .conftest import REPO, RULES

SHIPPED = sorted(p for p in RULES.rglob("*.yaml"))
FORMATS = ("table", "json", "csv", "md", "xlsx")
TEXT_FORMATS = FORMATS[:-1]


def run_quietly(args: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    """The CLI's exit code; any exception other than its own clean errors fails the test."""
    code = cli.main(args)
    capsys.readouterr()
    return code


def test_a_20_mb_file_is_refused_by_size(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "stor.yaml"
    head = b"kind: rule\n"
    big.write_bytes(head + b"#" * (20 * 1024 * 1024 - len(head)))  # exactly 20 MiB
    for command in ("validate", "calc"):
        result = klynge(command, str(big))
        assert result.code == 1
        assert "stor.yaml: error: file is 20,971,520 bytes; the limit is 5,242,880" in result.err


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.decimals(allow_nan=False, allow_infinity=False)
)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
KEYS = ["kind", "id", "title", "source", "basis", "pots", "members", "rounding", "split_to", "based_on", "parameters"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(st.sampled_from(KEYS), documents, max_size=8),
    st.sampled_from(["rule", "population", "clusters", "parameters", None]),
)
def test_generated_documents_end_in_a_result_or_a_clean_error(tmp_path: Path, capsys, data, kind) -> None:  # type: ignore[no-untyped-def]
    from ruamel.yaml import YAML

    if kind is not None:
        data["kind"] = kind
    path = tmp_path / "fuzz.yaml"
    with path.open("w", encoding="utf-8") as handle:
        YAML(typ="safe", pure=True).dump(_plain(data), handle)
    for command in ("validate", "calc"):
        assert run_quietly([command, str(path)], capsys) in (0, 1, 2)


def _plain(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return float(value) if hasattr(value, "as_tuple") else value


def mutate(text: str, rnd: random.Random) -> str:
    """Delete a line, swap two values, change a number or a name: the edits people make by mistake."""
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(lines))
        choice = rnd.randrange(5)
        if choice == 0 and len(lines) > 1:
            del lines[i]
        elif choice == 1:
            j = rnd.randrange(len(lines))
            a, b = lines[i].partition(": "), lines[j].partition(": ")
            if a[1] and b[1]:
                lines[i], lines[j] = a[0] + a[1] + b[2], b[0] + b[1] + a[2]
        elif choice == 2:
            lines[i] = "".join(
                str(rnd.choice([0, 1, 9, -1])) if c.isdigit() and rnd.random() < 0.3 else c for c in lines[i]
            )
        elif choice == 3:
            lines[i] = lines[i].replace("ø", "o").replace("a", "æ", 1).replace("-", "_", 1)
        else:
            lines.insert(i, lines[i][: rnd.randrange(len(lines[i]) + 1)])
    return "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SHIPPED), st.randoms(use_true_random=False))
def test_mutated_shipped_files_end_in_a_result_or_a_clean_error(tmp_path: Path, capsys, source, rnd) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / source.name
    path.write_text(mutate(source.read_text(encoding="utf-8"), rnd), encoding="utf-8")
    for command in ("validate", "calc"):
        assert run_quietly([command, str(path)], capsys) in (0, 1, 2)


def _output(args: list[str], seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "klynge", *args], cwd=REPO, capture_output=True, env=env, check=True)
    return done.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_command_gives_the_same_bytes_under_any_hash_seed(fmt: str) -> None:
    args = ["calc", "opstartsmidler-2022", "--format", fmt]
    assert _output(args, "0") == _output(args, "12345") == _output(args, "random")


def test_compare_gives_the_same_bytes_under_any_hash_seed() -> None:
    args = ["compare", "--format", "json"]
    assert _output(args, "1") == _output(args, "777")


def test_the_order_of_members_in_the_file_changes_no_byte(klynge, rules_copy: Path) -> None:  # type: ignore[no-untyped-def]
    cases = [
        (r, f) for r in ("opstartsmidler-2022", "sekretariat-model2-2022", "sekretariat-syd-2022") for f in TEXT_FORMATS
    ]
    shipped = {case: klynge("calc", case[0], "--format", case[1]).out for case in cases}
    registry = rules_copy / "data" / "klynger-2022.yaml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace(
        "members: [Frederikshavn, Brønderslev, Hjørring, Læsø]", "members: [Læsø, Hjørring, Frederikshavn, Brønderslev]"
    )
    text = text.replace("members: [Aarhus, Samsø]", "members: [Samsø, Aarhus]")
    registry.write_text(text, encoding="utf-8")
    model = rules_copy / "sekretariat-model2-2022.yaml"
    lines = model.read_text(encoding="utf-8").split("\n    - municipality: ")
    model.write_text("\n    - municipality: ".join([lines[0], *reversed(lines[1:-1]), lines[-1]]), encoding="utf-8")
    for rule, fmt in cases:
        reordered = klynge("calc", rule, "--format", fmt, "--rules-dir", str(rules_copy)).out
        assert shipped[rule, fmt] == reordered, (rule, fmt)
