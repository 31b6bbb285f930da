from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from opis.interop.catalog.dc import DcError, dc_row, dc_rows, dublin_core
from opis.interop.oai_dc import DC, OAI_DC, clean
from opis.model import ArchivalReference, DocDate, Document

FRUS = Path(__file__).parents[2] / "data" / "catalog" / "frus1949v07p2-d191-oai.xml"


def test_an_oai_pmh_record_reads_as_the_sheet_cells() -> None:
    root = etree.parse(str(FRUS)).getroot()
    header, *rows = list(dc_rows(root))
    assert len(rows) == 1 and "collection" not in header  # no record names a collection
    cells = dict(zip(header, rows[0], strict=True))
    assert cells["key"] == "https://history.state.gov/historicaldocuments/frus1949v07p2/d191"
    assert cells["title"].startswith("Memorandum by the Director of the Office of Far Eastern Affairs")
    assert cells["date"] == "1949-01-10" and cells["genre"] == "memorandum"
    assert cells["languages"] == "en"  # ISO 639-2 eng
    assert cells["people"] == "Butterworth, W. Walton (author)"
    assert cells["reference"] == "740.00119 Control (Korea)/1–1049"
    assert cells["subjects"] == "Korea; Withdrawal of occupation forces" and cells["places"] == "Washington"


def test_our_export_gives_back_the_opis_id_and_collections() -> None:
    doc = Document(id="doc-0000000000000001", title="Шифртелеграмма", genre="cipher-telegram",
                   date=DocDate(edtf="1950-06-26"), languages=["ru"], summary="",
                   archival_refs=[ArchivalReference.of("АВП РФ, ф. 0102, оп. 6, п. 21, д. 47, л. 5",
                                                       {"repository": "AVP RF", "fond": "0102"})])
    record = dublin_core([doc], base_url="https://archive.example")[0]
    etree.SubElement(record, f"{{{DC}}}relation").text = "https://archive.example/collections/col-0000000000000002"
    cells = dc_row(record)
    assert cells["key"] == doc.id and cells["genre"] == "cipher-telegram" and cells["languages"] == "ru"
    assert cells["collection"] == "col-0000000000000002"
    assert cells["reference"] == "АВП РФ, ф. 0102, оп. 6, п. 21, д. 47, л. 5"


def test_a_file_without_records_or_of_another_kind_is_refused() -> None:
    with pytest.raises(DcError, match="no Dublin Core record"):
        list(dc_rows(etree.fromstring(b"<records/>")))
    with pytest.raises(DcError, match="not a Dublin Core file"):
        list(dc_rows(etree.fromstring(b"<catalogue/>")))


def test_unknown_type_and_language_are_kept_for_the_row_check() -> None:
    record = etree.fromstring(
        f'<oai_dc:dc xmlns:oai_dc="{OAI_DC}" xmlns:dc="{DC}"><dc:title>t</dc:title><dc:type>Text</dc:type>'
        "<dc:type>Photograph album</dc:type><dc:language>Chinese</dc:language><dc:language>zho</dc:language>"
        "<dc:language>tlh</dc:language></oai_dc:dc>".encode())
    cells = dc_row(record)
    assert cells["genre"] == "other" and cells["languages"] == "zh zh tlh"


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60)


@given(title=_TEXT, subjects=st.lists(_TEXT.filter(lambda s: ";" not in s), max_size=4))
def test_written_title_and_subjects_read_back(title: str, subjects: list[str]) -> None:
    doc = Document(id="doc-0000000000000003", title=title, genre="other", subjects=subjects)
    cells = dc_row(dublin_core([doc])[0])
    assert cells["title"] == clean(title)
    assert cells["subjects"] == "; ".join(c for s in subjects if (c := clean(s)))
