"""A kommune row of a pooled registry rule (model 3) says which klynger its indbyggertal comes from."""

from __future__ import annotations

import csv
import io
import json


def test_a_pooled_kommune_names_the_klynger_it_counts_in(klynge) -> None:  # type: ignore[no-untyped-def]
    rows = {r["name"]: r for r in json.loads(klynge("calc", "sekretariat-model3-2022", "-f", "json").out)["rows"]}
    # Tabel 2: København funds Klynge Syd (in part) and Klynge By; Rødovre (** in Syd) pays through Midt only.
    assert rows["København"]["clusters"] == ["Klynge Syd", "Klynge By"]
    assert rows["Rødovre"]["clusters"] == ["Klynge Midt"]
    assert "clusters" not in rows["I alt"] and "cluster" not in rows["København"]


def test_the_csv_cluster_column_holds_them_too(klynge) -> None:  # type: ignore[no-untyped-def]
    table = csv.DictReader(io.StringIO(klynge("calc", "sekretariat-model3-2022", "-f", "csv").out))
    clusters = {row["name"]: row["cluster"] for row in table}
    assert clusters["København"] == "Klynge Syd; Klynge By" and clusters["Allerød"] == "Klynge Nord"


def test_a_kommune_row_within_its_klynge_keeps_the_single_cluster(klynge) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(klynge("calc", "sekretariat-model2-2022", "-f", "json").out)["rows"]
    københavn = [r for r in rows if r["name"] == "København"]
    assert [r["cluster"] for r in københavn] == ["Klynge Syd", "Klynge By"]
    assert all("clusters" not in r for r in københavn)
