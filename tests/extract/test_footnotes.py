"""Footnote bodies: markers, numbers, continuation lines, and references from the body text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.base import ExtractContext
from opis.extract.footnotes.extractor import extract_footnotes, find_notes
from opis.extract.footnotes.pages import running_heads
from opis.extract.footnotes.runs import split_lines

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET = REPO_ROOT / "tests" / "data" / "devset"
SEED_004 = REPO_ROOT.parent / "shared" / "seeds" / "004_211dc3dc4bb9e61b.txt"


def numbers_and_texts(text: str) -> list[tuple[str, str]]:
    return [(f["number"], f["text"]) for f in extract_footnotes(ExtractContext(text))]


@pytest.fixture(scope="module")
def seed_004() -> str:
    if not SEED_004.exists():
        pytest.skip("seed 004 is not present")
    return SEED_004.read_text(encoding="utf-8")


def test_seed_004_has_all_thirty_footnotes(seed_004: str) -> None:
    gold = json.loads((DEVSET / "seed-004" / "footnotes.json").read_text(encoding="utf-8"))
    assert numbers_and_texts(seed_004) == [(g["number"], g["text"]) for g in gold]


@pytest.mark.parametrize("name", [f"heldout-citations-{n}" for n in ("en", "ru", "mixed", "ru2")])
def test_devset_texts(name: str) -> None:
    text = (DEVSET / name / "text.txt").read_text(encoding="utf-8")
    gold = json.loads((DEVSET / name / "footnotes.json").read_text(encoding="utf-8"))
    assert numbers_and_texts(text) == [(g["number"], g["text"]) for g in gold]


def test_seed_004_footnote_24_keeps_its_explanation(seed_004: str) -> None:
    notes = dict(numbers_and_texts(seed_004))
    assert notes["24"].startswith("RGAE. F. 413. Op. 13. D. 5062. L. 21. In a certificate")
    assert notes["24"].endswith("about 4 rubles.")
    assert notes["25"] == "Ibid. L. 22."


def test_seed_004_every_footnote_is_referred_to(seed_004: str) -> None:
    found = extract_footnotes(ExtractContext(seed_004))
    assert all(len(f["refs"]) == 1 for f in found)
    ref = found[13]["refs"][0]
    assert seed_004[ref:ref + 2] == "¹⁴"


def test_superscript_notes_continue_until_a_blank_line() -> None:
    text = "Body text¹ goes on.\n\n¹ RGAE. F. 413.\nOp. 13. D. 1.\n\nMore body text that is not a note.\n"
    assert numbers_and_texts(text) == [("1", "RGAE. F. 413. Op. 13. D. 1.")]


def test_bracket_and_caret_markers() -> None:
    text = "A claim.[1] Another.^2\n\n[1] GARF. F. 1. Op. 1. D. 1.\n^2 Ibid. L. 3.\n[^3]: Ibid. L. 4.\n"
    found = extract_footnotes(ExtractContext(text))
    assert [(f["number"], f["text"]) for f in found] == [
        ("1", "GARF. F. 1. Op. 1. D. 1."), ("2", "Ibid. L. 3."), ("3", "Ibid. L. 4.")]
    assert found[0]["refs"] == [text.index("[1]")]
    assert found[1]["refs"] == [text.index("^2")]


def test_numbered_notes_only_below_a_notes_heading() -> None:
    text = (
        "1. A numbered list item in the body.\n2. Another one.\n\nПримечания\n\n"
        "1. Иванов И.И. *Книга*. М.,\n1960. С. 5.\n2. Там же. С. 6.\n"
    )
    assert numbers_and_texts(text) == [("1", "Иванов И.И. *Книга*. М., 1960. С. 5."), ("2", "Там же. С. 6.")]


def test_wrapped_note_line_starting_with_a_number_is_a_continuation() -> None:
    text = "Notes\n1. Doe, John. *A Book*. Princeton,\n1993. P. 4.\n2. Ibid.\n"
    assert numbers_and_texts(text) == [("1", "Doe, John. *A Book*. Princeton, 1993. P. 4."), ("2", "Ibid.")]


def test_superscript_inside_a_note_is_not_a_reference() -> None:
    text = "Area² of land.³\n\n² A note on 10 km³ of soil.\n³ Another note.\n"
    notes = find_notes(text)
    found = extract_footnotes(ExtractContext(text))
    assert [n.number for n in notes] == ["2", "3"]
    assert found[1]["refs"] == [text.index("³")]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_fails(text: str) -> None:
    for note in extract_footnotes(ExtractContext(text)):
        assert note["number"].isdigit()


# --- real layouts (docs/extraction-citations.md#footnotes) ---------------------------------------

def test_endnote_run_without_a_heading_reads_as_references() -> None:
    text = "88. RGASPI, F.558, Op.1, D.5754, L.126.\n89. Ibid., Op.11, D.1605.\n92. RGASPI, F.558, Op.3, D.28.\n"
    assert [n for n, _ in numbers_and_texts(text)] == ["88", "89", "92"]


def test_number_alone_on_its_line_with_and_without_blank_lines() -> None:
    text = ("100\n\nАВП РФ. Ф. 0102. Оп. 12. Д. 4, папка 68.\n\n101\n\nBalazs Szalontai. Kim Il Sung. P. 54.\n\n"
            "354\nАВП РФ. Ф. 0102. Оп. 15. Д. 7, папка 81.\n356\nНодон синмун. 30 апреля 1956 г.\n")
    assert numbers_and_texts(text) == [
        ("100", "АВП РФ. Ф. 0102. Оп. 12. Д. 4, папка 68."), ("101", "Balazs Szalontai. Kim Il Sung. P. 54."),
        ("354", "АВП РФ. Ф. 0102. Оп. 15. Д. 7, папка 81."), ("356", "Нодон синмун. 30 апреля 1956 г.")]


def test_a_books_notes_under_one_heading_per_chapter_each_restarting_at_1() -> None:
    """Wave 9: an e-book prints ``3.`` alone above its note; a book's notes come under several headings, one
    per chapter, numbering restarting at 1 (or jumping far where a chapter's notes were cut)."""
    text = ("Notes\n\n1. TsKhSD, f. 5, op. 28, no. 187, 1-97.\n2. Ibid.\n\n\n"
            "NOTES\n\n1.\nDRA, B202-00-00-06/0617.\n2.\nPeter Strunk,\nZensur und Zensoren\n(Berlin, 1996), p. 10.\n"
            "39.\nSAPMO-BA, DY 30/IV 2/1/120, pp. 2–13.\n40.\nIbid., pp. 25–28.\n\n"
            "NOTES\n\n1.\nMOL, 276 f. 65/359.\n2.\nIbid.\n")
    assert numbers_and_texts(text) == [
        ("1", "TsKhSD, f. 5, op. 28, no. 187, 1-97."), ("2", "Ibid."), ("1", "DRA, B202-00-00-06/0617."),
        ("2", "Peter Strunk, Zensur und Zensoren (Berlin, 1996), p. 10."),
        ("39", "SAPMO-BA, DY 30/IV 2/1/120, pp. 2–13."), ("40", "Ibid., pp. 25–28."),
        ("1", "MOL, 276 f. 65/359."), ("2", "Ibid.")]


def test_a_number_with_a_full_stop_alone_above_a_blank_line_is_a_heading_not_a_note() -> None:
    text = ("188.\n\n761.94114/12–2249: Telegram\n\nFol note being sent Soviet Amb[1] Washington.\n\n"
            "1\nNot printed.\n\n189.\n\nEditorial Note\n\nOn January 1, 1949, the United States announced it.\n")
    assert numbers_and_texts(text) == [("1", "Not printed.")]


def test_an_ebook_note_keeps_its_second_paragraph() -> None:
    text = "37\n\nП. Крайнов. Борьба. М., 1948. C. 70.\n\nИнтервью с Ф. И. Шабшиной.\n\n38\n\nТам же. С. 38.\n"
    assert numbers_and_texts(text)[0] == ("37", "П. Крайнов. Борьба. М., 1948. C. 70. Интервью с Ф. И. Шабшиной.")


def test_numbering_restarts_in_every_document_and_jumps() -> None:
    text = ("1. Telegram\n\nFol note being sent Soviet Amb.[1] Dept requesting UK.[2]\n\n1\nNot printed.\n\n2\n"
            "Alexander Semenovich Panyushkin.\n\n2. Memorandum\n\nDr. Chough called.[1] He said so.[5]\n\n"
            "1\nRobert A. Lovett.\n\n5\nJanuary 8, 1949.\n")
    found = extract_footnotes(ExtractContext(text))
    assert [(f["number"], f["text"]) for f in found] == [
        ("1", "Not printed."), ("2", "Alexander Semenovich Panyushkin."), ("1", "Robert A. Lovett."),
        ("5", "January 8, 1949.")]
    assert [text[f["refs"][0]:f["refs"][0] + 3] for f in found] == ["[1]", "[2]", "[1]", "[5]"]


def test_notes_after_a_rule_line_and_glued_markers() -> None:
    text = ("Washington, January 7, 19551\n\nThe Republic of Korea.2 Deptel 882.3 See Embtel 20314\n"
            "________________\n1 Source: Department of State, Central Files, 611.95B/1–755. Secret.\n"
            "2 Not printed.\n3 Ibid.\n4 January 8.\n")
    found = extract_footnotes(ExtractContext(text))
    assert [f["number"] for f in found] == ["1", "2", "3", "4"]
    # year 1955 + note 1, "Korea." + note 2, telegram 882 + note 3, telegram 2031 + note 4
    assert [f["refs"] for f in found] == [[text.index("19551") + 4], [text.index(".2") + 1],
                                          [text.index("882.3") + 4], [text.index("20314") + 4]]


def test_numbered_body_paragraphs_and_table_rows_are_not_notes() -> None:
    text = ("1. The Korean Government should remain strong and unified.\n"
            "2. The United States will continue its aid program.\n\n"
            "1\tEngineers\t2\t1\n2\tChemists\t5\t3\n")
    assert numbers_and_texts(text) == []


def test_a_superscript_glued_to_a_year_is_a_marker() -> None:
    text = "Aid began in 1950⁵ and grew.\n\n⁵ RGAE. F. 413. Op. 13. D. 1.\n"
    found = extract_footnotes(ExtractContext(text))
    assert found[0]["refs"] == [text.index("⁵")]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "12", "1. Ibid.", "3 Source: 795.00/6-2550.", "", "____", "text [1]",
                                 "RGASPI. F. 17. Op. 3.", "99", "1950⁵", "\t3\t4"]), max_size=60))
