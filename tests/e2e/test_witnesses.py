"""Witnesses of one work in chromium at 360 and 1280 px: the sample's FRUS memorandum and the same document
ingested from the FRUS volume (public domain excerpt in /work/shared/data/frus) are proposed as one work on
ingest; each page shows the other with a word diff that opens without script and never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import SHARED
from tests.e2e.conftest import _run, _unavailable, serving, shot

VOLUME = SHARED / "data" / "frus" / "volumes" / "frus1949v07p2-excerpt.xml"


@pytest.fixture(scope="module")
def frus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not VOLUME.exists():
        _unavailable(f"the FRUS excerpt is missing: {VOLUME}")
    data = tmp_path_factory.mktemp("e2e-witnesses") / "data"
    _run("init", "--sample", "--data-dir", str(data))
    _run("ingest", str(VOLUME), "--data-dir", str(data))
    with serving(data, "/static/opis.css") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_witness_and_diff_on_the_document_page(browser: Any, frus_url: str, width: int) -> None:
    context = browser.new_context(base_url=frus_url, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    hits = page.request.get("/search.json?q=Chough").json()["hits"]
    ids = [h["id"] for h in hits if h["title"].startswith("Memorandum of Conversation")]
    assert len(ids) == 2, ids  # the sample's copy and the volume's
    page.goto(f"/documents/{ids[0]}")
    section = page.locator("section.witnesses")
    assert section.locator("a", has_text="Memorandum of Conversation").count() == 1
    assert "proposed by opis" in section.inner_text()
    section.locator("details.wit-diff summary").click()
    assert section.locator("p.diff").is_visible()
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll, .table-scroll'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert not wide, f"wider than the window: {wide}"
    section.scroll_into_view_if_needed()
    shot(page, f"witnesses-{width}")
    twin = page.request.get(f"/documents/{ids[0]}.json").json()
    assert twin["witnesses"][0]["id"] == ids[1] and twin["witnesses"][0]["diff"]["runs"]
    context.close()
