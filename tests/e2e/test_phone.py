"""Every page type at a phone's width (360 px) and a desktop's (1280 px): nothing scrolls sideways.

With OPIS_SCREENSHOTS set (docs/screenshots/ for the record), each page is saved at both widths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import shot

PHONE, DESKTOP = 360, 1280
DELO = "/repositories/rgae/fonds/413/opisi/13/dela/5467"


def _first(page: Any, url: str, pick: Callable[[dict[str, Any]], str]) -> str:
    response = page.request.get(url)
    assert response.ok, url
    return pick(response.json())


def _urls(page: Any) -> dict[str, str]:
    """One URL per page type, found through the JSON twins of the sample collection."""
    person = _first(page, "/search.json?q=Shtykov", lambda b: b["names"][0]["id"])
    document = _first(page, "/search.json?q=coal", lambda b: b["hits"][0]["id"])
    paper = _first(page, "/search.json?q=title:reconstruction", lambda b: b["hits"][0]["id"])  # the seed paper
    collection = _first(page, "/collections.json", lambda b: b["items"][0]["id"])
    return {"home": "/", "search": "/search?q=coal", "search-filtered": "/search?q=coal&genre=letter&from=March+1950",
            "document": f"/documents/{document}", "paper": f"/documents/{paper}",
            "authority": f"/authorities/{person}", "archives": "/repositories", "tree": DELO,
            "timeline": "/timeline", "timeline-zoomed": "/timeline?from=1946&to=1947&genre=report",
            "subjects": "/subjects", "collections": "/collections", "collection": f"/collections/{collection}"}


def _overflow(page: Any) -> list[str]:
    """The elements wider than the window, so a failure names what to fix."""
    return list(page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll, .table-scroll'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""))


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_page_scrolls_sideways(browser: Any, base_url: str, width: int) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 800},
                                  has_touch=width == PHONE)  # not is_mobile: it widens the window to the page
    page = context.new_page()
    page.set_default_timeout(15_000)
    wide = []
    try:
        for name, url in _urls(page).items():
            response = page.goto(url)
            assert response is not None and response.ok, url
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append((name, url, scroll, _overflow(page)))
            shot(page, f"{name}-{width}", full_page=True)
    finally:
        context.close()
    assert not wide, wide


def test_phone_search_shows_results_before_folded_facets(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": PHONE, "height": 800},
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto("/search?q=coal")
        first_card = page.locator("ol.cards > li").first.bounding_box()
        summary = page.locator("#facets-box > summary").bounding_box()
        assert first_card and summary and first_card["y"] < summary["y"]
        assert page.locator("#facets-box").evaluate("d => d.open") is False
        assert not page.locator(".facet").first.is_visible()
        page.locator("#facets-box > summary").click()
        genre = page.locator(".facet", has_text="Genre").locator("input[type=checkbox]").first
        genre.check()  # a tick by touch applies at once
        page.wait_for_url(re.compile(r"genre="))
        assert page.locator(".chips li").count() == 1
        page.locator(".chips a").first.click()
        page.wait_for_url(re.compile(r"/search\?q=coal$"))
    finally:
        context.close()


# Pages whose vocabulary words (genres, roles, classification, relations, archival levels) are Russian with ?lang=ru.
RUSSIAN_WORDS = {"/search?genre=letter&lang=ru": "Письмо", f"{DELO}?lang=ru": "дело 5467",
                 "/subjects?lang=ru": "Письмо", "/timeline?lang=ru": "Письмо"}


def test_russian_vocabulary_labels_fit_a_phone(browser: Any, base_url: str) -> None:
    """Russian labels are longer than English ones ("Шифртелеграмма", "Для служебного пользования"): still no
    sideways scroll at 360 px, and the words really are Russian."""
    context = browser.new_context(base_url=base_url, viewport={"width": PHONE, "height": 800}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    wide = []
    try:
        document = _first(page, "/search.json?genre=letter", lambda b: b["hits"][0]["id"])
        for url, word in {**RUSSIAN_WORDS, f"/documents/{document}?lang=ru": "Письмо"}.items():
            response = page.goto(url)
            assert response is not None and response.ok, url
            assert word in page.inner_text("main"), (url, word)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                wide.append((url, scroll, _overflow(page)))
            shot(page, f"vocab-{url.split('?')[0].strip('/').replace('/', '-') or 'home'}-{PHONE}-ru", full_page=True)
    finally:
        context.close()
    assert not wide, wide
