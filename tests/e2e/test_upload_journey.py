"""A contributor uploads a three-page scan and a letter in a real browser, at phone and desktop width,
and the job page follows the job to its end: it is drawn while the job runs, its script
(static/job.js, which redraws the rows at each poll) shows the letter's row, and the final table has
one row per file and the scan's pages read (3 / 3, read page by page), with no sideways scroll."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opis.config import Settings
from opis.store.archive import Archive
from tests.e2e.conftest import _run, serving, shot
from tests.support.people import PASSWORD

# FRUS 1949 d191 pages 1-3 (public domain; tests/data/images/PROVENANCE.md)
SCAN = Path(__file__).parents[1] / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("e2e-upload") / "data"
    _run("init", "--data-dir", str(data))
    archive = Archive.open(Settings(data_dir=data, load_sample=False))
    archive.accounts.add_user("cora", PASSWORD, {"contributor"})
    archive.engine.dispose()
    with serving(data, "/static/opis.css") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_an_upload_is_followed_to_its_end(browser: Any, upload_server: str, tmp_path: Path, width: int) -> None:
    letter = tmp_path / f"letter-{width}.txt"
    letter.write_text(f"Letter of the {width} upload.\nShtykov to Stalin, 3 May 1950.\n", encoding="utf-8")
    scan = tmp_path / f"scan-{width}.tif"  # its OCR takes seconds: the page is drawn while the job runs
    scan.write_bytes(SCAN.read_bytes() + f"{width}".encode())  # other bytes than the other width's upload
    files = [str(scan), str(letter)]
    context = browser.new_context(base_url=upload_server, viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    tab.goto("/login")
    tab.get_by_label("Name").fill("cora")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.goto("/upload")
    tab.set_input_files("#up-files", files)
    tab.get_by_role("button", name="Upload").click()
    tab.wait_for_url("**/jobs/*")
    assert tab.get_attribute("#job", "data-status") == "running"
    tab.wait_for_function("document.querySelectorAll('#job-files tbody tr').length >= 1")  # drawn by the script
    # The script follows the job, then reloads once so the server draws the final table.
    tab.wait_for_selector('#job[data-status="finished"]')
    rows = tab.locator("#job-files tbody tr")
    assert rows.count() == 2
    names = sorted(rows.nth(i).locator("td").nth(1).inner_text() for i in range(2))
    assert names == sorted(Path(f).name for f in files)
    assert tab.locator("#job-done").inner_text() == "2"
    # The scan's three pages were read page by page; the page shows the count the store keeps.
    assert tab.locator("#job-ocr").is_visible() and tab.locator("#job-ocr").inner_text().endswith("3 / 3")
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scroll"
    shot(tab, f"upload-job-{width}")
    context.close()
