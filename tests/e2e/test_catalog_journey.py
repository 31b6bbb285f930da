"""An editor imports a catalogue sheet in a real browser, at phone and desktop width: upload, see the
column mapping, the first rows and the bad row before anything is written, then import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opis.config import Settings
from opis.store.archive import Archive
from tests.e2e.conftest import _run, serving, shot
from tests.support.people import PASSWORD

SHEET = Path(__file__).parents[1] / "data" / "catalog" / "korea-1950.csv"


@pytest.fixture(scope="module")
def catalog_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("e2e-catalog") / "data"
    _run("init", "--data-dir", str(data))
    archive = Archive.open(Settings(data_dir=data, load_sample=False))
    archive.accounts.add_user("edna", PASSWORD, {"editor"})
    archive.engine.dispose()
    with serving(data, "/static/opis.css") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_import_a_sheet_with_a_preview(browser: Any, catalog_server: str, width: int) -> None:
    context = browser.new_context(base_url=catalog_server, viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto("/login")
    tab.get_by_label("Name").fill("edna")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.goto("/catalog/import")
    tab.get_by_label("Sheet").set_input_files(str(SHEET))
    tab.get_by_role("button", name="Check it (nothing is written)").click()
    tab.get_by_role("heading", name="Check the import").wait_for()
    assert "Dry run: nothing has been written yet." in tab.content()
    assert tab.get_by_text("row 4: error — date").count() == 1
    shot(tab, f"catalog-preview-{width}", full_page=True)
    sideways = tab.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not sideways, f"the preview scrolls sideways at {width} px"
    tab.get_by_role("button", name="Import the good rows").click()
    tab.get_by_role("heading", name="Catalogue imported").wait_for()
    assert tab.locator("a[href^='/documents/doc-']").count() == 3
    shot(tab, f"catalog-done-{width}", full_page=True)
    context.close()
