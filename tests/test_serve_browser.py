"""klynge serve in a real browser: Debian's chromium, driven by playwright (no browser download).

The server is started as a person starts it, ``klynge serve --port 0`` in Danish, and the page is
used as a person uses it: open the list, open a rule, click a row, download the workbook, change the
cost per klynge on the compare page. The screenshot of the compare page goes to the test's folder,
and to ``$KLYNGE_SCREENSHOT_DIR`` when set (docs/ holds the one the README shows).

Where chromium is missing the tests skip, unless ``KLYNGE_REQUIRE_BROWSER=1`` (as .ci/run sets it
after installing chromium), which makes a missing browser a failure.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, RULES

TABEL_1 = RULES / "published" / "bilag1_tabel1_opstartsmidler_2022.csv"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root and on a closed network: no sandbox, and no calls home (each would wait for a refusal).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_or_skip() -> None:
    required = os.environ.get("KLYNGE_REQUIRE_BROWSER") == "1"
    for missing, why in (
        (not Path(CHROMIUM).exists(), "chromium is not installed"),
        (_no_playwright(), "no playwright"),
    ):
        if missing:
            if required:
                pytest.fail(f"{why}, and KLYNGE_REQUIRE_BROWSER=1")
            pytest.skip(why)


def _no_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return True
    return False


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """``klynge serve --port 0`` over the shipped rules, in Danish; the address it prints."""
    _browser_or_skip()
    env = {**os.environ, "KLYNGE_LANG": "da", "KLYNGE_NO_CACHE": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "klynge", "serve", "--port", "0", "--rules-dir", str(RULES)]
    server = subprocess.Popen(
        command, cwd=REPO.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    try:
        assert "http://127.0.0.1:" in line, line + (server.stderr.read() if server.poll() is not None else "")
        yield line[line.index("http://") :].split()[0]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(address: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="da-DK")
    yield context.new_page()
    context.close()


def published(name: str) -> list[str]:
    """Region's kommuner, region and total amounts in Tabel 1, written as the page writes them."""
    with TABEL_1.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["level"] == "region" and r["region"] == name)
    return [f"{int(row[k]):,}".replace(",", ".") for k in ("kommuner", "region_amount", "i_alt")]


def row_cells(page: Any, label: str) -> list[str]:
    row = page.locator("table.report tbody tr").filter(has=page.locator("th", has_text=label)).first
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


def test_from_the_list_to_region_hovedstaden_and_its_trace(page: Any, address: str) -> None:
    page.goto(address)
    assert page.locator("h1").inner_text() == "Regler"
    page.get_by_role("link", name="opstartsmidler-2022").click()
    page.wait_for_url("**/regel/opstartsmidler-2022")
    assert row_cells(page, "Region Hovedstaden")[3:6] == published("Region Hovedstaden")
    # a click on a number of the row (not on its link) opens the row's trace
    page.locator("tr", has=page.locator("th", has_text="Region Hovedstaden")).first.locator("td").nth(2).click()
    page.wait_for_url("**raekke=Region+Hovedstaden*")
    trace = page.locator("#forklaring pre").inner_text()
    assert "Region Hovedstaden: 40.000.000 × 1.867.855 / 5.873.327 = 12.720.933,13 → 12.720.933" in trace


def test_the_downloaded_workbook_holds_the_page_s_numbers(page: Any, address: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    page.goto(address + "regel/opstartsmidler-2022")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Excel-projektmappe (.xlsx)").click()
    download = waiting.value
    assert download.suggested_filename == "opstartsmidler-2022.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).worksheets[0]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Region Hovedstaden")
    assert [f"{value:,}".replace(",", ".") for value in row[3:6]] == published("Region Hovedstaden")


def test_the_compare_page_doubles_its_totals_at_740000(page: Any, address: str, tmp_path: Path) -> None:
    page.goto(address + "sammenlign")
    before = totals(page)
    page.locator("input[name='cost_per_cluster']").fill("740.000")
    page.get_by_role("button", name="Beregn").click()
    page.wait_for_url("**cost_per_cluster=740.000*")
    assert totals(page) == [2 * value for value in before] and before
    chart = page.locator("figure.chart svg")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert "740.000 kr. pr. klynge" in page.locator("h1").inner_text()
    shot = tmp_path / "serve-sammenlign.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a page with a table and a chart, not a blank one
    if folder := os.environ.get("KLYNGE_SCREENSHOT_DIR"):
        shutil.copy(shot, Path(folder) / shot.name)


def totals(page: Any) -> list[Decimal]:
    return [Decimal(cell.replace(".", "")) for cell in row_cells(page, "I alt")[1:] if cell]


def test_a_bad_amount_keeps_the_page_and_says_what_is_wrong(page: Any, address: str) -> None:
    page.goto(address + "sammenlign")
    before = totals(page)
    page.locator("input[name='cost_per_cluster']").fill("mange penge")
    page.get_by_role("button", name="Beregn").click()
    message = page.locator("#formularfejl").inner_text()
    assert "cost_per_cluster: skriv et beløb i hele kroner, fx 740.000 (fik 'mange penge')" in message
    assert page.locator("input[name='cost_per_cluster']").input_value() == "mange penge"
    assert totals(page) == before  # the table with the rule's own values


def test_on_a_narrow_screen_the_amounts_stay_in_view(browser: Any, address: str) -> None:
    """At 800 px (a tablet, a half screen) the form goes below the table, which keeps its full width."""
    context = browser.new_context(viewport={"width": 800, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.goto(address + "regel/sekretariat-syd-2022")
    amount = page.locator("tr", has=page.locator("th", has_text="København")).first.locator("td").last
    box = amount.bounding_box()
    assert amount.inner_text() == "177.678"  # Syd-dokumentets tabel: Københavns andel af ½ årsværk
    assert box is not None and box["x"] + box["width"] <= 800
    # and nothing of the table hides behind a sideways scroll of its column
    assert page.evaluate("(e => e.scrollWidth <= e.clientWidth)(document.querySelector('.result'))")
    context.close()
