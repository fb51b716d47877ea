"""Published tables as Danish Excel saves them: cp1252 or UTF-8 (with or without BOM), ';' or ',',
Danish numbers (1.234.567; 48,0 %). Each is checked cell by cell exactly as the shipped UTF-8 file;
anything klynge cannot read is one clear error line, never a traceback.

The Excel-style files are written here from the shipped tables, so the expected report is the one the
shipped tables give (docs/rules.md: 84 cells, 16 declared; 33 cells, none differ).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from klynge.engine.csvtable import number
from klynge.engine.yamlio import load

from .conftest import REPO, RULES

SYD = "syd_sekretariat_halvt_aarsvaerk_2022.csv"
OPSTART = "bilag1_tabel1_opstartsmidler_2022.csv"


@pytest.fixture
def rules(rules_copy: Path) -> Path:
    return rules_copy


def danish(cell: str) -> str:
    """A cell as Danish Excel shows it: 4030016 → 4.030.016; the share column gets its % sign."""
    if re.fullmatch(r"\d+", cell):
        return f"{int(cell):,}".replace(",", ".")
    if re.fullmatch(r"\d+,\d", cell):
        return f"{cell} %"
    return cell


def as_excel(original: Path, encoding: str, delimiter: str) -> bytes:
    with original.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(rows[0])
    writer.writerows([danish(cell) for cell in row] for row in rows[1:])
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ";"), ("cp1252", ","), ("utf-8-sig", ",")],
)
def test_tables_saved_by_danish_excel_check_the_same_cells(klynge, rules: Path, encoding: str, delimiter: str) -> None:  # type: ignore[no-untyped-def]
    shipped = klynge("test", "--rules-dir", str(rules))
    assert shipped.code == 0, shipped.err
    assert "OK: 84 cells checked, 11 differ, 11 explained." in shipped.out
    assert "OK: 33 cells checked, 0 differ, 0 explained." in shipped.out
    for name in (SYD, OPSTART):
        path = rules / "published" / name
        path.write_bytes(as_excel(path, encoding, delimiter))
    written = (rules / "published" / SYD).read_bytes()
    assert b"287.181" in written and b"48,0 %" in written  # Danish numbers really are in the file
    assert (b"K\xf8benhavn" in written) == (encoding == "cp1252")
    assert b"4.030.016" in (rules / "published" / OPSTART).read_bytes()

    excel = klynge("test", "--rules-dir", str(rules))

    assert (excel.code, excel.out, excel.err) == (0, shipped.out, shipped.err)


def test_a_latin_1_table_reads_as_cp1252(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "published" / SYD
    path.write_bytes(as_excel(path, "latin-1", ";"))

    result = klynge("test", "--rules-dir", str(rules), str(rules / "sekretariat-syd-2022.yaml"))

    assert result.code == 0, result.err
    assert "OK: 33 cells checked, 0 differ, 0 explained." in result.out


def test_a_sep_line_names_the_separator(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    path = rules / "published" / SYD
    path.write_bytes(b"sep=;\r\n" + as_excel(path, "cp1252", ";"))

    result = klynge("test", "--rules-dir", str(rules), str(rules / "sekretariat-syd-2022.yaml"))

    assert result.code == 0, result.err
    assert "OK: 33 cells checked, 0 differ, 0 explained." in result.out


HEADER = b"municipality;indbyggertal_1kvt_2022;befolkningsandel_pct;amount_of_370000\r\n"
KBH = "København;287.181;48,0 %;177.678\r\n".encode("cp1252")
SAVE = "(save it from Excel as 'CSV UTF-8')"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            HEADER + KBH + b"Dragr\x81;14.640;2,4 %;9.058\r\n",
            3,
            f"byte 0x81 is neither UTF-8 nor Windows-1252 (Danish Excel) text {SAVE}",
        ),
        (
            HEADER + KBH + b"Drag\x8dr;14.640;2,4 %;9.058\r\n",
            3,
            f"byte 0x8D is neither UTF-8 nor Windows-1252 (Danish Excel) text {SAVE}",
        ),
        (
            "municipality,amount\nKøbenhavn,1\n".encode() + b"Drag\xf8r,2\n",
            3,
            f"byte 0xF8 is not UTF-8, though the text before it is {SAVE}",
        ),
        (HEADER + b"K\x00\x00\x00", 2, f"NUL byte: the published table is not a CSV text file {SAVE}"),
        (b"PK\x03\x04\x14\x00\x06\x00", 1, f"the published table is an Excel workbook, not a CSV file {SAVE}"),
        (
            "municipality;amount\r\n".encode("utf-16"),
            1,
            f"the published table is UTF-16 text (Excel's 'Unicode text'), not CSV {SAVE}",
        ),
        (
            b"",
            1,
            "the published table has no header line (the first line names the columns: municipality, "
            "indbyggertal_1kvt_2022, befolkningsandel_pct, amount_of_370000)",
        ),
        (HEADER, 1, "the published table has a header line but no rows"),
        (
            b"municipality;indbyggertal;befolkningsandel_pct;amount_of_370000\r\n" + KBH,
            1,
            "no column indbyggertal_1kvt_2022 in the published table; its header line has 'municipality', "
            "'indbyggertal', 'befolkningsandel_pct', 'amount_of_370000' (name the columns in the table's header "
            "line or in the rule's rows and columns)",
        ),
        (
            HEADER + KBH + b"Drag\xf8r;14.640;0.024;9.058\r\n",
            3,
            "column befolkningsandel_pct: '0.024' is not a number (in a ';'-separated table the comma is the "
            "decimal mark and a dot groups thousands: 48,0 and 177.678)",
        ),
        (
            HEADER + KBH + b"Drag\xf8r;14.640;2,4 %;ni tusind\r\n",
            3,
            "column amount_of_370000: 'ni tusind' is not a number (in a ';'-separated table the comma is the "
            "decimal mark and a dot groups thousands: 48,0 and 177.678)",
        ),
        (
            HEADER + KBH + b"Drag\xf8r;14.640;2,4 %\r\n",
            3,
            "column amount_of_370000 is empty (every checked cell needs a number)",
        ),
        (
            HEADER.replace(b";", b",") + b"Drag\xf8r,14640,2,4,9058\r\n",
            2,
            "the row has 5 cells, the header line 4 (a decimal comma in a ','-separated table needs quotes "
            "(\"48,0\"); or save the table with ';')",
        ),
    ],
    ids=[
        "0x81",
        "0x8D",
        "utf8-then-cp1252",
        "nul",
        "xlsx",
        "utf16",
        "empty",
        "no-rows",
        "no-column",
        "dot-decimal",
        "words",
        "short-row",
        "long-row",
    ],
)
def test_an_unreadable_table_is_one_error_line(klynge, rules: Path, content: bytes, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    path = rules / "published" / SYD
    path.write_bytes(content)

    result = klynge("test", "--rules-dir", str(rules), str(rules / "sekretariat-syd-2022.yaml"))

    assert (result.code, result.out) == (1, "")
    assert result.err == f"{path}:{line}:1: error: {message}\n"


def test_every_unreadable_table_of_a_rule_is_reported_at_once(klynge, rules: Path) -> None:  # type: ignore[no-untyped-def]
    rule = rules / "sekretariat-syd-2022.yaml"
    text = rule.read_text(encoding="utf-8")
    second = text[text.index("  - table:") :].replace(SYD, "second.csv")
    rule.write_text(text + second, encoding="utf-8")
    (rules / "published" / SYD).write_bytes(HEADER + b"\x81")
    (rules / "published" / "second.csv").write_bytes(b"")

    result = klynge("test", "--rules-dir", str(rules), str(rule))

    assert result.code == 1
    assert [line.split(": error: ")[0] for line in result.err.splitlines()] == [
        f"{rules / 'published' / 'second.csv'}:1:1",
        f"{rules / 'published' / SYD}:2:1",
    ]


@pytest.mark.parametrize(
    ("text", "danish_only", "expected"),
    [
        ("1.234.567", True, (Fraction(1234567), 0)),
        ("1.234.567", False, (Fraction(1234567), 0)),
        ("1,234", True, (Fraction(1234, 1000), 3)),  # in a ';' file the comma marks decimals, never thousands
        ("48,0 %", True, (Fraction(48), 1)),
        ("48,0%", False, (Fraction(48), 1)),
        ("1.234,50", True, (Fraction(123450, 100), 2)),
        ("177.678 kr.", True, (Fraction(177678), 0)),
        ("177\u00a0678", True, (Fraction(177678), 0)),
        ("\u22121.234", True, (Fraction(-1234), 0)),
        ("0.48", False, (Fraction(48, 100), 2)),
        ("0.480", False, (Fraction(48, 100), 3)),
        ("0.48", True, None),
        ("0.024", True, None),
        ("1.2345", True, None),
        ("12.5,3", False, None),
        ("", True, None),
        ("NaN", False, None),
    ],
)
def test_numbers_as_danish_excel_writes_them(text: str, danish_only: bool, expected: object) -> None:
    assert number(text, danish_only=danish_only) == expected


def test_the_pre_commit_hook_reads_a_danish_excel_table(tmp_path: Path) -> None:
    hooks = load(REPO / ".pre-commit-hooks.yaml").data
    hook = next(h for h in hooks if h["id"] == "klynge-test")
    table = Path("rules") / "published" / SYD
    assert re.search(hook["files"], table.as_posix()) and hook["pass_filenames"] is False
    shutil.copytree(RULES, tmp_path / "rules")
    (tmp_path / table).write_bytes(as_excel(RULES / "published" / SYD, "cp1252", ";"))
    command = hook["entry"].split()
    binary = shutil.which(command[0], path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip(f"{command[0]} is not installed beside {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k != "KLYNGE_RULES_DIR"} | {"KLYNGE_NO_CACHE": "1"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([binary, *command[1:]], cwd=tmp_path, env=env, capture_output=True, text=True)

    passed = run()
    assert passed.returncode == 0, passed.stderr
    assert "OK: 33 cells checked, 0 differ, 0 explained." in passed.stdout
    (tmp_path / table).write_bytes(HEADER + b"\x81\r\n")
    failed = run()
    assert (failed.returncode, failed.stdout) == (1, "")
    message = f"byte 0x81 is neither UTF-8 nor Windows-1252 (Danish Excel) text {SAVE}"
    assert failed.stderr == f"{table}:2:1: error: {message}\n"
