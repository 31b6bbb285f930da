"""Citations: archival levels, repositories, folios, US records, bibliographic fields, back-references."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis import vocab
from opis.extract.base import EXTRACTORS, ExtractContext
from opis.extract.citations import terms
from opis.extract.citations.extractor import extract_citations, footnote_citations, parse_citation, resolve
from opis.extract.citations.folios import normalize_folios
from opis.extract.footnotes.extractor import extract_footnotes
from opis.model.archival_format import canonical

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET = REPO_ROOT / "tests" / "data" / "devset"
LEVEL_KEYS = ("repository", "fond", "opis", "papka", "delo", "folios")


def levels(found: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(found.get(k) for k in LEVEL_KEYS)


def cite_notes(*notes: str) -> list[dict[str, Any]]:
    """Citations of footnotes numbered 1, 2, ... resolved together."""
    found: list[dict[str, Any]] = []
    for number, text in enumerate(notes, start=1):
        found += footnote_citations(str(number), text)
    return resolve(found)


# --- archival references -------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("RGAE. F. 413. Op. 13. D. 5467. L. 92.", ("RGAE", "413", "13", None, "5467", "92")),
    ("Russian State Archive of Economy (RGAE). F. 413. Op. 13. D. 5467. L. 52 – 113.",
     ("RGAE", "413", "13", None, "5467", "52-113")),
    ("«РГАЭ». Ф. 413. Оп. 13. Д. 5467. Л. 92", ("RGAE", "413", "13", None, "5467", "92")),
    ("The Foreign Policy Archive of Russian Federation (AVP RF) F. 07. Op. 10. P. 6. D. 65. L. 16",
     ("AVP RF", "07", "10", "6", "65", "16")),
    ("Archive of Foreign Policy of the Russian Federation. F. 0102. Op. 11. P. 60. D. 8. Ll. 3-4",
     ("AVP RF", "0102", "11", "60", "8", "3-4")),
    ("ГАРФ, ф. 5, оп. 28, д. 314, л. 1-3 об.", ("GARF", "5", "28", None, "314", "1-3ob")),
    ("РГАСПИ. Ф. 17. Оп. 3. Д. 1045. лл. 193-194 об.", ("RGASPI", "17", "3", None, "1045", "193-194ob")),
    ("TsAMO. F. 32. Op. 11306. D. 605. L. 12ob.", ("TsAMO", "32", "11306", None, "605", "12ob")),
    ("ЦГАОР СССР. Ф. Р-9401. Оп. 2. Д. 65. Л. 7 об.–8", ("GARF", "Р-9401", "2", None, "65", "7ob-8")),
    ("Archive of the President of the Russian Federation, fond 45, opis 1, delo 346, list 10",
     ("APRF", "45", "1", None, "346", "10")),
    ("Central Archives of the Russian Ministry of Defense, F. 5, Op. 1, D. 2, L. 3, 5-6",
     ("TsAMO", "5", "1", None, "2", "3,5-6")),
])
def test_archival_forms(raw: str, expected: tuple[Any, ...]) -> None:
    found = parse_citation(raw)
    assert found["kind"] == "archival"
    assert levels(found) == expected


def test_trailing_comment_is_kept_apart_from_the_reference() -> None:
    found = parse_citation("RGASPI. F. 82. Op. 2. D. 11. L. 4. Written by hand; the date is added in pencil.")
    assert found["raw"] == "RGASPI. F. 82. Op. 2. D. 11. L. 4."
    assert found["note"] == "Written by hand; the date is added in pencil."


def test_comment_with_semicolon_stays_one_citation() -> None:
    found = footnote_citations("3", "РГАСПИ. Ф. 82. Оп. 2. Д. 11. Л. 4. Подпись неразборчива; копия.")
    assert len(found) == 1
    assert found[0]["note"] == "Подпись неразборчива; копия."


def test_later_reference_in_a_footnote_inherits_upper_levels() -> None:
    first, second = footnote_citations("5", "RGASPI. F. 17. Op. 3. D. 5. L. 1; D. 6. L. 2.")
    assert levels(second) == ("RGASPI", "17", "3", None, "6", "2")
    assert second["ibid_of"] is None


@pytest.mark.parametrize(("written", "normal"), [
    ("52 – 113", "52-113"), ("193-194 об.", "193-194ob"), ("12ob.", "12ob"), ("12 v.", "12ob"),
    ("8, 11–12", "8,11-12"), ("33ob.-34", "33ob-34"),
])
def test_folio_normal_form(written: str, normal: str) -> None:
    assert normalize_folios(written) == normal


# --- United States records and web pages ---------------------------------------------------------

def test_decimal_file_without_repository() -> None:
    found = parse_citation("Department of State, Central Files, 611.95B/1–755")
    assert found["kind"] == "archival"
    assert (found["repository"], found["fond"], found["delo"]) == (None, None, None)
    assert (found["agency"], found["series"]) == ("Department of State", "Central Files")
    assert found["file"] == "611.95B/1–755"


def test_nara_record_group_and_box() -> None:
    found = parse_citation("NARA, RG 59, Central Decimal File 1950–54, 795.00/6-2550, Box 4262")
    assert found["repository"] == "NARA"
    assert (found["record_group"], found["file"], found["box"]) == ("59", "795.00/6-2550", "4262")
    assert parse_citation("740.00119 Control (Korea)/1–1049, RG 59")["file"] == "740.00119 Control (Korea)/1–1049"


def test_wilson_center_document_is_a_web_citation_with_its_archival_source() -> None:
    found = parse_citation(
        '"Record of a Conversation with Kim Il Sung," March 5, 1949, History and Public Policy Program Digital '
        "Archive, AVP RF, Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 10-20. "
        "https://digitalarchive.wilsoncenter.org/document/112127"
    )
    assert found["kind"] == "web"
    assert found["title"] == "Record of a Conversation with Kim Il Sung"
    assert found["date"] == "March 5, 1949"
    assert found["url"] == "https://digitalarchive.wilsoncenter.org/document/112127"
    assert levels(found) == ("AVP RF", "059a", "5a", "11", "4", "10-20")


# --- bibliographic references --------------------------------------------------------------------

def test_russian_article_in_journal() -> None:
    found = parse_citation("Петров А.Б., Сидоров В.Г. *Заметки о торговле* // Вопросы истории. №5. 1991. С. 8 – 22.")
    assert found["kind"] == "bibliographic"
    assert found["authors"] == ["Петров А.Б.", "Сидоров В.Г."]
    assert (found["title"], found["container"], found["issue"]) == ("Заметки о торговле", "Вопросы истории", "5")
    assert (found["year"], found["pages"], found["place"]) == ("1991", "8-22", None)


def test_russian_book_with_editor_and_abbreviated_place() -> None:
    found = parse_citation("*Сборник документов* / под ред. Иванова И.И. М.: Наука, 1977. С. 40.")
    assert (found["authors"], found["editors"]) == ([], ["Иванова И.И."])
    assert (found["place"], found["publisher"], found["year"], found["pages"]) == ("Москва", "Наука", "1977", "40")


def test_chicago_book() -> None:
    found = parse_citation("John Doe, A History of Something, Vol. 3 (New York: Example Press, 2004), 17-19.")
    assert found["authors"] == ["John Doe"]
    assert (found["title"], found["volume"]) == ("A History of Something", "3")
    assert (found["place"], found["publisher"], found["year"], found["pages"]) == (
        "New York", "Example Press", "2004", "17-19")


def test_chicago_article_with_quoted_title() -> None:
    found = parse_citation('Jane Roe, "On Archives," Journal of Examples 4 (Boston: Some Press, 1999), 3.')
    assert (found["authors"], found["title"]) == (["Jane Roe"], "On Archives")
    assert found["container"] == "Journal of Examples 4"


def test_chicago_several_authors_and_a_translator() -> None:
    found = parse_citation(
        "Ann Lee, Bo Park, and Chen Wei, Three Essays: Trade, Aid, and War, trans. Dan Fox "
        "(London: Example Books, 2011), 130–31."
    )
    assert found["authors"] == ["Ann Lee", "Bo Park", "Chen Wei"]
    assert (found["title"], found["translators"]) == ("Three Essays: Trade, Aid, and War", ["Dan Fox"])
    assert found["pages"] == "130-31"


def test_working_paper_number_and_bare_pages() -> None:
    found = parse_citation('Jane Roe, "A Paper," Example Working Paper No. 12 (2005): 7.')
    assert (found["container"], found["issue"], found["year"], found["pages"]) == (
        "Example Working Paper", "12", "2005", "7")
    assert parse_citation('Roe, "A Paper," 9.')["pages"] == "9"


def test_volume_and_pages_after_a_colon() -> None:
    """FRUS is read as the series it is (docs/extraction-citations.md, FRUS)."""
    found = parse_citation("FRUS 1949, 9:220–22.")
    assert (found["title"], found["year"], found["volume"], found["pages"]) == (
        "Foreign Relations of the United States", "1949", "9", "220-22")


def test_russian_book_volume() -> None:
    found = parse_citation("Сидоров С.С. Очерки. Кн. 3. М.: Мысль, 1980. С. 7.")
    assert (found["title"], found["volume"], found["publisher"]) == ("Очерки", "3", "Мысль")


# --- back-references -----------------------------------------------------------------------------

def test_ibid_replaces_the_named_level_and_clears_those_below() -> None:
    cited = cite_notes("GARF. F. 9401. Op. 2. D. 100. L. 5.", "Ibid. D. 101.", "Там же. Л. 7 об.", "Ibid.")
    assert levels(cited[1]) == ("GARF", "9401", "2", None, "101", None)
    assert levels(cited[2]) == ("GARF", "9401", "2", None, "101", "7ob")
    assert levels(cited[3]) == levels(cited[2])
    assert [(c["ibid_of"], c["ibid_prev"]) for c in cited] == [(None, None), ("1", "1"), ("1", "2"), ("1", "3")]


def test_ibid_after_a_footnote_of_two_points_at_the_last_one() -> None:
    cited = cite_notes("RGAE. F. 1. Op. 1. D. 1. L. 1; RGASPI. F. 2. Op. 2. D. 2. L. 2.", "Ibid. L. 3.")
    assert levels(cited[-1]) == ("RGASPI", "2", "2", None, "2", "3")


def test_author_ibid_and_op_cit_find_that_authors_last_source() -> None:
    cited = cite_notes(
        "Иванов И.И. *Первая книга*. М., 1960. С. 5.",
        "Петров П.П. *Вторая книга*. Л., 1970. С. 9; Иванов И.И. Указ. соч. С. 6.",
        "Петров П.П. Ibid. P. 10.",
        "Иванов И.И. Ibid. P. 11.",
        "Ibid. P. 12.",
    )
    assert [(c["footnote"], c["ibid_of"], c["ibid_prev"], c["pages"]) for c in cited[2:]] == [
        ("2", "1", "1", "6"), ("3", "2", "2", "10"), ("4", "1", "2", "11"), ("5", "1", "4", "12")]
    assert cited[-1]["title"] == "Первая книга"
    assert cited[-1]["place"] == "Москва"


def test_idem_with_a_new_title_keeps_only_the_author() -> None:
    cited = cite_notes("Doe, John. *First Book*. Princeton, 1990.", "Idem. *Second Book*. Princeton, 1995.")
    assert cited[1]["authors"] == ["Doe, John"]
    assert (cited[1]["title"], cited[1]["year"], cited[1]["ibid_of"]) == ("Second Book", "1995", None)


def test_russian_idem_with_a_title_and_op_cit_after_it() -> None:
    cited = cite_notes("Петров П.П. Первая. М., 1980. С. 1.", "Он же. Вторая. Л., 1985. С. 2.",
                       "Петров П.П. Указ. соч. С. 3.")
    assert (cited[1]["title"], cited[1]["place"], cited[1]["ibid_of"]) == ("Вторая", "Ленинград", None)
    assert cited[1]["authors"] == ["Петров П.П."]
    assert (cited[2]["title"], cited[2]["ibid_of"], cited[2]["pages"]) == ("Вторая", "2", "3")


def test_op_cit_finds_a_surname_written_first() -> None:
    cited = cite_notes("Shen Zhihua, A Book (Beijing: Press, 2003), 5.", "Shen, op. cit., 9.")
    assert (cited[1]["ibid_of"], cited[1]["pages"]) == ("1", "9")


def test_ibid_with_nothing_before_stays_unresolved() -> None:
    (cited,) = cite_notes("Ibid. L. 4.")
    assert (cited["kind"], cited["ibid_of"]) == ("ibid", None)


# --- the extractor and the dev set ---------------------------------------------------------------

def test_us_series_named_as_records_of() -> None:
    found = parse_citation("National Archives, RG 218, Records of the Joint Chiefs of Staff, Box 12")
    assert (found["repository"], found["box"]) == ("NARA", "12")
    assert found["series"] == "Records of the Joint Chiefs of Staff"


def test_vocabulary_forms_are_all_strings() -> None:
    for key, value in terms.data().items():
        if isinstance(value, list):
            assert terms.forms(key)
    assert terms.level_of_form()["Оп"] == "opis" and terms.mapping("us_fields")


def test_registered_with_its_dependency() -> None:
    assert EXTRACTORS.get("citations").requires == ("footnotes",)
    assert EXTRACTORS.get("footnotes").run is extract_footnotes


CONTRACT = {
    "archival": {"footnote", "raw", "kind", "repository", "fond", "opis", "papka", "delo", "folios", "ibid_of"},
    "web": {"footnote", "raw", "kind", "repository", "fond", "opis", "papka", "delo", "folios", "ibid_of"},
    "bibliographic": {"footnote", "raw", "kind", "authors", "title", "container", "place", "publisher", "year",
                      "pages", "ibid_of"},
}


def _devset_text(name: str) -> str:
    folder = DEVSET / name
    if (folder / "text.txt").exists():
        return (folder / "text.txt").read_text(encoding="utf-8")
    path = (REPO_ROOT / (folder / "source.txt").read_text(encoding="utf-8").strip()).resolve()
    if not path.exists():
        pytest.skip(f"seed text not present: {path}")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(p.name for p in DEVSET.iterdir() if (p / "citations.json").exists()))
def test_devset_matches_the_gold_annotation(name: str) -> None:
    ctx = ExtractContext(_devset_text(name))
    ctx.results["footnotes"] = extract_footnotes(ctx)
    gold = json.loads((DEVSET / name / "citations.json").read_text(encoding="utf-8"))
    assert all(CONTRACT[c["kind"]] <= set(c) for c in gold)
    assert extract_citations(ctx) == gold


# --- properties ----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_citation_never_fails(text: str) -> None:
    found = parse_citation(text)
    assert found["kind"] in ("archival", "bibliographic", "web", "ibid")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("Ibid.L1;2об ¹²\n[]^Там же F.Op.D.")), max_size=40), max_size=6))
def test_extractors_never_fail(lines: list[str]) -> None:
    ctx = ExtractContext("\n".join(lines))
    ctx.results["footnotes"] = extract_footnotes(ctx)
    for cited in extract_citations(ctx):
        assert cited["kind"] in ("archival", "bibliographic", "web", "ibid")


def _folio(start: int, verso: bool, end: int | None, end_verso: bool) -> str:
    first = f"{start}ob" if verso else str(start)
    if end is None:
        return first
    return f"{first}-{end}ob" if end_verso else f"{first}-{end}"


folio_span = st.builds(_folio, st.integers(1, 999), st.booleans(), st.none() | st.integers(1, 999), st.booleans())
archival_fields = st.fixed_dictionaries({
    "repository": st.sampled_from([r.code for r in vocab.repositories()]),
    "fond": st.from_regex(r"\A(?:[RР]-[1-9]\d{0,4}|0?[1-9]\d{0,4}[aа]?)\Z"),
    "opis": st.from_regex(r"\A[1-9]\d{0,5}[aа]?\Z"),
    "papka": st.none() | st.from_regex(r"\A[1-9]\d{0,2}\Z"),
    "delo": st.from_regex(r"\A[1-9]\d{0,4}\Z"),
    "folios": st.none() | st.lists(folio_span, min_size=1, max_size=3).map(",".join),
})


@settings(max_examples=300, deadline=None)
@given(archival_fields, st.sampled_from(["en", "ru"]))
def test_formatted_reference_parses_back(fields: dict[str, Any], language: str) -> None:
    found = parse_citation(canonical(fields, language))
    assert levels(found) == levels(fields)


def test_format_archival_canonical_forms() -> None:
    fields = {"repository": "RGAE", "fond": "413", "opis": "13", "delo": "5467", "folios": "193-194ob"}
    assert canonical(fields) == "RGAE. F. 413. Op. 13. D. 5467. L. 193-194ob."
    assert canonical(fields, "ru") == "РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 193-194 об."


def _all(text: str) -> list[dict[str, Any]]:
    ctx = ExtractContext(text)
    ctx.results["footnotes"] = extract_footnotes(ctx)
    return extract_citations(ctx)


EDITION = """Сталин — Кагановичу 19 августа 1932 г.
Архив:
РГАСПИ Ф. 558. Оп. 11. Д. 79. Л. 38. Автограф.