def test_numbered_lines_never_fail(lines: list[str]) -> None:
    found = extract_footnotes(ExtractContext("\n".join(lines)))
    assert all(f["number"].isdigit() and f["offset"] <= f["end"] for f in found)


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=200, max_value=2000))
def test_time_grows_linearly_with_many_numbered_lines(n: int) -> None:
    """A generous size-scaled budget: thousands of number-only lines must not take quadratic time."""
    import time
    text = "\n".join(str(i % 7) for i in range(n))
    started = time.process_time()  # CPU time: a loaded machine must not fail a linear-time check
    extract_footnotes(ExtractContext(text))
    assert time.process_time() - started < 0.002 * n + 1.0


def test_the_last_note_of_an_e_book_run_keeps_its_later_paragraphs_when_it_closes_the_text() -> None:
    notes = ("The embassy reported at once.1 Its answer was sent.2\n\n1\n\nNot printed."
             "\n\n2\n\nSee the memorandum of June 3.\n\nIt was sent the next day.")
    assert numbers_and_texts(notes)[-1] == ("2", "See the memorandum of June 3. It was sent the next day.")
    marked = notes + "\n\nThe army answered on June 5.[3]"
    assert ("2", "See the memorandum of June 3.") in numbers_and_texts(marked)  # body text follows: the note stops


