"""Plain text, Markdown and saved web pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_support import SEEDS

from opis.ingest import parse_file
from opis.ingest.charset import decode_text

RUSSIAN = "Совершенно секретно. Министерство иностранных дел СССР, справка о поставках оборудования."


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8"),
    ("utf-16", "utf-16-le"),  # Python writes a BOM and little-endian
    ("cp1251", "cp1251"),
    ("koi8_r", "koi8_r"),
])
def test_russian_text_in_every_encoding(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(RUSSIAN.encode(encoding))
    parsed = parse_file(path)
    assert parsed.handler == "text" and parsed.media_type == "text/plain"
    assert parsed.text == RUSSIAN
    assert parsed.metadata["encoding"] == expected
    assert parsed.language == "ru"


@pytest.mark.parametrize("text", ["Привет мир", "ТЕЛЕГРАММА СРОЧНО МОСКВА ТОВАРИЩУ"])
def test_short_and_all_caps_cyrillic(text: str) -> None:
    for encoding in ("cp1251", "koi8_r"):
        assert decode_text(text.encode(encoding)).text == text


def test_utf16_without_bom() -> None:
    assert decode_text("Report on the plant".encode("utf-16-le")).encoding == "utf-16-le"


def test_latin1_is_not_mistaken_for_cyrillic() -> None:
    decoded = decode_text("Le café du ministère à Genève".encode("latin-1"))
    assert decoded.text == "Le café du ministère à Genève"
    assert decoded.warning  # a guess is always flagged


def test_legacy_korean_encoding() -> None:
    text = "대한민국 정부 외교부 문서입니다. 북한 경제 상황에 관한 보고서."
    assert decode_text(text.encode("euc_kr")).text == text


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text("First page text.\fSecond page text.\f")
    parsed = parse_file(path)
    assert [p.text for p in parsed.pages[:2]] == ["First page text.", "Second page text."]
    assert parsed.title == "First page text."


def test_markdown_front_matter_and_heading(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: \"Aid to the North\"\nauthor: A. Writer, B. Writer\ndate: 2020-06-24\n---\n"
                    "# Heading\n\nThe body of the post.\n")
    parsed = parse_file(path)
    assert parsed.media_type == "text/markdown"
    assert parsed.title == "Aid to the North"
    assert parsed.authors == ["A. Writer", "B. Writer"]
    assert parsed.date_text == "2020-06-24"
    assert parsed.text.startswith("# Heading")


def test_seed_paper_as_text() -> None:
    path = SEEDS / "004_211dc3dc4bb9e61b.txt"
    if not path.exists():
        pytest.skip("seed not present")
    parsed = parse_file(path)
    assert parsed.handler == "text" and parsed.language == "en"
    assert parsed.title and len(parsed.text) > 20_000


def _article_page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Preparing for War | Example Center</title>
<meta name="author" content="Test Author"><meta property="article:published_time" content="2020-06-24">
</head><body>
<header><nav><ul><li><a href="/">Home page link</a></li><li><a href="/about">About our team</a></li></ul></nav></header>
<main><article><h1>Preparing for War</h1>{body}</article></main>
<aside><h3>Related items</h3><ul><li>Unrelated sidebar story</li></ul></aside>
<footer><p>Copyright notice of the example center.</p><ul><li>Privacy policy</li></ul></footer>
</body></html>"""


def test_saved_web_article_keeps_the_article_only(tmp_path: Path) -> None:
    seed = SEEDS / "000_4f13363492f5f063.txt"
    if not seed.exists():
        pytest.skip("seed not present")
    paragraphs = [p for p in seed.read_text().splitlines() if len(p) > 80][:8]
    path = tmp_path / "page.html"
    path.write_text(_article_page(paragraphs))
    parsed = parse_file(path)
    assert parsed.handler == "html"
    assert parsed.title == "Preparing for War"
    assert parsed.authors == ["Test Author"]
    assert parsed.date_text == "2020-06-24"
    assert paragraphs[3][:60] in parsed.text
    for boilerplate in ("Privacy policy", "Home page link", "Copyright notice", "Unrelated sidebar"):
        assert boilerplate not in parsed.text
    assert parsed.language == "en"


