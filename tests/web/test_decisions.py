"""The decision record (per collection and per person) and the aid ledger, HTML and JSON twins and CSV, on SQLite
and PostgreSQL: rows pair each request with the decision answering it, filters narrow them, each row links to its
passage and the document page highlights it. Text: seed 000 (Wilson Center blog post), as
tests/extract/test_statements.py quotes it, with one sentence of ours stating a quantity of money."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from opis.extract.names.entities import AuthorityIndex
from opis.extract.pipeline import extract_all
from opis.model import Authority, Collection, Document, Rendition
from opis.model.findings import Findings
from opis.sample import load_sample
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.extract.test_statements import KIM_1950
from tests.web.htmlcheck import assert_accessible

TEXT = KIM_1950 + "\nIn April 1950, Kim asked Stalin for a loan of 70 million rubles. Stalin refused.\n"
COLLECTION = "col-decisions-test"
DOC = "doc-decisions-test"


@pytest.fixture
def record(archive: Archive, site: TestClient) -> str:
    """The collection and its document saved (the statements written with the save); Stalin's authority id."""
    authorities = [r for r in load_sample() if isinstance(r, Authority)]
    index = AuthorityIndex(authorities)
    found = extract_all(TEXT, "en", index, only=("statements",))
    archive.put(Collection(id=COLLECTION, title="Kim and Stalin, 1950"), "test")
    archive.put(Document(id=DOC, title="Loans and arms, 1950", genre="other", collections=[COLLECTION],
                         renditions=[Rendition(id="ren-decisions-en", kind="original", language="en", text=TEXT)],
                         findings=Findings.model_validate({"statements": found["statements"]})), "test")
    stalin = next(a for a, kind, _ in index.lookup("Joseph Stalin") if kind == "person")
    if archive.titles([stalin], SYSTEM) == {}:
        archive.put(next(a for a in authorities if a.id == stalin), "test")
    return stalin


def test_collection_record_pairs_requests_and_decisions(site: TestClient, record: str) -> None:
    got = site.get(f"/collections/{COLLECTION}/decisions.json")
    assert got.status_code == 200, got.text
    body = got.json()
    outcomes = [r["outcome"] for r in body["rows"]]
    assert outcomes == ["approved", "approved", "refused", "approved"]  # in date order: April before late May
    fuel = body["rows"][3]
    assert "fuel, medicine, and ships" in fuel["request"]["object"]
    assert fuel["latency"] == "less than a day"
    assert fuel["decision"]["agent"]["authority"] == record
    assert fuel["request"]["passage"].startswith(f"/documents/{DOC}?passage=ren-decisions-en:")
    html = site.get(f"/collections/{COLLECTION}/decisions")
    assert html.status_code == 200 and "less than a day" in html.text
    assert_accessible(html.text)


def test_filters_by_outcome_actor_and_object(site: TestClient, record: str) -> None:
    refused = site.get(f"/collections/{COLLECTION}/decisions.json", params={"outcome": "refused"}).json()
    assert [r["request"]["quantity"]["text"] for r in refused["rows"]] == ["70 million rubles"]
    assert refused["total"] == 4 and refused["shown"] == 1
    fuel = site.get(f"/collections/{COLLECTION}/decisions.json", params={"object": "medicine"}).json()
    assert fuel["shown"] == 1
    nobody = site.get(f"/collections/{COLLECTION}/decisions.json", params={"actor": "Truman"}).json()
    assert nobody["shown"] == 0 and "match these filters" in site.get(
        f"/collections/{COLLECTION}/decisions", params={"actor": "Truman"}).text


def test_person_record(site: TestClient, record: str) -> None:
    body = site.get(f"/authorities/{record}/decisions.json").json()
    assert body["of"]["id"] == record and body["shown"] == 4
    assert all(r["request"] is not None for r in body["rows"])  # the requests Stalin answered come along