Кагановичу. Статьи не давать.

19/VIII. 32.1

_____________________________

1 Отправлена шифром (Там же. Л. 38). Решение ПБ (РГАСПИ. Ф. 17. Оп. 162. Д. 13. Л. 76).


Каганович — Сталину 11 сентября 1935 г.
Архив:
РГАСПИ Ф. 558. Оп 11. Д. 89. Л. 96. Подлинник.

Из Москвы 11. IX. 35 г. в 0 час. 42 мин.1 Вх. № 47.

___________________

1 На копии стоит дата «10.IX.35 г.» (Там же. Л. 97).
"""


def test_tam_zhe_first_in_a_documents_notes_repeats_its_legend() -> None:
    """An edition numbers each document's notes from 1 and prints its archival legend over (or under) it:
    ``Там же`` with nothing before it in its document's notes repeats that document's legend (wave 10)."""
    found = _all(EDITION)
    notes = [(c.get("footnote_occurrence", 1), *levels(c)) for c in found if c["footnote"]]
    assert notes == [(1, "RGASPI", "558", "11", None, "79", "38"), (1, "RGASPI", "17", "162", None, "13", "76"),
                     (2, "RGASPI", "558", "11", None, "89", "97")]
    assert all(c["kind"] == "archival" and c["ibid_of"] is None for c in found)


def test_legends_under_the_documents_pair_with_their_notes_too() -> None:
    """A printed edition sets the legend under the document, after its markers: the i-th legend is still the
    i-th document's."""
    text = ("Кагановичу. Статьи не давать.[^1]\n\nРГАСПИ Ф. 558. Оп. 11. Д. 79. Л. 38.\n\n"
            "Из Москвы 11. IX. 35 г.[^1]\n\nРГАСПИ Ф. 558. Оп 11. Д. 89. Л. 96.\n\n"
            "[^1]: Отправлена шифром (Там же. Л. 38).\n[^1]: На копии (Там же. Л. 97).\n")
    notes = [levels(c) for c in _all(text) if c["footnote"]]
    assert notes == [("RGASPI", "558", "11", None, "79", "38"), ("RGASPI", "558", "11", None, "89", "97")]


