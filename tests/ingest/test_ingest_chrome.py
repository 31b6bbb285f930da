"""Page furniture stripped from web pages' text at ingest (ingest/chrome.py, handlers/html.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_support import SEEDS

from opis import vocab
from opis.ingest import parse_file
from opis.ingest.chrome import content_span, drop_repeated_captions, looks_like_web_text, strip_chrome
from opis.ingest.handlers.html import _fallback_text

DATA = Path(__file__).parent.parent / "data" / "ingest"
PAGE = DATA / "frus1949v07p2-d191.web.html"
CAPTION = "Page 942 of the printed volume, with the opening of the memorandum."
# Text of the page's furniture, each in a different kind of element.
FURNITURE = {
    "skip link": "Skip to main content",
    "cookie banner": "uses cookies",
    "search form": "Search",
    "role=navigation": "Department History",
    "breadcrumbs": "Historical Documents",
    "feedback form": "Was this page helpful",
    "aside": "Volume navigation",
    "footer": "Open Government",
    "logo alt": "Office of the Historian",
}
PARAGRAPHS = ("With reference to my memorandum of December 17", "There is also attached (Tab B)",
              "The attached exchange of messages", "It is recommended that you transmit")


@pytest.mark.parametrize("text_of", ["article", "fallback"])
def test_saved_page_keeps_the_document_only(text_of: str) -> None:
    if text_of == "article":
        text = parse_file(PAGE).text
    else:  # the whole visible text, as taken from pages too big for article detection
        text = strip_chrome(_fallback_text(PAGE.read_text()))
    for kind, words in FURNITURE.items():
        assert words not in text, kind
    assert text.startswith("191. Memorandum by the Director")
    for start in PARAGRAPHS:
        assert text.count(start) == 1
    assert text.count(CAPTION) == 1  # figcaption and alt text: said once, not lost


def test_original_bytes_are_left_alone(tmp_path: Path) -> None:
    copy = tmp_path / PAGE.name
    copy.write_bytes(PAGE.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    parsed = parse_file(copy)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert "Skip to main content" in copy.read_text() and "Skip to main content" not in parsed.text


def test_seed_post_saved_as_text() -> None:
    seed = SEEDS / "000_4f13363492f5f063.txt"
    if not seed.exists():
        pytest.skip("seed not present")
    raw = seed.read_text()
    parsed = parse_file(seed)
    assert parsed.handler == "text" and parsed.metadata["web_page"] is True
    assert parsed.text.startswith("Preparing for War: Soviet-North Korean Relations, 1947-1950\n")
    assert parsed.title == "Preparing for War: Soviet-North Korean Relations, 1947-1950"
    caption = "Kim Il Sung during a visit to Moscow, March 1949."
    assert raw.count(caption) == 2 and parsed.text.count(caption) == 1
    # the author's photo is captioned once before the text and once in "About the Author":
    # not in a row, so both stay
    assert parsed.text.count("Charles Kraus image") == raw.count("Charles Kraus image") == 2
    kept = parsed.text.splitlines()
    assert [line for line in raw.splitlines() if line not in kept] == [
        "Skip to main content", "Support", "Blog post"]


def test_plain_text_that_does_not_start_as_a_web_page_is_untouched(tmp_path: Path) -> None:
    text = "Memorandum on aid.\n\nPrint\nPrint\n\nThe plant needs engineers.\nSearch"
    path = tmp_path / "note.txt"
    path.write_text(text)
    parsed = parse_file(path)
    assert parsed.text == text and "web_page" not in parsed.metadata


def test_furniture_in_the_middle_stays() -> None:
    text = ("Skip to main content\nMenu\n\nReport on the plant\n\nSearch\n\n"
            "Search parties found the mine flooded.\nHome\nThe workers went home.\n\nShare\nPrint\n")
    assert strip_chrome(text) == ("Report on the plant\n\nSearch\n\n"
                                  "Search parties found the mine flooded.\nHome\nThe workers went home.")


def test_repeated_lines_that_are_not_captions_stay() -> None:
    lines = ["1", "1", "", "2", "2", "x" * 400, "x" * 400, "Kim in Moscow.", "", "KIM  in moscow.", "Text."]
    assert drop_repeated_captions(lines) == ["1", "1", "", "2", "2", "x" * 400, "x" * 400,
                                             "Kim in Moscow.", "Text."]


def _page(body: str, wrapper: str = "{}") -> str:
    paragraphs = "".join(f"<p>{p} of the memorandum on the withdrawal of forces.</p>" for p in PARAGRAPHS)
    return ("<!DOCTYPE html><html><head><title>T</title></head><body>"
            + wrapper.format(body.format(paragraphs)) + "</body></html>")


@pytest.mark.parametrize("name, html", [
    # ASP.NET pages wrap everything in one form: it holds the text, so it stays
    ("whole-page form", _page("<form action='x'><div>{}</div></form>")),
    # a class that mentions consent on a wrapper of the whole page
    ("consent class on wrapper", _page("<main>{}</main>", "<div class='page consent-given'>{}</div>")),
    ("role=main", _page("<div role='navigation'>Home Countries</div><div role='main'>{}</div>"
                        "<div>Related: other stories</div>")),
])
def test_pages_keep_their_text(tmp_path: Path, name: str, html: str) -> None:
    path = tmp_path / "p.html"
    path.write_text(html)
    text = parse_file(path).text
    for start in PARAGRAPHS:
        assert start in text, name
    assert "Countries" not in text and "other stories" not in text


class CountingChrome:
    """The vocabulary, counting how often a line is looked up in it."""

    def __init__(self) -> None:
        self.words = vocab.page_chrome()
        self.lookups = 0

    def __contains__(self, line: object) -> bool:
        self.lookups += 1
        return line in self.words


_CHROME = sorted(vocab.page_chrome())
_chrome_line = st.sampled_from(_CHROME).map(str.title) | st.just("")
_content_line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80) \
    .filter(lambda s: s.strip() != "" and " ".join(s.split()).casefold() not in vocab.page_chrome())


@settings(max_examples=200, deadline=None)
@given(top=st.lists(_chrome_line, max_size=6), bottom=st.lists(_chrome_line, max_size=6),
       content=st.lists(_content_line, min_size=1, max_size=30),
       inserted=st.lists(st.tuples(st.integers(min_value=1), _chrome_line), max_size=5))
def test_stripping_never_drops_content_from_the_middle(top: list[str], bottom: list[str], content: list[str],
                                                       inserted: list[tuple[int, str]]) -> None:
    # content without a line that repeats the one before it (that is a doubled caption)
    middle = [line for i, line in enumerate(content)
              if i == 0 or " ".join(line.split()).casefold() != " ".join(content[i - 1].split()).casefold()]
    for at, line in inserted:  # furniture words between content lines are content there
        if line and len(middle) >= 2:  # strictly between two content lines, not at an edge
            middle.insert(1 + at % (len(middle) - 1), line)
            middle = [m for i, m in enumerate(middle)
                      if i == 0 or " ".join(m.split()).casefold() != " ".join(middle[i - 1].split()).casefold()]
    lines = top + middle + bottom
    chrome = CountingChrome()
    assert strip_chrome("\n".join(lines), chrome).split("\n") == middle
    # linear: each line is looked up in the vocabulary once, the first content line at most twice
    assert chrome.lookups <= len(lines) + 1


@given(st.lists(st.sampled_from(["Menu", "", "Caption.", "Text of the page.", "Search"]), max_size=50))
def test_output_is_made_of_input_lines_in_order(lines: list[str]) -> None:
    text = strip_chrome("\n".join(lines))
    remaining = iter(lines)
    assert all(any(line == candidate for candidate in remaining) for line in (text.split("\n") if text else []))
    start, end = content_span(lines, vocab.page_chrome())
    assert looks_like_web_text("\n".join(lines)) == (start > 0 and any(line.strip() for line in lines[:start]))
