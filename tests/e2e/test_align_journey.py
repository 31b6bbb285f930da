"""A translator corrects the sentence pairs of the sample's Stalin–Kim Il Sung record in a real browser, at a
phone's width and a desktop's: from the document page to the pairs, one join, and the page then says who
corrected them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from opis.config import Settings
from opis.store.archive import Archive
from tests.e2e.conftest import _run, serving, shot
from tests.support.people import PASSWORD


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("e2e-align") / "data"
    _run("init", "--sample", "--data-dir", str(data))
    archive = Archive.open(Settings(data_dir=data, load_sample=False))
    archive.accounts.add_user("tanya", PASSWORD, {"translator"})
    archive.engine.dispose()
    with serving(data, "/static/parallel.js") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_a_translator_joins_two_pairs(browser: Any, sample_server: str, width: int) -> None:
    context = browser.new_context(base_url=sample_server, viewport={"width": width, "height": 900},
                                  has_touch=width == 360)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto("/login")
    tab.get_by_label("Name").fill("tanya")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(re.compile(r"/$"))
    found = tab.request.get("/search.json?q=Pak+Hon+Yong+northern").json()
    doc = next(h["id"] for h in found["hits"] if h["title"].startswith("Records of conversation between Stalin"))
    tab.goto(f"/documents/{doc}")
    tab.get_by_role("link", name=re.compile("Correct the pairs")).click()
    tab.wait_for_url(re.compile(r"/alignments/.+/edit$"))
    before = tab.locator("table.al-pairs tbody tr").count()
    revision = int(re.search(r"Revision (\d+)", tab.locator(".ed-status").inner_text()).group(1))  # type: ignore[union-attr]
    tab.locator("#pair-2").get_by_role("button", name="Join with the next pair").click()
    tab.wait_for_load_state()
    assert tab.locator("table.al-pairs tbody tr").count() == before - 1
    assert f"Revision {revision + 1}, last corrected by tanya" in tab.locator(".ed-status").inner_text()
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    shot(tab, f"align-edit-{width}")
    tab.goto(f"/documents/{doc}")
    assert f"Pairs corrected by tanya (revision {revision + 1})" in tab.locator(".align-note").inner_text()
    context.close()
