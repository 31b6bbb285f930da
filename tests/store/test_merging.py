"""Merging and splitting authority records, on SQLite and PostgreSQL: every name and link kept,
one transaction, old links resolving to the survivor."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from opis.model import (
    Access,
    AgentRef,
    Authority,
    Credit,
    DocDate,
    Document,
    Name,
    Office,
    PlaceRef,
    Rendition,
    Status,
    make_id,
)
from opis.store import merging
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Forbidden, Invalid, NotFound
from opis.store.schema import audit_log, records, revisions
from tests.support import records as R

EDITOR = Viewer("ed", frozenset({"editor"}))
CONTRIBUTOR = Viewer("carl", frozenset({"contributor"}))

KIM = Authority(kind="person", id=make_id("person", "t", "kim"), preferred="Kim Il Sung",
                names=[Name(value="김일성", lang="ko-Hang"), Name(value="Kim Il-sŏng", lang="ko-Latn", scheme="mr")],
                identifiers={"wikidata": "Q39464"}, dates=DocDate(edtf="1912/1994"))
KIM_RU = Authority(kind="person", id=make_id("person", "t", "kim-ru"), preferred="Ким Ир Сен",
                   names=[Name(value="Ким Ир Сен", lang="ko-Cyrl", scheme="kontsevich"),
                          Name(value="金日成", lang="ko-Hani"), Name(value="김일성", lang="ko-Hang"),
                          Name(value="Kim Il Sung")],
                   identifiers={"wikidata": "Q39464", "viaf": "12345"},
                   offices=[Office(title="Chairman", organization="Cabinet")], description="Leader.")
PARTY = Authority(kind="organization", id=make_id("organization", "t", "wpk"), preferred="Workers' Party",
                  offices=[Office(title="Chairman", organization=KIM_RU.id)])
PLACE = Authority(kind="place", id=make_id("place", "t", "pyongyang"), preferred="Pyongyang")


def _doc(key: str, **kw: Any) -> Document:
    return R.doc(key, agents=[AgentRef(name="Ким Ир Сен", role="recipient", authority=KIM_RU.id)], **kw)


BY_AGENT = _doc("agent")
BY_CREDIT = R.doc("credit", agents=[], renditions=[Rendition(
    id="ren-credit", kind="translation", language="en", text="Text naming Kim.",
    credits=[Credit(name="Kim", role="editor", authority=KIM_RU.id)])],
    findings={"names": [{"authority": KIM_RU.id, "preferred": KIM_RU.preferred, "start": 11, "end": 14,
                         "text": "Kim", "type": "person"}]})
HIDDEN = _doc("restricted-kim", access=Access(level="restricted"))
ALREADY_KIM = R.doc("kim-doc", agents=[AgentRef(name="Kim", role="author", authority=KIM.id)])
MENTIONS_ID = R.doc("mentions", agents=[], renditions=[Rendition(
    id="ren-m", kind="original", language="en", text=f'The id "{KIM_RU.id}" in a text is not a link.')])
ALL = [KIM, KIM_RU, PARTY, PLACE, BY_AGENT, BY_CREDIT, HIDDEN, ALREADY_KIM, MENTIONS_ID]


@pytest.fixture
def loaded(archive: Archive) -> Archive:
    archive.put_many([R.SHTYKOV, R.COLLECTION, *ALL], "test")
    return archive


def _snapshot(archive: Archive) -> tuple[dict[str, str], int, int]:
    with archive.engine.connect() as conn:
        data = {r.id: r.data for r in conn.execute(select(records.c.id, records.c.data))}
        revs = conn.execute(select(func.count()).select_from(revisions)).scalar_one()
        audits = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    return data, revs, audits


def test_merge_keeps_every_name_once_with_its_tags(loaded: Archive) -> None:
    result = merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR, "10.0.0.1")
    kim = loaded.get(KIM.id, SYSTEM)
    assert isinstance(kim, Authority) and result.kept == KIM.id and result.merged == KIM_RU.id
    forms = [(n.value, n.lang, n.scheme) for n in kim.names]
    assert forms == [("김일성", "ko-Hang", None), ("Kim Il-sŏng", "ko-Latn", "mr"),
                     ("Ким Ир Сен", "ko-Cyrl", "kontsevich"), ("金日成", "ko-Hani", None)]
    assert kim.identifiers == {"wikidata": "Q39464", "viaf": "12345"} and result.conflicts == []
    assert kim.offices == KIM_RU.offices and kim.description == "Leader." and kim.dates == KIM.dates
    for name in ("Ким Ир Сен", "金日成", "김일성", "Kim Il Sung", "kim il-song"):
        assert [m.record_id for m in loaded.lookup(name, ANONYMOUS)] == [KIM.id], name


def test_merge_repoints_every_link_as_the_editors_revisions(loaded: Archive) -> None:
    result = merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR, "10.0.0.1")
    assert sorted(result.relinked) == sorted([BY_AGENT.id, BY_CREDIT.id, HIDDEN.id, PARTY.id])
    linked = {i for i, _, _ in loaded.linked(KIM.id, SYSTEM)}
    assert {BY_AGENT.id, HIDDEN.id, ALREADY_KIM.id} <= linked and not loaded.linked(KIM_RU.id, SYSTEM)
    credit = loaded.get(BY_CREDIT.id, SYSTEM)
    assert isinstance(credit, Document)
    assert credit.renditions[0].credits[0].authority == KIM.id
    assert credit.findings.names[0].model_dump() == {**BY_CREDIT.findings.names[0].model_dump(), "authority": KIM.id,
                                                     "preferred": KIM.preferred}
    party = loaded.get(PARTY.id, SYSTEM)
    assert isinstance(party, Authority) and party.offices[0].organization == KIM.id
    assert loaded.get(MENTIONS_ID.id, SYSTEM) == MENTIONS_ID  # an id inside a text is not a link
    last = loaded.revisions(BY_AGENT.id, SYSTEM)[-1]
    assert (last.number, last.actor) == (2, "ed") and KIM_RU.id in last.message
    actions = sorted(e.action for e in loaded.audit.entries()[0])
    assert actions == ["merge", "merged-into"] + ["relink"] * 4
    assert {e.ip for e in loaded.audit.entries()[0]} == {"10.0.0.1"}


def test_merged_record_is_withdrawn_and_points_to_the_survivor(loaded: Archive) -> None:
    merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR)
    gone = loaded.get(KIM_RU.id, SYSTEM)
    assert isinstance(gone, Authority) and gone.status is Status.WITHDRAWN and gone.merged_into == KIM.id
    assert gone.names == KIM_RU.names  # nothing of it is lost: a restore can bring it back
    with pytest.raises(NotFound):
        loaded.get(KIM_RU.id, ANONYMOUS)
    assert merging.merged_target(loaded, KIM_RU.id, ANONYMOUS) == KIM.id
    assert merging.merged_target(loaded, KIM.id, ANONYMOUS) is None
    assert merging.merged_target(loaded, "per-0000000000000000", ANONYMOUS) is None


def test_a_later_merge_moves_old_pointers_along(loaded: Archive) -> None:
    other = Authority(kind="person", id=make_id("person", "t", "kim3"), preferred="Kim Sŏng-ju")
    loaded.put(other, "test")
    merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR)
    merging.merge(loaded, other.id, KIM.id, EDITOR)
    assert merging.merged_target(loaded, KIM_RU.id, ANONYMOUS) == other.id
    first = loaded.get(KIM_RU.id, SYSTEM)
    assert isinstance(first, Authority) and first.merged_into == other.id
    assert {BY_AGENT.id, ALREADY_KIM.id} <= {i for i, _, _ in loaded.linked(other.id, SYSTEM)}


def test_conflicting_values_are_reported_and_kept_on_the_withdrawn_record(loaded: Archive) -> None:
    rival = KIM_RU.model_copy(update={"identifiers": {"wikidata": "Q999"}, "dates": DocDate(edtf="1912")})
    loaded.put(rival, "test")
    plan = merging.plan_merge(loaded, KIM.id, KIM_RU.id, EDITOR)
    assert [(c.field, c.kept, c.other) for c in plan.conflicts] == [
        ("identifiers.wikidata", "Q39464", "Q999"), ("dates", "1912/1994", "1912")]
    assert plan.relink_total == 4 and {i for i, _, _ in plan.relink} == {BY_AGENT.id, BY_CREDIT.id, HIDDEN.id,
                                                                          PARTY.id}
    result = merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR)
    assert result.conflicts == plan.conflicts
    entry = next(e for e in loaded.audit.entries()[0] if e.action == "merge")
    assert {"field": "identifiers.wikidata", "kept": "Q39464", "other": "Q999"} in entry.detail["conflicts"]
    gone = loaded.get(KIM_RU.id, SYSTEM)
    assert isinstance(gone, Authority) and gone.identifiers == {"wikidata": "Q999"}


def test_a_failure_mid_merge_leaves_nothing_changed(loaded: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(loaded)
    real = loaded._save
    calls = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(loaded, "_save", failing)
    with pytest.raises(RuntimeError):
        merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR)
    assert _snapshot(loaded) == before
    monkeypatch.setattr(loaded, "_save", real)
    merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR)  # and it can be done afterwards
    assert _snapshot(loaded) != before


def test_merges_that_make_no_sense_or_are_not_allowed(loaded: Archive) -> None:
    cases: list[tuple[str, str, Viewer, type[Exception]]] = [
        (KIM.id, KIM.id, EDITOR, Invalid), (KIM.id, PLACE.id, EDITOR, Invalid),
        (KIM.id, BY_AGENT.id, EDITOR, Invalid), (KIM.id, KIM_RU.id, CONTRIBUTOR, Forbidden),
        (KIM.id, KIM_RU.id, ANONYMOUS, Forbidden), (KIM.id, "per-0000000000000000", EDITOR, NotFound)]
    for keep, other, viewer, error in cases:
        with pytest.raises(error):
            merging.merge(loaded, keep, other, viewer)
    with pytest.raises(Conflict):
        merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR, expected=(1, 7))
    merging.merge(loaded, KIM.id, KIM_RU.id, EDITOR, expected=(1, 1))
    third = Authority(kind="person", id=make_id("person", "t", "third"), preferred="Third")
    loaded.put(third, "test")
    for keep, other in ((third.id, KIM_RU.id), (KIM_RU.id, third.id)):
        with pytest.raises(Invalid, match="already merged"):
            merging.merge(loaded, keep, other, EDITOR)


def test_split_moves_names_and_documents_to_a_new_record(loaded: Archive) -> None:
    result = merging.split(loaded, KIM_RU.id, "Kim Il Sung (the other)", ["金日成", "Kim Il Sung"],
                           [BY_AGENT.id, HIDDEN.id], EDITOR, "10.0.0.2", expected=1)
    new = loaded.get(result.created, SYSTEM)
    source = loaded.get(KIM_RU.id, SYSTEM)
    assert isinstance(new, Authority) and isinstance(source, Authority)
    assert new.kind == "person" and new.status is Status.PUBLISHED and new.source == f"split from {KIM_RU.id}"
    assert [n.value for n in new.names] == ["金日成", "Kim Il Sung"]
    assert [n.value for n in source.names] == ["Ким Ир Сен", "김일성"]
    assert sorted(result.relinked) == sorted([BY_AGENT.id, HIDDEN.id])
    assert {i for i, _, _ in loaded.linked(new.id, SYSTEM)} == {BY_AGENT.id, HIDDEN.id}
    # What stays with the source is the name extraction found in BY_CREDIT's text: a "named" link, not a catalogued role
    assert {(i, role) for i, _, role in loaded.linked(KIM_RU.id, SYSTEM)} == {(BY_CREDIT.id, "named")}
    assert [m.record_id for m in loaded.lookup("金日成", ANONYMOUS)] == [new.id]
    assert sorted(e.action for e in loaded.audit.entries()[0]) == ["create", "relink", "relink", "split"]
    again = merging.split(loaded, KIM_RU.id, "Kim Il Sung (the other)", [], [BY_CREDIT.id], EDITOR)
    assert again.created != result.created  # the same name again: the next free deterministic id


def test_split_refuses_what_the_source_does_not_hold(loaded: Archive) -> None:
    before = _snapshot(loaded)
    for names, docs in ((["no such name"], []), ([], [ALREADY_KIM.id]), ([], []), ([], ["doc-0000000000000000"])):
        with pytest.raises(Invalid):
            merging.split(loaded, KIM_RU.id, "Another", names, docs, EDITOR)
    with pytest.raises(Invalid):
        merging.split(loaded, KIM_RU.id, "  ", ["金日成"], [], EDITOR)
    with pytest.raises(Forbidden):
        merging.split(loaded, KIM_RU.id, "Another", ["金日成"], [], CONTRIBUTOR)
    with pytest.raises(Conflict):
        merging.split(loaded, KIM_RU.id, "Another", ["金日成"], [], EDITOR, expected=5)
    assert _snapshot(loaded) == before


def test_referring_lists_what_the_viewer_may_see(loaded: Archive) -> None:
    shown = merging.referring(loaded, KIM_RU.id, ANONYMOUS)
    assert [i for i, _, _ in shown] == sorted([BY_AGENT.id, BY_CREDIT.id, PARTY.id])
    assert (PARTY.id, "organization", PARTY.preferred) in shown
    assert HIDDEN.id in {i for i, _, _ in merging.referring(loaded, KIM_RU.id, EDITOR)}


def test_repoint_replaces_whole_values_only() -> None:
    data = {"id": "doc-1", "a": ["per-1", "per-10", {"authority": "per-1", "preferred": "Old"}], "t": "per-1 x"}
    assert merging.repoint(data, "per-1", "per-2", "New") == {
        "id": "doc-1", "a": ["per-2", "per-10", {"authority": "per-2", "preferred": "New"}], "t": "per-1 x"}


def test_places_merge_keeps_coordinates_and_reports_a_clash(loaded: Archive) -> None:
    a = PLACE.model_copy(update={"coordinates": (39.03, 125.75)})
    b = Authority(kind="place", id=make_id("place", "t", "pyongyang-2"), preferred="Пхеньян",
                  coordinates=(39.0, 125.7), names=[Name(value="평양", lang="ko-Hang")])
    doc = R.doc("at-pyongyang", places=[PlaceRef(name="Пхеньян", authority=b.id)])
    loaded.put_many([a, b, doc], "test")
    result = merging.merge(loaded, a.id, b.id, EDITOR)
    assert [c.field for c in result.conflicts] == ["coordinates"]
    kept = loaded.get(a.id, SYSTEM)
    assert isinstance(kept, Authority) and kept.coordinates == (39.03, 125.75)
    assert [n.value for n in kept.names] == ["Пхеньян", "평양"]
    assert (doc.id, doc.title, "place") in loaded.linked(a.id, ANONYMOUS)
