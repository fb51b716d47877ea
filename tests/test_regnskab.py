"""The klyngeregnskab (issue 14, items 2 and 3): ledgers, commitments and ``klynge regnskab``.

The ledger in tests/fixtures/regnskab is SYNTHETIC: invented spending for Klynge Syd (Region Hovedstaden).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from klynge.engine.ledger import Commitment, Entry
from klynge.engine.regnskab import regnskab

from .conftest import FIXTURES, REPO, Run

HERE = FIXTURES / "regnskab"
LEDGER = HERE / "syd-2022.yaml"
COMMITMENTS = HERE / "tilsagn-2022.yaml"
INVALID = sorted((HERE / "invalid").glob("*.yaml"))
# Tabel 1 of Afrapportering for arbejdsgruppen for sundhedsklyngeøkonomi: Klynge Syd (Region Hovedstaden).
SYD_KOMMUNER, SYD_REGION = Decimal(3936286), Decimal(3867153)


@dataclass(frozen=True)
class Funding:
    cluster: str
    cluster_name: str
    region: str
    contributor: str
    kind: str
    amount: Decimal


# --- The engine, for any ledger ---------------------------------------------------------------------

NAMES = ["A-kommune", "B-kommune", "C-kommune", "Region X"]
CLUSTERS = ["k1", "k2"]
money = st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
entries = st.lists(
    st.builds(
        Entry,
        date=st.dates(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
        cluster=st.sampled_from(CLUSTERS),
        contributor=st.sampled_from(NAMES),
        account=st.just("4.62.90"),
        initiative=st.sampled_from(["Akut", "Ældre", "Psykiatri"]),
        amount=money,
    ),
    max_size=30,
)
budgets = st.lists(st.integers(0, 10**7), min_size=len(NAMES) * len(CLUSTERS), max_size=len(NAMES) * len(CLUSTERS))
commitments = st.dictionaries(
    st.sampled_from(NAMES), st.builds(Commitment, committed=st.booleans(), source=st.just("s"))
)


def _budget(amounts: list[int]) -> list[Funding]:
    pairs = [(c, n) for c in CLUSTERS for n in NAMES]
    return [
        Funding(c, c.upper(), "Region X", n, "region" if n == "Region X" else "municipality", Decimal(a))
        for (c, n), a in zip(pairs, amounts, strict=True)
    ]


@settings(max_examples=150, deadline=None)
@given(amounts=budgets, booked=entries, committed=commitments)
def test_budget_less_spending_is_unspent_and_only_the_committed_carry_it(
    amounts: list[int], booked: list[Entry], committed: dict[str, Commitment]
) -> None:
    budget = _budget(amounts)
    books = regnskab("r", 2022, budget, booked, committed)
    for cluster in books.clusters:
        for account in cluster.contributors:
            mine = [e for e in booked if e.cluster == cluster.cluster and e.contributor == account.contributor]
            key = (cluster.cluster, account.contributor)
            given_budget = sum(b.amount for b in budget if (b.cluster, b.contributor) == key)
            spent = sum((e.amount for e in mine), Decimal(0))
            assert (account.budget, account.spent) == (given_budget, spent)
            assert account.budget - account.spent == account.unspent
            assert 0 <= account.carried <= max(account.unspent, Decimal(0))
            promise = committed.get(account.contributor)
            if promise is None or not promise.committed:
                assert account.carried == 0
            else:
                assert account.carried == max(account.unspent, Decimal(0))
            assert account.carried + account.not_carried == max(account.unspent, Decimal(0))
    assert {c.cluster for c in books.clusters} == {e.cluster for e in booked}


@settings(max_examples=150, deadline=None)
@given(amounts=budgets, booked=entries, committed=commitments)
def test_a_klynge_is_the_sum_of_its_contributors_initiatives_and_quarters(
    amounts: list[int], booked: list[Entry], committed: dict[str, Commitment]
) -> None:
    books = regnskab("r", 2022, _budget(amounts), booked, committed)
    for cluster in books.clusters:
        for name in ("budget", "spent", "unspent", "carried", "not_carried"):
            assert cluster.total(name) == sum((getattr(a, name) for a in cluster.contributors), Decimal(0))
        spent = cluster.total("spent")
        assert sum((sum(q.values(), Decimal(0)) for q in cluster.initiatives.values()), Decimal(0)) == spent
        assert sum((sum(q.values(), Decimal(0)) for q in cluster.quarters.values()), Decimal(0)) == spent
    for name in ("budget", "spent", "unspent", "carried"):
        assert books.total(name) == sum((c.total(name) for c in books.clusters), Decimal(0))


def test_one_klynge_alone_and_a_klynge_without_entries() -> None:
    booked = [Entry(datetime.date(2022, 5, 1), "k1", "A-kommune", "1.2", "Akut", Decimal("10.50"))]
    books = regnskab("r", 2022, _budget([100] * 8), booked, {}, cluster="k2")
    [k2] = books.clusters
    assert (k2.cluster, k2.total("spent"), k2.total("unspent"), books.unbooked) == ("k2", 0, 400, 0)
    every = regnskab("r", 2022, _budget([100] * 8), booked, {})
    assert [c.cluster for c in every.clusters] == ["k1"] and every.unbooked == 1


# --- Through the command line, with the synthetic ledger --------------------------------------------


def _spent() -> dict[str, Decimal]:
    """What each contributor booked in the synthetic ledger, summed here from the file itself."""
    data = YAML(typ="safe").load(LEDGER.read_text(encoding="utf-8"))
    spent: dict[str, Decimal] = {}
    for entry in data["entries"]:
        spent[entry["contributor"]] = spent.get(entry["contributor"], Decimal(0)) + Decimal(str(entry["amount"]))
    return spent


def _rows(result: Run) -> dict[str, dict[str, str]]:
    assert result.code == 0, result.err
    return {row["contributor"]: row for row in csv.DictReader(io.StringIO(result.out))}


def test_the_regnskab_of_klynge_syd(klynge: Any) -> None:
    args = ("hovedstaden-syd", "--ledger", str(LEDGER), "--commitments", str(COMMITMENTS), "-f", "csv")
    rows = _rows(klynge("regnskab", *args))
    spent = _spent()
    assert Decimal(rows["Region Hovedstaden"]["budget"]) == SYD_REGION
    assert sum(Decimal(r["budget"]) for r in rows.values() if r["kind"] == "municipality") == SYD_KOMMUNER
    assert len(rows) == 11  # the ten contributing kommuner (Rødovre takes part only administratively) and the region
    for name, row in rows.items():
        unspent = Decimal(row["budget"]) - spent.get(name, Decimal(0))
        assert (Decimal(row["spent"]), Decimal(row["unspent"])) == (spent.get(name, Decimal(0)), unspent)
        carried = max(unspent, Decimal(0)) if name == "Hvidovre" else Decimal(0)  # the one that committed
        assert (Decimal(row["carried"]), Decimal(row["not_carried"])) == (carried, max(unspent, 0) - carried)
    assert Decimal(rows["København"]["unspent"]) < 0  # the synthetic ledger overspends here


def test_the_table_shows_overspending_and_why_funds_are_not_carried(klynge: Any) -> None:
    result: Run = klynge("regnskab", "hovedstaden-syd", "--ledger", str(LEDGER), "--commitments", str(COMMITMENTS))
    assert result.code == 0 and result.err == ""
    overspent = Decimal(2100000) - Decimal(1960165)  # København's entry against its budget (see the CSV test)
    assert f"København has spent {overspent:,} kr. more than its budget".replace(",", ".") in result.out
    assert "as the room is not committed: Region Hovedstaden (217.153 kr.; Syntetisk eksempel" in result.out
    assert "as no commitment is given: Brøndby (242.799 kr.)" in result.out
    for title in ("per contributor", "per initiative", "per quarter"):
        assert f"Klyngeregnskab 2022 – {title}" in result.out


def test_without_commitments_nothing_is_carried(klynge: Any) -> None:
    rows = _rows(klynge("regnskab", "hovedstaden-syd", "--ledger", str(LEDGER), "-f", "csv"))
    assert {row["carried"] for row in rows.values()} == {"0"}


def test_json_sums_and_initiatives(klynge: Any) -> None:
    result: Run = klynge("regnskab", "--ledger", str(LEDGER), "--commitments", str(COMMITMENTS), "-f", "json")
    data = json.loads(result.out)
    [syd] = data["clusters"]
    assert (data["year"], data["carried_into"], syd["id"]) == (2022, 2023, "hovedstaden-syd")
    assert syd["totals"]["spent"] == float(sum(_spent().values()))
    initiatives = {i["initiative"]: i["quarters"] for i in syd["initiatives"]}
    assert initiatives["Akutområdet"] == {"Q1": 0, "Q2": 0, "Q3": 1250000, "Q4": 2400000}
    assert initiatives["De sårbare ældre"] == {"Q1": 0, "Q2": 0, "Q3": 180000, "Q4": -25000.5}


def test_a_csv_ledger_from_danish_excel_gives_the_same_regnskab(klynge: Any, tmp_path: Path) -> None:
    data = YAML(typ="safe").load(LEDGER.read_text(encoding="utf-8"))
    lines = ["date;cluster;contributor;account;initiative;amount;text"]
    for e in data["entries"]:
        amount = f"{Decimal(str(e['amount'])):.2f}".replace(".", ",")  # Danish Excel: a decimal comma
        lines.append(f"{e['date']};{e['cluster']};{e['contributor']};{e['account']};{e['initiative']};{amount};{e['text']}")
    ledger = tmp_path / "poster.csv"
    ledger.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))  # as 'CSV (semikolonsepareret)' saves it
    from_csv = klynge("regnskab", "hovedstaden-syd", "--ledger", str(ledger), "-f", "csv")
    from_yaml = klynge("regnskab", "hovedstaden-syd", "--ledger", str(LEDGER), "-f", "csv")
    assert from_csv.code == 0 and from_csv.out == from_yaml.out


def test_a_broken_csv_ledger_names_line_and_column(klynge: Any, tmp_path: Path) -> None:
    ledger = tmp_path / "poster.csv"
    ledger.write_text(
        "date;cluster;contributor;account;initiative;amount\n"
        "2022-09-30;hovedstaden-syd;Hvidovre;5.32.32.1;Akut;12x\n"
        "2022-10-01;hovedstaden-syd;Hvidovre;5-32;Akut;1.000,50\n",
        encoding="utf-8",
    )
    result: Run = klynge("regnskab", "--ledger", str(ledger))
    assert result.code == 1 and result.out == ""
    form = "The account in the kommunale or regionale kontoplan, as groups of digits separated by dots"
    assert result.err.splitlines() == [  # the line in the file, the column's number in the sheet
        f"{ledger}:2:6: error: amount: expected a number, got '12x'",
        f"{ledger}:3:4: error: account: '5-32' has the wrong form ({form}, e.g. 4.62.90.1; klynge checks the form"
        " only, not that the account exists.)",
    ]
    ledger.write_text(
        "date;cluster;contributor;account;initiative;amount\n2022-13-01;hovedstaden-syd;Hvidovre;5.32;Akut;1.000,50\n",
        encoding="utf-8",
    )
    dated: Run = klynge("regnskab", "--ledger", str(ledger))
    message = "date 2022-13-01 is no day of the calendar (write it as YYYY-MM-DD, e.g. 2022-09-30)"
    assert dated.code == 1 and dated.err == f"{ledger}:2:1: error: {message}\n"


def _expected(path: Path) -> list[str]:
    shown = str(path.relative_to(REPO))
    lines = path.read_text(encoding="utf-8").splitlines()
    return [f"{shown}:{line.removeprefix('# expect: ')}" for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_each_broken_file_gives_its_messages(klynge: Any, path: Path) -> None:
    shown = str(path.relative_to(REPO))
    if path.stem.startswith("commitments"):
        result: Run = klynge("regnskab", "--ledger", str(LEDGER.relative_to(REPO)), "--commitments", shown)
    else:
        result = klynge("regnskab", "--ledger", shown)
    assert result.code == 1 and result.out == "" and "Traceback" not in result.err
    assert result.err.splitlines() == _expected(path)


def test_a_broken_ledger_and_broken_commitments_are_reported_together(klynge: Any) -> None:
    ledger, promises = HERE / "invalid" / "unknown-klynge.yaml", HERE / "invalid" / "commitments-broken.yaml"
    files = ("--ledger", str(ledger.relative_to(REPO)), "--commitments", str(promises.relative_to(REPO)))
    result: Run = klynge("regnskab", *files)
    assert result.code == 1
    assert result.err.splitlines() == [*_expected(promises), *_expected(ledger)]  # by file, then by line


def test_danish(klynge: Any) -> None:
    files = ("--ledger", str(LEDGER), "--commitments", str(COMMITMENTS))
    result: Run = klynge("--lang", "da", "regnskab", "hovedstaden-syd", *files)
    assert result.code == 0
    assert "Klyngeregnskab 2022 – pr. bidragyder" in result.out and "Overføres til" in result.out
    assert "København har brugt 139.835 kr. mere end sit budget til Klynge Syd (Region Hovedstaden)." in result.out
    broken = HERE / "invalid" / "unknown-klynge.yaml"
    wrong: Run = klynge("--lang", "da", "regnskab", "--ledger", str(broken.relative_to(REPO)))
    message = "ukendt klynge 'hovedstaden-sud' i opstartsmidler-2022 (mente du 'hovedstaden-syd'?)"
    assert wrong.err == f"{broken.relative_to(REPO)}:8:14: error: {message}\n"


def test_an_unknown_klynge_on_the_command_line_is_wrong_usage(klynge: Any) -> None:
    result: Run = klynge("regnskab", "hovedstaden-sud", "--ledger", str(LEDGER))
    assert result.code == 2
    assert "no klynge with id 'hovedstaden-sud' in opstartsmidler-2022; did you mean 'hovedstaden-syd'?" in result.err


def test_a_workbook_with_a_sheet_per_table(klynge: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "regnskab.xlsx"
    result: Run = klynge("regnskab", "hovedstaden-syd", "--ledger", str(LEDGER), "-o", str(target))
    assert result.code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["bidragydere", "indsatser", "kvartaler"]
    rows = {row[0]: row for row in book["bidragydere"].iter_rows(values_only=True) if row and row[0]}
    assert rows["Region Hovedstaden"][1:4] == (3867153, 3650000, 217153)  # budget, spent, unspent as numbers


def test_a_ledger_validates_as_a_file_of_its_own_kind(klynge: Any) -> None:
    result: Run = klynge("validate", str(LEDGER), str(COMMITMENTS))
    assert result.code == 0, result.err


def test_klynge_list_names_a_ledger_and_a_commitments_file(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from .conftest import FIXTURES, RULES

    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    for name in ("syd-2022.yaml", "tilsagn-2022.yaml"):
        shutil.copy(FIXTURES / "regnskab" / name, rules / "data" / name)
    listed = klynge("--lang", "da", "list", "--rules-dir", str(rules)).out
    assert "  regnskab         regnskab-syd-2022" in listed and "  tilsagn          tilsagn-syd-2022" in listed
    assert "  ?  " not in listed
