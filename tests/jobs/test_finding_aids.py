from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from opis.config import Settings
from opis.interop.catalog.eac import EAC
from opis.interop.catalog.ead import EAD2002, LEVELS
from opis.interop.catalog.sheet import csv_rows
from opis.jobs.catalog import import_rows
from opis.jobs.finding_aids import FindingAidError, export_xml, import_xml
from opis.model import Authority, Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.support import records as R

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    found = Archive.open(Settings(data_dir=tmp_path / "data"))
    found.put_many([R.SHTYKOV, R.RGAE], "tester")
    return found


def test_ead2002_items_become_documents_in_the_tree(archive: Archive) -> None:
    before = archive.counts(SYSTEM)
    dry = import_xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=True, actor="t")
    assert len(dry.created) == 2 and archive.counts(SYSTEM) == before
    assert any("Переписка о поставках" in s for s in dry.skipped)
    import_xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    docs = [archive.get(i, SYSTEM) for i in dry.created]
    first = docs[0]
    assert isinstance(first, Document)
    ref = first.archival_refs[0]
    assert (ref.repository, ref.fond, ref.opis, ref.delo, ref.folios) == ("RGAE", "413", "13", "2178", "52-113")
    assert first.date is not None and first.date.text == "late May 1950" and first.summary == "Перечень поставок."
    again = import_xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    assert again.unchanged == dry.created and not again.created


def test_ead3_reads_structured_dates_and_papka(archive: Archive) -> None:
    report = import_xml(archive, DATA / "catalog" / "fonds-0102-ead3.xml", dry_run=False, actor="t")
    doc = archive.get(report.created[0], SYSTEM)
    assert isinstance(doc, Document) and doc.date is not None and doc.date.edtf == "1950-06-26"
    ref = doc.archival_refs[0]
    assert (ref.fond, ref.opis, ref.papka, ref.delo, ref.folios) == ("0102", "6", "21", "47", "5")


def test_eac_cpf_keeps_every_name_and_script(archive: Archive) -> None:
    report = import_xml(archive, DATA / "catalog" / "shtykov-eac.xml", dry_run=False, actor="t")
    auth = archive.get(report.created[0], SYSTEM)
    assert isinstance(auth, Authority) and auth.preferred == "Штыков Терентий Фомич"
    assert {(n.value, n.lang, n.scheme) for n in auth.names} >= {("Štykov Terentij Fomič", "ru-Latn", "iso9"),
                                                                  ("스티코프", "ko-Kore", None)}
    assert auth.dates is not None and auth.dates.edtf == "1907/1964"


@pytest.mark.parametrize("name", ["xxe-file.xml", "billion-laughs.xml", "xxe-network.xml"])
def test_hostile_xml_is_refused_and_writes_nothing(archive: Archive, name: str) -> None:
    before = archive.counts(SYSTEM)
    with pytest.raises(FindingAidError, match=name):
        import_xml(archive, DATA / "ingest" / name, dry_run=False, actor="t")
    assert archive.counts(SYSTEM) == before


def test_deep_nesting_is_refused_whole(archive: Archive, tmp_path: Path) -> None:
    deep = "".join('<c level="otherlevel"><did><unittitle>x</unittitle></did>' for _ in range(20))
    path = tmp_path / "deep.xml"
    path.write_text(f'<ead xmlns="{EAD2002}"><archdesc level="fonds"><did/><dsc>{deep}'
                    f'<c level="item"><did><unittitle>y</unittitle></did></c>{"</c>" * 20}</dsc></archdesc></ead>',
                    encoding="utf-8")
    before = archive.counts(SYSTEM)
    with pytest.raises(FindingAidError, match="deeper"):
        import_xml(archive, path, dry_run=False, actor="t")
    assert archive.counts(SYSTEM) == before


