"""Small records written for the tests: one public, one restricted, one embargoed, one draft."""

from __future__ import annotations

from datetime import date

from opis.model import (
    Access,
    AgentRef,
    ArchivalReference,
    Authority,
    Collection,
    DocDate,
    Document,
    Name,
    Rendition,
    Status,
    make_id,
)

SHTYKOV = Authority(
    kind="person", id=make_id("person", "test", "shtykov"), preferred="Terentii Shtykov",
    names=[Name(value="Штыков Терентий Фомич", lang="ru-Cyrl"),
           Name(value="Terenty Shtykov", lang="ru-Latn", scheme="common"),
           Name(value="Terentij Štykov", lang="ru-Latn", scheme="iso9")],
)
RGAE = Authority(kind="repository", id=make_id("repository", "test", "RGAE"), preferred="RGAE", code="RGAE",
                 names=[Name(value="РГАЭ", lang="ru-Cyrl", scheme="abbreviation")])
COLLECTION = Collection(id=make_id("collection", "test", "c1"), title="Test collection")


def doc(key: str, **kw: object) -> Document:
    base: dict[str, object] = {
        "id": make_id("document", "test", key), "title": f"Document {key}", "genre": "letter",
        "date": DocDate(edtf="1947-05", text="May 1947"), "languages": ["ru"],
        "agents": [AgentRef(name="Shtykov", role="sender", authority=SHTYKOV.id)],
        "collections": [COLLECTION.id],
        "archival_refs": [ArchivalReference(raw="RGAE. F. 413. Op. 13. D. 5466. L. 23.", repository="RGAE",
                                            fond="413", opis="13", delo="5466", folios="23")],
        "renditions": [Rendition(id=f"ren-{key}", kind="original", language="ru", text=f"Текст {key}")],
    }
    base.update(kw)
    return Document.model_validate(base)


PUBLIC = doc("public")
RESTRICTED = doc("restricted", title="Restricted secret letter", access=Access(level="restricted"),
                 archival_refs=[ArchivalReference(raw="RGAE. F. 413. Op. 13. D. 9999. L. 1.", repository="RGAE",
                                                  fond="413", opis="13", delo="9999", folios="1")])
EMBARGOED = doc("embargoed", title="Embargoed letter",
                access=Access(level="embargoed", until=date(2031, 1, 1)))
DRAFT = doc("draft", title="Draft letter", status=Status.DRAFT)
HIDDEN = (RESTRICTED, EMBARGOED, DRAFT)
ALL = [SHTYKOV, RGAE, COLLECTION, PUBLIC, RESTRICTED, EMBARGOED, DRAFT]
