"""klynge serve over plain HTTP (Starlette's test client, no browser): the pages answer from the rule
files, bad requests get an error page with the message and never a traceback, and nothing is written.

tests/test_serve_browser.py drives the same pages in a real browser."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest

pytest.importorskip("starlette")  # the page's packages come with the test extra (pyproject.toml)

from starlette.testclient import TestClient  # noqa: E402

from klynge import i18n  # noqa: E402
from klynge.commands.serve import LOCAL_NAMES  # noqa: E402
from klynge.serve.app import MAX_BODY, MAX_QUERY, create_app  # noqa: E402

from .conftest import RULES  # noqa: E402

TABEL_1 = RULES / "published" / "bilag1_tabel1_opstartsmidler_2022.csv"


def client_for(root: Path) -> TestClient:
    return TestClient(create_app(root, LOCAL_NAMES), base_url="http://127.0.0.1:8765")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    i18n.use("en")
    with client_for(RULES) as shipped:
        yield shipped


def cells(page: str, label: str) -> list[str]:
    """The text of the cells of the table row whose first cell is ``label``."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        texts = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if texts and texts[0] == label:
            return texts
    raise AssertionError(f"no row {label!r}")


def published(level: str, name: str) -> dict[str, str]:
    with TABEL_1.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == level and (row["cluster"] or row["region"]) == name:
                return row
    raise AssertionError(name)


def danish(amount: str) -> str:
    return f"{int(amount):,}".replace(",", ".")


def test_the_rule_list_names_every_rule_with_title_and_source(client: TestClient) -> None:
    page = client.get("/").text
    for rule in ("opstartsmidler-2022", "sekretariat-model1-2022", "sekretariat-model4-2022", "sekretariat-syd-2022"):
        assert f'href="/regel/{rule}"' in page
    assert "Opstartsmidler 2022" in page
    assert "Tabel 1" in page  # the source of opstartsmidler-2022, as its file cites it


def test_the_rule_page_shows_tabel_1s_region_hovedstaden(client: TestClient) -> None:
    page = client.get("/regel/opstartsmidler-2022").text
    row = published("region", "Region Hovedstaden")
    shown = cells(page, "Region Hovedstaden")
    assert [danish(row[k]) for k in ("kommuner", "region_amount", "i_alt")] == shown[3:6]


def test_a_row_links_to_its_trace_and_the_trace_shows_the_formula(client: TestClient) -> None:
    page = client.get("/regel/opstartsmidler-2022").text
    assert 'href="?raekke=Region+Hovedstaden#forklaring"' in page
    traced = client.get("/regel/opstartsmidler-2022", params={"raekke": "Region Hovedstaden"}).text
    assert 'id="forklaring"' in traced
    assert "40.000.000 × 1.867.855 / 5.873.327 = 12.720.933,13 → 12.720.933" in traced


def test_the_what_if_form_recomputes_and_accepts_danish_thousands(client: TestClient) -> None:
    base = totals(client.get("/sammenlign").text)
    doubled = totals(client.get("/sammenlign", params={"cost_per_cluster": "740.000"}).text)
    assert doubled == [2 * value for value in base] and base
    assert 'value="740.000"' in client.get("/sammenlign", params={"cost_per_cluster": "740.000"}).text


def totals(page: str) -> list[Decimal]:
    return [Decimal(cell.replace(".", "")) for cell in cells(page, "Total")[1:] if cell]


def test_one_klynges_own_cost_reaches_the_comparison(client: TestClient) -> None:
    base = totals(client.get("/sammenlign").text)
    changed = totals(client.get("/sammenlign", params={"cost_per_cluster.hovedstaden-syd": "555000"}).text)
    assert [c - b for c, b in zip(changed, base, strict=True)] == [Decimal(185000)] * len(base)


def test_the_compare_page_draws_a_bar_per_kommune_and_model(client: TestClient) -> None:
    page = client.get("/sammenlign").text
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None and 'role="img"' in svg.group(0)
    assert "<title>København, Model 2: 464.496 kr.</title>" in svg.group(0)


def test_unknown_rule_is_a_404_page_with_the_message(client: TestClient) -> None:
    answer = client.get("/regel/opstartsmidler-2021")
    assert answer.status_code == 404
    assert "no rule with id 'opstartsmidler-2021' here (did you mean 'opstartsmidler-2022'?)" in unescape(answer.text)
    assert "Traceback" not in answer.text and "<html" in answer.text


