"""Links to records a reader may not see are taken out of what the store hands that reader, and put
back when the reader saves: no hidden id in any read, no hidden link lost by any write."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.model import Access, AgentRef, Authority, Collection, Credit, PlaceRef, Relation, Rendition, Status, make_id
from opis.store import redact
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.renditions import add_rendition
from tests.support import records as R

EDITOR = Viewer("ed", frozenset({"editor"}))
CONTRIBUTOR = Viewer("co", frozenset({"contributor"}))
TRANSLATOR = Viewer("tr", frozenset({"translator"}))
READER = Viewer("re", frozenset({"reader"}))

SECRET_PERSON = Authority(kind="person", id=make_id("person", "test", "secret"), preferred="Zelgrovin Murtagh",
                          access=Access(level="restricted"))
SECRET_PLACE = Authority(kind="place", id=make_id("place", "test", "secret"), preferred="Qorvath",
                         access=Access(level="restricted"))
DRAFT_COLLECTION = Collection(id=make_id("collection", "test", "draft"), title="Unfinished", status=Status.DRAFT)
MISSING = make_id("person", "test", "never-saved")
HIDDEN_IDS = (SECRET_PERSON.id, SECRET_PLACE.id, DRAFT_COLLECTION.id, R.RESTRICTED.id, MISSING)


def linking(key: str, **kw: object) -> R.Document:
    """A document linking to every hidden record (and a missing one) in every field that links."""
    text = "The deputy wrote to Shtykov."
    return R.doc(key, **{
        "agents": [AgentRef(name="Shtykov", role="sender", authority=R.SHTYKOV.id),
                   AgentRef(name="the deputy", role="recipient", authority=SECRET_PERSON.id),
                   AgentRef(name="the deputy", role="mentioned", authority=MISSING)],
        "places": [PlaceRef(name="the camp", authority=SECRET_PLACE.id)],
        "collections": [R.COLLECTION.id, DRAFT_COLLECTION.id],
        "relations": [Relation(type="reply-to", target=R.RESTRICTED.id), Relation(type="reply-to", target=MISSING)],
        "renditions": [Rendition(id=f"ren-{key}", kind="original", language="en", text=text,
                                 credits=[Credit(name="a clerk", authority=SECRET_PERSON.id)])],
        "findings": {"names": [{"text": "The deputy", "type": "person", "authority": SECRET_PERSON.id,
                                "preferred": SECRET_PERSON.preferred, "start": 0, "end": 10},
                               {"text": "Shtykov", "type": "person", "authority": R.SHTYKOV.id,
                                "preferred": R.SHTYKOV.preferred, "start": 20, "end": 27}]},
        **kw})


PUBLIC = linking("linking")
DRAFT = linking("linking-draft", status=Status.DRAFT)


@pytest.fixture
def loaded(archive: Archive) -> Archive:
    archive.put_many([*R.ALL, SECRET_PERSON, SECRET_PLACE, DRAFT_COLLECTION, PUBLIC, DRAFT], "t")
    return archive


def _leaks(record: object) -> list[str]:
    text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)  # type: ignore[attr-defined]
    return [w for w in (*HIDDEN_IDS, SECRET_PERSON.preferred) if w in text]


@pytest.mark.parametrize("viewer", [ANONYMOUS, READER, CONTRIBUTOR, TRANSLATOR], ids=lambda v: v.name or "anonymous")
def test_no_read_holds_a_hidden_id(loaded: Archive, viewer: Viewer) -> None:
    reads = [loaded.get(PUBLIC.id, viewer), *loaded.get_many([PUBLIC.id], viewer),
             *loaded.browse(viewer, ("document",), 0, 100).items, loaded.revision(PUBLIC.id, 1, viewer),
             *loaded.readable([PUBLIC], viewer)]
    if viewer.may("read_unpublished"):
        reads += [loaded.get(DRAFT.id, viewer)]
    hidden_from_viewer = [i for i in HIDDEN_IDS if i != DRAFT_COLLECTION.id or not viewer.may("read_unpublished")]
    for record in reads:
        text = json.dumps(record.model_dump(mode="json"))
        assert not [i for i in hidden_from_viewer if i in text], record.id
        assert SECRET_PERSON.preferred not in text
    shown = loaded.get(PUBLIC.id, viewer)
    assert [a.authority for a in shown.agents] == [R.SHTYKOV.id, None, None]  # type: ignore[union-attr]
    assert [a.name for a in shown.agents] == ["Shtykov", "the deputy", "the deputy"]  # type: ignore[union-attr]
    assert shown.relations == []  # type: ignore[union-attr]


@pytest.mark.parametrize("viewer", [EDITOR, SYSTEM], ids=lambda v: v.name or "")
def test_those_who_see_everything_read_records_as_stored(loaded: Archive, viewer: Viewer) -> None:
    assert loaded.get(PUBLIC.id, viewer) == PUBLIC
    assert loaded.get(DRAFT.id, viewer) == DRAFT


def _stored(archive: Archive, record_id: str) -> R.Document:
    found = archive.get(record_id, SYSTEM)
    assert isinstance(found, R.Document)
    return found


def test_a_contributor_editing_keeps_links_they_cannot_see(loaded: Archive) -> None:
    seen = loaded.get(DRAFT.id, CONTRIBUTOR)
    assert _leaks(seen) == [] or _leaks(seen) == [DRAFT_COLLECTION.id]
    loaded.edit(seen.model_copy(update={"title": "Retitled draft"}), CONTRIBUTOR)
    after = _stored(loaded, DRAFT.id)
    assert after == DRAFT.model_copy(update={"title": "Retitled draft"})


def test_a_contributor_removing_a_name_they_see_removes_it(loaded: Archive) -> None:
    seen = loaded.get(DRAFT.id, CONTRIBUTOR)
    assert isinstance(seen, R.Document)
    loaded.edit(seen.model_copy(update={"agents": seen.agents[:1]}), CONTRIBUTOR)
    assert [a.authority for a in _stored(loaded, DRAFT.id).agents] == [R.SHTYKOV.id]
    assert _stored(loaded, DRAFT.id).relations == DRAFT.relations  # what they could not see stays


def test_moving_and_adding_a_translation_keep_hidden_links(loaded: Archive) -> None:
    loaded.move(DRAFT.id, Status.REVIEW, CONTRIBUTOR)
    assert _stored(loaded, DRAFT.id) == DRAFT.model_copy(update={"status": Status.REVIEW})
    add_rendition(loaded, PUBLIC.id, Rendition(id="ren-added", kind="translation", language="ru", text="Перевод"),
                  TRANSLATOR)
    after = _stored(loaded, PUBLIC.id)
    assert after.model_copy(update={"renditions": after.renditions[:1]}) == PUBLIC


def test_restoring_a_revision_restores_its_hidden_links(loaded: Archive) -> None:
    stripped = DRAFT.model_copy(update={"relations": [], "collections": [R.COLLECTION.id]})
    loaded.put(stripped, "t")
    loaded.restore_as(DRAFT.id, 1, CONTRIBUTOR)
    assert _stored(loaded, DRAFT.id) == DRAFT


# -- the pure functions --------------------------------------------------------------------------

IDS = [f"per-{n:016x}" for n in range(5)]


@st.composite
def documents(draw: st.DrawFn) -> R.Document:
    ids = st.sampled_from(IDS)
    names = st.sampled_from(["A", "B"])
    agents = draw(st.lists(st.builds(AgentRef, name=names, role=st.just("author"),
                                     authority=st.none() | ids), max_size=5))
    places = draw(st.lists(st.builds(PlaceRef, name=names, authority=st.none() | ids), max_size=3))
    credits = draw(st.lists(st.builds(Credit, name=names, authority=st.none() | ids), max_size=3))
    found = draw(st.lists(st.fixed_dictionaries({"text": names, "type": st.just("person"),
                                                 "authority": st.none() | ids, "preferred": st.none() | names}),
                          max_size=4))
    return R.doc("h", agents=agents, places=places, collections=draw(st.lists(ids, max_size=3, unique=True)),
                 relations=draw(st.lists(st.builds(Relation, type=st.just("reply-to"), target=ids), max_size=3,
                                         unique=True)),
                 renditions=[Rendition(id="ren-h", kind="original", language="en", text="t", credits=credits)],
                 findings={"names": found})


@settings(max_examples=200, deadline=None)
@given(documents(), st.sets(st.sampled_from(IDS)))
def test_saving_what_was_read_changes_nothing(doc: R.Document, shown: set[str]) -> None:
    seen = redact.redacted(doc, shown)
    assert redact.targets(seen) <= shown
    assert redact.kept(seen, doc, shown) == doc