def test_tam_zhe_after_a_note_of_its_own_document_repeats_that_note() -> None:
    text = ("Архив: РГАСПИ. Ф. 17. Оп. 3. Д. 5. Л. 1.\n\nBody.[1] More.[2]\n\n"
            "1. РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92.\n2. Там же. Л. 94.\n")
    notes = [levels(c) for c in _all(text) if c["footnote"]]
    assert notes[1] == ("RGAE", "413", "13", None, "5467", "94")


@pytest.mark.parametrize(("line", "expected"), [
    ("Из доклада А. С. Щербакова на пленуме МГК ВКП(б). 6 декабря 1941 г. // ЦАОДМ, ф. 3, оп. 52, д. 27, л. 18-32. "
     "Заверенная копия.", ("ЦАОДМ", "3", "52", None, "27", "18-32")),
    ("Об эвакуации предприятий. 20 декабря 1941 г. // МПА, ф. 3. оп. 23, д. 11, лл. 16, 17, 23. Подлинник.",
     ("МПА", "3", "23", None, "11", "16,17,23")),
])
def test_a_legend_behind_a_title_and_an_archive_kept_as_written(line: str, expected: tuple[str, ...]) -> None:
    """``Title // where it is kept`` (GOST's part and whole); an archive the vocabulary lacks, alone before
    labelled levels, is kept as written (wave 10)."""
    found = _all(line + "\n")
    assert [levels(c) for c in found] == [expected]
    assert found[0]["where"] == "line" and found[0]["footnote"] is None


