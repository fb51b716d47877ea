"""The workbooks klynge writes, opened by another program: LibreOffice Calc (Debian's
libreoffice-calc-nogui, run headless), as a colleague without Excel opens them.

openpyxl reads back what openpyxl wrote; LibreOffice is a second, independent reader. It must open
every workbook, see the table's numbers as numbers, and a regnskab template filled in and saved by it
must import. Where LibreOffice is missing the tests skip, unless ``KLYNGE_REQUIRE_LIBREOFFICE=1`` (as
.ci/run sets it after installing it).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import RULES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Comma, double quote, UTF-8 (76), from line 1; the cells' values, not their text as shown (the 9th token).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false"
TABEL_1 = RULES / "published" / "bilag1_tabel1_opstartsmidler_2022.csv"


@pytest.fixture(autouse=True)
def libreoffice() -> None:
    if SOFFICE is None:
        if os.environ.get("KLYNGE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is not installed, and KLYNGE_REQUIRE_LIBREOFFICE=1")
        pytest.skip("LibreOffice is not installed")


def converted(workbook: Path, target: str, tmp_path: Path) -> Path:
    """``workbook`` converted by LibreOffice (``csv`` filter above, or ``xlsx``), in a folder of its own."""
    out = tmp_path / f"lo-{workbook.stem}-{target[:4]}"
    profile = (tmp_path / "lo-profile").as_uri()  # a profile of its own: no clash with a running LibreOffice
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", target, "--outdir", str(out), str(workbook)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    produced = list(out.glob("*"))
    assert done.returncode == 0 and produced, done.stdout + done.stderr
    return produced[0]


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def row(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if r and r[0] == name)


def test_libreoffice_reads_the_start_up_table_as_tabel_1(klynge: Any, tmp_path: Path) -> None:
    book = tmp_path / "opstart.xlsx"
    assert klynge("calc", "--output", str(book)).code == 0
    shown = row(rows_of(converted(book, CSV_FILTER, tmp_path)), "Region Hovedstaden")
    with TABEL_1.open(encoding="utf-8") as handle:
        published = next(r for r in csv.DictReader(handle) if r["region"] == "Region Hovedstaden" and not r["cluster"])
    assert [int(v) for v in shown[3:6]] == [int(published[k]) for k in ("kommuner", "region_amount", "i_alt")]


def test_libreoffice_reads_the_comparison_with_its_chart_sheet(klynge: Any, tmp_path: Path) -> None:
    book = tmp_path / "modeller.xlsx"
    assert klynge("compare", "--output", str(book)).code == 0
    assert load_workbook(book).sheetnames[1:] == ["Chart"]  # the chart sheet LibreOffice must get past
    machine = json.loads(klynge("compare", "--format", "json").out)
    kbh = next(r for r in machine["rows"] if r["name"] == "København")
    shown = row(rows_of(converted(book, CSV_FILTER, tmp_path)), "København")
    assert int(shown[1]) == kbh["values"]["sekretariat-model2-2022"]


@pytest.mark.parametrize(
    "args",
    [
        ["calc", "sekretariat-syd-2022", "--by", "contributor"],
        ["regnskab", "hovedstaden-syd", "--ledger", "tests/fixtures/regnskab/syd-2022.yaml"],
        ["regnskab", "template", "hovedstaden-syd"],
    ],
    ids=["contributions", "regnskab", "template"],
)
def test_libreoffice_opens_the_other_workbooks(klynge: Any, tmp_path: Path, args: list[str]) -> None:
    book = tmp_path / "bog.xlsx"
    done = klynge(*args, "--output", str(book))
    assert done.code == 0, done.err
    rows = rows_of(converted(book, CSV_FILTER, tmp_path))
    assert rows and any(cell.strip() for cell in rows[0])


def test_a_template_filled_and_saved_by_libreoffice_imports(klynge: Any, tmp_path: Path) -> None:
    """A person fills the template in LibreOffice and saves it: its xlsx, not openpyxl's, must import."""
    template = tmp_path / "skabelon.xlsx"
    assert klynge("regnskab", "template", "hovedstaden-syd", "--output", str(template)).code == 0
    book = load_workbook(template)
    info = dict(book["klynge"].iter_rows(values_only=True))
    sheet = book[str(info["entries_sheet"])]
    typed = [
        (datetime.date(2022, 3, 31), "Hvidovre", "5.32.32.1", "De sårbare ældre", 1234.56, "Kursus"),
        (datetime.date(2022, 12, 31), "Region Hovedstaden", "1.10.11.2", "Akutområdet", -5000.05, None),
    ]
    for offset, entry in enumerate(typed):
        for column, value in enumerate(entry, start=1):
            sheet.cell(row=int(str(info["first_row"])) + offset, column=column, value=value)
    filled = tmp_path / "udfyldt.xlsx"
    book.save(filled)
    saved = converted(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    ledger = tmp_path / "poster.yaml"
    done = klynge("regnskab", "import", str(saved), "--output", str(ledger))
    assert done.code == 0, done.err
    text = ledger.read_text(encoding="utf-8")
    assert "date: 2022-03-31" in text and "amount: 1234.56" in text and 'text: "Kursus"' in text
    assert "date: 2022-12-31" in text and "amount: -5000.05" in text and 'contributor: "Region Hovedstaden"' in text
