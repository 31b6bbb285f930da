from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from opis.config import Settings
from opis.interop.catalog.eac import EAC
from opis.interop.catalog.ead import EAD2002, LEVELS
from opis.interop.catalog.sheet import csv_rows
from opis.jobs.catalog import Report, import_rows
from opis.jobs.finding_aids import FindingAidError, XmlReport, export_xml, import_xml
from opis.model import Authority, Document, Status
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.support import records as R

DATA = Path(__file__).parents[1] / "data"


def _xml(archive: Archive, path: Path, **options: Any) -> XmlReport:
    """An EAD or EAC-CPF import's report (Dublin Core gives a sheet's report instead)."""
    found = import_xml(archive, path, **options)
    assert isinstance(found, XmlReport)
    return found


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    found = Archive.open(Settings(data_dir=tmp_path / "data"))
    found.put_many([R.SHTYKOV, R.RGAE], "tester")
    return found


def test_ead2002_items_become_documents_in_the_tree(archive: Archive) -> None:
    before = archive.counts(SYSTEM)
    dry = _xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=True, actor="t")
    assert len(dry.created) == 2 and archive.counts(SYSTEM) == before
    assert "RGAE / 413 / 13 / 2178" in dry.units and not archive.unit_descriptions(SYSTEM)
    _xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    docs = [archive.get(i, SYSTEM) for i in dry.created]
    first = docs[0]
    assert isinstance(first, Document)
    ref = first.archival_refs[0]
    assert (ref.repository, ref.fond, ref.opis, ref.delo, ref.folios) == ("RGAE", "413", "13", "2178", "52-113")
    assert first.date is not None and first.date.text == "late May 1950" and first.summary == "Перечень поставок."
    again = _xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    assert again.unchanged == dry.created and not again.created


def test_ead3_reads_structured_dates_and_papka(archive: Archive) -> None:
    report = _xml(archive, DATA / "catalog" / "fonds-0102-ead3.xml", dry_run=False, actor="t")
    doc = archive.get(report.created[0], SYSTEM)
    assert isinstance(doc, Document) and doc.date is not None and doc.date.edtf == "1950-06-26"
    ref = doc.archival_refs[0]
    assert (ref.fond, ref.opis, ref.papka, ref.delo, ref.folios) == ("0102", "6", "21", "47", "5")


def test_eac_cpf_keeps_every_name_and_script(archive: Archive) -> None:
    report = _xml(archive, DATA / "catalog" / "shtykov-eac.xml", dry_run=False, actor="t")
    auth = archive.get(report.created[0], SYSTEM)
    assert isinstance(auth, Authority) and auth.preferred == "Штыков Терентий Фомич"
    assert {(n.value, n.lang, n.scheme) for n in auth.names} >= {("Štykov Terentij Fomič", "ru-Latn", "iso9"),
                                                                  ("스티코프", "ko-Kore", None)}
    assert auth.dates is not None and auth.dates.edtf == "1907/1964"


@pytest.mark.parametrize("name", ["xxe-file.xml", "billion-laughs.xml", "xxe-network.xml"])
def test_hostile_xml_is_refused_and_writes_nothing(archive: Archive, name: str) -> None:
    before = archive.counts(SYSTEM)
    with pytest.raises(FindingAidError, match=name):
        _xml(archive, DATA / "ingest" / name, dry_run=False, actor="t")
    assert archive.counts(SYSTEM) == before


def test_deep_nesting_is_refused_whole(archive: Archive, tmp_path: Path) -> None:
    deep = "".join('<c level="otherlevel"><did><unittitle>x</unittitle></did>' for _ in range(20))
    path = tmp_path / "deep.xml"
    path.write_text(f'<ead xmlns="{EAD2002}"><archdesc level="fonds"><did/><dsc>{deep}'
                    f'<c level="item"><did><unittitle>y</unittitle></did></c>{"</c>" * 20}</dsc></archdesc></ead>',
                    encoding="utf-8")
    before = archive.counts(SYSTEM)
    with pytest.raises(FindingAidError, match="deeper"):
        _xml(archive, path, dry_run=False, actor="t")
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
    report = _xml(other, path, dry_run=False, actor="t")
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
        ("rus", "Cyrl"), ("rus", "Latn")}  # ISO 639-2, as the tag library asks
    assert all(_names(x)[0] == "part" for x in entries)


