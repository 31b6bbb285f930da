"""A synthetic but realistic corpus of archive documents, N at a time, deterministic for a seed.

Vocabulary comes from real text: English from the FRUS excerpts and seed pages in shared/, Russian
from the Russian dev-set texts in tests/data. Words are drawn with Zipf's law over each language's
frequency ranking (the most frequent word first), and a small share of draws are rare derived words
(a real word plus an ending, or a romanized syllable string) so the vocabulary keeps growing with
the corpus as a real archive's does (names, numbers, OCR slips). Korean and Chinese names appear in
Hangul/Han and in several romanizations, Russian names in Cyrillic and Latin.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

from opis import vocab
from opis.model import Access, AgentRef, ArchivalReference, DocDate, Document, Rendition, Status, make_id

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
_EN = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?")
_RU = re.compile(r"[А-Яа-яЁё]+")
ZIPF_S = 1.07
RARE_SHARE = 0.015

# (Latin spellings, Cyrillic, native) — real public figures and places of the period.
NAMES: list[tuple[tuple[str, ...], str, str]] = [
    (("Kim Il Sung", "Kim Il-sung", "Kim Ir Sen"), "Ким Ир Сен", "김일성"),
    (("Pak Hon-yong", "Pak Hŏn-yŏng", "Bak Heon-yeong"), "Пак Хон Ён", "박헌영"),
    (("Kim Tu-bong", "Kim Tubong"), "Ким Ду Бон", "김두봉"),
    (("Mao Zedong", "Mao Tse-tung"), "Мао Цзэдун", "毛泽东"),
    (("Zhou Enlai", "Chou En-lai"), "Чжоу Эньлай", "周恩来"),
    (("Peng Dehuai", "P'eng Te-huai"), "Пэн Дэхуай", "彭德怀"),
    (("Gao Gang", "Kao Kang"), "Гао Ган", "高岗"),
    (("Shtykov", "Shtikov", "Štykov"), "Штыков", "Штыков"),
    (("Meretskov", "Meretskoff"), "Мерецков", "Мерецков"),
    (("Stalin",), "Сталин", "Сталин"),
    (("Molotov",), "Молотов", "Молотов"),
    (("Vyshinsky", "Vyshinskii"), "Вышинский", "Вышинский"),
    (("Chongjin", "Ch'ŏngjin", "Cheongjin"), "Чхонджин", "청진"),
    (("Pyongyang", "P'yŏngyang"), "Пхеньян", "평양"),
    (("Hamhung", "Hamhŭng", "Hamheung"), "Хамхын", "함흥"),
    (("Wonsan", "Wŏnsan"), "Вонсан", "원산"),
    (("Beijing", "Peking"), "Пекин", "北京"),
    (("Port Arthur", "Lüshun"), "Порт-Артур", "旅顺"),
]
REPOSITORIES = ["RGAE", "AVP RF", "RGASPI", "GARF", "RGVA", "TsAMO", "APRF", "NARA"]


def _text_files() -> list[Path]:
    files = sorted((SHARED / "data" / "frus" / "volumes").glob("*.xml")) + sorted((SHARED / "seeds").glob("*.txt"))
    return files + sorted((ROOT / "tests" / "data" / "devset").glob("*/text.txt"))


@cache
def _ranked(pattern: str) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for path in _text_files():
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8", errors="replace"))
        counts.update(w.lower() for w in re.findall(pattern, text))
    counts.update({g["ru"].split()[0].lower(): 1 for g in vocab.load("genres")} if "А" in pattern else {})
    # Citation abbreviations (л., д., оп.) dominate the Russian dev texts; running prose keeps only
    # the one-letter prepositions and conjunctions among words that short.
    short = set("вскиаоуяжбы") | {"на", "не", "по", "за", "из", "от", "до", "об", "же", "но", "он", "их", "ко"}
    return tuple(w for w, _ in counts.most_common() if len(w) > 2 or w in short or w.isascii() and len(w) > 1)


@dataclass
class Zipf:
    words: tuple[str, ...]
    cum: list[float]

    @classmethod
    def over(cls, words: tuple[str, ...]) -> Zipf:
        return cls(words, list(accumulate(1.0 / (r ** ZIPF_S) for r in range(1, len(words) + 1))))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def rank_of(self, rng: random.Random) -> str:
        return self.words[bisect_left(self.cum, rng.random() * self.cum[-1])]


_EN_ENDINGS = ("ization", "ists", "ward", "ery", "ship", "ology", "ments", "ability")
_RU_ENDINGS = ("ского", "ами", "ениями", "ователь", "ность", "ащих", "ированного")
_SYLLABLES = "ka ko ri san jin dong hyon mun pak chu ye tae sin ho yang ul chon bong gil su".split()


def _rare(rng: random.Random, word: str, russian: bool) -> str:
    roll = rng.random()
    if roll < 0.5:
        return word + rng.choice(_RU_ENDINGS if russian else _EN_ENDINGS)
    if roll < 0.8:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    return str(rng.randint(10, 99999))


class Corpus:
    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.en = Zipf.over(_ranked(_EN.pattern))
        self.ru = Zipf.over(_ranked(_RU.pattern))
        self.genres = sorted(vocab.ids("genres"))
        self.languages = {"en": self.en, "ru": self.ru}

    def words(self, rng: random.Random, lang: str, k: int) -> list[str]:
        zipf = self.languages[lang]
        out = zipf.draw(rng, k)
        for i in range(k):
            if rng.random() < RARE_SHARE:
                out[i] = _rare(rng, out[i], lang == "ru")
        return out

    def name(self, rng: random.Random, lang: str) -> str:
        latin, cyrillic, native = rng.choice(NAMES)
        roll = rng.random()
        if roll < 0.15:
            return native
        return cyrillic if lang == "ru" else rng.choice(latin)

    def sentence_text(self, rng: random.Random, lang: str, n_words: int) -> str:
        words = self.words(rng, lang, n_words)
        for _ in range(max(1, n_words // 60)):
            words.insert(rng.randrange(len(words) + 1), self.name(rng, lang))
        out, i = [], 0
        while i < len(words):
            size = rng.randint(8, 22)
            chunk = words[i:i + size]
            out.append(chunk[0][:1].upper() + chunk[0][1:] + " " + " ".join(chunk[1:]) + ".")
            i += size
        return " ".join(out)

    def document(self, i: int) -> Document:
        rng = random.Random(self.seed * 1_000_003 + i)
        has_ru = rng.random() < 0.65
        title = self.sentence_text(rng, "en", rng.randint(5, 10)).rstrip(".")
        renditions = []
        if has_ru:
            renditions.append(Rendition(id=f"ren-{i}-ru", kind="original", language="ru",
                                        text=self.sentence_text(rng, "ru", rng.randint(60, 220))))
        renditions.append(Rendition(id=f"ren-{i}-en", kind="translation" if has_ru else "original", language="en",
                                    text=self.sentence_text(rng, "en", rng.randint(60, 220))))
        return Document(
            id=make_id("document", "bench", str(i)), title=title,
            summary=self.sentence_text(rng, "en", rng.randint(15, 35)), genre=rng.choice(self.genres),
            date=_date(rng), languages=["ru", "en"] if has_ru else ["en"], access=_access(rng),
            status=Status.DRAFT if rng.random() < 0.01 else Status.PUBLISHED,
            agents=[AgentRef(name=self.name(rng, "en"), role="sender"),
                    AgentRef(name=self.name(rng, "en"), role="recipient")],
            archival_refs=[_ref(rng)], renditions=renditions)

    def documents(self, n: int) -> Iterator[Document]:
        for i in range(n):
            yield self.document(i)


def _date(rng: random.Random) -> DocDate | None:
    roll = rng.random()
    if roll < 0.03:
        return None
    start = date(1945, 1, 1) + timedelta(days=int(rng.triangular(0, 46 * 365, 8 * 365)))
    if roll < 0.63:
        return DocDate(edtf=start.isoformat())
    if roll < 0.83:
        return DocDate(edtf=start.strftime("%Y-%m"))
    if roll < 0.93:
        return DocDate(edtf=str(start.year))
    if roll < 0.98:
        end = start + timedelta(days=rng.randint(1, 400))
        return DocDate(edtf=f"{start.isoformat()}/{end.isoformat()}")
    return DocDate(edtf=f"{str(start.year)[:3]}X")


def _access(rng: random.Random) -> Access:
    roll = rng.random()
    if roll < 0.02:
        return Access(level="restricted")
    if roll < 0.04:
        return Access(level="embargoed", until=date(2030 + rng.randint(0, 20), 1, 1))
    return Access()


def _ref(rng: random.Random) -> ArchivalReference:
    repo = REPOSITORIES[min(int(rng.paretovariate(1.2)) - 1, len(REPOSITORIES) - 1)]
    fond, opis, delo = str(int(rng.paretovariate(0.8)) % 900 + 1), str(rng.randint(1, 30)), str(rng.randint(1, 9000))
    return ArchivalReference(raw=f"{repo}. F. {fond}. Op. {opis}. D. {delo}.", repository=repo, fond=fond,
                             opis=opis, delo=delo)