def test_html_charset_from_meta(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            f"<title>Справка</title></head><body><p>{RUSSIAN}</p></body></html>")
    path = tmp_path / "ru.htm"
    path.write_bytes(page.encode("cp1251"))
    parsed = parse_file(path)
    assert parsed.metadata["encoding"] == "windows-1251"
    assert "Министерство иностранных дел" in parsed.text
    assert parsed.title == "Справка"


def test_tiny_html_falls_back_to_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text("<html><head><title>T</title><script>var x = 1;</script></head>"
                    "<body><nav>Menu</nav><p>Only line.</p></body></html>")
    parsed = parse_file(path)
    assert "Only line." in parsed.text
    assert "var x" not in parsed.text and "Menu" not in parsed.text


NOTES_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Doc</title></head><body>
<main><article><h1>Memorandum of Conversation</h1>
<p>The Secretary expressed his feeling that in recent months there had been a betterment of relations between
the two countries.<sup><a href="#fn4" id="r4">4</a></sup> The Ambassador concurred, but stated that his
government was worried about the implementation of the treaty.<sup><a href="#fn5" id="r5">5</a></sup></p>
<p>The Ambassador stated that the members of the commission were causing a lot of trouble and had boldly taken
pictures of installations.<sup><a href="#fn6" id="r6">6</a></sup></p>
{notes}
</article></main></body></html>
"""
NOTES_LIST = """<{tag} {attrs}><h2>Notes</h2><ol start="4">
<li id="fn4">Source: Department of State, Central Files, 611.95B/1–755. Confidential. <a href="#r4">↩</a></li>
<li id="fn5">For text, see Foreign Relations, 1952–1954, vol. XV, Part 2, pp. 1937–1941. <a href="#r5">↩</a></li>
<li id="fn6">РГАСПИ. Ф. 17. Оп. 162. Д. 13. Л. 76. <a href="#r6" class="footnote-back">back</a></li>
</ol></{tag}>"""


@pytest.mark.parametrize(("tag", "attrs"), [("section", 'class="footnotes" role="doc-endnotes"'),
                                            ("footer", 'class="endnotes"'), ("div", "")])
def test_a_pages_notes_as_an_ordered_list_keep_their_numbers(tmp_path: Path, tag: str, attrs: str) -> None:
    """A page's notes printed as ``<ol>`` (pandoc, blogs, journals) were dropped for their back links, or kept as
    ``- …`` with their numbers lost: they are ``N. …`` paragraphs now, numbered as the browser numbers them."""
    from opis.extract.pipeline import extract_all

    path = tmp_path / "notes.html"
    path.write_text(NOTES_PAGE.format(notes=NOTES_LIST.format(tag=tag, attrs=attrs)), encoding="utf-8")
    parsed = parse_file(path)
    assert "4. Source: Department of State" in parsed.text and "↩" not in parsed.text
    found = extract_all(parsed.text, parsed.language, only=("footnotes", "citations"))
    assert [(n["number"], bool(n["refs"])) for n in found["footnotes"]] == [("4", True), ("5", True), ("6", True)]
    assert found["footnotes"][2]["text"] == "РГАСПИ. Ф. 17. Оп. 162. Д. 13. Л. 76."


def test_an_ordered_list_in_the_text_is_not_made_notes(tmp_path: Path) -> None:
    steps = "<ol><li>Withdraw the forces by the end of June.</li><li>Report to the Council.</li></ol>"
    path = tmp_path / "list.html"
    path.write_text(NOTES_PAGE.format(notes=steps), encoding="utf-8")
    assert "1. Withdraw" not in parse_file(path).text
