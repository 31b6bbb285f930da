"""A contributor's journey in a real browser: sign in, write a new document with the live date preview
and a pasted citation filling the archival fields, save it, and submit it for review."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from opis.config import Settings
from opis.store.archive import Archive
from tests.e2e.conftest import _run, serving, shot
from tests.support.people import PASSWORD

CITATION = "RGAE. F. 413. Op. 13. D. 5467. L. 92"
@pytest.fixture(scope="module")
def editing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over an empty store with one contributor account (no sample: the journey makes its own)."""
    data = tmp_path_factory.mktemp("e2e-edit") / "data"
    _run("init", "--data-dir", str(data))
    archive = Archive.open(Settings(data_dir=data, load_sample=False))
    archive.accounts.add_user("carol", PASSWORD, {"contributor"})
    archive.engine.dispose()
    with serving(data, "/static/edit.js") as url:
        yield url


@pytest.fixture
def tab(browser: Any, editing_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=editing_server, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=editing_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_write_a_document_and_submit_it_for_review(tab: Any) -> None:
    from playwright.sync_api import expect

    tab.goto("/login")
    tab.get_by_label("Name").fill("carol")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(re.compile(r"/$"))
    tab.get_by_role("link", name="New document").click()
    tab.wait_for_url(re.compile(r"/edit/documents/new$"))

    tab.get_by_label("Title", exact=True).fill("Shtykov to Moscow on coal deliveries")
    tab.get_by_label("Genre", exact=True).select_option("cipher-telegram")
    date = tab.get_by_label("Date (EDTF)", exact=True)
    date.press_sequentially("1947-13", delay=20)
    expect(tab.locator("#date-preview")).to_contain_text("month 13 is out of range")
    expect(date).to_have_attribute("aria-invalid", "true")
    date.fill("")
    date.press_sequentially("1947-05~", delay=20)
    expect(tab.locator("#date-preview")).to_have_text("1947-05-01 – 1947-05-31 (approximate)")

    tab.evaluate("text => navigator.clipboard.writeText(text)", CITATION)
    tab.get_by_label("Paste a citation to fill the fields").focus()
    tab.keyboard.press("Control+V")
    expect(tab.locator("#cite-result")).to_contain_text("Filled 1 reference")
    for field, value in [("repository", "RGAE"), ("fond", "413"), ("opis", "13"), ("delo", "5467"), ("folios", "92")]:
        expect(tab.locator(f"#f-archival_refs-0-{field}")).to_have_value(value)

    tab.get_by_role("button", name="Add a person or body").click()
    tab.locator("#f-agents-1-name").fill("Т.Ф. Штыков")
    tab.locator("#f-agents-1-role").select_option("sender")

    shot(tab, "edit-form", full_page=True)
    tab.get_by_role("button", name="Save").first.click()
    tab.wait_for_url(re.compile(r"/documents/doc-[0-9a-f]+$"))
    toolbar = tab.get_by_role("navigation", name="Editing this document")
    expect(toolbar.locator(".ed-badge")).to_have_text("Draft")
    expect(tab.locator("dl.meta")).to_contain_text("RGAE")
    expect(tab.locator("dl.meta")).to_contain_text("Т.Ф. Штыков")

    toolbar.get_by_role("button", name="Submit for review").click()
    expect(tab.get_by_role("navigation", name="Editing this document").locator(".ed-badge")).to_have_text("In review")
    toolbar = tab.get_by_role("navigation", name="Editing this document")
    expect(toolbar.get_by_role("link", name="Edit")).to_have_count(0)  # in review: editors only
    shot(tab, "edit-submitted", full_page=True)
