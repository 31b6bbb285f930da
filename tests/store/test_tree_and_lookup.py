from __future__ import annotations

from datetime import timedelta

import pytest

from opis.model import Access, ArchivalReference, Authority, Name
from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive
from opis.store.lookup import name_forms, names_stamp
from opis.store.tree import TreePathError
from tests.conftest import FixedClock
from tests.support import records as R


def _avp(key: str, fond: str, opis: str, papka: str | None, delo: str) -> object:
    ref = ArchivalReference(raw=f"AVP RF. F. {fond}. Op. {opis}. P. {papka}. D. {delo}.", repository="AVP RF",
                            fond=fond, opis=opis, papka=papka, delo=delo, folios="16")
    return R.doc(key, archival_refs=[ref])


def test_tree_levels_with_and_without_papka(archive: Archive) -> None:
    archive.put_many([_avp("a", "07", "10", "6", "65"), _avp("b", "07", "10", "6", "66"),  # type: ignore[list-item]
                      _avp("c", "07", "10", None, "2"), _avp("d", "07", "10", None, "10")], "t")
    root = [("repository", "AVP RF")]
    assert [n.value for n in archive.tree_children(ANONYMOUS, root)[0]] == ["07"]
    opis = [*root, ("fond", "07"), ("opis", "10")]
    kids, total = archive.tree_children(ANONYMOUS, opis)
    assert [(n.level, n.value) for n in kids] == [("papka", "6"), ("delo", "2"), ("delo", "10")]
    assert total == 3
    in_papka, _ = archive.tree_children(ANONYMOUS, [*opis, ("papka", "6")])
    assert [(n.level, n.value, n.documents) for n in in_papka] == [("delo", "65", 1), ("delo", "66", 1)]
    refs, _ = archive.tree_refs(ANONYMOUS, [*opis, ("delo", "2")])
    assert len(refs) == 1  # delo 2 without papka, not a delo 2 inside some papka
    page, total = archive.tree_children(ANONYMOUS, opis, offset=1, limit=1)
    assert [n.value for n in page] == ["2"] and total == 3



def test_a_repository_without_papki_lists_its_dela_under_the_opis(archive: Archive) -> None:
    # RGAE's level scheme (vocab/repositories.yaml) has no papka: a citation that gives one anyway (a clause
    # number read as a folder) does not hide its delo behind a papka node.
    refs = [ArchivalReference(raw="r", repository="RGAE", fond="413", opis="13", papka=papka, delo=delo)
            for papka, delo in ((None, "5467"), ("3", "5468"))]
    archive.put_many([R.doc("rgae", archival_refs=refs)], "t")
    kids, total = archive.tree_children(ANONYMOUS, [("repository", "RGAE"), ("fond", "413"), ("opis", "13")])
    assert [(n.level, n.value) for n in kids] == [("delo", "5467"), ("delo", "5468")] and total == 2

def test_citations_point_into_the_tree(archive: Archive) -> None:
    cit = {"footnote": "14", "raw": "RGAE. F. 413. Op. 13. D. 5466. L. 92.", "kind": "archival",
           "repository": "RGAE", "fond": "413", "opis": "13", "papka": None, "delo": "5466", "folios": "92"}
    paper = R.doc("paper", genre="article", archival_refs=[], findings={"citations": [cit]})
    archive.put_many([R.PUBLIC, paper], "t")
    path = [("repository", "RGAE"), ("fond", "413"), ("opis", "13"), ("delo", "5466")]
    here = archive.tree_summary(ANONYMOUS, path)
    assert (here.documents, here.citations) == (1, 1)
    refs, _ = archive.tree_refs(ANONYMOUS, path)
    assert {(r.origin, r.footnote) for r in refs} == {("holding", None), ("citation", "14")}


def test_bad_tree_paths(archive: Archive) -> None:
    with pytest.raises(TreePathError):
        archive.tree_children(ANONYMOUS, [("fond", "1")])
    with pytest.raises(TreePathError):
        archive.tree_children(ANONYMOUS, [("repository", "RGAE"), ("opis", "1")])


@pytest.mark.parametrize("query", ["Terentii Shtykov", "terentii  shtykov", "Terenty-Shtykov", "Terentij Štykov",
                                   "TERENTIJ STYKOV", "Штыков Терентий Фомич", "штыков терентий фомич"])
def test_lookup_is_exact_or_normalized(archive: Archive, query: str) -> None:
    archive.put_many([R.SHTYKOV, R.RGAE], "t")
    found = archive.lookup(query, ANONYMOUS)
    assert [m.record_id for m in found] == [R.SHTYKOV.id]
    assert found[0].exact == (query in R.SHTYKOV.all_names())


KIM = Authority(kind="person", id="per-kimilsung", preferred="Kim Il Sung",
                names=[Name(value="김일성", lang="ko"), Name(value="金日成", lang="ko-Hani")])
KIM_CHAEK = Authority(kind="person", id="per-kimchaek", preferred="Kim Chaek", names=[Name(value="김책", lang="ko")])
TERENTII = Authority(kind="person", id="per-terentii", preferred="Terentii Shtykov-Ivanov")


