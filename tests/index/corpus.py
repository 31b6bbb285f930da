"""Records for the search tests: the shared test records plus documents in several scripts."""

from __future__ import annotations

from datetime import date

from opis.index import IndexerThread, SearchIndex, SearchRequest, SearchResults, search
from opis.index.indexer import Indexer
from opis.model import (
    Access,
    AgentRef,
    ArchivalReference,
    Authority,
    Classification,
    DocDate,
    Document,
    Name,
    PlaceRef,
    Rendition,
    make_id,
)
from opis.store.access import ANONYMOUS, Viewer
from opis.store.archive import Archive
from tests.support import records as R

TODAY = date(2026, 11, 1)  # the `clock` fixture's day

KIM = Authority(kind="person", id=make_id("person", "test", "kim"), preferred="Kim Il Sung",
                names=[Name(value="김일성", lang="ko-Hang"), Name(value="Ким Ир Сен", lang="ru-Cyrl")])
CHONGJIN = Authority(kind="place", id=make_id("place", "test", "chongjin"), preferred="Chongjin",
                     names=[Name(value="청진", lang="ko-Hang"), Name(value="Чхонджин", lang="ru-Cyrl")])
SECRET_PERSON = Authority(kind="person", id=make_id("person", "test", "secret"), preferred="Ivan Zagadkin",
                          names=[Name(value="Tainstvennyi Pseudonym")], access=Access(level="restricted"))


def ref(repo: str, fond: str) -> ArchivalReference:
    return ArchivalReference(raw=f"{repo} f. {fond}", repository=repo, fond=fond)


def doc(key: str, title: str, text: str, lang: str = "en", when: str | None = "1950-05", **kw: object) -> Document:
    base: dict[str, object] = {
        "id": make_id("document", "search", key), "title": title, "genre": "letter",
        "date": DocDate(edtf=when) if when else None, "languages": [lang],
        "archival_refs": [ref("RGAE", "413")],
        "renditions": [Rendition(id=f"ren-{key}", kind="original", language=lang, text=text)],
    }
    base.update(kw)
    return Document.model_validate(base)


SHTYKOV_RU = doc("shtykov-ru", "Шифртелеграмма", "Товарищ Штыков сообщает о поставках угля из Сахалина.", "ru",
                 "1949-03-02", genre="cipher-telegram", archival_refs=[ref("AVP RF", "059")])
KIM_LETTER = doc("kim-letter", "Letter to Stalin", "The leader asked for rifles and advisers.",
                 agents=[AgentRef(name="Kim", role="sender", authority=KIM.id)], when="1950-05-20")
CHONGJIN_KO = doc("chongjin-ko", "Report on the port", "청진에서 선박 수리가 시작되었다.", "ko", "1950-06",
                  places=[PlaceRef(name="청진", authority=CHONGJIN.id)], genre="report")
MAO = doc("mao", "Telegram about talks", "毛泽东同志同意了计划。", "zh", "1950",
          genre="telegram", archival_refs=[ref("RGASPI", "558")])
OCR = doc("ocr", "Shipping list", "Deliveries of coal and c0al briquettes by the Sovict fleet.", when=None,
          classification=Classification(marking="Secret", level="secret"))
MARKUP = doc("markup", "Escaping test", "A <b>bold</b> claim & coal near Pyongyang's harbour.",
             when="1951-01-01/1951-12-31")
SECRET_LINK = doc("secret-link", "Memo from an unnamed source", "Nothing to see.",
                  agents=[AgentRef(name="I.Z.", role="author", authority=SECRET_PERSON.id)], when="1952")

EXTRA = [KIM, CHONGJIN, SECRET_PERSON, SHTYKOV_RU, KIM_LETTER, CHONGJIN_KO, MAO, OCR, MARKUP, SECRET_LINK]
ALL = [*R.ALL, *EXTRA]
HIDDEN_IDS = {d.id for d in R.HIDDEN}


def load(archive: Archive, index: SearchIndex, records: list[object] | None = None) -> None:
    archive.put_many(records if records is not None else ALL, "test")  # type: ignore[arg-type]
    Indexer(archive, index).catch_up()


def run(index: SearchIndex, q: str = "", viewer: Viewer = ANONYMOUS, today: date = TODAY,
        **kw: object) -> SearchResults:
    return search(index, SearchRequest(q=q, **kw), viewer, today)  # type: ignore[arg-type]


def ids(results: SearchResults) -> list[str]:
    return [h.id for h in results.hits]


__all__ = ["ALL", "EXTRA", "HIDDEN_IDS", "IndexerThread", "load", "run", "ids"]