def _ead_out(archive: Archive) -> etree._Element:
    import_rows(archive, csv_rows((DATA / "catalog" / "korea-1950.csv").read_text(encoding="utf-8")),
                dry_run=False, actor="t")
    return etree.fromstring(export_xml(archive, "ead", None))


def _names(el: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in el if isinstance(c.tag, str)]


def test_written_ead_follows_the_ead2002_schema_rules_we_rely_on(archive: Archive) -> None:
    root = _ead_out(archive)
    assert etree.QName(root).namespace == EAD2002
    assert _names(root) == ["eadheader", "archdesc"]  # in this order, both required
    header = root[0]
    assert _names(header)[:2] == ["eadid", "filedesc"]
    assert header.find(f"{{{EAD2002}}}filedesc/{{{EAD2002}}}titlestmt/{{{EAD2002}}}titleproper").text
    archdesc = root[1]
    assert archdesc.get("level") in LEVELS and _names(archdesc)[0] == "did"
    components = list(archdesc.iter(f"{{{EAD2002}}}c"))
    assert components
    for c in components:
        assert c.get("level") in LEVELS
        assert _names(c)[0] == "did"  # did first, then scopecontent, then subordinate components
        order = [n for n in _names(c) if n != "did"]
        assert order == sorted(order, key=lambda n: n == "c")
        did = c[0]
        assert _names(did).count("unittitle") == 1
        for date in did.iter(f"{{{EAD2002}}}unitdate"):
            normal = date.get("normal")
            assert normal is None or all(len(p) == 10 and p[4] == "-" for p in normal.split("/"))
    ids = [c.get("id") for c in components if c.get("id")]
    assert len(ids) == len(set(ids)) and all(i[0].isalpha() for i in ids)  # xs:ID: unique, a name
    items = [c for c in components if c.get("level") == "item"]
    assert len(items) == 3
    file_ = next(c for c in components if c.get("level") == "file")
    assert _names(file_[0])[:2] == ["unitid", "unittitle"]


def test_written_ead_reads_back(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "out.xml"
    path.write_bytes(etree.tostring(_ead_out(archive)))
    other = Archive.open(Settings(data_dir=tmp_path / "other"))
    report = import_xml(other, path, dry_run=False, actor="t")
    assert len(report.created) == 3
    titles = {d.title for d in other.get_many(report.created, SYSTEM) if isinstance(d, Document)}
    assert "Шифртелеграмма Штыкова о беседе с Ким Ир Сеном" in titles


def test_written_eac_cpf_follows_the_schema_rules_we_rely_on(archive: Archive) -> None:
    root = etree.fromstring(export_xml(archive, "eac-cpf", None))
    records = list(root)
    assert len(records) == 1  # the person; a repository is no EAC-CPF entity
    rec = records[0]
    e = f"{{{EAC}}}"
    assert _names(rec) == ["control", "cpfDescription"]
    assert _names(rec[0]) == ["recordId", "maintenanceStatus", "maintenanceAgency", "maintenanceHistory"]
    assert rec[0][1].text in ("new", "revised", "deleted", "cancelled", "deletedReplaced", "deletedSplit")
    event = rec[0].find(f"{e}maintenanceHistory/{e}maintenanceEvent")
    assert _names(event) == ["eventType", "eventDateTime", "agentType", "agent"]
    assert event[2].text in ("human", "machine")
    identity = rec.find(f"{e}cpfDescription/{e}identity")
    assert _names(identity)[0] == "entityType" and identity[0].text in ("person", "corporateBody", "family")
    entries = identity.findall(f"{e}nameEntry")
    assert len(entries) == 1 + len(R.SHTYKOV.names)
    assert [_names(x)[-1] for x in entries].count("authorizedForm") == 1
    assert {(x.get("{http://www.w3.org/XML/1998/namespace}lang"), x.get("scriptCode")) for x in entries} >= {
        ("ru", "Cyrl"), ("ru", "Latn")}
    assert all(_names(x)[0] == "part" for x in entries)