def test_an_archive_named_in_full_before_its_file_number() -> None:
    found = _all("PRC Ministry of Foreign Affairs Archive, Document 118-00235-03, 关于中国扑获的释放事.\n")
    assert [(c["repository"], c["fond"], c["delo"], c.get("document")) for c in found] == [
        ("PRC FMA", "118", "00235", "03")]


def test_a_sentence_naming_no_archive_before_levels_is_no_repository() -> None:
    """Only one capitalised abbreviation alone before the levels is kept as an unknown archive's name."""
    assert parse_citation("См. также ф. 3, оп. 52, д. 27.")["repository"] is None


def test_a_note_number_of_thousands_of_digits_does_not_fail_extraction() -> None:
    """Hypothesis found it: 32,000 superscript ones open a "note" whose number no int() may read."""
    found = _all("¹" * 32_000 + " РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92.\n\n¹ Там же. Л. 94.\n")
    assert isinstance(found, list)


@pytest.mark.parametrize("over", [True, False], ids=["legends over the documents", "legends under them"])
def test_a_document_without_notes_between_two_with_notes_keeps_the_legends_apart(over: bool) -> None:
    """Three documents, the middle one with a legend and no notes: more legends than runs of notes, so each run
    finds its legend by where it stands against its markers, over or under as the first document shows."""
    docs = [("Первый документ.[^1]", "РГАСПИ Ф. 558. Оп. 11. Д. 79. Л. 38."),
            ("Второй документ без примечаний.", "ГАРФ. Ф. Р-5446. Оп. 1. Д. 20. Л. 4."),
            ("Третий документ.[^1]", "РГАСПИ Ф. 558. Оп 11. Д. 89. Л. 96.")]
    body = "\n\n".join(f"{legend}\n\n{text}" if over else f"{text}\n\n{legend}" for text, legend in docs)
    text = body + "\n\n[^1]: Отправлена (Там же. Л. 39).\n[^1]: На копии (Там же. Л. 97).\n"
    notes = [levels(c) for c in _all(text) if c["footnote"]]
    assert notes == [("RGASPI", "558", "11", None, "79", "39"), ("RGASPI", "558", "11", None, "89", "97")]