def test_the_passage_is_highlighted_in_its_document(site: TestClient, record: str) -> None:
    row = site.get(f"/collections/{COLLECTION}/decisions.json").json()["rows"][3]
    page = site.get(row["request"]["passage"].split("#")[0])
    assert page.status_code == 200
    start = page.text.index('<mark class="passage" id="passage"')
    assert "fuel, medicine, and ships" in page.text[start:page.text.index("</mark>", start)]
    assert 'class="passage"' not in site.get(f"/documents/{DOC}?passage=ren-decisions-en:5-99999").text


def test_ledger_sums_in_the_currency_of_the_time(site: TestClient, record: str) -> None:
    body = site.get(f"/collections/{COLLECTION}/ledger.json").json()
    rows = body["rows"]
    # The loan request was refused; the request itself is in the ledger as requested, in rubles as stated.
    loan = [r for r in rows if r["total"] == 70_000_000]
    assert [(r["kind"], r["year"], r["donor"], r["recipient"]) for r in loan] == [
        ("requested", "1950", "Stalin", "Kim")]
    assert loan[0]["passages"][0].startswith(f"/documents/{DOC}?passage=")
    got = site.get(f"/collections/{COLLECTION}/ledger.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(got.text)))
    assert table[0] == ["donor", "recipient", "year", "kind", "unit", "total", "items", "passages", "converted",
                        "converted_unit", "rate", "rate_passage"]
    assert len(table) == len(rows) + 1
    assert site.get(f"/collections/{COLLECTION}/ledger").status_code == 200


def test_unknown_collection_is_a_json_error(site: TestClient) -> None:
    got = site.get("/collections/col-nope/decisions.json")
    assert got.status_code == 404 and "error" in got.json()


def test_facets_by_actor_kind_and_year(site: TestClient, record: str) -> None:
    body = site.get(f"/collections/{COLLECTION}/decisions.json").json()
    kinds = {v["value"]: v["count"] for v in body["facets"]["kind"]}
    assert kinds == {"request": 4, "decision": 4}
    assert [(v["value"], v["count"]) for v in body["facets"]["year"]] == [("1950", 4)]
    stalin = next(v for v in body["facets"]["actor"] if v["value"] == record)
    assert stalin["count"] == 4 and stalin["label"] == "Stalin" and not stalin["selected"]
    # A value's query chooses it; with other filters set, the counts are of the rows those leave.
    chosen = site.get(f"/collections/{COLLECTION}/decisions.json?{stalin['query']}").json()
    assert chosen["filters"]["actor"] == record and chosen["shown"] == 4
    refused = site.get(f"/collections/{COLLECTION}/decisions.json", params={"outcome": "refused"}).json()
    assert [(v["value"], v["count"]) for v in refused["facets"]["year"]] == [("1950", 1)]
    year = refused["facets"]["year"][0]
    assert year["query"] == "outcome=refused&year=1950"
    picked = site.get(f"/collections/{COLLECTION}/decisions.json?{year['query']}").json()
    assert picked["shown"] == 1 and picked["facets"]["year"][0]["selected"]
    assert picked["facets"]["year"][0]["query"] == "outcome=refused"  # choosing it again drops it
    assert site.get(f"/collections/{COLLECTION}/decisions.json", params={"year": "1949"}).json()["shown"] == 0
    assert site.get(f"/collections/{COLLECTION}/decisions.json", params={"kind": "delivery"}).json()["shown"] == 0
    html = site.get(f"/collections/{COLLECTION}/decisions", params={"kind": "request"})
    assert 'aria-current="true"' in html.text and "By year" in html.text
    assert_accessible(html.text)


def test_a_documents_json_and_api_carry_its_statements(site: TestClient, record: str) -> None:
    page = site.get(f"/documents/{DOC}.json").json()
    api = site.get(f"/api/documents/{DOC}/statements").json()
    assert [s["id"] for s in page["statements"]] == [s["id"] for s in api]
    assert [s["kind"] for s in api][:2] == ["request", "decision"]
    assert api[1]["responds_to"] == api[0]["id"] and api[0]["status"] == "extracted"
    assert api[0]["passage"].startswith(f"/documents/{DOC}?passage=ren-decisions-en:")
    assert site.get("/api/documents/doc-nope/statements").status_code == 404


def test_the_timeline_places_requests_and_decisions_with_their_latency(site: TestClient, record: str) -> None:
    body = site.get(f"/collections/{COLLECTION}/decisions.json").json()
    timeline = body["timeline"]
    assert len(timeline["rows"]) == body["shown"] and timeline["undated"] == 0
    fuel = timeline["rows"][3]
    # "late May 1950" is a span of days, not a point; the decision's passage is where its mark links
    assert fuel["request"]["earliest"] < fuel["request"]["latest"]
    assert fuel["decision"]["passage"] == body["rows"][3]["decision"]["passage"]
    assert fuel["latency"] == "less than a day"
    html = site.get(f"/collections/{COLLECTION}/decisions").text
    assert html.count('<svg class="chart decision-timeline"') == 2  # a phone's and a desktop's
    wide = html[html.index('<div class="timeline-wide">'):html.index('<div class="timeline-narrow">')]
    assert wide.count('class="arrow"') == 4 and ">less than a day</text>" in wide
    assert f'<a href="{fuel["request"]["passage"]}" tabindex="-1">' in wide
    assert_accessible(html)


def test_the_timeline_layout_keeps_marks_and_labels_inside_its_width() -> None:
    from opis.web.reading import decision_timeline as dt

    side = {"kind": "request", "date": "1950-05-21/1950-05-31", "passage": "/documents/d?passage=r:1-2#passage"}
    answer = {**side, "kind": "decision", "date": "1950-06-01"}
    rows = [{"request": side, "decision": answer, "outcome": "approved", "latency": "1–11 days",
             "latency_span": {"stated": None, "minutes": None, "min_days": 1, "max_days": 11}},
            {"request": None, "decision": {**answer, "date": "1951~"}, "outcome": "delivery", "latency": None,
             "latency_span": None},
            {"request": {**side, "date": None}, "decision": None, "outcome": "pending", "latency": None,
             "latency_span": None}]
    t = dt.entries(rows)
    assert t["undated"] == 1 and len(t["rows"]) == 2 and t["rows"][1]["decision"]["fuzzy"]
    for width in (dt.WIDE, dt.NARROW):
        drawn = dt.layout(t, width)
        assert drawn is not None
        first, second = drawn["lanes"]
        assert first["request"]["x0"] < first["request"]["x1"] <= first["decision"]["x0"]  # a span, then a day
        assert first["arrow"]["x1"] < first["arrow"]["x2"] and second["arrow"] is None
        for lane in drawn["lanes"]:
            for m in (lane["request"], lane["decision"]):
                assert m is None or 0 <= m["x0"] and m["x0"] + m["w"] <= width
        labels = [k["label"] for k in drawn["ticks"] if k["label"]]
        # May 1950 to December 1951: ticked by month, as many labels as fit the width
        assert labels[0] == "1950-05" and len(labels) * 58 <= width
    assert dt.layout(dt.entries(rows[2:]), dt.WIDE) is None  # nothing dated, nothing drawn


# Three short texts of ours in the seed paper's manner (its sums in military-Korean yen with their ruble
# equivalents, and its footnote's "about 4 rubles" for one yen, which contradicts them): the ledger converts
# only with rates these documents state.
RATE_TEXTS = {
    "doc-rates-a": "In 1946 the Soviet Civil Administration asked the Ministry of Finance for 13 300 thousand "
                   "military-Korean yens (about 3 325 000 rubles) for its specialists, or 1 900 thousand yens "
                   "(about 475 000 rubles) monthly.\n",
    "doc-rates-b": "In March 1947 Shtykov asked Moscow for 2 000 thousand military-Korean yens for the power "
                   "stations.\n\nIn May 1947 the Soviet Civil Administration requested 500 000 dollars from Moscow.\n",
    "doc-rates-c": "For one military-Korean yen they give about 4 rubles.\n",
}
RATES_COLLECTION = "col-rates-test"


@pytest.fixture
def rated(archive: Archive, site: TestClient) -> None:
    index = AuthorityIndex([r for r in load_sample() if isinstance(r, Authority)])
    archive.put(Collection(id=RATES_COLLECTION, title="Yen and rubles"), "test")
    for n, (doc_id, text) in enumerate(RATE_TEXTS.items()):
        found = extract_all(text, "en", index, only=("statements", "rates"))
        archive.put(Document(id=doc_id, title=f"Rates {n}", genre="other", collections=[RATES_COLLECTION],
                             renditions=[Rendition(id=f"ren-{doc_id}", kind="original", language="en", text=text)],
                             findings=Findings.model_validate({"statements": found["statements"],
                                                               "rates": found["rates"]})), "test")


def test_the_ledger_converts_only_with_rates_the_documents_state(site: TestClient, rated: None) -> None:
    body = site.get(f"/collections/{RATES_COLLECTION}/ledger.json").json()
    assert body["conversion"]["to"] == "SUR" and "KRW-MIL" in body["conversion"]["options"]
    assert {r["value"] for r in body["conversion"]["rates"]} == {0.25, 4.0}
    by_total = {r["total"]: r for r in body["rows"]}
    own = by_total[13_300_000]["converted"]  # its own document states the rate
    assert own["value"] == 3_325_000 and own["unit"] == "SUR"
    assert own["rate"]["found_in"] == "same document" and own["rate"]["document"] == "doc-rates-a"
    other = by_total[2_000_000]["converted"]  # no rate in its document: the one stated most often, and the other
    assert other["value"] == 500_000 and other["rate"]["found_in"] == "another document"
    assert other["rate"]["other_values"] == ["4"]
    assert other["rate"]["passage"].startswith("/documents/doc-rates-a?passage=ren-doc-rates-a:")
    assert by_total[500_000]["unit"] == "USD" and by_total[500_000]["converted"] is None  # no rate for dollars
    # the other way round: rubles are never stated as a sum here, but yen can be asked for
    yen = site.get(f"/collections/{RATES_COLLECTION}/ledger.json", params={"to": "KRW-MIL"}).json()
    assert yen["conversion"]["to"] == "KRW-MIL" and yen["rows"][0]["converted"]["rate"] is None
    assert site.get(f"/collections/{RATES_COLLECTION}/ledger.json",
                    params={"to": "XAU"}).json()["conversion"]["to"] == "SUR"  # never a rate not stated
    table = list(csv.DictReader(io.StringIO(site.get(f"/collections/{RATES_COLLECTION}/ledger.csv").text)))
    row = next(r for r in table if r["total"] == "2e+06")
    assert row["converted"] == "500000" and row["converted_unit"] == "SUR" and row["rate"] == "0.25"
    assert row["rate_passage"] == other["rate"]["passage"]
    html = site.get(f"/collections/{RATES_COLLECTION}/ledger")
    assert html.status_code == 200 and "no rate stated" in html.text and "as stated in Rates 0" in html.text
    assert html.text.count('<svg class="chart ledger-bars"') == 4  # KRW-MIL and USD, each for two widths
    assert_accessible(html.text)


@pytest.mark.parametrize("limit", [1, 2])
def test_the_ledger_pages_its_sums(archive: Archive, site: TestClient, rated: None, limit: int) -> None:
    from opis.store.access import ANONYMOUS
    from opis.web.reading import decisions

    whole = decisions.collection_ledger(archive, ANONYMOUS, RATES_COLLECTION)
    assert whole["total_rows"] == len(whole["all_rows"]) == len(whole["rows"]) > limit and whole["next"] is None
    assert whole["conversion"]["rates"]  # the documents stating a rate were found (tested in SQL, then read)
    pages, at = [], 0
    while True:
        got = decisions.collection_ledger(archive, ANONYMOUS, RATES_COLLECTION, offset=at, limit=limit)
        assert got["all_rows"] == whole["all_rows"] and len(got["rows"]) <= limit
        pages += got["rows"]
        if got["next"] is None:
            break
        assert got["next"].endswith(f"offset={at + limit}")
        at += limit
    assert pages == whole["all_rows"]  # every sum on exactly one page
    body = site.get(f"/collections/{RATES_COLLECTION}/ledger.json").json()
    assert "all_rows" not in body and body["total_rows"] == whole["total_rows"]
