"""The actor, object and outcome facets, read from the documents' stored statements with the editor's verdicts:
a rejected statement leaves its document's facets once the review reaches the index through the outbox, a
corrected one counts as corrected, a draft's statements count for no reader who may not see the draft, and an
index built under the previous schema is rebuilt with the new facets. The text is seed 000 (Wilson Center blog
post on Soviet documents about Korea), quoted as tests/extract/test_statements.py quotes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opis.extract.names.entities import AuthorityIndex
from opis.extract.pipeline import extract_all
from opis.index import Indexer, SearchIndex, fields
from opis.index import engine as E
from opis.index.counts import facet_counts
from opis.model import Authority, Document, Rendition, Status
from opis.model.findings import Findings
from opis.sample import load_sample
from opis.store import statements
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from tests.extract.test_statements import KIM_1950

EDITOR = Viewer("ed", frozenset({"editor"}))
NAMES = ("actor", "object", "outcome")


@pytest.fixture(scope="module")
def authorities() -> AuthorityIndex:
    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


def _doc(doc_id: str, text: str, authorities: AuthorityIndex, status: Status = Status.PUBLISHED) -> Document:
    found = extract_all(text, "en", authorities, only=("statements",))
    return Document(id=doc_id, title="Kim and Stalin, 1950", genre="other", status=status,
                    renditions=[Rendition(id="r-en", kind="original", language="en", text=text)],
                    findings=Findings.model_validate({"statements": found["statements"]}))


def _counts(archive: Archive, index: SearchIndex, viewer: Viewer = ANONYMOUS) -> dict[str, dict[str, int]]:
    got = facet_counts(index, viewer, archive.today(), NAMES)
    return {n: {b["value"]: b["count"] for b in got[n]} for n in NAMES}


def _stalin(authorities: AuthorityIndex) -> str:
    found = extract_all(KIM_1950, "en", authorities, only=("statements",))["statements"]
    ids = {s["agent"]["authority"] for s in found if s.get("agent") and s["agent"].get("authority")}
    assert len(ids) == 1
    return str(ids.pop())


def _put_stalin(archive: Archive, authorities: AuthorityIndex) -> str:
    """The sample's authority record the statements link to, saved public: its id becomes the facet value."""
    stalin = _stalin(authorities)
    archive.put(next(r for r in load_sample() if r.id == stalin), "test")
    return stalin


def test_facets_from_statements_and_a_review_reaches_the_index(archive: Archive, index: SearchIndex,
                                                               authorities: AuthorityIndex) -> None:
    archive.put(_doc("doc-kim-1950", KIM_1950, authorities), "test")
    indexer = Indexer(archive, index)
    indexer.catch_up()
    # an authority the archive does not hold (or a reader may not see) is no id in a facet: the name as written
    assert _counts(archive, index)["actor"] == {"Stalin": 1, "Kim": 1}
    stalin = _put_stalin(archive, authorities)
    indexer.catch_up()  # a changed authority re-indexes the documents that link to it
    counts = _counts(archive, index)
    # linked parties by authority id, the others as written; one document, so every count is 1
    assert counts["actor"] == {stalin: 1, "Kim": 1}
    assert counts["object"] == {k: 1 for k in ("money", "arms", "equipment", "fuel", "medicine", "ships")}
    assert counts["outcome"] == {"approved": 1}

    said = statements.of_document(archive, "doc-kim-1950", SYSTEM)
    fuel = [s for s in said if "fuel" in (s.statement.object or "")]
    assert [s.statement.kind for s in fuel] == ["request", "decision"]
    for s in fuel:
        statements.review(archive, s.id, "reject", EDITOR)
    money = next(s for s in said if s.statement.kind == "decision" and "loan" in (s.statement.object or ""))
    statements.review(archive, money.id, "correct", EDITOR, correction={"decision": "deferred"})
    assert indexer.catch_up() == 3  # one outbox row per verdict
    counts = _counts(archive, index)
    assert not {"fuel", "medicine", "ships"} & counts["object"].keys()  # rejected: gone from the facet
    assert counts["object"] == {k: 1 for k in ("money", "arms", "equipment")}
    assert counts["outcome"] == {"approved": 1, "deferred": 1}  # the corrected decision as corrected


def test_a_drafts_statements_are_counted_only_for_who_may_see_it(archive: Archive, index: SearchIndex,
                                                               authorities: AuthorityIndex) -> None:
    stalin = _put_stalin(archive, authorities)
    archive.put(_doc("doc-kim-public", KIM_1950, authorities), "test")
    draft = "In March 1951, Molotov asked Mao for rice and coal. Mao refused.\n"
    archive.put(_doc("doc-kim-draft", KIM_1950 + "\n" + draft, authorities, Status.DRAFT), "test")
    Indexer(archive, index).catch_up()
    public, editor = _counts(archive, index), _counts(archive, index, EDITOR)
    assert public["actor"][stalin] == 1 and editor["actor"][stalin] == 2
    assert "Molotov" in editor["actor"] and "Molotov" not in public["actor"]
    assert "food" in editor["object"] and "food" not in public["object"]
    assert public["outcome"] == {"approved": 1}


def test_an_index_of_the_previous_schema_is_rebuilt_with_the_facets(archive: Archive, tmp_path: Path,
                                                                    authorities: AuthorityIndex) -> None:
    archive.put(_doc("doc-kim-1950", KIM_1950, authorities), "test")
    old = SearchIndex.open(tmp_path / "ix")
    Indexer(archive, old).catch_up()
    old.release_writer()
    applied = old.generation.path / E.APPLIED
    data = json.loads(applied.read_text(encoding="utf-8"))
    applied.write_text(json.dumps({**data, "schema": fields.SCHEMA_VERSION - 1}), encoding="utf-8")  # built by v9
    fresh = SearchIndex.open(tmp_path / "ix")
    try:
        assert fresh.generation.name != old.generation.name and fresh.applied_seq() == 0
        Indexer(archive, fresh).catch_up()
        assert _counts(archive, fresh)["outcome"] == {"approved": 1}
    finally:
        fresh.release_writer()
