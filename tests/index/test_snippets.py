from __future__ import annotations

from opis.index.compile import Terms
from opis.index.snippets import Matcher, best, render, through_names


def test_best_rendition_and_window() -> None:
    renditions = [{"id": "r1", "kind": "translation", "language": "en", "text": "Nothing here. " * 30 + "coal"},
                  {"id": "r2", "kind": "original", "language": "en", "text": "Coal, coal and more coal < ore."}]
    snip = best(renditions, "", Matcher(Terms(terms={"coal"}), exact=False))
    assert snip is not None and snip.rendition == "r2"
    assert snip.html == "<mark>Coal</mark>, <mark>coal</mark> and more <mark>coal</mark> &lt; ore."


def test_long_text_is_cut_around_the_hits() -> None:
    text = "word " * 200 + "the target sits here " + "word " * 200
    html = render(text, [(text.index("target"), text.index("target") + 6, "target")], max_chars=80)
    assert html.startswith("…") and html.endswith("…") and "<mark>target</mark>" in html and len(html) < 120


def test_no_hit_falls_back_to_summary_then_text() -> None:
    matcher = Matcher(Terms(terms={"absent"}), exact=False)
    r = [{"id": "r", "kind": "original", "language": "en", "text": "plain <text>"}]
    assert best(r, "a summary", matcher) is not None
    assert best(r, "", matcher).html == "plain &lt;text&gt;"  # type: ignore[union-attr]
    assert best([], "", matcher) is None


def test_prefix_fuzzy_and_cross_script_hits() -> None:
    r = [{"id": "r", "kind": "original", "language": "ru", "text": "Штыков и Sovict спецы"}]
    html = best(r, "", Matcher(Terms(prefixes={"спец"}, fuzzy={"soviet": 1}, keys={"shtykov"}), False)).html  # type: ignore[union-attr]
    assert html == "<mark>Штыков</mark> и <mark>Sovict</mark> <mark>спецы</mark>"
    exact = best(r, "", Matcher(Terms(keys={"shtykov"}), True)).html  # type: ignore[union-attr]
    assert "<mark>" not in exact


def _han_terms(query: str) -> Terms:
    from opis.index.compile import compile_query
    from opis.index.query import parse

    return compile_query(parse(query)).terms


def test_a_han_word_is_marked_only_whole() -> None:
    # 城津 is the index terms 城 and 津; 津 alone must not mark the 津 of 淸津 (Chongjin, another port).
    r = [{"id": "r", "kind": "original", "language": "zh", "text": "淸津과 城津"}]
    html = best(r, "", Matcher(_han_terms("城津"), False)).html  # type: ignore[union-attr]
    assert "<mark>城</mark>" not in html and "淸津" in html and "<mark>城津</mark>" in html.replace("</mark><mark>", "")


def test_a_hit_found_through_an_authority_marks_its_names_only() -> None:
    text = "the ironworks of Songjin (later Kimchaek) and Chongjin were idle"
    r = [{"id": "r", "kind": "original", "language": "en", "text": text}]
    groups = [["Kimchaek", "김책", "城津", "Songjin", "성진"], ["Chongjin", "淸津", "청진"]]
    matcher = Matcher(_han_terms("城津"), False)
    html = best(r, "", through_names(matcher, groups)).html  # type: ignore[union-attr]
    assert "<mark>Songjin</mark>" in html and "<mark>Kimchaek</mark>" in html and "<mark>Chongjin</mark>" not in html
    assert through_names(matcher, groups) is through_names(matcher, groups)  # remembered per query
    # Nothing of the query in any name: the matcher is the query's own; exact spelling never widens.
    assert through_names(matcher, [["Chongjin", "淸津"]]) is matcher
    exact = Matcher(_han_terms("城津"), True)
    assert through_names(exact, groups) is exact
    # A whole name met across scripts finds its record too: 성진 keys as Songjin.
    by_keys = best(r, "", through_names(Matcher(_han_terms("성진"), False), groups)).html  # type: ignore[union-attr]
    assert "<mark>Kimchaek</mark>" in by_keys and "<mark>Chongjin</mark>" not in by_keys