@pytest.mark.parametrize("path", ["/regel/..%2F..%2Fetc%2Fpasswd", "/regel/%2Fetc%2Fpasswd", "/static/../cli.py"])
def test_no_path_from_a_request_reaches_a_file(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "def main" not in answer.text


def test_a_bad_number_keeps_the_page_and_names_the_field(client: TestClient) -> None:
    """The page stays, with the rule's own values, the message above the form and the value as typed."""
    answer = client.get("/sammenlign", params={"cost_per_cluster": "mange penge"})
    assert answer.status_code == 400
    page = unescape(answer.text)
    assert "cost_per_cluster: write an amount in whole kroner, e.g. 740.000 (got 'mange penge')" in page
    assert "The table shows the rule's own values, because:" in page
    assert 'value="mange penge"' in page
    assert totals(answer.text) == totals(client.get("/sammenlign").text)  # the rule's own 370.000 kr.
    too_much = client.get("/sammenlign", params={"cost_per_cluster": "10000000000000"})
    assert too_much.status_code == 400 and "at most 1.000.000.000.000 kr." in too_much.text


@pytest.mark.parametrize("value", ["0,01", "740000,50", "\uff17\uff14\uff10", "74\x0000", "740.00", "-5", "1e6", "0"])
def test_only_whole_kroner_in_ascii_digits_are_amounts(client: TestClient, value: str) -> None:
    answer = client.get("/regel/sekretariat-model2-2022", params={"cost_per_cluster": value})
    assert answer.status_code == 400
    assert "cost_per_cluster: " in answer.text and "rule files have problems" not in answer.text


@pytest.mark.parametrize("value", ["740000", "740.000", "740 000 kr.", "740.000 kr", "740.000,00", "740.000,-"])
def test_amounts_as_staff_write_them(client: TestClient, value: str) -> None:
    page = client.get("/regel/sekretariat-model2-2022", params={"cost_per_cluster": value}).text
    assert cells(page, "I alt")[-1] == "3.700.000"  # 5 klynger × 740.000 (the rule names its total row)


def test_a_value_given_twice_is_refused(client: TestClient) -> None:
    twice = [("cost_per_cluster", "740000"), ("cost_per_cluster", "555000")]
    answer = client.get("/regel/sekretariat-model2-2022", params=twice)
    assert answer.status_code == 400
    assert "cost_per_cluster: given twice (&#39;740000&#39; and &#39;555000&#39;)" in answer.text


def test_every_problem_of_a_form_at_once(client: TestClient) -> None:
    answer = client.get("/sammenlign", params={"cost_per_cluster": "x", "cost_per_cluster.hovedstaden-syd": "-5"})
    assert answer.status_code == 400
    assert "cost_per_cluster: write an amount" in answer.text
    assert "cost_per_cluster.hovedstaden-syd: write an amount" in answer.text


def test_a_field_left_empty_shows_the_rule_s_own_value(client: TestClient) -> None:
    page = client.get("/sammenlign", params={"cost_per_cluster": "1", "payout_key": "equal"}).text
    assert 'placeholder="370.000 kr."' in page and 'value="1"' in page
    assert "standard: cost</option>" in page  # model 3's own payout key, not the one asked for


def test_the_keys_of_one_model_work_on_the_default_comparison(client: TestClient) -> None:
    """payout_key is model 3's only: the comparison of all four takes it, as klynge compare --set does."""
    for name, value in (("payout_key", "population"), ("collection_basis", "folk1a-2022K1")):
        answer = client.get("/sammenlign", params={name: value})
        assert answer.status_code == 200, unescape(answer.text)
        assert f"Changed: {name} = {value} (--set)" in answer.text


def test_an_unknown_parameter_is_named(client: TestClient) -> None:
    answer = client.get("/regel/opstartsmidler-2022", params={"cost_per_klynge": "5"})
    assert answer.status_code == 400 and "unknown parameter 'cost_per_klynge'" in unescape(answer.text)


def test_an_oversized_form_is_refused_before_any_work(client: TestClient) -> None:
    long_query = client.get("/sammenlign?cost_per_cluster=" + "9" * (MAX_QUERY + 1))
    assert long_query.status_code == 414 and "Traceback" not in long_query.text
    big_body = client.post("/sammenlign", content=b"cost_per_cluster=1&" * (MAX_BODY // 10))
    assert big_body.status_code == 413
    too_many = client.get("/sammenlign", params=[("cost_per_cluster.x" + str(i), "1") for i in range(101)])
    assert too_many.status_code == 400 and "too many fields" in too_many.text
    long_value = client.get("/sammenlign", params={"cost_per_cluster": "1" * 81})
    assert long_value.status_code == 400 and "at most 80 characters" in long_value.text


def test_the_page_only_reads(client: TestClient) -> None:
    answer = client.post("/regel/opstartsmidler-2022", content=b"")
    assert answer.status_code == 405 and "use GET" in answer.text


def test_another_host_name_is_refused(client: TestClient) -> None:
    """A page elsewhere that makes the browser call 127.0.0.1 under its own name (DNS rebinding)."""
    refused = client.get("/", headers={"host": "evil.example"})
    assert refused.status_code == 400 and "the page answers only to 127.0.0.1, localhost, ::1" in refused.text
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST"):
        assert client.get("/", headers={"host": host}).status_code == 200, host


def test_a_long_path_is_refused(client: TestClient) -> None:
    answer = client.get("/regel/" + "x" * 600)
    assert answer.status_code == 414 and "x" * 100 not in answer.text


def test_the_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    answer = client.get("/sammenlign")
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert not re.search(r"(src|href)=\"https?://", answer.text)
    assert client.get("/static/klynge.js").status_code == 200


def test_downloads_read_back(client: TestClient) -> None:
    from openpyxl import load_workbook

    answer = client.get("/regel/opstartsmidler-2022/hent", params={"format": "xlsx"})
    assert answer.headers["content-disposition"] == 'attachment; filename="opstartsmidler-2022.xlsx"'
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Region Hovedstaden")
    assert row[5] == int(published("region", "Region Hovedstaden")["i_alt"])
    machine = client.get("/sammenlign/hent", params={"format": "csv", "cost_per_cluster": "740000"}).text
    assert machine.splitlines()[0].startswith("level,name,sekretariat-model2-2022,")
    page = client.get("/sammenlign", params={"cost_per_cluster": "740000"}).text
    shown = cells(page, "København")[1].replace(".", "")
    assert f"municipality,København,{shown}," in machine
    assert client.get("/sammenlign/hent", params={"format": "pdf"}).status_code == 400


def test_the_checks_page_shows_each_problem_with_its_place(rules_copy: Path) -> None:
    broken = rules_copy / "opstartsmidler-2022.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("rounding:", "rounding_typo:", 1), encoding="utf-8")
    with client_for(rules_copy) as local:
        page = local.get("/kontrol").text
    assert re.search(r"opstartsmidler-2022\.yaml:\d+:\d+: error: ", page)
    assert "The published tables are checked when every file is valid." in page


def test_the_checks_page_of_the_shipped_rules_passes(client: TestClient) -> None:
    page = client.get("/kontrol").text
    assert "no problems" in page and "OK: " in page and "FAILED" not in page


def test_a_changed_file_shows_at_the_next_request_and_nothing_is_written(rules_copy: Path) -> None:
    before = digests(rules_copy)
    with client_for(rules_copy) as local:
        assert "Opstartsmidler 2022" in local.get("/").text
        for path in (
            "/regel/opstartsmidler-2022",
            "/sammenlign",
            "/kontrol",
            "/forskel?gammel=sekretariat-model2-2022&ny=sekretariat-model3-2022",
        ):
            assert local.get(path).status_code == 200
        assert digests(rules_copy) == before
        rule = rules_copy / "opstartsmidler-2022.yaml"
        text = rule.read_text(encoding="utf-8")
        rule.write_text(
            text.replace("title: Opstartsmidler 2022", "title: Opstartsmidler 2022 (rettet)", 1), encoding="utf-8"
        )
        assert "Opstartsmidler 2022 (rettet)" in local.get("/").text


def digests(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_diff_against_a_git_revision(rules_copy: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    subprocess.run(["git", "init", "-q", str(rules_copy)], check=True)
    subprocess.run([*git, "-C", str(rules_copy), "add", "."], check=True)
    subprocess.run([*git, "-C", str(rules_copy), "commit", "-qm", "start"], check=True)
    rule = rules_copy / "sekretariat-model2-2022.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("default: 370000", "default: 740000", 1), encoding="utf-8")
    with client_for(rules_copy) as local:
        page = local.get("/forskel", params={"gammel": "sekretariat-model2-2022", "rev": "HEAD"}).text
        refused = local.get("/forskel", params={"gammel": "sekretariat-model2-2022", "rev": "--output=/tmp/x"})
        ranged = local.get("/forskel", params={"gammel": "sekretariat-model2-2022", "rev": "HEAD..HEAD"})
        both = local.get(
            "/forskel", params={"gammel": "sekretariat-model2-2022", "ny": "sekretariat-model3-2022", "rev": "HEAD"}
        )
        subprocess.run([*git, "-C", str(rules_copy), "commit", "-qam", "740000"], check=True)
        committed = local.get("/forskel", params={"gammel": "sekretariat-model2-2022", "rev": "HEAD"}).text
    assert "+100,00 %" in page
    assert refused.status_code == 400 and "is not a git revision" in refused.text
    assert ranged.status_code == 400 and "is not a git revision" in ranged.text
    assert both.status_code == 400 and "choose a rule after or a git revision, not both" in both.text
    assert "No changes." in committed  # HEAD moved: the page compares with the new HEAD


def test_the_page_speaks_danish() -> None:
    with i18n.speaking("da"), client_for(RULES) as local:
        page = local.get("/sammenlign").text
        error = local.get("/regel/ukendt").text
    assert '<html lang="da">' in page and "Sammenlign modeller" in page and "Hvad nu hvis?" in page
    assert "Compare" not in page and "What if" not in page
    assert "ingen regel med id" in error


def test_the_form_offers_each_parameter_the_rules_use(client: TestClient) -> None:
    page = client.get("/sammenlign").text
    for field in ('name="cost_per_cluster"', 'name="cost_per_cluster.hovedstaden-syd"', 'name="collection_basis"'):
        assert field in page
    chairs = re.search(r'<select name="co_chairs.hovedstaden-syd">(.*?)</select>', page, re.S)
    assert chairs is not None  # the medformandskommune of Klynge Syd: one of its members
    assert '<option value="Hvidovre">' in chairs.group(1) and '<option value="Gentofte">' not in chairs.group(1)
    assert re.search(r'<select name="payout_key">.*<option value="equal">', page, re.S)
    assert 'placeholder="370.000 kr."' in page  # what applies when the field is left empty


def test_medformandskommuner_from_the_form_bring_model_1_in(client: TestClient) -> None:
    from .test_compare import CHAIRS

    without = client.get("/sammenlign").text
    assert "Model 1" not in cells(without, "Kommune")
    chosen = {f"co_chairs.{cluster}": chair for cluster, chair in CHAIRS.items()}
    page = client.get("/sammenlign", params=chosen).text
    assert cells(page, "Kommune")[1] == "Model 1"
    assert cells(page, "Hvidovre")[1] == "370.000"  # model 1: the medformandskommune pays alone


def test_a_key_from_the_form_changes_the_payout(client: TestClient) -> None:
    params = {"regel": "sekretariat-model3-2022", "payout_key": "equal"}
    before = unescape(client.get("/sammenlign", params={"regel": params["regel"]}).text)
    assert "paid out by: each klynge's own cost" in before
    page = client.get("/sammenlign", params=params).text
    assert "paid out by: equal parts per klynge" in page and "Changed: payout_key = equal (--set)" in page
    wrong = client.get("/sammenlign", params={**params, "payout_key": "lige"})
    assert wrong.status_code == 400 and "<code>payout_key=lige: no such payout key" in wrong.text


def test_the_compare_page_compares_the_rules_asked_for(client: TestClient) -> None:
    asked = [("regel", "sekretariat-model2-2022"), ("regel", "sekretariat-model4-2022")]
    page = client.get("/sammenlign", params=asked).text
    assert cells(page, "Kommune")[1:3] == ["Model 2", "Model 4"]
    assert client.get("/sammenlign", params={"regel": "../../etc/passwd"}).status_code == 404


def test_a_rule_that_lacks_an_input_offers_the_form_to_give_it(client: TestClient) -> None:
    from .test_compare import CHAIRS

    page = unescape(client.get("/regel/sekretariat-model1-2022").text)
    assert "needs the medformandskommune of Klynge Nord (hovedstaden-nord)" in page
    assert "Give the missing values in the form, then compute." in page
    assert '<select name="co_chairs.hovedstaden-by">' in page
    assert "<details open>" in page  # the fields nobody has filled in are shown, not folded away
    given = {f"co_chairs.{cluster}": chair for cluster, chair in CHAIRS.items()}
    computed = client.get("/regel/sekretariat-model1-2022", params=given).text
    assert cells(computed, "Hvidovre")[-1] == "370.000"  # the medformandskommune pays its klynge's secretariat


def test_a_broken_rule_is_listed_and_leads_to_the_checks(rules_copy: Path) -> None:
    (rules_copy / "min-regel.yaml").write_text("kind: rule\nid: min-regel\ntitle: [\n", encoding="utf-8")
    (rules_copy / "data" / "min-data.yaml").write_text("kind: population\nid: [\n", encoding="utf-8")
    with client_for(rules_copy) as local:
        page = local.get("/").text
        opened = local.get("/regel/min-regel")
    assert re.search(r'<th scope="row">min-regel</th>\s*<td><a href="/kontrol">', page)
    assert "min-data" not in page  # a data file is no rule, broken or not
    assert opened.status_code == 422 and "min-regel.yaml:" in opened.text


def test_the_checks_download_for_excel_is_one_file(client: TestClient) -> None:
    text = client.get("/kontrol/hent", params={"format": "csv-excel"}).content.decode("utf-8")
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1  # Excel reads a second mark as text
    assert "opstartsmidler-2022" in text and "Validation" in text
