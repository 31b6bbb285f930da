"""The access rule holds for every read function: hidden records never reach an anonymous reader."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opis.model import AttachedOriginal
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from tests.conftest import FixedClock
from tests.support import records as R

EDITOR = Viewer("ed", frozenset({"editor"}))
CONTRIBUTOR = Viewer("co", frozenset({"contributor"}))


@pytest.fixture
def loaded(archive: Archive) -> Archive:
    archive.put_many(R.ALL, "t")
    return archive


@pytest.mark.parametrize("hidden", R.HIDDEN, ids=lambda d: d.title)
def test_get_revisions_and_get_many_hide(loaded: Archive, hidden: object) -> None:
    rid = hidden.id  # type: ignore[attr-defined]
    for read in (lambda: loaded.get(rid, ANONYMOUS), lambda: loaded.revisions(rid, ANONYMOUS),
                 lambda: loaded.revision(rid, 1, ANONYMOUS)):
        with pytest.raises(NotFound) as info:
            read()
        assert "no record" in str(info.value)  # the same words as for a record that does not exist
    assert loaded.get_many([rid, R.PUBLIC.id], ANONYMOUS) == [R.PUBLIC]
    assert loaded.get(rid, SYSTEM).id == rid


def test_browse_and_counts_never_count_hidden(loaded: Archive) -> None:
    page = loaded.browse(ANONYMOUS, ("document",), 0, 100)
    assert [d.id for d in page.items] == [R.PUBLIC.id] and page.total == 1
    assert loaded.counts(ANONYMOUS)["document"] == 1
    assert loaded.counts(SYSTEM)["document"] == 4


def test_tree_counts_and_refs_hide(loaded: Archive) -> None:
    path = [("repository", "RGAE"), ("fond", "413"), ("opis", "13")]
    nodes, _ = loaded.tree_children(ANONYMOUS, path)
    assert [(n.value, n.documents) for n in nodes] == [("5466", 1)]  # not 3, and no delo 9999
    all_nodes, _ = loaded.tree_children(SYSTEM, path)
    assert [(n.value, n.documents) for n in all_nodes] == [("5466", 3), ("9999", 1)]
    refs, total = loaded.tree_refs(ANONYMOUS, [*path, ("delo", "5466")])
    assert total == 1 and refs[0].record_id == R.PUBLIC.id
    assert loaded.tree_summary(ANONYMOUS, [("repository", "RGAE")]).documents == 1


def test_links_hide(loaded: Archive) -> None:
    assert [i for i, _, _ in loaded.linked(R.SHTYKOV.id, ANONYMOUS)] == [R.PUBLIC.id]
    assert len(loaded.linked(R.SHTYKOV.id, SYSTEM)) == 4


def test_hidden_authority_is_not_found_by_lookup(archive: Archive) -> None:
    from opis.model import Access

    secret = R.SHTYKOV.model_copy(update={"access": Access(level="restricted")})
    archive.put(secret, "t")
    assert archive.lookup("Shtykov, Terentii", ANONYMOUS) == []
    assert archive.lookup("Terentii Shtykov", ANONYMOUS) == []
    assert archive.lookup("Terentii Shtykov", SYSTEM)[0].record_id == secret.id


def test_originals_of_hidden_documents_are_hidden(archive: Archive, tmp_path: object) -> None:
    from pathlib import Path

    src = Path(str(tmp_path)) / "scan.png"
    src.write_bytes(b"\x89PNG fake bytes for a test")
    sha, _, _ = archive.add_original(src, "scan.png", "image/png")
    att = [AttachedOriginal(sha256=sha, filename="scan.png", media_type="image/png", role="scan")]
    archive.put(R.RESTRICTED.model_copy(update={"originals": att}), "t")
    with pytest.raises(NotFound):
        archive.original_info(sha, ANONYMOUS)
    assert archive.original_info(sha, EDITOR)["filename"] == "scan.png"
    archive.put(R.PUBLIC.model_copy(update={"originals": att}), "t")
    with pytest.raises(NotFound):  # the strictest holder decides: a public holder does not open it
        archive.original_info(sha, ANONYMOUS)
    archive.put(R.RESTRICTED.model_copy(update={"access": R.PUBLIC.access, "originals": att}), "t")
    assert archive.original_info(sha, ANONYMOUS)["sha256"] == sha


def test_embargo_lifts_on_its_date(loaded: Archive, clock: FixedClock) -> None:
    with pytest.raises(NotFound):
        loaded.get(R.EMBARGOED.id, ANONYMOUS)
    clock.now = datetime(2031, 1, 1, 0, 0, tzinfo=UTC)
    assert loaded.get(R.EMBARGOED.id, ANONYMOUS).id == R.EMBARGOED.id
    with pytest.raises(NotFound):
        loaded.get(R.RESTRICTED.id, ANONYMOUS)


def test_roles_come_from_data(loaded: Archive) -> None:
    assert loaded.get(R.RESTRICTED.id, EDITOR).id == R.RESTRICTED.id
    assert loaded.get(R.DRAFT.id, CONTRIBUTOR).id == R.DRAFT.id
    with pytest.raises(NotFound):
        loaded.get(R.RESTRICTED.id, CONTRIBUTOR)
    with pytest.raises(ValueError, match="unknown role"):
        Viewer("x", frozenset({"superuser"}))
