"""The decision record of a theme (a subject the catalogue gives, or a kind of what statements are about), HTML
and JSON twin, and the subjects page's links to it; a draft's statements shown to no anonymous reader. Text:
seed 000 (Wilson Center blog post) with one sentence of ours, as tests/web/test_decisions.py stores it."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from opis.extract.names.entities import AuthorityIndex
from opis.extract.pipeline import extract_all
from opis.model import Authority, Document, Rendition, Status
from opis.model.findings import Findings
from opis.sample import load_sample
from opis.store.archive import Archive
from tests.web.htmlcheck import assert_accessible
from tests.web.test_decisions import TEXT

SUBJECT = "Soviet aid to Korea / loans"  # a slash in a subject: the URL still names it
DRAFT_TEXT = "In March 1951, Molotov asked Mao for rice and coal. Mao refused to send them.\n"


def _doc(doc_id: str, text: str, authorities: AuthorityIndex, status: Status = Status.PUBLISHED) -> Document:
    found = extract_all(text, "en", authorities, only=("statements",))
    return Document(id=doc_id, title=f"Requests, {doc_id}", genre="other", subjects=[SUBJECT], status=status,
                    renditions=[Rendition(id=f"ren-{doc_id}", kind="original", language="en", text=text)],
                    findings=Findings.model_validate({"statements": found["statements"]}))


@pytest.fixture
def themed(archive: Archive, site: TestClient) -> None:
    """A published document with the subject and a draft with it too; waits for the index to hold both."""
    authorities = AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))
    archive.put(_doc("doc-theme-public", TEXT, authorities), "test")
    archive.put(_doc("doc-theme-draft", DRAFT_TEXT, authorities, Status.DRAFT), "test")
    indexer = site.app.state.indexer.indexer  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while (indexer.pending() or not site.get("/search.json", params={"subject": SUBJECT}).json()["total"]) \
            and time.monotonic() < deadline:
        time.sleep(0.2)


URL = f"/subjects/{quote(SUBJECT, safe='')}/decisions"


@pytest.mark.usefixtures("themed")
def test_a_subjects_decision_record(site: TestClient) -> None:
    body = site.get(URL + ".json").json()
    assert body["of"] == {"kind": "subject", "id": SUBJECT, "title": SUBJECT,
                          "url": "/search?subject=Soviet+aid+to+Korea+%2F+loans"}
    assert [r["outcome"] for r in body["rows"]] == ["approved", "approved", "refused", "approved"]
    assert "Molotov" not in str(body["rows"])  # the draft's request is no anonymous reader's
    assert body["timeline"]["rows"]
    refused = site.get(URL + ".json", params={"outcome": "refused"}).json()
    assert refused["shown"] == 1 and refused["total"] == 4
    html = site.get(URL)
    assert html.status_code == 200 and "less than a day" in html.text and SUBJECT in html.text
    assert_accessible(html.text)
    assert site.get(URL, headers={"accept": "application/json"}).json() == body


@pytest.mark.usefixtures("themed")
def test_an_object_kinds_decision_record_keeps_the_statements_about_it(site: TestClient) -> None:
    fuel = site.get("/objects/fuel/decisions.json").json()
    assert fuel["of"]["title"] == "Fuel" and fuel["of"]["url"] == "/search?object=fuel"
    assert [r["outcome"] for r in fuel["rows"]] == ["approved"]
    assert "fuel, medicine, and ships" in fuel["rows"][0]["request"]["object"]
    money = site.get("/objects/money/decisions.json").json()
    assert sorted(r["outcome"] for r in money["rows"]) == ["approved", "approved", "refused"]
    ru = site.get("/objects/fuel/decisions", headers={"Accept-Language": "ru"})
    assert ru.status_code == 200 and "Топливо" in ru.text
    assert_accessible(ru.text)
    gone = site.get("/objects/unicorns/decisions.json")
    assert gone.status_code == 404 and "unicorns" in gone.json()["error"]["message"]


@pytest.mark.usefixtures("themed")
def test_the_subjects_page_links_themes_to_their_records(site: TestClient) -> None:
    body = site.get("/subjects.json").json()
    item = next(s for s in body["subjects"] if s["value"] == SUBJECT)
    assert item["decisions"] == URL
    assert all(s["decisions"] is None for s in body["subjects"] if s["value"] != SUBJECT)  # the sample's: no statements
    kinds = {t["value"]: t for t in body["themes"]}
    assert {"money", "arms", "fuel", "medicine", "ships"} <= kinds.keys() and "food" not in kinds  # food: the draft's
    assert kinds["fuel"]["href"] == "/objects/fuel/decisions" and kinds["fuel"]["count"] == 1
    html = site.get("/subjects").text
    assert f'href="{URL}"' in html and 'href="/objects/fuel/decisions"' in html