# A PDF text layer of a printed edition: running heads, notes at each page's foot with no rule line.
PDF_PAGES = ("94 Foreign Relations, 1955–1957, Volume XXIII\n\nThe general election.7 The Council:8\n\n"
             "49. Memorandum of a Conversation, May 13, 19551\n\n"
             "7 Reference is to the British general election of May 26, 1955.\n"
             "8 Source: Department of State, S/S–NSC Files: Lot 66 D 95.\n"
             "1 Source: Department of State, Central Files, 795.00/5–1355. Secret.\n\n\f"
             "Korea 95\n\n1. Reference is made to a memorandum of the Deputy Secretary,”2 dated 27 September.\n\n"
             "2. Communist forces could attack. (See Appendix “A” hereto.)3\n\n"
             "2 Not printed.\n3 Not printed.\n\n\f"
             "96 Foreign Relations, 1955–1957, Volume XXIII\n\nthe agreements in Indochina.4\n\n"
             "4 Reference is to the Geneva accords.\n")


def test_running_heads_are_not_notes_and_numbered_paragraphs_above_the_foot_are_body() -> None:
    assert numbers_and_texts(PDF_PAGES) == [
        ("7", "Reference is to the British general election of May 26, 1955."),
        ("8", "Source: Department of State, S/S–NSC Files: Lot 66 D 95."),
        ("1", "Source: Department of State, Central Files, 795.00/5–1355. Secret."),
        ("2", "Not printed."), ("3", "Not printed."), ("4", "Reference is to the Geneva accords.")]


