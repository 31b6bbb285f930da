from __future__ import annotations

from opis.index.compile import Terms
from opis.index.snippets import Matcher, best, render


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