def test_ead_higher_levels_are_stored_with_title_dates_extent_and_scope(archive: Archive) -> None:
    _xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    units = archive.unit_descriptions(SYSTEM)
    delo = units[(("repository", "RGAE"), ("fond", "413"), ("opis", "13"), ("delo", "2178"))]
    assert (delo.title, delo.edtf, delo.extent) == ("Переписка о поставках в КНДР", "1950", "120 листов")
    fond = units[(("repository", "RGAE"), ("fond", "413"))]
    assert fond.scope.startswith("Внешняя торговля") and fond.extent == "1 опись"
    assert fond.title == "Министерство внешней торговли СССР"
    # "Опись 13" is what we would write for an undescribed opis: no description is invented for it
    assert (("repository", "RGAE"), ("fond", "413"), ("opis", "13")) not in units


def test_a_changed_unit_is_a_new_revision_and_an_unchanged_one_is_not(archive: Archive, tmp_path: Path) -> None:
    from opis.store import units as unit_store

    source = DATA / "catalog" / "fonds-413-ead2002.xml"
    _xml(archive, source, dry_run=False, actor="t")
    _xml(archive, source, dry_run=False, actor="t")
    path = (("repository", "RGAE"), ("fond", "413"), ("opis", "13"), ("delo", "2178"))
    assert [n for n, _, _ in unit_store.revisions(archive.engine, path)] == [1]
    changed = tmp_path / "changed.xml"
    changed.write_text(source.read_text(encoding="utf-8").replace("120 листов", "121 лист"), encoding="utf-8")
    _xml(archive, changed, dry_run=False, actor="t")
    assert [n for n, _, _ in unit_store.revisions(archive.engine, path)] == [1, 2]
    assert archive.unit_descriptions(SYSTEM, [path])[path].extent == "121 лист"


@pytest.mark.parametrize("fmt", ["ead", "ead3"])
def test_ead_export_import_export_is_identical(archive: Archive, tmp_path: Path, fmt: str) -> None:
    import_rows(archive, csv_rows((DATA / "catalog" / "korea-1950.csv").read_text(encoding="utf-8")),
                dry_run=False, actor="t")
    _xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    _xml(archive, DATA / "catalog" / "fonds-0102-ead3.xml", dry_run=False, actor="t")
    _xml(archive, DATA / "catalog" / "fonds-0102-audience-ead2002.xml", dry_run=False, actor="t")  # drafts
    when = "2026-12-06T00:00:00+00:00"
    first = export_xml(archive, fmt, None, when=when)
    assert b'audience="internal"' in first and b'langcode="kor"' in first
    path = tmp_path / "out.xml"
    path.write_bytes(first)
    other = Archive.open(Settings(data_dir=tmp_path / "other"))
    _xml(other, path, dry_run=False, actor="t")
    assert export_xml(other, fmt, None, when=when) == first
    assert b"120 \xd0\xbb\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd0\xb2" in first  # the delo's extent went out


def test_written_ead3_follows_the_ead3_schema_rules_we_rely_on(archive: Archive) -> None:
    from opis.interop.catalog.ead import EAD3

    _xml(archive, DATA / "catalog" / "fonds-413-ead2002.xml", dry_run=False, actor="t")
    root = etree.fromstring(export_xml(archive, "ead3", None, when="2026-12-06T00:00:00+00:00"))
    e = f"{{{EAD3}}}"
    assert etree.QName(root).namespace == EAD3 and _names(root) == ["control", "archdesc"]
    control = root[0]
    # control's children in the schema's sequence; the required ones present
    assert _names(control) == ["recordid", "filedesc", "maintenancestatus", "maintenanceagency",
                               "maintenancehistory"]
    assert control[2].get("value") in ("cancelled", "deleted", "deletedreplaced", "deletedsplit", "derived",
                                       "new", "revised")
    assert _names(control[3])[-1] == "agencyname"
    event = control.find(f"{e}maintenancehistory/{e}maintenanceevent")
    assert _names(event) == ["eventtype", "eventdatetime", "agenttype", "agent"]
    assert event[0].get("value") in ("cancelled", "created", "deleted", "derived", "revised", "updated")
    assert event[2].get("value") in ("human", "machine", "unknown")
    for c in root.iter(f"{e}c"):
        assert c.get("level") in LEVELS and _names(c)[0] == "did"
        assert all(etree.QName(x).localname != "extent" for x in c[0].iter())  # EAD3 has no extent in physdesc
    assert root.find(f".//{e}physdesc").text == "1 опись"


