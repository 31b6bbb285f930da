"""An administrator starts a fixity check in a real browser, at phone and desktop width, after one
original was deleted and another damaged behind the archive's back: the run's page follows the check
(it reloads itself while the check runs) and ends listing both, each with its document, with no
sideways scroll. The files are FRUS 1949 vol. VII part 2 doc. 191 as a web page and a minimal TEI
file (public domain; tests/data/ingest/PROVENANCE.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opis.config import Settings
from opis.store.archive import Archive
from tests.e2e.conftest import _run, serving, shot
from tests.support.people import PASSWORD

DATA = Path(__file__).parents[1] / "data" / "ingest"
FILES = [DATA / "frus1949v07p2-d191.web.html", DATA / "minimal-tei.xml"]


@pytest.fixture(scope="module")
def fixity_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("e2e-fixity") / "data"
    _run("init", "--data-dir", str(data))
    _run("ingest", *(str(f) for f in FILES), "--data-dir", str(data))
    archive = Archive.open(Settings(data_dir=data, load_sample=False))
    archive.accounts.add_user("ada", PASSWORD, {"admin"})
    archive.engine.dispose()
    stored = sorted(p for p in (data / "originals").rglob("*") if p.is_file() and not p.name.startswith("."))
    assert len(stored) == 2
    stored[0].unlink()
    damaged = bytearray(stored[1].read_bytes())
    damaged[50] ^= 1
    stored[1].write_bytes(bytes(damaged))
    with serving(data, "/static/opis.css") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_a_fixity_check_is_started_and_followed_to_its_end(browser: Any, fixity_server: str, width: int) -> None:
    context = browser.new_context(base_url=fixity_server, viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto("/login")
    tab.get_by_label("Name").fill("ada")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.goto("/fixity")
    tab.get_by_role("button", name="Start a check").click()
    tab.wait_for_url("**/fixity/fixity-*")
    tab.wait_for_selector("text=2 of 2 originals checked")
    tab.wait_for_selector("table.acct-table tbody tr >> nth=1")
    rows = tab.locator("table.acct-table tbody tr")
    assert rows.count() == 2
    kinds = sorted(rows.nth(i).locator("td").nth(1).locator("span").inner_text() for i in range(2))
    assert kinds == ["damaged", "missing"]
    assert all(rows.nth(i).locator("td").nth(2).locator("a").count() == 1 for i in range(2))
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    shot(tab, f"fixity-run-{width}", full_page=True)
    tab.goto("/fixity")
    assert tab.locator("table.acct-table tbody tr").count() >= 1
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    shot(tab, f"fixity-runs-{width}", full_page=True)
    context.close()