def test_a_running_head_is_known_by_its_recurring_title_without_form_feeds() -> None:
    text = PDF_PAGES.replace("\f", "")
    lines = split_lines(text)
    assert [lines[i].text for i in sorted(running_heads(text, lines))] == [
        "94 Foreign Relations, 1955–1957, Volume XXIII", "96 Foreign Relations, 1955–1957, Volume XXIII"]


def test_a_running_head_opening_with_its_number_met_once_without_a_form_feed() -> None:
    """Its number runs far ahead of the notes above it; a note of the same shape stands in a run of notes."""
    text = ("The general election.7 The Council:8\n\n7 Reference is to the British general election.\n"
            "8 Source: Department of State, S/S–NSC Files: Lot 66 D 95.\n\n"
            "96 Foreign Relations, 1955–1957, Volume XXIII\n\nthe agreements in Indochina.9\n\n"
            "9 Reference is to the Geneva accords.\n")
    assert [n for n, _ in numbers_and_texts(text)] == ["7", "8", "9"]
    notes = ("Notes\n\n94 Foreign Relations, 1951, vol. VII, p. 3.\n\n95 Ibid., p. 4.\n\n"
             "96 Foreign Relations, 1951, vol. VII\n\n97 Ibid., p. 9.\n")
    assert [n for n, _ in numbers_and_texts(notes)] == ["94", "95", "96", "97"]


def test_a_repeated_note_is_never_a_running_head() -> None:
    text = "Not printed.1 Not printed.2\n\n1 Not printed.\n\n2 Not printed.\n\n12 Ibid\n\n13 Ibid\n\n12 Ibid.\n"
    lines = split_lines(text)
    heads = [lines[i].text for i in running_heads(text, lines)]
    assert "1 Not printed." not in heads and "12 Ibid." not in heads


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["\f", "94 Foreign Relations", "Korea 95", "96 Foreign Relations", "1. Body text.",
                                 "1 Source: 795.00/6-2550.", "2 Not printed.", "", "text.2", "12", "Ibid 12",
                                 "\f12 Ibid"]), max_size=60))
def test_pages_never_fail(lines: list[str]) -> None:
    text = "\n".join(lines)
    split = split_lines(text)
    assert all(0 <= i < len(split) for i in running_heads(text, split))
    found = extract_footnotes(ExtractContext(text))
    assert all(f["number"].isdigit() and f["offset"] <= f["end"] for f in found)


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=200, max_value=2000))
def test_time_grows_linearly_with_many_running_heads_and_blank_lines(n: int) -> None:
    """Hostile text for the page reader: head-shaped lines with long runs of blank lines and form feeds."""
    import time
    text = "".join(f"{i} Running Head\n" + "\n" * (i % 9) + ("\f" if i % 3 else "") + f"{i % 5} Note text\n\n"
                   for i in range(n))
    started = time.process_time()  # CPU time: a loaded machine must not fail a linear-time check
    extract_footnotes(ExtractContext(text))
    assert time.process_time() - started < 0.002 * n + 1.0


