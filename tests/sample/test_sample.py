"""The sample collection: it loads, its references resolve, its ids are stable, its names are tagged,
its access rules are exercised, and none of its prose is copied from the sources it was written from."""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from opis import vocab
from opis.model import Authority, Collection, Document, make_id
from opis.sample import SampleError, build_records, load_sample, sample_id, sample_text

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = Path(os.environ.get("OPIS_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="module")
def records() -> list[Document | Authority | Collection]:
    return load_sample()


@pytest.fixture(scope="module")
def by_id(records: list[Document | Authority | Collection]) -> dict[str, Document | Authority | Collection]:
    return {r.id: r for r in records}


def _docs(records: list[Any]) -> list[Document]:
    return [r for r in records if isinstance(r, Document)]


def _authorities(records: list[Any], kind: str | None = None) -> list[Authority]:
    return [r for r in records if isinstance(r, Authority) and (kind is None or r.kind == kind)]


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(sample_text())
    assert isinstance(data, dict)
    return data


# --- loading, order, counts -------------------------------------------------------------------

def test_loads_in_a_fixed_order(records: list[Any]) -> None:
    kinds = [r.kind for r in records]
    rank = {"collection": 0, "repository": 1, "person": 2, "organization": 2, "place": 2, "document": 3}
    assert [rank[k] for k in kinds] == sorted(rank[k] for k in kinds)
    assert kinds[0] == "collection" and kinds[-1] == "document"


def test_counts(records: list[Any]) -> None:
    docs = _docs(records)
    assert len(docs) >= 25
    collections = [r for r in records if isinstance(r, Collection)]
    assert [c.featured for c in collections].count(True) == 1
    assert 2 <= len([c for c in collections if not c.featured]) <= 3
    assert {a.code for a in _authorities(records, "repository")} >= {"RGAE", "AVP RF", "RGASPI"}


def test_every_record_is_from_the_sample(records: list[Any]) -> None:
    assert all(r.source == "sample" for r in records)


# --- ids ---------------------------------------------------------------------------------------

def test_ids_are_deterministic_and_unique(records: list[Any]) -> None:
    again = load_sample()
    assert [r.id for r in again] == [r.id for r in records]
    def rendition_ids(recs: list[Any]) -> list[str]:
        return [rd.id for d in _docs(recs) for rd in d.renditions]

    assert rendition_ids(again) == rendition_ids(records)
    ids = [r.id for r in records] + [rd.id for d in _docs(records) for rd in d.renditions]
    assert len(ids) == len(set(ids))


def test_ids_come_from_the_keys(by_id: dict[str, Any]) -> None:
    assert sample_id("person", "shtykov") == make_id("person", "sample", "shtykov")
    assert by_id[sample_id("person", "shtykov")].preferred == "Terentii Shtykov"
    assert by_id[sample_id("repository", "rgae")].code == "RGAE"
    assert by_id[sample_id("collection", "soviet-aid")].featured
    assert by_id[sample_id("document", "staff-table-1946")].genre == "statistical-table"


# --- references --------------------------------------------------------------------------------

def test_every_reference_resolves(records: list[Any], by_id: dict[str, Any]) -> None:
    def kind_of(record_id: str | None) -> str | None:
        return by_id[record_id].kind if record_id in by_id else None

    codes = {a.code for a in _authorities(records, "repository")}
    for a in _authorities(records):
        for office in a.offices:
            if office.organization:
                assert kind_of(office.organization) == "organization", (a.preferred, office)
    for d in _docs(records):
        for agent in d.agents:
            assert kind_of(agent.authority) in ("person", "organization"), (d.title, agent)
        for place in d.places:
            assert kind_of(place.authority) == "place", (d.title, place)
        for c in d.collections:
            assert kind_of(c) == "collection", (d.title, c)
        for rel in d.relations:
            assert kind_of(rel.target) == "document", (d.title, rel)
        for ref in d.archival_refs:
            assert ref.repository in codes, (d.title, ref)
        for rd in d.renditions:
            for credit in rd.credits:
                assert credit.authority is None or kind_of(credit.authority) in ("person", "organization")


def test_every_named_agent_and_place_has_an_authority(records: list[Any]) -> None:
    for d in _docs(records):
        assert all(a.authority for a in d.agents), d.title
        assert all(p.authority for p in d.places), d.title


def test_every_document_is_in_the_featured_collection(records: list[Any]) -> None:
    featured = sample_id("collection", "soviet-aid")
    assert all(featured in d.collections for d in _docs(records))
    for key in ("specialists", "trade", "road-to-war"):
        assert any(sample_id("collection", key) in d.collections for d in _docs(records)), key


def test_repositories_match_the_vocabulary(records: list[Any]) -> None:
    known = {r.code: r for r in vocab.repositories()}
    for rep in _authorities(records, "repository"):
        assert rep.code in known
        entry = known[rep.code]
        values = set(rep.all_names())
        assert set(entry.abbreviations) - {"RGAĖ"} <= values | {"AVP", "АВП"}, rep.code
        assert set(entry.names.values()) <= values, rep.code
        abbreviations = [n for n in rep.names if n.scheme == "abbreviation"]
        assert any(n.lang == "ru-Cyrl" for n in abbreviations) and any(n.lang == "ru-Latn" for n in abbreviations)
        assert any(n.lang == "ru-Cyrl" and n.scheme is None for n in rep.names)
        assert any(n.lang == "en" for n in rep.names)


# --- variant names ----------------------------------------------------------------------------

REQUIRED_NAMES = [
    # (kind, key, value, lang, scheme)
    ("person", "shtykov", "Terentii Shtykov", "ru-Latn", "ala-lc"),
    ("person", "shtykov", "Terenty Shtykov", "en", "common"),
    ("person", "shtykov", "Terentiy Shtykov", "ru-Latn", "bgn-pcgn"),
    ("person", "shtykov", "Штыков Терентий Фомич", "ru-Cyrl", None),
    ("person", "kim-il-sung", "Kim Il Sung", "en", "common"),
    ("person", "kim-il-sung", "Kim Il-sung", "ko-Latn", "common"),
    ("person", "kim-il-sung", "Kim Il-sŏng", "ko-Latn", "mr"),
    ("person", "kim-il-sung", "김일성", "ko-Hang", None),
    ("person", "kim-il-sung", "金日成", "ko-Hani", None),
    ("person", "kim-il-sung", "Ким Ир Сен", "ko-Cyrl", None),
    ("person", "mao", "Mao Zedong", "zh-Latn", "pinyin"),
    ("person", "mao", "Mao Tse-tung", "zh-Latn", "wade-giles"),
    ("person", "mao", "毛泽东", "zh-Hans", None),
    ("person", "mao", "Мао Цзэдун", "zh-Cyrl", "palladius"),
    ("person", "kim-tu-bong", "Kym Tu-bong", "ko-Latn", None),
    ("person", "kim-tu-bong", "Kim Tu-bong", "ko-Latn", "mr"),
    ("person", "kim-tu-bong", "김두봉", "ko-Hang", None),
    ("person", "kim-tu-bong", "Ким Ду Бон", "ko-Cyrl", None),
    ("person", "stalin", "Сталин Иосиф Виссарионович", "ru-Cyrl", None),
    ("person", "meretskov", "K.A. Meretskov", "ru-Latn", None),
    ("person", "chistyakov", "Ivan Mikhaĭlovich Chistiakov", "ru-Latn", "ala-lc"),
    ("person", "lebedev", "N.G. Lebedev", "ru-Latn", None),
    ("person", "romanenko", "A.A. Romanenko", "ru-Latn", None),
    ("person", "mikoyan", "Микоян Анастас Иванович", "ru-Cyrl", None),
    ("person", "molotov", "V.M. Molotov", "ru-Latn", None),
    ("person", "byrnes", "Бирнс", "ru-Cyrl", None),
    ("person", "harriman", "A. Harriman", "en", None),
    ("place", "chongjin", "Chŏngjin", "ko-Latn", None),
    ("place", "chongjin", "Ch'ŏngjin", "ko-Latn", "mr"),
    ("place", "chongjin", "Chongjin", "en", "common"),
    ("place", "chongjin", "Cheongjin", "ko-Latn", "rr"),
    ("place", "chongjin", "청진", "ko-Hang", None),
    ("place", "chongjin", "淸津", "ko-Hani", None),
    ("place", "chongjin", "清津", "ja-Jpan", None),
    ("place", "chongjin", "Чхонджин", "ko-Cyrl", "kontsevich"),
    ("place", "chongjin", "Сэйсин", "ru-Cyrl", None),
    ("place", "kimchaek", "Kimchaek", "en", "common"),
    ("place", "kimchaek", "Kim Chaek", "en", None),
    ("place", "kimchaek", "Sŏngjin", "ko-Latn", "mr"),
    ("place", "kimchaek", "Songjin", "en", "common"),
    ("place", "kimchaek", "김책", "ko-Hang", None),
    ("place", "kimchaek", "성진", "ko-Hang", None),
    ("place", "kimchaek", "Кимчхэк", "ko-Cyrl", "kontsevich"),
    ("place", "pyongyang", "Pyongyang", "en", "common"),
    ("place", "pyongyang", "P'yŏngyang", "ko-Latn", "mr"),
    ("place", "pyongyang", "평양", "ko-Hang", None),
    ("place", "pyongyang", "Пхеньян", "ru-Cyrl", None),
    ("place", "moscow", "Москва", "ru-Cyrl", None),
    ("place", "sakhalin", "Сахалин", "ru-Cyrl", None),
    ("place", "primorye", "Приморье", "ru-Cyrl", None),
    ("organization", "dprk", "КНДР", "ru-Cyrl", "abbreviation"),
    ("organization", "ussr", "СССР", "ru-Cyrl", "abbreviation"),
    ("organization", "korean-peoples-army", "조선인민군", "ko-Hang", None),
    ("repository", "rgae", "РГАЭ", "ru-Cyrl", "abbreviation"),
    ("repository", "avp-rf", "Архив внешней политики Российской Федерации", "ru-Cyrl", None),
    ("repository", "rgaspi", "Russian State Archive of Socio-Political History", "en", None),
]


@pytest.mark.parametrize(("kind", "key", "value", "lang", "scheme"), REQUIRED_NAMES)
def test_required_variant_names(by_id: dict[str, Any], kind: str, key: str, value: str, lang: str,
                                scheme: str | None) -> None:
    record = by_id[sample_id(kind, key)]
    forms = {(n.value, n.lang, n.scheme) for n in record.names}
    assert (value, lang, scheme) in forms, f"{key}: {value} [{lang}, {scheme}] missing"


REQUIRED_AUTHORITIES = {
    "person": ["shtykov", "kim-il-sung", "stalin", "mao", "meretskov", "chistyakov", "lebedev", "romanenko",
               "mikoyan", "molotov", "byrnes", "harriman", "kim-tu-bong", "korkulenko", "zheleznov", "cherenkov",
               "muccio"],
    "organization": ["soviet-civil-administration", "provisional-peoples-committee", "north-korean-peoples-committee",
                     "workers-party-north-korea", "army-25", "korean-peoples-army", "ministry-foreign-trade",
                     "joint-commission", "ussr", "dprk"],
    "place": ["pyongyang", "chongjin", "kimchaek", "moscow", "sakhalin", "primorye"],
}


@pytest.mark.parametrize(("kind", "key"), [(k, key) for k, keys in REQUIRED_AUTHORITIES.items() for key in keys])
def test_required_authorities_exist(by_id: dict[str, Any], kind: str, key: str) -> None:
    assert by_id[sample_id(kind, key)].kind == kind


def test_names_are_tagged(records: list[Any]) -> None:
    tags = {t["id"] for t in vocab.load("scripts")["tags"]}
    for a in _authorities(records):
        assert a.names, a.preferred
        for n in a.names:
            assert n.lang, (a.preferred, n.value)
            # Tags outside the vocabulary are allowed only for scripts it does not list (Armenian, Serbian).
            assert n.lang in tags or n.lang.split("-")[0] in ("hy", "sr"), (a.preferred, n.lang)


def test_offices_and_life_dates(by_id: dict[str, Any]) -> None:
    shtykov = by_id[sample_id("person", "shtykov")]
    assert shtykov.dates.edtf == "1907/1964"
    ambassador = next(o for o in shtykov.offices if "Ambassador" in o.title)
    assert ambassador.date.edtf == "1948/1950"
    muccio = by_id[sample_id("person", "muccio")]
    assert muccio.offices[0].date.earliest == date(1949, 4, 20)


# --- documents ---------------------------------------------------------------------------------

def test_documents_are_described(records: list[Any]) -> None:
    for d in _docs(records):
        assert d.summary.strip(), d.title
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", d.summary.strip()) if s]
        assert 2 <= len(sentences) <= 4, (d.title, len(sentences))
        assert d.languages, d.title


def test_fuzzy_dates_are_kept(by_id: dict[str, Any]) -> None:
    letter = by_id[sample_id("document", "meretskov-mikoyan-1946")]
    assert letter.date.edtf == "1946-22"
    assert (letter.date.earliest, letter.date.latest) == (date(1946, 6, 1), date(1946, 8, 31))
    late_may = by_id[sample_id("document", "kim-request-1950-05")]
    assert late_may.date.edtf == "1950-05-21/1950-05-31"


def test_archival_references_are_parsed(records: list[Any]) -> None:
    refs = [ref for d in _docs(records) for ref in d.archival_refs]
    assert len(refs) >= 15
    for ref in refs:
        assert ref.raw.strip()
        if ref.folios:
            assert re.fullmatch(r"\d+(-\d+)?", ref.folios), ref
    as_tuples = {(r.repository, r.fond, r.opis, r.papka, r.delo, r.folios) for r in refs}
    for expected in [
        ("RGAE", "413", "13", None, "5466", "23"),
        ("RGAE", "413", "13", None, "5466", "22"),
        ("RGAE", "413", "13", None, "5062", "21"),
        ("RGAE", "413", "13", None, "5464", "42"),
        ("RGAE", "413", "13", None, "5464", "44-45"),
        ("RGAE", "413", "13", None, "5464", "126"),
        ("RGAE", "413", "13", None, "5467", "48"),
        ("RGAE", "413", "13", None, "5467", "52-113"),
        ("AVP RF", "07", "10", "6", "65", "16"),
        ("AVP RF", "129", "29", "168", "18", "17"),
        ("RGASPI", "82", "2", None, "1265", "14"),
    ]:
        assert expected in as_tuples, expected


def test_relations_include_replies_and_citations(records: list[Any]) -> None:
    types = Counter(rel.type for d in _docs(records) for rel in d.relations)
    assert types["reply-to"] >= 2 and types["cites"] >= 20 and types["also-published-in"] >= 1


def test_renditions_are_honest(records: list[Any]) -> None:
    """Every text says where it comes from and who made it; originals are public domain and say why; our
    translations say they are ours; a Russian original has an English translation beside it."""
    for d in _docs(records):
        for rd in d.renditions:
            assert rd.provenance.strip() and rd.credits, d.title
            if rd.kind == "original" and rd.language == "ru":
                assert "not an object of copyright" in rd.provenance and "art. 1259" in rd.provenance, d.title
                assert any(t.kind == "translation" and t.renders_original and t.language == "en"
                           and [c.name for c in t.credits] == ["opis sample editors"]
                           and "Our own translation" in t.provenance for t in d.renditions), d.title
            elif rd.kind == "original":
                assert rd.language == "en" and "public domain" in rd.provenance, d.title
            else:
                assert rd.kind == "translation" and rd.language == "en", d.title
        if any(r.kind == "original" for r in d.renditions):
            assert d.source == "sample" and d.languages, d.title


def test_the_sample_holds_real_originals(by_id: dict[str, Any]) -> None:
    """Issue 14: the Stalin–Kim Il Sung record shows its Russian, with Shtykov in it, and FRUS 1949 d191 its
    source note and nine footnotes, each where its marker calls it."""
    record = by_id[sample_id("document", "stalin-kim-1949-03")]
    ru = next(r for r in record.renditions if r.kind == "original")
    assert ru.language == "ru" and "ШТЫКОВ (уточняет)" in ru.text
    originals = [d for d in by_id.values() if isinstance(d, Document)
                 and any(r.kind == "original" and r.language == "ru" for r in d.renditions)]
    assert len(originals) >= 4
    frus = by_id[sample_id("document", "frus-1949-d191")]
    notes = frus.findings.footnotes
    assert [n.number for n in notes] == ["source", "1", "2", "3", "2", "4", "5", "6", "7", "8", "9"]
    text = frus.renditions[0].text
    assert all(text[n.offset:n.end] == n.text for n in notes)
    assert all(text[r:r + len(n.number) + 2] == f"[{n.number}]" for n in notes for r in n.refs)


def test_staff_table_figures_add_up(by_id: dict[str, Any]) -> None:
    table = by_id[sample_id("document", "staff-table-1946")]
    lines = table.renditions[0].text.strip("\n").splitlines()
    rows = [line.split("\t") for line in lines[1:]]

    def num(cell: str) -> int:
        return 0 if cell.strip() == "-" else int(cell)

    body, total = rows[:-1], rows[-1]
    assert total[1] == "Total"
    for row in body:
        assert num(row[2]) == num(row[3]) + num(row[4]), row
    for col in (2, 3, 4):
        assert sum(num(r[col]) for r in body) == num(total[col])
    assert [num(c) for c in total[2:]] == [170, 43, 127]


# --- access and status ----------------------------------------------------------------------------

def test_access_rules_are_exercised(records: list[Any]) -> None:
    docs = _docs(records)
    restricted = [d for d in docs if d.access.level.value == "restricted"]
    embargoed = [d for d in docs if d.access.level.value == "embargoed"]
    drafts = [d for d in docs if d.status.value == "draft"]
    assert restricted and embargoed and drafts
    assert all(d.access.until and d.access.until > date(2026, 1, 1) for d in embargoed)
    # Each says why, in its summary.
    assert all("restricted" in d.summary.lower() for d in restricted)
    assert all("embargoed" in d.summary.lower() for d in embargoed)
    assert all("draft" in d.summary.lower() for d in drafts)


# --- the loader fails loudly --------------------------------------------------------------------

def _document(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(d for d in data["documents"] if d["key"] == key)


def test_unknown_reference_names_the_key() -> None:
    data = _raw()
    _document(data, "staff-table-1946")["agents"].append({"ref": "no-such-person", "role": "author"})
    with pytest.raises(SampleError, match="no-such-person"):
        build_records(data)


def test_reference_to_the_wrong_kind_fails() -> None:
    data = _raw()
    _document(data, "staff-table-1946")["places"].append("stalin")
    with pytest.raises(SampleError, match="'stalin' is a person"):
        build_records(data)


def test_unknown_relation_target_fails() -> None:
    data = _raw()
    _document(data, "stalin-loan-consent-1950")["relations"][0]["target"] = "kim-request-1951"
    with pytest.raises(SampleError, match="kim-request-1951"):
        build_records(data)


def test_unknown_repository_code_fails() -> None:
    data = _raw()
    _document(data, "staff-table-1946")["archival_refs"][0]["repository"] = "TsGANKh"
    with pytest.raises(SampleError, match="TsGANKh"):
        build_records(data)


def test_duplicate_key_fails() -> None:
    data = _raw()
    data["places"].append(copy.deepcopy(data["places"][0]))
    with pytest.raises(SampleError, match="duplicate key"):
        build_records(data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("genre", "telegramme", "telegramme"),
        ("date", {"edtf": "summer 1946"}, "summer 1946"),
        ("languages", ["Russian"], "Russian"),
        ("status", "lost", "lost"),
        ("access", {"level": "embargoed"}, "until"),
        ("summmary", "typo", "summmary"),
    ],
)
def test_invalid_document_fields_fail(field: str, value: Any, message: str) -> None:
    data = _raw()
    _document(data, "meretskov-mikoyan-1946")[field] = value
    with pytest.raises(SampleError, match="meretskov-mikoyan-1946") as info:
        build_records(data)
    assert message in str(info.value)


def test_invalid_name_tag_fails() -> None:
    data = _raw()
    data["persons"][0]["names"].append({"value": "Shtykov", "lang": "Latin", "scheme": "mr"})
    with pytest.raises(SampleError, match="Latin"):
        build_records(data)
    data["persons"][0]["names"][-1] = {"value": "Shtykov", "lang": "ru-Latn", "scheme": "mccune"}
    with pytest.raises(SampleError, match="mccune"):
        build_records(data)


# --- no copied prose --------------------------------------------------------------------------

_ABBREVIATION = re.compile(r"(?:^|[\s(.])(?:[A-ZА-ЯЁ]|Mr|Mrs|Dr|St|No|Op|Vol|pp|ed|eds|Ibid|гг|им|соч)\.$")
_CITATION = re.compile(r"\b(?:F|Op|D|L|P)\.\s?\d")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _sentences(text: str) -> list[str]:
    """Sentences of running text: lines are split at . ! ? … followed by a capital, except after
    abbreviations and initials (so "V.M. Molotov" and "Mr. Byrnes" do not end a sentence)."""
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for m in re.finditer(r"[.!?…][\"”»’)]*[" + _SUPERSCRIPTS + r"]*\s+(?=[\"“«(]?[A-ZА-ЯЁ])", line):
            head = line[start:m.end()].rstrip()
            if _ABBREVIATION.search(head.rstrip("\"”»’)" + _SUPERSCRIPTS)):
                continue
            out.append(head)
            start = m.end()
        out.append(line[start:])
    return [s.strip() for s in out if s.strip()]


def _normalize(text: str) -> str:
    text = text.translate({ord(c): None for c in _SUPERSCRIPTS + "*“”\"«»"})
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _prose_sentences() -> list[str]:
    files = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not files:
        pytest.skip(f"source texts not found in {SEEDS_DIR} (set OPIS_SEEDS_DIR)")
    found = []
    for path in files:
        for sentence in _sentences(path.read_text(encoding="utf-8")):
            words = [w for w in sentence.split() if re.search(r"[A-Za-z]", w)]
            if len(words) <= 8:
                continue
            # Archival citations and Russian titles of cited works are bibliographic data, reproduced
            # verbatim on purpose; the check is about the sources' own English prose.
            if _CITATION.search(sentence) or re.search(r"[А-Яа-яЁё]", sentence):
                continue
            found.append(_normalize(sentence).rstrip(".!?…"))
    return found


def test_sentence_splitter() -> None:
    assert _sentences("He met V.M. Molotov. Then Mr. Byrnes spoke. Done") == [
        "He met V.M. Molotov.", "Then Mr. Byrnes spoke.", "Done"]


def test_no_source_sentence_is_copied() -> None:
    sentences = _prose_sentences()
    assert len(sentences) > 100  # the check really ran over the sources
    yaml_text = _normalize(sample_text())
    strings: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(_raw())
    values_text = _normalize("\n".join(strings))
    copied = [s for s in sentences if s in yaml_text or s in values_text]
    assert not copied, copied
