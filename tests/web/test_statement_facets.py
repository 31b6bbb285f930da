"""The search page's actor, object and outcome facets (HTML and JSON twin): read from the stored statements of
tests/web/test_decisions.py's document (seed 000, Wilson Center blog post, with one sentence of ours), a linked
actor shown by its authority's name, a verdict given on the editor's page reaching the facets through the
outbox, a draft's statements counted for no anonymous reader."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from opis.extract.pipeline import extract_all
from opis.model import Document, Rendition, Status
from opis.model.findings import Findings
from opis.store import statements
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.support.people import add_person, sign_in
from tests.web.htmlcheck import assert_accessible
from tests.web.test_decisions import DOC, record  # noqa: F401 - the fixture storing the document

Facets = dict[str, dict[str, dict[str, Any]]]


def _facets(site: TestClient, params: dict[str, str] | None = None) -> Facets:
    body = site.get("/search.json", params=params or {}).json()
    return {f["name"]: {v["value"]: v for v in f["values"]} for f in body["facets"]}


def _once(site: TestClient, holds: Callable[[Facets], bool], params: dict[str, str] | None = None) -> Facets:
    """The facets once ``holds`` is true of them (the indexer thread applies the outbox every half second)."""
    deadline = time.monotonic() + 30
    while True:
        got = _facets(site, params)
        if holds(got) or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def _caught_up(site: TestClient) -> None:
    indexer = site.app.state.indexer.indexer  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while indexer.pending() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.6)  # the pass that applied the last row has committed


def _stalin(archive: Archive) -> str:
    """The authority the record fixture's decisions link their agent to."""
    return next(s.statement.agent.authority for s in statements.of_document(archive, DOC, SYSTEM)
                if s.statement.agent and s.statement.agent.authority)


@pytest.mark.usefixtures("record")
def test_the_search_facets_count_actors_objects_and_outcomes(site: TestClient, archive: Archive) -> None:
    stalin = _stalin(archive)
    got = _once(site, lambda f: stalin in f.get("actor", {}))
    value = got["actor"][stalin]
    assert value["label"] == "Joseph Stalin" and value["count"] == 1  # by the authority's name, not its id
    assert got["actor"]["Kim"]["count"] == 1  # no authority linked: as written
    assert {"money", "arms", "fuel", "medicine", "ships"} <= got["object"].keys()
    assert got["object"]["money"]["label"] == "Money and credit"
    assert {k: v["count"] for k, v in got["outcome"].items()} == {"approved": 1, "refused": 1}
    chosen = site.get("/search.json", params={"outcome": "refused", "actor": stalin}).json()
    assert [h["id"] for h in chosen["hits"]] == [DOC]
    assert {c["value_label"] for c in chosen["chips"]} == {"refused", "Joseph Stalin"}
    api = site.get("/api/search", params={"outcome": "refused", "facets": "true"}).json()
    assert [h["id"] for h in api["hits"]] == [DOC]
    assert {b["value"] for b in api["facets"]["outcome"]} == {"approved", "refused"}  # its own selection left out
    html = site.get("/search", params={"outcome": "refused"})
    assert html.status_code == 200 and "Joseph Stalin" in html.text and "Money and credit" in html.text
    assert_accessible(html.text)
    ru = site.get("/search", params={"outcome": "refused"}, headers={"Accept-Language": "ru"}).text
    assert "Деньги и кредиты" in ru  # a kind in the reader's language (vocab/object_kinds.yaml)


@pytest.mark.usefixtures("record")
def test_a_rejected_decision_leaves_the_outcome_facet(site: TestClient, archive: Archive) -> None:
    _once(site, lambda f: "refused" in f.get("outcome", {}))
    refused = next(s for s in statements.of_document(archive, DOC, SYSTEM) if s.statement.decision == "refused")
    csrf = sign_in(site, add_person(archive, "editor"))
    done = site.post(f"/documents/{DOC}/statements/{refused.id}", follow_redirects=False,
                     data={"verdict": "reject", "revision": str(refused.revision), "csrf": csrf})
    assert done.status_code == 303
    got = _once(site, lambda f: "refused" not in f.get("outcome", {}))
    assert "refused" not in got["outcome"] and got["outcome"]["approved"]["count"] == 1


@pytest.mark.usefixtures("record")
def test_a_drafts_statements_are_not_counted_for_readers(site: TestClient, archive: Archive) -> None:
    stalin = _stalin(archive)
    text = "In March 1951, Molotov asked Mao for rice and coal. Mao refused to send them.\n"
    found = extract_all(text, "en", None, only=("statements",))["statements"]
    assert found, "the extractor finds the request"
    archive.put(Document(id="doc-draft-statements", title="Draft", genre="other", status=Status.DRAFT,
                         renditions=[Rendition(id="ren-draft-en", kind="original", language="en", text=text)],
                         findings=Findings.model_validate({"statements": found})), "test")
    editor = add_person(archive, "editor")
    _caught_up(site)
    got = _facets(site)
    assert stalin in got["actor"]  # the published document is counted
    assert "Molotov" not in got["actor"] and "food" not in got["object"]
    sign_in(site, editor)
    seen = _once(site, lambda f: "Molotov" in f.get("actor", {}))
    assert "Molotov" in seen["actor"] and "food" in seen["object"]  # the editor may see the draft: counted
