"""The archival levels are data: vocab/levels.yaml read into typed levels, and a level added there (a "box",
korobka, between the papka and the delo) is parsed, printed and placed in the tree with no other change."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import TypeAdapter

from opis import vocab
from opis.extract.citations import levels as extract_levels
from opis.extract.citations.extractor import parse_citation
from opis.model import ArchivalReference, archival_format
from opis.model.findings import ArchivalCitation, Citation
from opis.store.access import ANONYMOUS
from opis.store.archive import Archive
from opis.store.tree import TreePathError, check_path, tree_levels
from opis.vocab.levels import LevelsError, levels_from
from opis.web.reading.findings import tree_href
from opis.web.reading.views import parse_tree_path, tree_url
from tests.support import records as R

KOROBKA = {"key": "korobka", "labels": {"en": "Box", "ru": "Коробка"}, "cite": {"en": "Kor.", "ru": "Кор."},
           "short": "kor.", "forms": ["Kor", "Кор", "Korobka", "Коробка"], "segment": "korobki", "optional": True}


def _data() -> dict[str, Any]:
    return copy.deepcopy(vocab.read_mapping("opis.vocab", "levels.yaml"))


@pytest.fixture
def with_korobka(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = _data()
    at = [entry["key"] for entry in data["levels"]].index("delo")
    data["levels"].insert(at, KOROBKA)
    data["default_scheme"] = [entry["key"] for entry in data["levels"]]
    monkeypatch.setattr(vocab, "archival_levels", lambda: levels_from(data))
    extract_levels._marker_re.cache_clear()
    yield
    extract_levels._marker_re.cache_clear()


def test_the_shipped_levels() -> None:
    levels = vocab.archival_levels()
    assert levels.keys == ("fond", "opis", "papka", "delo", "folios")
    assert [u.key for u in levels.units] == ["fond", "opis", "papka", "delo"]
    assert levels.of_form()["Листы"] == "folios" and levels.of_form()["Оп"] == "opis"
    assert [lv.key for lv in vocab.scheme_of("AVP RF")] == ["fond", "opis", "papka", "delo", "folios"]
    assert [lv.key for lv in vocab.scheme_of("RGASPI")] == ["fond", "opis", "delo", "folios"]
    assert vocab.scheme_of("no such archive") == levels.all


def test_every_form_is_one_levels_only() -> None:
    seen: dict[str, str] = {}
    for level in vocab.archival_levels().all:
        for form in level.forms:
            assert seen.setdefault(form, level.key) == level.key, form


def test_a_broken_levels_file_is_refused_with_its_reason() -> None:
    data = _data()
    data["levels"][0]["forms"] = ["F", False]  # a bare `No` or `Off` in YAML
    with pytest.raises(LevelsError, match="quote"):
        levels_from(data)
    data = _data()
    del data["levels"][1]["cite"]
    with pytest.raises(LevelsError, match="'opis' has no 'cite'"):
        levels_from(data)
    with pytest.raises(LevelsError, match="not in the top-down order"):
        levels_from(_data()).scheme(["delo", "fond"])


CITED = "RGAE. F. 413. Op. 13. Kor. 7. D. 5467. L. 92."


def test_an_added_level_is_parsed(with_korobka: None) -> None:
    found = parse_citation(CITED)
    assert (found["kind"], found["fond"], found["opis"], found["korobka"], found["delo"], found["folios"]) == (
        "archival", "413", "13", "7", "5467", "92")
    assert parse_citation("ЦГАНХ. Ф. 413. Оп. 13. Кор. 7. Д. 5467")["korobka"] == "7"


def test_an_added_level_is_formatted(with_korobka: None) -> None:
    found = parse_citation(CITED)
    assert archival_format.canonical(found) == CITED
    assert archival_format.canonical(found, "ru") == "РГАЭ. Ф. 413. Оп. 13. Кор. 7. Д. 5467. Л. 92."
    assert archival_format.location(found) == "f. 413, op. 13, kor. 7, d. 5467, l. 92"
    assert archival_format.unit_label([("repository", "RGAE"), ("fond", "413"), ("korobka", "7")]) == (
        "RGAE f. 413 kor. 7")


def test_an_added_level_is_placed_in_the_tree_path(with_korobka: None) -> None:
    found = parse_citation(CITED)
    ref = ArchivalReference.of(CITED, {k: found[k] for k in ("repository", *vocab.archival_levels().keys)})
    assert ref.extra == {"korobka": "7"} and ref.level("korobka") == "7"
    path = ref.path()
    assert path == [("repository", "RGAE"), ("fond", "413"), ("opis", "13"), ("korobka", "7"), ("delo", "5467"),
                    ("folios", "92")]
    units = path[:-1]
    assert tree_levels() == ("repository", "fond", "opis", "papka", "korobka", "delo")
    check_path(units)  # papka, optional, is skipped
    with pytest.raises(TreePathError):
        check_path([("repository", "RGAE"), ("fond", "413"), ("korobka", "7")])  # the opis is not optional
    url = tree_url("rgae", units)
    assert url == "/repositories/rgae/fonds/413/opisi/13/korobki/7/dela/5467"
    assert parse_tree_path(url.removeprefix("/repositories/rgae/")) == units[1:]
    typed = TypeAdapter(Citation).validate_python(found)  # the findings model keeps the added level
    assert isinstance(typed, ArchivalCitation) and typed.level("korobka") == "7"
    assert tree_href(typed) == tree_href(ref) == url
    assert typed.model_dump() == found
    assert archival_format.canonical(ref.fields()) == CITED


def test_without_the_added_level_its_form_is_not_a_level() -> None:
    found = parse_citation(CITED)
    assert "korobka" not in found


def test_an_added_level_is_stored_counted_and_listed(with_korobka: None, archive: Archive) -> None:
    # An archive repositories.yaml does not know uses the default scheme, which now has the korobka.
    def ref(delo: str, korobka: str | None) -> ArchivalReference:
        return ArchivalReference(raw=f"d. {delo}", repository="TESTARCHIV", fond="413", opis="13", delo=delo,
                                 extra={"korobka": korobka} if korobka else {})
    k1, k2, k3 = (R.doc(seed, archival_refs=[ref(delo, box)])
                  for seed, delo, box in (("k1", "5467", "7"), ("k2", "5468", "7"), ("k3", "5469", None)))
    archive.put_many([k1, k2, k3], "t")
    opis = [("repository", "TESTARCHIV"), ("fond", "413"), ("opis", "13")]
    kids, total = archive.tree_children(ANONYMOUS, opis)
    assert [(n.level, n.value, n.documents) for n in kids] == [("korobka", "7", 2), ("delo", "5469", 1)]
    assert total == 2
    box = [*opis, ("korobka", "7")]
    inside, _ = archive.tree_children(ANONYMOUS, box)
    assert [(n.level, n.value) for n in inside] == [("delo", "5467"), ("delo", "5468")]
    refs, count = archive.tree_refs(ANONYMOUS, box)
    assert sorted(r.record_id for r in refs) == sorted([k1.id, k2.id]) and count == 2
    assert [r.record_id for r in archive.tree_refs(ANONYMOUS, [*box, ("delo", "5467")])[0]] == [k1.id]