def _authorities() -> list[Authority]:
    from opis.model import DocDate, Name, make_id

    return [
        Authority(kind="family", id=make_id("family", "test", "romanovs"), preferred="Романовы",
                  names=[Name(value="Романовы", lang="ru-Cyrl"), Name(value="Romanov family", lang="en-Latn"),
                         Name(value="Romanovy", lang="ru-Latn", scheme="iso9")],
                  dates=DocDate(edtf="1613/1917"), description="Царская династия."),
        Authority(kind="organization", id=make_id("organization", "test", "mid"),
                  preferred="Министерство иностранных дел СССР",
                  names=[Name(value="MID SSSR", lang="ru-Latn", scheme="iso9"), Name(value="外務省", lang="ja-Jpan")]),
        R.SHTYKOV,
    ]


def test_eac_cpf_persons_organizations_and_families_round_trip(tmp_path: Path) -> None:
    first_store = Archive.open(Settings(data_dir=tmp_path / "one"))
    first_store.put_all(_authorities(), "t")
    when = "2026-12-06T00:00:00+00:00"
    first = export_xml(first_store, "eac-cpf", None, when=when)
    root = etree.fromstring(first)
    assert sorted(r.find(f".//{{{EAC}}}entityType").text for r in root) == ["corporateBody", "family", "person"]
    path = tmp_path / "authorities.xml"
    path.write_bytes(first)
    other = Archive.open(Settings(data_dir=tmp_path / "two"))
    report = _xml(other, path, dry_run=False, actor="t")
    assert len(report.created) == 3
    family = other.get(_authorities()[0].id, SYSTEM)
    assert isinstance(family, Authority) and family.kind == "family"
    assert {(n.value, n.lang, n.scheme) for n in family.names} == {
        ("Романовы", "ru-Cyrl", None), ("Romanov family", "en-Latn", None), ("Romanovy", "ru-Latn", "iso9")}
    assert family.dates is not None and family.dates.edtf == "1613/1917"
    org = other.get(_authorities()[1].id, SYSTEM)
    assert isinstance(org, Authority) and ("外務省", "ja-Jpan") in {(n.value, n.lang) for n in org.names}
    assert export_xml(other, "eac-cpf", None, when=when) == first


# -- limits: a file that would write part of itself, or read outside what was given, writes nothing ----------


def _state(archive: Archive) -> tuple[dict[str, int], int, list[Path]]:
    """What an import could leave behind: records, unit descriptions, stored originals."""
    stored = sorted(p for p in archive.originals.root.rglob("*") if p.is_file())
    return archive.counts(SYSTEM), len(archive.unit_descriptions(SYSTEM)), stored


def _finding_aid(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "aid.xml"
    path.write_text(f'<ead xmlns="{EAD2002}" xmlns:xlink="http://www.w3.org/1999/xlink"><archdesc level="collection">'
                    f'<did/><dsc><c01 level="recordgrp"><did><unitid>RGAE</unitid></did>'
                    f'<c02 level="fonds"><did><unitid>413</unitid><unittitle>Фонд МВТ</unittitle></did>{body}'
                    f"</c02></c01></dsc></archdesc></ead>", encoding="utf-8")
    return path


_ITEM = '<c level="item"><did><unitid>л. {n}</unitid><unittitle>Записка {n}</unittitle>{extra}</did></c>'


@pytest.mark.parametrize(("body", "says"), [
    # the same component twice under two parents (a loop flattened out by the exporter) repeats its id
    ('<c03 level="series" id="s13"><did><unitid>13</unitid></did><c04 level="file" id="f1"><did><unitid>1</unitid>'
     '</did></c04></c03><c03 level="series" id="s14"><did><unitid>14</unitid></did>'
     '<c04 level="file" id="f1"><did><unitid>1</unitid></did></c04></c03>', "two components have the id 'f1'"),
    # a series described again inside itself: one unit of the tree, two descriptions
    ('<c03 level="series"><did><unitid>13</unitid><unittitle>Поставки</unittitle></did>'
     '<c04 level="series"><did><unitid>13</unitid><unittitle>Опись 13 снова</unittitle></did></c04></c03>',
     "described twice"),
    # two items that are one document
    ('<c03 level="series"><did><unitid>13</unitid></did>' + _ITEM.format(n="5", extra="") * 2 + "</c03>",
     "two entries are the same record"),
])
def test_a_cycle_or_a_copy_in_the_hierarchy_is_refused_whole(archive: Archive, tmp_path: Path, body: str,
                                                             says: str) -> None:
    good = _ITEM.format(n="1", extra="")  # a good item before the bad part must not go in either
    path = _finding_aid(tmp_path, good + body)
    before = _state(archive)
    with pytest.raises(FindingAidError, match=says):
        import_xml(archive, path, dry_run=False, actor="t")
    assert _state(archive) == before


@pytest.mark.parametrize("href", ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "scans/../../secret.txt",
                                  "%2e%2e/secret.txt", "missing.pdf", "C:\\Windows\\win.ini", "smb://host/share/a"])
