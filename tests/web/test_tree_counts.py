"""The archival tree and the counts about it agree with what their pages list (rich test records, SQLite and
PostgreSQL): the home page's repositories, its chart, the Archives page, each unit's sentence, its contents,
its documents and the citations grouped by the document they are in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from opis import vocab
from opis.model import Document
from tests.web.test_pages import DELO, html, twin


def _all_refs(site: TestClient, url: str) -> list[dict]:  # type: ignore[type-arg]
    """Every reference a unit's page lists, following its pages."""
    items: list[dict] = []  # type: ignore[type-arg]
    body = twin(site, url + "?refs_limit=2")
    while True:
        items += body["refs"]["items"]
        if not body["refs"]["next"]:
            return items
        body = twin(site, body["refs"]["next"])


def test_home_counts_the_repositories_its_chart_and_the_archives_page_list(site: TestClient) -> None:
    home = twin(site, "/")
    bars = next(c["bars"] for c in home["charts"] if c["name"] == "repository")
    archives = twin(site, "/repositories")
    holding = [r["code"] for r in archives["items"] if r["documents"]]
    assert home["counts"]["repository"] == len(bars) == archives["holding"] == len(holding)
    assert sorted(b["value"] for b in bars) == sorted(holding)
    # A repository with nothing in the archive is not in the table; it is named apart.
    assert all(r["documents"] or r["citations"] for r in archives["items"])
    assert len(archives["items"]) + len(archives["known"]) == len(vocab.repositories())
    page = html(site, "/repositories")
    assert f"{len(archives['items'])} in all, {len(holding)} of them holding documents" in page


def test_every_unit_lists_what_its_counts_say(site: TestClient) -> None:
    for repo in twin(site, "/repositories")["items"]:
        queue = [f"/repositories/{repo['slug']}"]
        while queue:
            url = queue.pop()
            body = twin(site, url)
            refs = _all_refs(site, url)
            held = {r["record_id"] for r in refs if r["origin"] == "holding"}
            cited = [r for r in refs if r["origin"] == "citation"]
            assert body["documents"] == len(held), url
            assert body["citations"] == len(cited), url
            assert body["citing_documents"] == len({r["record_id"] for r in cited}), url
            for child in body["children"]["items"]:
                queue.append(f"{url}/{body['segments'][child['level']]}/{child['value']}")
                assert child["documents"] <= body["documents"] and child["citations"] <= body["citations"]


def test_citations_are_grouped_by_document_and_resolved(site: TestClient, paper: Document) -> None:
    body = twin(site, DELO)
    groups = body["refs"]["cited_by_document"]
    assert [g["record_id"] for g in groups] == [paper.id]  # one entry for the paper, not one per note
    assert len(groups[0]["notes"]) == body["citations"] == 2
    assert all(n["where"].startswith("RGAE f. 413 op. 13 d. 5467") for n in groups[0]["notes"])
    page = html(site, DELO)
    assert page.count(f'<a href="/documents/{paper.id}">') == 1
    assert "Ibid" not in page and "Там же" not in page  # a back-reference is shown as what it resolves to


def test_units_show_their_title_and_dates(site: TestClient) -> None:
    fond = twin(site, "/repositories/rgae/fonds/413")
    assert fond["unit_title"]["en"] == "Ministry of Foreign Trade of the USSR"
    assert "Ministry of Foreign Trade of the USSR" in html(site, "/repositories/rgae/fonds/413")
    row = twin(site, "/repositories/rgae")["children"]["items"][0]
    assert row["value"] == "413" and row["title"]["ru"] == "Министерство внешней торговли СССР"
    said = html(site, "/repositories/rgae").split("Dates of the documents held:")[1].split("</p>")[0]
    assert fond["dates"] and "/" not in said and said.strip(" .")  # in words, never EDTF
