"""The subjects page and the subject facet (rich test records, SQLite and PostgreSQL): every subject a
visible document carries is listed once with the number of documents its search finds; genre counts add
up to the documents a reader may see, whatever genres they carry."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi.testclient import TestClient

from opis import vocab
from opis.model import Document
from opis.web.reading.subjects import genre_buckets, subject_items
from tests.web.test_pages import html, twin


def _documents(site: TestClient) -> list[dict]:  # type: ignore[type-arg]
    """Every document the search lists, following its pages."""
    items: list[dict] = []  # type: ignore[type-arg]
    url = "/search?limit=100"
    while url:
        body = twin(site, url)
        items += body["hits"]
        url = body["pages"]["next"]
    return items


def test_every_subject_is_listed_with_the_count_its_search_gives(site: TestClient, paper: Document) -> None:
    body = twin(site, "/subjects")
    docs = _documents(site)
    assert body["total"] == len(docs)
    assert body["subjects"], "the rich records carry subjects"
    for subject in body["subjects"]:
        found = twin(site, "/search?" + urlencode({"subject": subject["value"]}))
        assert found["total"] == subject["count"] > 0
        assert subject["href"] == "/search?" + urlencode({"subject": subject["value"]})
    values = [s["value"] for s in body["subjects"]]
    assert values == sorted(values, key=str.casefold) and len(values) == len(set(values))
    assert "specialists" in values
    assert body["with_subject"] + body["without_subject"] == body["total"] and body["without_subject"] > 0
    page = html(site, "/subjects")
    assert '<a href="/search?subject=specialists">specialists</a>' in page
    assert '<a href="/subjects">Subjects</a>' in page  # in the menu of every page


def test_subjects_are_a_search_facet_and_links_on_the_document(site: TestClient) -> None:
    body = twin(site, "/search")
    subject = next(f for f in body["facets"] if f["name"] == "subject")
    assert {"value": "specialists", "label": "specialists", "count": 1, "checked": False} in subject["values"]
    chosen = twin(site, "/search?subject=specialists")
    assert [c["label"] for c in chosen["chips"]] == ["Subject: specialists"]
    hit = chosen["hits"][0]["id"]
    assert '<a href="/search?subject=specialists">specialists</a>' in html(site, f"/documents/{hit}")


def test_genre_counts_add_up_to_the_documents(site: TestClient) -> None:
    body = twin(site, "/subjects")
    assert sum(g["count"] for g in body["genres"]) == body["total"] == len(_documents(site))
    for genre in body["genres"]:
        assert twin(site, genre["href"])["total"] == genre["count"]
    page = html(site, "/subjects")
    assert f'<th scope="row">All documents</th><td>{body["total"]}</td>' in page


def test_unknown_and_missing_genres_are_counted_apart() -> None:
    known = sorted(vocab.ids("genres") - {"other"})[:2]
    buckets = [{"value": known[0], "count": 5}, {"value": "other", "count": 2}, {"value": "zapiska-old", "count": 1},
               {"value": known[1], "count": 3}]
    out = genre_buckets(buckets, total=13)
    assert [(g["value"], g["count"]) for g in out] == [(known[0], 5), (known[1], 3), ("other", 3), (None, 2)]
    assert sum(g["count"] for g in out) == 13
    other = out[2]
    assert other["includes"] == ["zapiska-old"] and other["href"] == "/search?genre=other&genre=zapiska-old"
    assert out[3]["label"] == "Unspecified" and out[3]["href"] is None
    assert genre_buckets([{"value": known[0], "count": 4}], total=4) == [
        {"value": known[0], "label": vocab.labels("genres")[known[0]], "count": 4,
         "href": f"/search?genre={known[0]}"}]


def test_subjects_sort_as_readers_read() -> None:
    out = subject_items([{"value": "trade", "count": 2}, {"value": "Coal", "count": 1}, {"value": "arms", "count": 3}])
    assert [s["value"] for s in out] == ["arms", "Coal", "trade"]
    assert out[1]["href"] == "/search?subject=Coal"
