"""A finding aid's staff-only parts (EAD ``audience="internal"``) stay hidden from the public reader in pages,
the JSON API and OAI-PMH, as any unpublished record does; what it says of open units shows on their pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.jobs.finding_aids import XmlReport, import_xml
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.reading import views

AID = Path(__file__).parents[1] / "data" / "catalog" / "fonds-0102-audience-ead2002.xml"
FOND = "/repositories/avp-rf/fonds/0102"


@pytest.fixture
def imported(archive: Archive) -> dict[str, Document]:
    report = import_xml(archive, AID, dry_run=False, actor="t")
    assert isinstance(report, XmlReport)
    return {d.title: d for d in archive.get_many(report.created, SYSTEM) if isinstance(d, Document)}


@pytest.fixture
def public(archive: Archive, settings: Settings, imported: dict[str, Document]) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        yield client


def test_the_public_never_sees_an_internal_item(public: TestClient, imported: dict[str, Document]) -> None:
    hidden, shown = imported["Записка посольства в Пекине"], imported["Шифртелеграмма Штыкова о беседе с Ким Ир Сеном"]
    assert public.get(f"/api/documents/{hidden.id}").status_code == 404
    assert public.get(f"/documents/{hidden.id}").status_code == 404
    assert public.get(f"/api/documents/{shown.id}").status_code == 200
    oai = public.get("/oai", params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).text
    assert shown.id in oai and hidden.id not in oai
    assert hidden.id not in public.get("/sitemap.xml").text


def test_the_public_tree_has_no_internal_unit_nor_its_description(public: TestClient) -> None:
    fond = public.get(f"{FOND}.json").json()
    assert [c["value"] for c in fond["children"]["items"]] == ["6"]
    assert public.get(f"{FOND}/opisi/11.json").json()["description"] is None
    page = public.get(f"{FOND}/opisi/11").text
    assert "не рассекречена" not in page and "Описание для сотрудников" not in page
    delo = public.get(f"{FOND}/opisi/6/dela/47.json").json()["description"]
    assert delo["title"] == "Шифртелеграммы из Пхеньяна" and delo["date"] == "1950"
    assert "Шифртелеграммы из Пхеньяна" in public.get(f"{FOND}/opisi/6/dela/47").text


def test_staff_see_the_internal_unit_described(archive: Archive, imported: dict[str, Document]) -> None:
    unit = views.tree(archive, SYSTEM, "avp-rf", [("fond", "0102"), ("opis", "11")], 0, 100)
    assert unit["description"]["scope"] == "Описание для сотрудников архива." and unit["documents"] == 1
