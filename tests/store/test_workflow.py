"""People's changes through the store: who may create, edit, move and restore, with revisions and audit."""

from __future__ import annotations

import pytest

from opis.model import Status
from opis.store.access import ANONYMOUS, Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Forbidden, Invalid, NotFound
from opis.store.workflow import may_edit, moves_for
from tests.support.records import PUBLIC, RESTRICTED, SHTYKOV, doc

CONTRIBUTOR = Viewer("carol", frozenset({"contributor"}))
TRANSLATOR = Viewer("tom", frozenset({"translator"}))
EDITOR = Viewer("eve", frozenset({"editor"}))
READER = Viewer("rita", frozenset({"reader"}))


def test_a_contributor_adds_drafts_and_submits_them(archive: Archive) -> None:
    draft = doc("new", status=Status.DRAFT)
    with pytest.raises(Forbidden, match="start as drafts"):
        archive.edit(doc("new2"), CONTRIBUTOR)
    saved = archive.edit(draft, CONTRIBUTOR, "first draft", ip="10.0.0.1")
    assert saved.revision == 1
    with pytest.raises(NotFound):
        archive.get(draft.id, ANONYMOUS)
    archive.edit(draft.model_copy(update={"title": "Better title"}), CONTRIBUTOR)
    archive.move(draft.id, Status.REVIEW, CONTRIBUTOR)
    with pytest.raises(Forbidden):  # in review: only people who may publish change it now
        archive.edit(archive.get(draft.id, EDITOR).model_copy(update={"title": "x"}), CONTRIBUTOR)
    with pytest.raises(Forbidden, match="publish"):
        archive.move(draft.id, Status.PUBLISHED, CONTRIBUTOR)
    archive.move(draft.id, Status.PUBLISHED, EDITOR)
    assert archive.get(draft.id, ANONYMOUS).title == "Better title"
    entries, total = archive.audit.entries(target=draft.id)
    assert total == 4 and [e.action for e in entries] == ["status", "status", "edit", "create"]
    assert entries[-1].ip == "10.0.0.1" and entries[0].actor == "eve"
    assert [r.actor for r in archive.revisions(draft.id, EDITOR)] == ["carol", "carol", "carol", "eve"]


def test_moves_follow_the_vocabulary(archive: Archive) -> None:
    archive.put(PUBLIC, "test")
    assert [m.target for m in moves_for(EDITOR, PUBLIC)] == [Status.WITHDRAWN]
    assert moves_for(CONTRIBUTOR, PUBLIC) == []
    with pytest.raises(Invalid, match="cannot become review"):
        archive.move(PUBLIC.id, Status.REVIEW, EDITOR)
    archive.move(PUBLIC.id, Status.WITHDRAWN, EDITOR)
    with pytest.raises(NotFound):
        archive.get(PUBLIC.id, ANONYMOUS)


def test_edits_keep_status_and_kind(archive: Archive) -> None:
    archive.put(PUBLIC, "test")
    with pytest.raises(Invalid, match="workflow"):
        archive.edit(PUBLIC.model_copy(update={"status": Status.DRAFT}), EDITOR)
    with pytest.raises(Forbidden):
        archive.edit(PUBLIC.model_copy(update={"title": "vandalism"}), CONTRIBUTOR)
    with pytest.raises(Forbidden):
        archive.edit(PUBLIC.model_copy(update={"title": "vandalism"}), READER)
    assert archive.get(PUBLIC.id, ANONYMOUS).title == PUBLIC.title


def test_a_hidden_record_cannot_be_overwritten_by_someone_who_cannot_see_it(archive: Archive) -> None:
    archive.put(RESTRICTED, "test")
    with pytest.raises(NotFound):
        archive.edit(RESTRICTED.model_copy(update={"title": "overwritten"}), CONTRIBUTOR)
    assert archive.get(RESTRICTED.id, EDITOR).title == RESTRICTED.title


def test_a_stale_base_revision_is_a_conflict(archive: Archive) -> None:
    archive.put(PUBLIC, "test")
    archive.edit(PUBLIC.model_copy(update={"title": "First"}), EDITOR, expected_revision=1)
    with pytest.raises(Conflict, match="changed since revision 1"):
        archive.edit(PUBLIC.model_copy(update={"title": "Second"}), EDITOR, expected_revision=1)
    assert archive.get(PUBLIC.id, EDITOR).title == "First"


def test_restore_is_a_new_revision_and_keeps_the_status(archive: Archive) -> None:
    archive.put(PUBLIC, "test")
    archive.edit(PUBLIC.model_copy(update={"title": "Wrong"}), EDITOR)
    archive.move(PUBLIC.id, Status.WITHDRAWN, EDITOR)
    saved = archive.restore_as(PUBLIC.id, 1, EDITOR)
    assert saved.revision == 4
    current = archive.get(PUBLIC.id, EDITOR)
    assert current.title == PUBLIC.title and current.status is Status.WITHDRAWN
    assert [r.number for r in archive.revisions(PUBLIC.id, EDITOR)] == [1, 2, 3, 4]
    with pytest.raises(Forbidden):
        archive.restore_as(PUBLIC.id, 2, TRANSLATOR)


def test_authorities_need_their_own_permission(archive: Archive) -> None:
    assert not may_edit(CONTRIBUTOR, SHTYKOV) and may_edit(EDITOR, SHTYKOV)
    with pytest.raises(Forbidden, match="may not add person"):
        archive.edit(SHTYKOV.model_copy(update={"status": Status.DRAFT}), CONTRIBUTOR)
    archive.edit(SHTYKOV, EDITOR)
    assert archive.get(SHTYKOV.id, ANONYMOUS).title == SHTYKOV.preferred
