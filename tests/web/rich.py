"""Records with everything a reading-room page shows: texts side by side, footnotes with an Ibid
chain, names, dates, quantities, a table with a failed total, a stored original, witnesses."""

from __future__ import annotations

from pathlib import Path

from opis.extract.pipeline import extract_all
from opis.model import (
    AgentRef,
    ArchivalReference,
    AttachedOriginal,
    Authority,
    Classification,
    Credit,
    DocDate,
    Document,
    Name,
    PlaceRef,
    Relation,
    Rendition,
    make_id,
)
from opis.store.archive import Archive
from tests.support import records as R

PAPER_TEXT = """Soviet help to North Korea

In May 1947 Shtykov asked Moscow for 24 500 thousand military-Korean yens (about 6 125 000 rubles)¹. The plan was late².

Summary table of staff needs

№\tQualification\tGeneral need\tPresent\tRequired
1\tEngineers\t5\t2\t3
2\tGeologists\t4\t1\t3
\tTotal:\t9\t3\t7

¹ RGAE. F. 413. Op. 13. D. 5467. L. 92.

² Ibid. L. 93.
"""

KIM = Authority(
    kind="person", id=make_id("person", "test", "kim-il-sung"), preferred="Kim Il Sung",
    dates=DocDate(edtf="1912/1994"),
    names=[Name(value="김일성", lang="ko-Hang"), Name(value="金日成", lang="ko-Hani"),
           Name(value="Kim Il-sŏng", lang="ko-Latn", scheme="mr"),
           Name(value="Gim Il-seong", lang="ko-Latn", scheme="rr"),
           Name(value="Ким Ир Сен", lang="ko-Cyrl", scheme="kontsevich")],
    description="Leader of North Korea.")
PYONGYANG = Authority(kind="place", id=make_id("place", "test", "pyongyang"), preferred="Pyongyang",
                      names=[Name(value="평양", lang="ko-Hang"), Name(value="Пхеньян", lang="ru-Cyrl")],
                      coordinates=(39.03, 125.75))
COLLECTION = R.COLLECTION

LETTER = Document(
    id=make_id("document", "test", "letter"), title="Letter from Shtykov to Kim Il Sung on specialists",
    genre="letter", date=DocDate(edtf="1947-05-21", text="21 May 1947"), languages=["ru"],
    classification=Classification(marking="Совершенно секретно", level="top-secret"),
    agents=[AgentRef(name="Т.Ф. Штыков", role="sender", authority=R.SHTYKOV.id),
            AgentRef(name="Ким Ир Сен", role="recipient", authority=KIM.id)],
    places=[PlaceRef(name="Pyongyang", authority=PYONGYANG.id)], collections=[COLLECTION.id],
    archival_refs=[ArchivalReference(raw="RGAE. F. 413. Op. 13. D. 5467. L. 92.", repository="RGAE", fond="413",
                                     opis="13", delo="5467", folios="92"),
                   ArchivalReference(raw="AVP RF. F. 07. Op. 10. P. 6. D. 65. L. 16.", repository="AVP RF",
                                     fond="07", opis="10", papka="6", delo="65", folios="16")],
    renditions=[
        Rendition(id="ren-letter-ru", kind="original", language="ru",
                  text="Товарищ Ким Ир Сен!\n\nПрошу прислать специалистов."),
        Rendition(id="ren-letter-en", kind="translation", language="en",
                  text="Comrade Kim Il Sung!\n\nPlease send specialists.",
                  credits=[Credit(name="Jane Roe", role="translator")]),
    ],
    subjects=["specialists"])
TELEGRAM = Document(
    id=make_id("document", "test", "telegram"), title="Telegram from Pyongyang on the harvest", genre="cipher-telegram",
    date=DocDate(edtf="1950-05~", text="about May 1950"), languages=["ko"], collections=[COLLECTION.id],
    agents=[AgentRef(name="김일성", role="author", authority=KIM.id)],
    relations=[Relation(type="reply-to", target=LETTER.id)],
    renditions=[
        Rendition(id="ren-tel-ko", kind="original", language="ko", text="평양에서.\n\n수확은 좋다.\n\n끝."),
        Rendition(id="ren-tel-en", kind="translation", language="en", text="From Pyongyang: the harvest is good.",
                  credits=[Credit(name="John Doe", role="translator")]),
    ])


def paper(original_sha: str, filename: str) -> Document:
    findings = {k: v for k, v in extract_all(PAPER_TEXT, "en").items() if isinstance(v, list) and v}
    start = PAPER_TEXT.index("Shtykov")
    findings["names"] = [{"authority": R.SHTYKOV.id, "start": start, "end": start + 7, "text": "Shtykov",
                          "preferred": R.SHTYKOV.preferred, "type": "person"}]
    return Document(
        id=make_id("document", "test", "paper"), title="Soviet help to North Korea (a paper)", genre="article",
        date=DocDate(edtf="2016"), languages=["en"], collections=[COLLECTION.id],
        renditions=[Rendition(id="ren-paper", kind="original", language="en", text=PAPER_TEXT,
                              source_original=original_sha)],
        originals=[AttachedOriginal(sha256=original_sha, filename=filename, media_type="text/plain")],
        findings=findings)


def load(archive: Archive, folder: Path) -> Document:
    """Save the rich records (and the test suite's small ones); return the paper."""
    source = folder / "paper.txt"
    source.write_text(PAPER_TEXT, encoding="utf-8")
    sha, _, _ = archive.add_original(source, "paper.txt", "text/plain")
    the_paper = paper(sha, "paper.txt")
    archive.put_many([*R.ALL, KIM, PYONGYANG, LETTER, TELEGRAM, the_paper], "test")
    return the_paper