# FRUS 1951 vol. VII pt 2, pp. 1528–1530 in shape (tests/data/devset/real/heldout-blind-wave8 says where from): the
# last note of a page runs on at the foot of the next page, above that page's own notes; a page whose foot holds
# only the end of the note before. No form feeds: the running heads cut the pages.
RUN_ON_PAGES = (
    "1528 Foreign Relations, 1951, Volume VII\n\n"
    "approached recently in London and New Delhi with notable lack\nof success.6 Therefore it seemed desirable.\n\n"
    "5 Howard Meyers of the Office of United Nations Political and Security Affairs.\n"
    "6 For the Indian attitude, see telegrams 1509 and 1557 from New Delhi, December\n\n\n"
    "China 1529\n\n"
    "get clearance.7 The Ambassador in India to the Secretary of State. I outlined to\n"
    "Bajpai1 our thinking. He did not recall the recent Commonwealth Conference.2\n\n"
    "18 and 27, 1950, in Foreign Relations, 1950, vol. vi, pp. 603 and 611.\n"
    "7 None printed.\n"
    "1 Sir Girja Shanker Bajpai, Secretary-General of the Indian Ministry of External\nAffairs.\n"
    "2 The Prime Ministers of the British Commonwealth countries met in London during\n\n\n"
    "1530 Foreign Relations, 1951, Volume VII\n\n"
    "Participants: First Party and Second Party.\n\n"
    "the first part of January.\n\n\n"
    "China 1531\n\nwork out this problem with Peiping.\n")


def test_a_note_run_on_to_the_next_page_foot_stays_one_note() -> None:
    assert numbers_and_texts(RUN_ON_PAGES) == [
        ("5", "Howard Meyers of the Office of United Nations Political and Security Affairs."),
        ("6", "For the Indian attitude, see telegrams 1509 and 1557 from New Delhi, December "
              "18 and 27, 1950, in Foreign Relations, 1950, vol. vi, pp. 603 and 611."),
        ("7", "None printed."),
        ("1", "Sir Girja Shanker Bajpai, Secretary-General of the Indian Ministry of External Affairs."),
        ("2", "The Prime Ministers of the British Commonwealth countries met in London during "
              "the first part of January.")]


def test_a_run_on_note_keeps_where_it_goes_on_and_its_citations_are_inside_it() -> None:
    from opis.extract.pipeline import extract_all
    found = extract_all(RUN_ON_PAGES)
    six = next(f for f in found["footnotes"] if f["number"] == "6")
    start, end = six["continued"][0]
    assert RUN_ON_PAGES[start:end] == "18 and 27, 1950, in Foreign Relations, 1950, vol. vi, pp. 603 and 611."
    assert [(c["footnote"], c.get("year"), c.get("pages")) for c in found["citations"]] == [("6", "1950", "603,611")]


def test_a_note_broken_after_a_full_stop_goes_on_when_the_next_foot_opens_with_a_small_letter() -> None:
    text = RUN_ON_PAGES.replace("met in London during\n", "met in London on January 4.\n").replace(
        "the first part of January.", "they agreed on a text two days later.")
    assert numbers_and_texts(text)[-1] == (
        "2", "The Prime Ministers of the British Commonwealth countries met in London on January 4. "
             "they agreed on a text two days later.")


def test_a_finished_note_takes_nothing_from_the_next_page() -> None:
    text = RUN_ON_PAGES.replace("New Delhi, December\n", "New Delhi, December 18.\n")
    assert ("6", "For the Indian attitude, see telegrams 1509 and 1557 from New Delhi, December 18.") \
        in numbers_and_texts(text)


def test_note_lines_glue_to_closing_punctuation_and_to_a_broken_web_address() -> None:
    """An e-book reader's italic title on a line of its own (Dikötter's notes); a PDF line ending inside a URL."""
    text = ("Notes\n\n28\n    \nLum,\nPeking, 1950–1953\n, p. 99.\n\n"
            "29\n    \n“Germ Warfare,” Time, March 9, 1953. http://www.\n    time.com/time/0,8816,819144,00.html.\n")
    assert numbers_and_texts(text) == [
        ("28", "Lum, Peking, 1950–1953, p. 99."),
        ("29", "“Germ Warfare,” Time, March 9, 1953. http://www.time.com/time/0,8816,819144,00.html.")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["1528 Foreign Relations", "China 1529", "1530 Foreign Relations", "", "",
                                 "body text.6", "6 Unfinished note of", "18 and 27, 1950, in", "the end of it.",
                                 "7 None printed.", "1 Sir Girja", "and so on", "\f", "12"]), max_size=60))
