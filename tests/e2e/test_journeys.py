"""The reading room's main journeys in a real browser against a real server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import REPO_ROOT
from tests.e2e.conftest import shot


def test_search_facet_document_cite(page: Any) -> None:
    page.goto("/search?q=coal")
    assert page.locator("ol.cards > li").count() > 1
    shot(page, "search")
    page.locator(".facet", has_text="Repository").get_by_label(re.compile(r"^RGAE \d+$")).check()
    page.wait_for_url(re.compile(r"repository=RGAE"))  # a tick with the mouse applies at once
    references = page.locator(".card-meta a").all_inner_texts()
    assert references and all(r.startswith("RGAE.") for r in references)
    page.locator("ol.cards > li h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/doc-"))
    assert "RGAE" in page.locator("#chicago-note").inner_text()
    shot(page, "document")
    with page.expect_download() as info:
        page.get_by_role("link", name="RIS").click()
    ris = Path(info.value.path()).read_text(encoding="utf-8")
    assert "TY  - " in ris and "DB  - Russian State Archive of the Economy (RGAE)" in ris


def test_archival_tree_down_to_a_delo_and_its_citing_footnote(page: Any) -> None:
    page.goto("/repositories")
    page.get_by_role("link", name="RGAE", exact=True).click()
    for unit in ("fond 413", "opis 13", "delo 5467"):
        page.get_by_role("link", name=unit, exact=True).click()
    sentence = page.locator(".sentence").inner_text()
    assert sentence.startswith("RGAE f. 413 op. 13 d. 5467 holds") and "is cited by" in sentence
    shot(page, "tree")
    # Citations are grouped by citing document: the first note link under the first document
    page.locator("#cited-h + ul.cited-by li ul a").first.click()
    page.wait_for_url(re.compile(r"#fn-\d+$"))
    assert page.locator(".note:target").count() == 1
    assert "5467" in page.locator(".note:target").inner_text()


@pytest.mark.parametrize(("query", "person", "lang"), [
    ("Штыков", "Terentii Shtykov", "ru-Cyrl"), ("Shtykov", "Terentii Shtykov", "ru-Cyrl"),
    ("김일성", "Kim Il Sung", "ko-Hang"), ("Ким Ир Сен", "Kim Il Sung", "ko-Hang"),
])
def test_person_page_reached_under_every_script(page: Any, query: str, person: str, lang: str) -> None:
    page.goto("/")
    page.get_by_label("Search the archive", exact=True).first.fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    page.locator(".names-panel").get_by_role("link", name=person, exact=True).click()
    assert page.locator("h1").inner_text() == person
    assert page.locator(f'dl.names li[lang="{lang}"]').count() >= 1
    if query == "김일성":
        shot(page, "person")


def test_keyboard_reaches_content_with_a_visible_focus(page: Any) -> None:
    page.goto("/")
    shot(page, "home")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_work_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search?q=" + quote("coal"))
    page.locator(".facet", has_text="Genre").locator("input[type=checkbox]").first.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"genre="))
    assert page.locator("ol.cards > li").count() >= 1
    page.goto("/timeline")
    # Each part (primary sources, literature) draws its chart at two widths; the stylesheet shows one per part
    shown = [svg for svg in page.locator("svg.timeline").all() if svg.is_visible()]
    assert len(shown) == page.locator(".timeline-part .timeline-wide").count() >= 1
    shot(page, "timeline")
    context.close()


def test_screenshots_folder_is_ours() -> None:
    assert (REPO_ROOT / "docs").is_dir()
