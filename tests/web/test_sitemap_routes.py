"""/sitemap.xml and /robots.txt: every page an anonymous reader can open, nothing else, paged past the limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from defusedxml import ElementTree
from fastapi import FastAPI
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.index import SearchIndex
from opis.model import Access, Status
from opis.store.access import ANONYMOUS
from opis.store.archive import Archive
from opis.web.app import create_app, make_site
from opis.web.core import errors
from opis.web.reading import sitemap
from opis.web.reading.sitemap import FIXED_PAGES, PAGES, _xml
from tests.conftest import FixedClock
from tests.web.security_fixtures import HIDDEN, LIFTED, RGAE, World

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "http://testserver"


@pytest.fixture
def client(world: World, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, world.archive), raise_server_exceptions=False) as c:
        yield c


def small_app(archive: Archive, settings: Settings, tmp_path: Path, per_file: int,
              monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setattr(sitemap, "URLS_PER_FILE", per_file)
    app = FastAPI()
    errors.install(app)
    app.include_router(sitemap.router(make_site(settings, archive, SearchIndex.open(tmp_path / "index"))))
    return app


def urls(text: str) -> dict[str, str | None]:
    root = ElementTree.fromstring(text.encode())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {u.findtext("s:loc", namespaces=NS) or "": u.findtext("s:lastmod", namespaces=NS)
            for u in root.findall("s:url", NS)}


def expected(archive: Archive) -> set[str]:
    """What the store shows an anonymous reader, as permalinks: the sitemap must say exactly this."""
    found = {f"{BASE}{p}" for p in FIXED_PAGES}
    for record in archive.browse(ANONYMOUS, tuple(PAGES), 0, 1000).items:
        found.add(f"{BASE}/{PAGES[record.kind]}/{record.id}")
    return found


def test_the_sitemap_lists_what_an_anonymous_reader_can_open(client: TestClient, world: World) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    listed = urls(response.text)
    assert set(listed) == expected(world.archive)
    assert f"{BASE}/documents/{world.public.id}" in listed and f"{BASE}/documents/{LIFTED.id}" in listed
    assert f"{BASE}/authorities/{RGAE.id}" in listed
    for record in HIDDEN:
        assert record.id not in response.text
    assert all(listed[f"{BASE}{p}"] is None for p in FIXED_PAGES)
    assert listed[f"{BASE}/documents/{world.public.id}"] == "2026-11-01"
    for page in listed:  # every listed page opens for an anonymous reader
        assert client.get(page.removeprefix(BASE)).status_code == 200, page


def test_an_embargoed_record_appears_on_its_day_with_that_day(client: TestClient, world: World,
                                                             clock: FixedClock) -> None:
    soon = world.public.model_copy(update={"access": Access(level="embargoed", until=date(2026, 12, 1))})
    world.archive.put(soon, "test")
    assert world.public.id not in client.get("/sitemap.xml").text
    clock.now += timedelta(days=30)
    listed = urls(client.get("/sitemap.xml").text)
    assert listed[f"{BASE}/documents/{world.public.id}"] == "2026-12-01"


def test_withdrawn_and_draft_records_leave_the_sitemap(client: TestClient, world: World) -> None:
    world.archive.put(world.public.model_copy(update={"status": Status.WITHDRAWN}), "test")
    world.archive.put(RGAE.model_copy(update={"status": Status.DRAFT}), "test")
    text = client.get("/sitemap.xml").text
    assert world.public.id not in text and RGAE.id not in text
    assert set(urls(text)) == expected(world.archive)


def test_past_the_limit_the_sitemap_is_an_index_of_files(world: World, settings: Settings, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(small_app(world.archive, settings, tmp_path, 4, monkeypatch)) as client:
        root = ElementTree.fromstring(client.get("/sitemap.xml").content)
        assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
        files = [s.findtext("s:loc", namespaces=NS) or "" for s in root.findall("s:sitemap", NS)]
        total = len(expected(world.archive))
        assert files == [f"{BASE}/sitemap-{n}.xml" for n in range(1, -(-total // 4) + 1)]
        seen: list[str] = []
        for url in files:
            page = urls(client.get(url.removeprefix(BASE)).text)
            assert 1 <= len(page) <= 4
            seen += page
        assert len(seen) == len(set(seen)) == total and set(seen) == expected(world.archive)
        missing = client.get(f"/sitemap-{len(files) + 1}.xml")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        assert client.get("/sitemap-0.xml").status_code == 422


def test_one_file_when_everything_fits(world: World, settings: Settings, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(small_app(world.archive, settings, tmp_path, 1000, monkeypatch)) as client:
        whole = client.get("/sitemap.xml").text
        assert whole == client.get("/sitemap-1.xml").text
        assert client.get("/sitemap-2.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client: TestClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *" and "Disallow: /search" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    elsewhere = client.get("/robots.txt", headers={"host": "archive.example"})
    assert "Sitemap: http://archive.example/sitemap.xml" in elsewhere.text


def test_locations_are_escaped() -> None:
    body = _xml("urlset", [("http://x.test/search?a=1&b=<2>", "2026-01-01")]).body.decode()
    assert "<loc>http://x.test/search?a=1&amp;b=&lt;2&gt;</loc><lastmod>2026-01-01</lastmod>" in body
    ElementTree.fromstring(body.encode())
