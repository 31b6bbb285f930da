"""The timeline (rich test records plus an undated, an uncertain and an open-ended document; SQLite and
PostgreSQL): primary sources and literature on axes of their own, undated documents counted apart and
found by their link, From/To zooming the axes, zoom links that list what they lead to, fuzzy dates hollow."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import DocDate, Document
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.core.svg import timeline
from tests.support import records as R
from tests.web.rich import LETTER, TELEGRAM
from tests.web.test_pages import html, twin

UNDATED_DOC = R.doc("undated", title="Undated list of specialists", date=None, genre="list")
UNCERTAIN = R.doc("uncertain", title="Report of 1946, year uncertain", date=DocDate(edtf="1946?"), genre="report")
SPANNING = R.doc("spanning", title="Inspection reports of the occupation years", date=DocDate(edtf="1945/1948"),
                 genre="report")
OPEN_END = R.doc("open-end", title="Certificate valid until October 1947", date=DocDate(edtf="../1947-10"),
                 genre="certificate")


@pytest.fixture
def tl(archive: Archive, settings: Settings, paper: Document) -> Iterator[TestClient]:
    archive.put_many([UNDATED_DOC, UNCERTAIN, SPANNING, OPEN_END], "test")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        yield client


def _part(body: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in body["parts"] if p["name"] == name)


def _ids(body: dict[str, Any], name: str) -> list[str]:
    return [i["id"] for i in _part(body, name)["items"]]


def test_primary_sources_and_literature_have_axes_of_their_own(tl: TestClient, paper: Document) -> None:
    body = twin(tl, "/timeline")
    assert paper.id in _ids(body, "literature") and paper.id not in _ids(body, "primary")
    assert {LETTER.id, TELEGRAM.id, UNCERTAIN.id, OPEN_END.id} <= set(_ids(body, "primary"))
    assert body["total"] == sum(p["total"] for p in body["parts"])
    page = html(tl, "/timeline")
    primary = page.split('id="tl-primary-h"')[1].split('id="tl-literature-h"')[0]
    years = set(re.findall(r"<text[^>]*>(\d{4})</text>", primary))
    assert years and max(map(int, years)) < 2000  # 2016's paper does not stretch the primary axis
    assert 'viewBox="0 0 860 ' in primary and 'viewBox="0 0 340 ' in primary  # wide and narrow drawings


def test_undated_documents_are_counted_apart_and_linked(tl: TestClient) -> None:
    body = twin(tl, "/timeline")
    assert UNDATED_DOC.id not in _ids(body, "primary") + _ids(body, "literature")
    assert body["undated"]["count"] == 1
    found = twin(tl, body["undated"]["href"])
    assert [h["id"] for h in found["hits"]] == [UNDATED_DOC.id]
    everything = twin(tl, "/search?limit=100")["total"]
    assert body["total"] + body["undated"]["count"] == everything
    page = html(tl, "/timeline")
    assert f'<a href="{body["undated"]["href"]}">1 undated document</a> has no place on the axis' in page


def test_fuzzy_dates_are_ranges_drawn_hollow_and_open_ends_dashed(tl: TestClient) -> None:
    items = {i["id"]: i for i in _part(twin(tl, "/timeline"), "primary")["items"]}
    assert items[UNCERTAIN.id]["fuzzy"] and items[TELEGRAM.id]["fuzzy"] and not items[LETTER.id]["fuzzy"]
    assert (items[UNCERTAIN.id]["earliest"], items[UNCERTAIN.id]["latest"]) == ("1946-01-01", "1946-12-31")
    page = html(tl, "/timeline")
    assert 'class="range fuzzy"' in page and 'class="range open"' in page and 'class="point"' in page
    assert "1946?" in page and "about May 1950" in page and "../1947-10" not in page.split("<main")[1]


def test_from_and_to_zoom_the_axes(tl: TestClient) -> None:
    body = twin(tl, "/timeline?from=1950&to=1950")
    assert _ids(body, "primary") == [TELEGRAM.id] and _ids(body, "literature") == []
    assert _part(body, "primary")["span"] == [1950, 1950]
    assert body["zoom"]["out"] == "/timeline"
    read = twin(tl, "/timeline?from=March+1950&to=someday")
    assert read["dates_read"] == {"from": "1950-03", "to": ""}
    assert any("“someday” is not a date we can read" in n for n in read["date_notes"])
    assert "“someday” is not a date we can read" in html(tl, "/timeline?to=someday")


def test_every_zoom_link_shows_as_many_documents_as_it_says(tl: TestClient) -> None:
    steps = twin(tl, "/timeline")["zoom"]["steps"]
    assert {s["label"] for s in steps} >= {"1940s", "1950s", "2010s"}
    for step in steps:
        zoomed = twin(tl, step["href"])
        assert zoomed["total"] == step["count"], step
    inner = twin(tl, next(s["href"] for s in steps if s["label"] == "1950s"))["zoom"]
    assert inner["by"] == "year" and [s["label"] for s in inner["steps"]] == ["1950"]
    # The 1945/1948 reports reach past a 1946-1947 zoom (their years are counted); the years offered stay inside.
    zoomed = twin(tl, "/timeline?from=1946&to=1947")["zoom"]
    assert zoomed["by"] == "year" and [s["label"] for s in zoomed["steps"]] == ["1946", "1947"]


def test_filters_keep_each_axis_and_the_genre_picks_one(tl: TestClient, paper: Document) -> None:
    body = twin(tl, "/timeline?genre=article")
    assert _ids(body, "primary") == [] and _ids(body, "literature") == [paper.id]
    assert "article" in [o["value"] for o in body["options"]["genre"]]
    kim = twin(tl, "/timeline?" + urlencode({"person": "Kim Il Sung", "genre": "letter"}))
    assert _ids(kim, "primary") == [LETTER.id]
    # One document, one decade: the zoom goes by year, and its links keep the filters.
    assert 'href="/timeline?person=Kim+Il+Sung&amp;genre=letter&amp;from=1947&amp;to=1947"' in html(
        tl, "/timeline?" + urlencode({"person": "Kim Il Sung", "genre": "letter"}))


def test_a_fixed_span_cuts_dates_at_the_axis_edges() -> None:
    items = [{"id": "d1", "title": "Long", "earliest": "1930-01-01", "latest": "1960-12-31", "edtf": "1930/1960"},
             {"id": "d2", "title": "Day", "earliest": "1947-05-21", "latest": "1947-05-21", "edtf": "1947-05-21"}]
    svg = str(timeline(items, width=340, span=(1945, 1949)))
    drawn = re.findall(r'<rect class="range" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    bars = [(float(x), float(w)) for x, w in drawn]
    assert bars == [(10.0, 320.0)]  # 1930-1960 drawn over the whole 1945-1949 axis, not past it
    point = float(re.findall(r'<circle class="point" cx="([\d.]+)"', svg)[0])
    assert 10 < point < 330
    assert re.findall(r"<text[^>]*>(\d{4})</text>", svg)[0] == "1945"


def test_year_labels_never_crowd_each_other() -> None:
    for first, last in ((1959, 2016), (1945, 1950), (1899, 1901), (1947, 1947), (1945, 1981)):
        items = [{"id": "a", "title": "A", "earliest": f"{first}-01-01", "latest": f"{last}-12-31", "edtf": ""}]
        for width in (340, 860):
            svg = str(timeline(items, width=width))
            xs = [float(v) for v in re.findall(r'<text x="([\d.]+)" y="13">', svg)]
            assert xs and all(b - a >= 36 for a, b in zip(xs, xs[1:], strict=False)), (first, last, width, xs)
            assert max(xs) - 3 + 36 <= width - 10, "the last label fits before the axis end"


def test_a_zoomed_axis_starts_where_its_documents_do() -> None:
    items: list[dict[str, Any]] = [
        {"id": "a", "title": "A", "earliest": None, "latest": "1947-10-31", "edtf": "../1947-10"},
        {"id": "b", "title": "B", "earliest": "1946-01-01", "latest": "1946-12-31", "edtf": "1946?"}]
    years = re.findall(r"<text[^>]*>(\d{4})</text>", str(timeline(items, width=860, span=(1940, 1949))))
    assert years[0] == "1946" and "1940" not in years
