"""The first published table, reproduced through the CLI: Sundhedsklynge Syd, ½ årsværk.

The expected values are read from the published table (``rules/published/``, a copy of the
Syd document's table, checked against ``../shared/reference`` when that folder is present).
"""

from __future__ import annotations

import csv
import json
import os
from decimal import Decimal

import pytest

from .conftest import RULES, SHARED

PUBLISHED = RULES / "published" / "syd_sekretariat_halvt_aarsvaerk_2022.csv"


def published() -> list[dict[str, str]]:
    with PUBLISHED.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_copy_is_the_reference_table() -> None:
    reference = SHARED / "reference" / PUBLISHED.name
    if not reference.exists():
        if os.environ.get("KLYNGE_REQUIRE_SHARED"):  # CI sets it: there a missing ../shared is a failure
            pytest.fail(f"{reference} is missing, and KLYNGE_REQUIRE_SHARED is set")
        pytest.skip("../shared is not beside this checkout (set KLYNGE_REQUIRE_SHARED=1 to fail instead)")
    assert PUBLISHED.read_bytes() == reference.read_bytes()


def test_json_gives_the_eleven_published_populations_and_amounts(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "sekretariat-syd-2022", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    rows = {row["name"]: row for row in document["rows"] if row["level"] == "municipality"}
    table = published()
    assert len(rows) == len(table) == 11
    for entry in table:
        row = rows[entry["municipality"]]
        assert row["basis"] == int(entry["indbyggertal_1kvt_2022"])
        assert row["amount"] == int(entry["amount_of_370000"])
        share = (Decimal(row["share"]) * 100).quantize(Decimal("0.1"))
        assert f"{share}".replace(".", ",") == entry["befolkningsandel_pct"]
    total = document["rows"][-1]
    assert (total["level"], total["basis"], total["amount"]) == ("total", 598032, 370000)
    assert document["rule"] == "sekretariat-syd-2022"
    assert document["pots"] == [
        {"id": "sekretariat", "title": "½ årsværk", "amount": 370000, "allocated": 370000, "difference": 0}
    ]


def test_table_shows_danish_numbers(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("calc", "sekretariat-syd-2022")
    assert result.code == 0, result.err
    for entry in published():
        amount = f"{int(entry['amount_of_370000']):,}".replace(",", ".")
        line = next(line for line in result.out.splitlines() if entry["municipality"] in line)
        assert amount in line and f"{entry['befolkningsandel_pct']} %" in line
    assert "177.678" in result.out and "48,0" in result.out
    assert "Valby, Vesterbro og Amager" in result.out  # the override's reason is shown


def test_csv_and_markdown_carry_the_same_amounts(klynge) -> None:  # type: ignore[no-untyped-def]
    as_csv = klynge("calc", "sekretariat-syd-2022", "--format", "csv")
    rows = {row["name"]: row for row in csv.DictReader(as_csv.out.splitlines())}
    markdown = klynge("calc", "sekretariat-syd-2022", "--format", "md").out
    for entry in published():
        assert rows[entry["municipality"]]["amount"] == entry["amount_of_370000"]
        danish = f"{int(entry['amount_of_370000']):,}".replace(",", ".")
        assert f"| {danish} |" in markdown
    assert rows["I alt"]["amount"] == "370000"
