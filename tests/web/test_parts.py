"""Small parts of the reading room that need no server: unvalidated authority reads, text marks, snippets."""

from __future__ import annotations

from opis.model.findings import Footnote, NameMention
from opis.web.reading.search_page import safe_snippet
from opis.web.reading.textmarks import footnote_marks, marked_paragraphs, name_marks, paragraphs, to_html


def test_marks_are_used_only_where_the_text_says_what_the_finding_says() -> None:
    text = "Shtykov wrote¹.\n\nD. Kim replied."
    names = [NameMention(authority="per-a", start=0, end=7, text="Shtykov", type="person"),
             NameMention(authority="per-b", start=17, end=19, text="D.", type="person"),  # initials: no link
             NameMention(authority="per-c", start=3, end=9, text="Kim", type="person")]  # offsets from another text
    notes = [Footnote(number="1", text="", refs=[13])]
    marks = name_marks(text, names, {"per-a", "per-b", "per-c"}) + footnote_marks(text, notes)
    assert marks == [(0, 7, "name", "per-a"), (13, 14, "fn", "1")]
    assert [offset for offset, _ in paragraphs(text)] == [0, 17]
    first, second = marked_paragraphs(text, marks)
    assert first == [{"t": "Shtykov", "name": "per-a"}, {"t": " wrote"}, {"t": "¹", "fn": "1"}, {"t": "."}]
    assert second == [{"t": "D. Kim replied."}]


def test_marked_html_escapes_every_piece() -> None:
    html = str(to_html([{"t": "<b>", "name": 'x"><script>'}, {"t": "<i>"}, {"t": "1", "fn": "<1>", "first": "1"}]))
    assert "<b>" not in html and "<i>" not in html and "<script>" not in html
    assert html.startswith('<a class="name" href="/authorities/x&#34;&gt;&lt;script&gt;">&lt;b&gt;</a>&lt;i&gt;')


def test_only_escaped_snippets_with_marks_pass() -> None:
    assert safe_snippet("a &lt;b&gt; <mark>c</mark>") == "a &lt;b&gt; <mark>c</mark>"
    assert safe_snippet("<img src=x>") is None and safe_snippet("<mark onclick=x>c</mark>") is None
