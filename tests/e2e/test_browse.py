"""Browsing by subject and by date in chromium, at a phone's width (360 px) and a desktop's (1280 px), over
the sample collection: the chart that fits the screen is the one shown, its marks open documents, zoom links
narrow it, undated documents are reachable; subjects lead to their search and genre counts add up.

With OPIS_SCREENSHOTS set (docs/screenshots/ for the record), the pages are saved at both widths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import shot

PHONE, DESKTOP = 360, 1280


@pytest.fixture(params=[PHONE, DESKTOP])
def tab(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    width = int(request.param)
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 800},
                                  has_touch=width == PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _width(page: Any) -> int:
    return int(page.evaluate("window.innerWidth"))


def _no_sideways_scroll(page: Any) -> None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, (page.url, scroll, inner)


def test_timeline_draws_for_the_screen_and_each_mark_opens_its_document(tab: Any) -> None:
    tab.goto("/timeline")
    _no_sideways_scroll(tab)
    width = _width(tab)
    shown, hidden = (".timeline-narrow", ".timeline-wide") if width == PHONE else (".timeline-wide", ".timeline-narrow")
    primary = tab.locator("#tl-primary-h").locator("xpath=..")
    chart = primary.locator(f"{shown} svg")
    assert chart.is_visible() and not primary.locator(f"{hidden} svg").is_visible()
    box = chart.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    # Year labels stay readable: drawn at about their own size, not shrunk to fit.
    label = chart.locator("text").first.bounding_box()
    assert label and label["height"] >= 10, label
    both = tab.locator("#tl-literature-h").locator("xpath=..").locator(f"{shown} svg")
    assert both.count() == 1, "literature has an axis of its own"
    shot(tab, f"timeline-{width}", full_page=True)
    mark = chart.locator("a").first
    href = mark.get_attribute("href")
    mark.click()
    tab.wait_for_url(re.compile(re.escape(href) + "$"))
    assert tab.locator("h1").is_visible()


def test_zoom_links_narrow_the_axis_and_undated_documents_are_one_click_away(tab: Any) -> None:
    tab.goto("/timeline")
    before = int(tab.request.get("/timeline.json").json()["total"])
    step = tab.locator("nav.zoom li a").first
    label = step.inner_text()
    step.click()
    tab.wait_for_url(re.compile(r"from="))
    _no_sideways_scroll(tab)
    body = tab.request.get(tab.url.replace("/timeline?", "/timeline.json?")).json()
    assert 0 < body["total"] <= before
    years = {int(t) for t in tab.locator(".timeline-part svg text").all_text_contents() if t.isdigit()}
    first = int(label.rstrip("s"))
    assert years and min(years) >= first and max(years) <= first + 9
    shot(tab, f"timeline-zoomed-{_width(tab)}", full_page=True)
    tab.locator("a.zoom-out").click()
    tab.wait_for_url(re.compile(r"/timeline$"))
    undated = tab.locator("main p a", has_text="undated document")
    if undated.count():  # the sample may date every document; then the page says so
        undated.click()
        tab.wait_for_url(re.compile(r"year=undated"))
        assert tab.locator("ol.cards > li").count() > 0
    else:
        assert tab.get_by_text("No undated documents.").is_visible()


def test_subjects_lead_to_their_documents_and_genres_add_up(tab: Any) -> None:
    tab.goto("/subjects")
    _no_sideways_scroll(tab)
    shot(tab, f"subjects-{_width(tab)}", full_page=True)
    body = tab.request.get("/subjects.json").json()
    assert body["subjects"] and sum(g["count"] for g in body["genres"]) == body["total"]
    foot = tab.locator("table.counts tfoot td").inner_text()
    assert int(foot) == body["total"]
    first = body["subjects"][0]
    tab.locator("ul.subject-list a").first.click()
    tab.wait_for_url(re.compile(r"/search\?subject="))
    assert tab.locator(".chips li").first.inner_text().startswith(f"Subject: {first['value']}")
    assert int(tab.request.get(tab.url.replace("/search?", "/search.json?")).json()["total"]) == first["count"]


def test_a_long_subject_facet_folds_after_ten_and_opens_for_a_ticked_value(tab: Any) -> None:
    values = next(f for f in tab.request.get("/search.json").json()["facets"] if f["name"] == "subject")["values"]
    assert len(values) > 10, "the sample has more subjects than a facet shows unfolded"
    tab.goto("/search")
    facet = tab.locator("fieldset.facet", has=tab.locator("legend", has_text="Subject"))
    if _width(tab) == PHONE:
        tab.locator("#facets-box > summary").click()
    assert facet.locator("details.more").evaluate("d => d.open") is False
    assert facet.locator("details.more > summary").inner_text() == f"{len(values) - 10} more"
    assert facet.locator("> ul input[type=checkbox]").count() == 10
    folded = values[10]["value"]
    tab.goto("/search?" + urlencode({"subject": folded}))
    facet = tab.locator("fieldset.facet", has=tab.locator("legend", has_text="Subject"))
    assert facet.locator("details.more").evaluate("d => d.open") is True
    _no_sideways_scroll(tab)