@pytest.mark.parametrize("query", ["Shtykov", "штыков", "ШТЫКОВ", "Štykov", "Штыкова"[:-1], "Terenty Shtykov"])
def test_lookup_finds_a_surname_or_any_part_in_any_script(archive: Archive, query: str) -> None:
    archive.put_many([R.SHTYKOV, R.RGAE, KIM], "t")
    found = archive.lookup(query, ANONYMOUS)
    assert [m.record_id for m in found] == [R.SHTYKOV.id]
    assert found[0].how in ("exact", "normalized", "word")


def test_lookup_ranks_whole_names_before_parts_and_more_parts_first(archive: Archive) -> None:
    archive.put_many([R.SHTYKOV, TERENTII, KIM, KIM_CHAEK], "t")
    found = archive.lookup("Terentii Shtykov", ANONYMOUS)
    assert [(m.record_id, m.how) for m in found] == [(R.SHTYKOV.id, "exact"), (TERENTII.id, "word")]
    # Another script's whole name before a shared surname; the surname alone finds both Kims.
    assert [(m.record_id, m.how) for m in archive.lookup("Ким Ир Сен", ANONYMOUS)] == [(KIM.id, "name"),
                                                                                        (KIM_CHAEK.id, "word")]
    assert {m.record_id for m in archive.lookup("Kim", ANONYMOUS)} == {KIM.id, KIM_CHAEK.id}
    assert [m.record_id for m in archive.lookup("김책", ANONYMOUS)] == [KIM_CHAEK.id]
    # Two Hangul names meet only as written: 김일 is not a part of 김일성's words.
    assert archive.lookup("김일", ANONYMOUS) == []


def test_lookup_finds_repository_abbreviations_and_nothing_for_strangers(archive: Archive) -> None:
    archive.put_many([R.SHTYKOV, R.RGAE], "t")
    assert archive.lookup("РГАЭ", ANONYMOUS)[0].record_id == R.RGAE.id
    assert archive.repository_id("RGAE", ANONYMOUS) == R.RGAE.id
    assert archive.lookup("Molotov", ANONYMOUS) == []
    assert archive.lookup("  - ", ANONYMOUS) == []


def test_name_forms_are_those_of_visible_records(archive: Archive) -> None:
    hidden = R.SHTYKOV.model_copy(update={"id": "per-hidden", "access": Access(level="restricted")})
    archive.put_many([R.SHTYKOV, R.RGAE, hidden], "t")
    kinds = ("person", "repository")
    forms = name_forms(archive.engine, ANONYMOUS, archive.today(), kinds)
    assert {f.record_id for f in forms} == {R.SHTYKOV.id, R.RGAE.id}
    assert {f.value for f in forms if f.record_id == R.SHTYKOV.id} == set(R.SHTYKOV.all_names())
    everyone = name_forms(archive.engine, SYSTEM, archive.today(), kinds)
    assert "per-hidden" in {f.record_id for f in everyone}


def test_names_stamp_changes_when_an_authority_changes(archive: Archive, clock: FixedClock) -> None:
    archive.put_many([R.SHTYKOV], "t")
    first = names_stamp(archive.engine, ("person",))
    assert first[0] == 1
    clock.now += timedelta(minutes=1)
    archive.put_many([R.SHTYKOV.model_copy(update={"description": "Soviet ambassador"})], "t")
    changed = names_stamp(archive.engine, ("person",))
    assert changed[0] == 1 and changed[1] != first[1]
    archive.put_many([R.RGAE], "t")
    assert names_stamp(archive.engine, ("person",)) == changed  # another kind is not counted


def test_a_document_naming_an_authority_in_its_text_links_to_it_once(archive: Archive) -> None:
    from opis.model import Findings
    from opis.model.findings import NameMention
    from opis.store.pagequeries import linked_documents

    mentions = [NameMention(text="Штыков", type="person", authority=R.SHTYKOV.id),
                NameMention(text="Штыкову", type="person", authority=R.SHTYKOV.id),
                NameMention(text="РГАЭ", type="organization", authority=R.RGAE.id),
                NameMention(text="Неизвестный", type="person")]
    uncatalogued = R.doc("named", agents=[], findings=Findings(names=mentions))
    catalogued = R.doc("sent", findings=Findings(names=mentions[:1]))  # sender already: stays "sender"
    archive.put_many([R.SHTYKOV, R.RGAE, uncatalogued, catalogued], "t")
    items, total = linked_documents(archive, SYSTEM, R.SHTYKOV.id, None, 0, 10)
    assert total == 2 and {(d.id, d.role) for d in items} == {(uncatalogued.id, "named"), (catalogued.id, "sender")}
    items, _ = linked_documents(archive, SYSTEM, R.RGAE.id, ("named",), 0, 10)
    assert [d.id for d in items] == [uncatalogued.id]
    archive.put(uncatalogued.model_copy(update={"findings": Findings()}), "t")  # re-extracted: no names now
    assert linked_documents(archive, SYSTEM, R.SHTYKOV.id, ("named",), 0, 10)[1] == 0
