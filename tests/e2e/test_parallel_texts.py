"""The original beside its translation, sentence by sentence, in a real browser at a phone's width and a
desktop's: pointing at or selecting a sentence lights its counterpart, a search hit in the English shows the
matching Russian sentence, a phone shows one text at a time with a switch and labels, nothing scrolls sideways,
and the page reads without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import shot

PHONE, DESKTOP = 360, 1280


def _record(page: Any) -> str:
    """The Stalin–Kim Il Sung record of conversation, found as a reader would: exact spelling of "Штыков"."""
    found = page.request.get("/search.json?q=%D0%A8%D1%82%D1%8B%D0%BA%D0%BE%D0%B2&exact=1").json()
    titles = {h["title"]: h["id"] for h in found["hits"]}
    hit = next(i for t, i in titles.items() if t.startswith("Records of conversation between Stalin and Kim"))
    return str(hit)


def _context(browser: Any, base_url: str, width: int, javascript: bool = True) -> Any:
    return browser.new_context(base_url=base_url, viewport={"width": width, "height": 900},
                               has_touch=width == PHONE, java_script_enabled=javascript)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_sentence_lights_its_counterpart(browser: Any, base_url: str, width: int) -> None:
    context = _context(browser, base_url, width)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/documents/{_record(page)}")
    table = page.locator("table.parallel.sentences")
    assert table.count() == 1
    russian = page.locator("td.col-0", has_text="ШТЫКОВ (уточняет)")
    english = page.locator("td.col-1", has_text="Shtykov (correcting him)")
    if width == PHONE:
        # one text at a time: the switch shows the English, each sentence labelled beside it
        assert page.locator(".text-switch button").count() == 2
        assert russian.is_visible() and not english.is_visible()
        page.locator(".text-switch button", has_text="English").click()
        assert english.is_visible() and not russian.is_visible()
        assert english.locator(".cell-label").inner_text().startswith("EN")
        english.click()
        assert "chosen-self" in (english.get_attribute("class") or "")
        assert "chosen" in (russian.get_attribute("class") or "").split()
    else:
        assert page.locator(".text-switch").is_hidden()
        english.hover()
        assert "lit" in (russian.get_attribute("class") or "").split()
        other = page.locator("td.col-0", has_text="СТАЛИН (шутя)")
        assert "lit" not in (other.get_attribute("class") or "").split()
        # a 1–2 pair: one Russian sentence lights both English sentences' cell
        page.locator("td.col-0", has_text="КИМ ИР СЕН: На юге Кореи").hover()
        two = page.locator("td.col-1", has_text="The North has a land army")
        assert "lit" in (two.get_attribute("class") or "").split()
        assert "There are still American troops" in two.inner_text()
        # the keyboard reaches a sentence and chooses it
        english.focus()
        page.keyboard.press("Enter")
        assert "chosen" in (russian.get_attribute("class") or "").split()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"parallel-{width}", full_page=True)
    context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_search_hit_in_the_english_shows_the_russian_sentence(browser: Any, base_url: str, width: int) -> None:
    context = _context(browser, base_url, width)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/search?q=correcting+Shtykov")
    page.locator("h3 a", has_text="Records of conversation between Stalin and Kim").click()
    assert "q=correcting" in page.url
    hit = page.locator("td.hit")
    assert hit.count() == 1 and "Shtykov (correcting him)" in hit.inner_text()
    assert hit.locator("mark").count() >= 1
    paired = page.locator("td.paired")
    assert paired.count() == 1 and "ШТЫКОВ (уточняет)" in paired.inner_text()
    assert page.get_by_role("status").inner_text().startswith("1 sentence with")
    if width == PHONE:
        assert hit.is_visible()  # the switch opened on the text with the hit
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_without_javascript_every_text_is_there_row_by_row(browser: Any, base_url: str) -> None:
    context = _context(browser, base_url, PHONE, javascript=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/documents/{_record(page)}")
    assert page.locator(".text-switch").is_hidden()
    assert page.locator("td.col-0", has_text="ШТЫКОВ").is_visible()
    assert page.locator("td.col-1", has_text="Shtykov").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    context.close()


def test_frus_document_shows_its_source_note_and_footnotes(page: Any) -> None:
    found = page.request.get("/search.json?q=Butterworth+Souers").json()
    doc = next(h["id"] for h in found["hits"] if h["title"].startswith("Memorandum by the Director"))
    page.goto(f"/documents/{doc}")
    notes = page.locator(".notes li, .notes .note")
    assert notes.count() >= 10
    assert page.get_by_text("740.00119 Control (Korea)/1–1049").first.is_visible()
    page.locator("a.fnref", has_text="[1]").first.click()
    assert page.url.endswith("#fn-1")
