from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from opis import vocab
from opis.interop.catalog.ead import EAD2002, XLINK, EadError, ead, read_ead, walk
from opis.model import Document, Status

AUDIENCE = Path(__file__).parents[2] / "data" / "catalog" / "fonds-0102-audience-ead2002.xml"


def _ead(body: str) -> etree._Element:
    return etree.fromstring(f'<ead xmlns="{EAD2002}" xmlns:xlink="{XLINK}"><archdesc level="fonds"><did/>'
                            f"<dsc>{body}</dsc></archdesc></ead>".encode())


def _items(root: etree._Element) -> dict[str, list[str]]:
    return {c.title: c.languages for c, _ in walk(read_ead(root)) if c.level == "item"}


def test_iso639_2_langcodes_and_scriptcodes_read_as_tags() -> None:
    found = _items(etree.parse(str(AUDIENCE)).getroot())
    assert found["Шифртелеграмма Штыкова о беседе с Ким Ир Сеном"] == ["ru-Cyrl", "ko"]
    assert found["Записка посольства в Пекине"] == ["zh", "zh-Hant"]  # chi and zho are both Chinese


def test_a_two_letter_code_or_a_whole_tag_as_text_still_reads() -> None:
    root = _ead('<c level="item"><did><unittitle>a</unittitle><langmaterial>'
                '<language langcode="ru">русский</language><language>zh-Hant-TW</language>'
                '<language langcode="xxx">?</language></langmaterial></did></c>')
    assert _items(root)["a"] == ["ru", "zh-Hant-TW"]  # an unknown code is no language at all


@pytest.mark.parametrize("tag", ["ru", "ru-Cyrl", "en", "ko-Hang", "zh", "zh-Hans", "zh-Hant-TW", "ja-Latn"])
def test_written_languages_use_iso639_2_and_read_back(tag: str) -> None:
    doc = Document(id="doc-0000000000000001", title="t", genre="other", languages=[tag])
    root = ead([doc], "x", "x", "opis")
    language = next(root.iter(f"{{{EAD2002}}}language"))
    assert language.get("langcode") == vocab.iso639_2(tag) and len(language.get("langcode", "")) == 3
    assert _items(root)["t"] == [tag]


@given(st.lists(st.sampled_from(sorted(str(x["id"]) for x in vocab.load("languages"))), min_size=1, max_size=3,
                unique=True),
       st.sampled_from(["", "-Cyrl", "-Latn", "-Hant"]))
def test_any_listed_language_round_trips(languages: list[str], script: str) -> None:
    tags = [lang + script for lang in languages]
    doc = Document(id="doc-0000000000000001", title="t", genre="other", languages=tags)
    assert _items(ead([doc], "x", "x", "opis"))["t"] == tags


def test_audience_internal_holds_for_everything_below() -> None:
    tree = read_ead(etree.parse(str(AUDIENCE)).getroot())
    internal = {c.title: c.internal for c, _ in walk(tree) if c.title}
    assert internal["Опись 6"] is False and internal["Шифртелеграммы из Пхеньяна"] is False
    assert internal["Опись 11 (не рассекречена)"] and internal["Записка посольства в Пекине"]


def test_a_draft_is_written_with_audience_internal() -> None:
    draft = Document(id="doc-0000000000000002", title="d", genre="other", status=Status.DRAFT)
    shown = Document(id="doc-0000000000000003", title="s", genre="other")
    items = {c.get("id"): c.get("audience") for c in ead([draft, shown], "x", "x", "opis").iter(f"{{{EAD2002}}}c")}
    assert items == {draft.id: "internal", shown.id: None}


def test_two_components_with_one_id_are_refused() -> None:
    # a component listed twice (an export that loops back, or a copy) shows as a repeated xs:ID
    root = _ead('<c level="series" id="s6"><did><unitid>6</unitid></did>'
                '<c level="file" id="f47"><did><unitid>47</unitid></did></c></c>'
                '<c level="series" id="s11"><did><unitid>11</unitid></did>'
                '<c level="file" id="f47"><did><unitid>47</unitid></did></c></c>')
    with pytest.raises(EadError, match="'f47'"):
        read_ead(root)


def test_digital_objects_are_read_from_dao_and_daoloc_not_from_below() -> None:
    root = _ead('<c level="file"><did><unitid>1</unitid><dao xlink:href="scans/file.pdf"/></did>'
                '<c level="item"><did><unittitle>i</unittitle>'
                '<daogrp><daoloc xlink:href="scans/a.jpg"/><daoloc xlink:href="../../etc/passwd"/></daogrp>'
                "</did></c></c>")
    files = {c.level: c.files for c, _ in walk(read_ead(root)) if c.files}
    assert files == {"file": ["scans/file.pdf"], "item": ["scans/a.jpg", "../../etc/passwd"]}
