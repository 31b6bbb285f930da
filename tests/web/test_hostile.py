"""Text from ingested files is inert everywhere: every page type, the SVG charts, the CSV files.

A hostile record set puts markup into every field a page shows (titles, names, texts, footnotes,
citations, table cells, archival levels that become links) and the tests look for any of it
arriving unescaped.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import (
    AgentRef,
    ArchivalReference,
    Authority,
    Collection,
    DocDate,
    Document,
    Name,
    Rendition,
    make_id,
)
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.core.svg import bar_chart, timeline

SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
RAW = ("<script>alert", "<img src=x", "<b onmouseover", "<svg onload", 'href="javascript:', "<i>413")

EVIL_PERSON = Authority(kind="person", id=make_id("person", "evil", "p"), preferred=f"Evil {SCRIPT}",
                        names=[Name(value=f"Злой {IMG}", lang="ru-Cyrl")], description=IMG)
EVIL_COLLECTION = Collection(id=make_id("collection", "evil", "c"), title=f"Collection {SCRIPT}", description=IMG,
                             featured=True)
TEXT = f"Intro {SCRIPT} by Evil¹.\n\n{IMG}\n\nLine\t=1+2\t+cmd|' /C calc'!A0\nLine\t-2+3\t@SUM(A1)\n\n¹ {SCRIPT}"
EVIL_DOC = Document(
    id=make_id("document", "evil", "d"), title=f"=HYPERLINK(\"http://x\") {SCRIPT}", summary=IMG, genre="letter",
    date=DocDate(edtf="1947-05", text=f"May {SCRIPT}"), languages=["ru"], collections=[EVIL_COLLECTION.id],
    agents=[AgentRef(name="<b onmouseover=alert(1)>x</b>", role="sender", authority=EVIL_PERSON.id)],
    archival_refs=[ArchivalReference(raw=f"RGAE {SCRIPT}", repository="RGAE", fond="<i>413</i>", opis="1", delo="2")],
    renditions=[Rendition(id="ren-evil", kind="original", language="ru", text=TEXT)],
    subjects=[SCRIPT],
    findings={
        "footnotes": [{"number": "1", "text": SCRIPT, "offset": TEXT.index("¹ "), "refs": [TEXT.index("¹")]}],
        "citations": [{"footnote": "1", "raw": SCRIPT, "kind": "web", "title": "<svg onload=alert(1)>",
                       "url": "javascript:alert(1)", "ibid_of": None, "ibid_prev": None, "note": IMG},
                      {"footnote": "1", "raw": "F. 9", "kind": "archival", "repository": "RGAE", "fond": "<i>413</i>",
                       "opis": "1", "ibid_of": None, "ibid_prev": None, "note": None}],
        "names": [{"authority": EVIL_PERSON.id, "start": TEXT.index("Evil"), "end": TEXT.index("Evil") + 4,
                   "text": "Evil", "type": "person"}],
        "dates": [{"text": SCRIPT, "edtf": "1947", "earliest": "1947-01-01", "latest": "1947-12-31"}],
        "quantities": [{"text": SCRIPT, "value": 1, "unit": IMG, "kind": "count"}],
        "tables": [{"caption": SCRIPT, "header": [SCRIPT, "=cmd"], "rows": [["=1+2", "+cmd"], ["-2+3", "@SUM(A1)"]],
                    "row_roles": ["item", "item"],
                    "checks": [{"check": "column_total", "column": SCRIPT, "row": IMG, "stated": 1, "computed": 2,
                                "ok": False}]}],
    })


@pytest.fixture
def evil(archive: Archive, settings: Settings) -> TestClient:
    archive.put_many([EVIL_PERSON, EVIL_COLLECTION, EVIL_DOC], "test")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        yield client  # type: ignore[misc]


def _inert(text: str, url: str) -> None:
    for raw in RAW:
        assert raw not in text, (url, raw)


def test_every_page_type_shows_markup_as_text(evil: TestClient) -> None:
    pages = ["/", "/search?q=alert", "/search?q=" + quote("Злой"), f"/documents/{EVIL_DOC.id}",
             f"/authorities/{EVIL_PERSON.id}", f"/collections/{EVIL_COLLECTION.id}", "/timeline",
             "/repositories/rgae", "/repositories/rgae/fonds/" + quote("<i>413</i>", safe=""),
             "/search?exact=1&q=" + quote("<script>zzz"), "/no/such/" + quote(SCRIPT)]
    for url in pages:
        resp = evil.get(url, headers={"accept": "text/html"})
        assert resp.status_code in (200, 404), url
        _inert(resp.text, url)
    document = evil.get(f"/documents/{EVIL_DOC.id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in document
    assert 'href="/repositories/rgae/fonds/%3Ci%3E413%3C%2Fi%3E/opisi/1/dela/2"' in document


def test_svg_charts_escape_their_text() -> None:
    bars = str(bar_chart([{"label": SCRIPT, "count": 3, "href": '"><script>'}], SCRIPT))
    line = str(timeline([{"id": '"><x', "title": SCRIPT, "earliest": "1947-05-01", "latest": "1947-05-31",
                          "edtf": "1947-05", "text": IMG}]))
    for svg in (bars, line):
        assert "<script" not in svg and "<img" not in svg and '"><x' not in svg
        assert "&lt;script&gt;" in svg


def test_timeline_page_svg_is_inert(evil: TestClient) -> None:
    page = evil.get("/timeline").text
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "&lt;script&gt;" in svg and "<script" not in svg


def test_csv_cells_cannot_run_as_formulas(evil: TestClient) -> None:
    table = list(csv.reader(io.StringIO(evil.get(f"/documents/{EVIL_DOC.id}/tables/1.csv").text)))
    assert table == [[SCRIPT, "'=cmd"], ["'=1+2", "'+cmd"], ["'-2+3", "'@SUM(A1)"]]
    rows = list(csv.DictReader(io.StringIO(evil.get("/search.csv", params={"q": "alert"}).text)))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    assert all(not v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())