def test_run_ons_never_fail(lines: list[str]) -> None:
    text = "\n".join(lines)
    found = extract_footnotes(ExtractContext(text))
    assert all(f["number"].isdigit() and f["offset"] <= f["end"] for f in found)
    assert all(a <= b for f in found for a, b in f.get("continued", []))


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=200, max_value=2000))
def test_time_grows_linearly_with_many_pages_of_unfinished_notes(n: int) -> None:
    """Hostile text for the run-on reader: every page's last note unfinished, every foot opening with a run-on."""
    import time
    page = ("{n} Foreign Relations, 1951\n\nbody text of the page.1\n\n"
            "and the rest of it, 1950.\n1 A note that stops in the middle of\n\n\n")
    started = time.process_time()
    extract_footnotes(ExtractContext("".join(page.format(n=1000 + i) for i in range(n))))
    assert time.process_time() - started < 0.01 * n + 1.0


def test_a_running_head_on_the_one_page_of_an_excerpt_without_a_form_feed() -> None:
    """FRUS 1955–57 vol. XXIII pt 2, p. 96, copied alone: its head opens the text and is never note 96."""
    text = ("96 Foreign Relations, 1955–1957, Volume XXIII\n\n"
            "the Communists had also broken the agreements in Indochina.2\n\n"
            "2 Reference is to the Geneva accords which ended the fighting in Indochina.\n")
    assert numbers_and_texts(text) == [
        ("2", "Reference is to the Geneva accords which ended the fighting in Indochina.")]


def test_a_numbered_heading_holding_the_markers_of_the_notes_after_it_is_body() -> None:
    """A FRUS document as a web page prints its number with its heading, then its notes from 1: the heading and
    the body under it (which carry the markers 1, 2, 3) are not note 3 (wave 10)."""
    text = ("3. Telegram From the Embassy in Korea to the Department of State1\n"
            "Seoul, January 8, 1955—2 p.m.\n"
            "757. Department please pass FOA for Tyler Wood2 and DA. Hwan for UNC,3 declaring this\n"
            "1. Source: Department of State, Central Files, 611.95B/1–855. Secret.\n"
            "2. C. Tyler Wood, Economic Coordinator.\n"
            "3. For text, see Foreign Relations, 1952–1954, vol. XV, Part 2, pp. 1921–1923.\n")
    found = extract_footnotes(ExtractContext(text))
    assert [f["number"] for f in found] == ["1", "2", "3"]
    assert found[0]["text"].startswith("Source:") and found[0]["refs"]


def test_a_numbered_paragraph_without_the_markers_of_the_notes_after_it_stays_a_note() -> None:
    text = "Body.[1] More.[2]\n\n1. Ibid., p. 4.\n2. Ibid., p. 5.\n\nNext document.[1]\n\n1. Ibid., p. 9.\n"
    assert [n for n, _ in numbers_and_texts(text)] == ["1", "2", "1"]


@pytest.mark.parametrize("line", ["1 марта 1921, № 23", "5 March 1950", "12 июня 1950 г."])
def test_a_date_line_is_not_a_note(line: str) -> None:
    """A telegram's date line above its signature and legend (``1 марта 1921, № 23`` / … / ``РЦХИДНИ. ф 17, …``)
    reads as a reference but is a date, not note 1 (wave 10)."""
    text = f"№ 3 ТЕЛЕГРАММА\n{line}\nПредреввоенсовета Троцкий\nРЦХИДНИ. ф 17, оп 109, д 89, л 11 Копия\n"
    assert numbers_and_texts(text) == []


def test_a_note_that_opens_with_a_month_and_a_day_is_still_a_note() -> None:
    text = "Body text.6\n\n________________\n6 January 8, 1949. See RGAE. F. 413. Op. 13. D. 5467. L. 92.\n"
    assert [n for n, _ in numbers_and_texts(text)] == ["6"]