def test_a_digital_object_outside_the_files_folder_is_refused(archive: Archive, tmp_path: Path, href: str) -> None:
    files = tmp_path / "upload"
    (files / "scans").mkdir(parents=True)
    (files / "scans" / "ok.txt").write_text("л. 1", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the archive", encoding="utf-8")
    daos = f'<dao xlink:href="scans/ok.txt"/><dao xlink:href="{href}"/>'
    path = _finding_aid(tmp_path, _ITEM.format(n="1", extra="") + _ITEM.format(n="2", extra=daos))
    before = _state(archive)
    says = {"missing.pdf": "no such file", "C:\\Windows\\win.ini": "neither a web address",
            "smb://host/share/a": "neither a web address"}.get(href, "outside the files folder")
    with pytest.raises(FindingAidError, match=says):
        import_xml(archive, path, dry_run=False, actor="t", files_dir=files)
    assert _state(archive) == before  # not even the good file was stored


def test_a_digital_object_needs_the_files_folder_and_a_web_address_is_not_fetched(archive: Archive,
                                                                                   tmp_path: Path) -> None:
    path = _finding_aid(tmp_path, _ITEM.format(n="1", extra='<dao xlink:href="scans/a.pdf"/>'))
    with pytest.raises(FindingAidError, match="--files DIR"):
        import_xml(archive, path, dry_run=False, actor="t")
    web = _finding_aid(tmp_path, _ITEM.format(n="1", extra='<dao xlink:href="https://archive.example/a.pdf"/>'))
    report = _xml(archive, web, dry_run=False, actor="t")
    assert report.skipped == ["digital object not fetched: https://archive.example/a.pdf"]
    doc = archive.get(report.created[0], SYSTEM)
    assert isinstance(doc, Document) and doc.originals == []


def test_a_digital_object_inside_the_folder_is_stored_unchanged_and_attached(archive: Archive,
                                                                              tmp_path: Path) -> None:
    files = tmp_path / "upload"
    files.mkdir()
    scan = files / "413-13-2178-l52.txt"
    scan.write_bytes("Записка о поставках оборудования, л. 52\r\n".encode("cp1251"))
    path = _finding_aid(tmp_path, _ITEM.format(n="52", extra=f'<dao xlink:href="{scan.name}"/>'))
    dry = _xml(archive, path, dry_run=True, actor="t", files_dir=files)
    assert _state(archive)[2] == []  # a dry run stores no file
    report = _xml(archive, path, dry_run=False, actor="t", files_dir=files)
    doc = archive.get(report.created[0], SYSTEM)
    assert isinstance(doc, Document) and dry.created == report.created
    (original,) = doc.originals
    assert original.filename == scan.name
    assert archive.originals.path_for(original.sha256).read_bytes() == scan.read_bytes()
    assert _xml(archive, path, dry_run=False, actor="t", files_dir=files).unchanged == report.created


def test_an_oversize_finding_aid_or_digital_object_is_refused(archive: Archive, tmp_path: Path) -> None:
    files = tmp_path / "upload"
    files.mkdir()
    (files / "big.tif").write_bytes(b"II*\x00" + b"\x00" * 4096)
    dao = '<dao xlink:href="big.tif"/>'
    path = _finding_aid(tmp_path, _ITEM.format(n="1", extra="") + _ITEM.format(n="2", extra=dao))
    before = _state(archive)
    with pytest.raises(FindingAidError, match="big.tif.*4,100 bytes; the limit is 4,096"):
        import_xml(archive, path, dry_run=False, actor="t", files_dir=files, max_bytes=4096)
    with pytest.raises(FindingAidError, match=r"aid.xml: [\d,]+ bytes; the limit is 100 "):
        import_xml(archive, path, dry_run=False, actor="t", files_dir=files, max_bytes=100)
    assert _state(archive) == before
    assert _xml(archive, path, dry_run=False, actor="t", files_dir=files, max_bytes=5000).created


# -- access: what a finding aid keeps from the public stays hidden, as an unpublished record does --------------


def test_internal_components_are_drafts_the_public_does_not_see(archive: Archive) -> None:
    from opis.store.access import ANONYMOUS
    from opis.store.errors import NotFound

    report = _xml(archive, DATA / "catalog" / "fonds-0102-audience-ead2002.xml", dry_run=False, actor="t")
    docs = {d.title: d for d in archive.get_many(report.created, SYSTEM) if isinstance(d, Document)}
    hidden = docs["Записка посольства в Пекине"]
    shown = docs["Шифртелеграмма Штыкова о беседе с Ким Ир Сеном"]
    assert hidden.status == Status.DRAFT and shown.status == Status.PUBLISHED
    with pytest.raises(NotFound):
        archive.get(hidden.id, ANONYMOUS)
    assert [d.id for d in archive.browse(ANONYMOUS, ("document",), 0, 50).items] == [shown.id]
    opisi, _ = archive.tree_children(ANONYMOUS, [("repository", "AVP RF"), ("fond", "0102")])
    assert [n.value for n in opisi] == ["6"]
    staff, _ = archive.tree_children(SYSTEM, [("repository", "AVP RF"), ("fond", "0102")])
    assert sorted(n.value for n in staff) == ["11", "6"]
    public_units = {p[-1] for p in archive.unit_descriptions(ANONYMOUS)}
    staff_units = archive.unit_descriptions(SYSTEM)
    assert ("opis", "11") not in public_units and ("delo", "47") in public_units
    internal = staff_units[(("repository", "AVP RF"), ("fond", "0102"), ("opis", "11"))]
    assert not internal.published and internal.scope == "Описание для сотрудников архива."


def test_internal_stays_internal_through_export_and_import(archive: Archive, tmp_path: Path) -> None:
    _xml(archive, DATA / "catalog" / "fonds-0102-audience-ead2002.xml", dry_run=False, actor="t")
    out = tmp_path / "out.xml"
    out.write_bytes(export_xml(archive, "ead", None, when="2026-12-06T00:00:00+00:00"))
    marked = {c.findtext(f"{{{EAD2002}}}did/{{{EAD2002}}}unitid"): c.get("audience")
              for c in etree.parse(str(out)).getroot().iter(f"{{{EAD2002}}}c")}
    assert marked["11"] == "internal" and marked["л. 12-14"] == "internal" and marked["6"] is None
    other = Archive.open(Settings(data_dir=tmp_path / "other"))
    report = _xml(other, out, dry_run=False, actor="t")
    assert sorted(d.status for d in other.get_many(report.created, SYSTEM) if isinstance(d, Document)) == [
        Status.DRAFT, Status.PUBLISHED]
    assert export_xml(other, "ead", None, when="2026-12-06T00:00:00+00:00") == out.read_bytes()


# -- Dublin Core in: a row per record, through the sheet import's readers ------------------------------------


FRUS_DC = DATA / "catalog" / "frus1949v07p2-d191-oai.xml"


def test_a_dublin_core_record_from_frus_imports_as_a_document(archive: Archive) -> None:
    before = archive.counts(SYSTEM)
    dry = import_xml(archive, FRUS_DC, dry_run=True, actor="t")
    assert isinstance(dry, Report) and dry.counts() == {"created": 1} and archive.counts(SYSTEM) == before
    report = import_xml(archive, FRUS_DC, dry_run=False, actor="t")
    assert isinstance(report, Report) and report.counts() == {"created": 1}
    doc = archive.get(report.rows[0].id or "", SYSTEM)
    assert isinstance(doc, Document) and doc.genre == "memorandum" and doc.languages == ["en"]
    assert doc.date is not None and doc.date.edtf == "1949-01-10"
    assert doc.archival_refs[0].extra.get("file") == "740.00119 Control (Korea)/1–1049"
    assert [(a.name, a.role) for a in doc.agents] == [("Butterworth, W. Walton", "author")]
    again = import_xml(archive, FRUS_DC, dry_run=False, actor="t")
    assert isinstance(again, Report) and again.counts() == {"unchanged": 1}


@pytest.mark.parametrize("start", ["frus", "sheet"])
def test_dublin_core_export_import_export_is_identical(archive: Archive, tmp_path: Path, start: str) -> None:
    if start == "frus":
        import_xml(archive, FRUS_DC, dry_run=False, actor="t")
    else:
        import_rows(archive, csv_rows((DATA / "catalog" / "korea-1950.csv").read_text(encoding="utf-8")),
                    dry_run=False, actor="t")
    first = export_xml(archive, "dc", None)
    path = tmp_path / "dc.xml"
    path.write_bytes(first)
    other = Archive.open(Settings(data_dir=tmp_path / "other"))
    other.put_many([R.SHTYKOV, R.RGAE], "tester")  # the same authorities, so creators resolve alike
    report = import_xml(other, path, dry_run=False, actor="t")
    assert isinstance(report, Report) and not [r for r in report.rows if r.status == "error"]
    assert export_xml(other, "dc", None) == first
