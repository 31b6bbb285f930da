"""Hidden records leave no trace for those who may not see them: not a title, not a word, not a count.

Two worlds are built on the same kind of database: the full one (security_fixtures.build_world) and
a bare one without the records an anonymous reader may not see (restricted, embargoed until a future
day, draft, in review; a restricted person; a draft collection). Anonymous, and then a signed-in
``reader`` (a role with no extra permission), send the same requests to both:

- every GET route of the app, found by walking it, filled from the world, as HTML, as JSON
  (``Accept``) and at its ``.json`` twin; and again with each hidden record's id in its path;
- search (``/api/search`` and ``/search``, with facets, filters, dates and both sorts), the exports of
  result sets (CSV, JSON Lines, RIS, BibTeX), OAI-PMH (ListRecords, ListIdentifiers, ListSets,
  GetRecord of each hidden id, a hidden set), the sitemap, the timeline and the home page's counts.

Each answer from the full world must equal the bare world's (status, body, counting headers; only
relevance scores, CSRF tokens and the order of hits in a JSON search by relevance may differ, since
scores use index-wide term statistics), and must not contain a hidden record's title, distinctive
words or id (an id the request itself names may be echoed in a "not found").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.originals import OriginalsDir
from opis.web.app import create_app
from tests.conftest import FixedClock
from tests.support.people import add_person, sign_in
from tests.support.postgres import create_database
from tests.web.security_fixtures import (
    ANONYMOUS,
    COLLECTION,
    DRAFT,
    EMBARGOED,
    HIDDEN,
    HIDDEN_COLLECTION,
    HIDDEN_PERSON,
    HIDDEN_WORDS,
    RESTRICTED,
    REVIEW,
    SECRET,
    SHTYKOV,
    Endpoint,
    Filler,
    World,
    build_world,
    endpoints,
    fast_passwords,
    query_params,
)

HIDDEN_DOCS = (RESTRICTED, EMBARGOED, DRAFT, REVIEW)
HIDDEN_IDS = tuple(r.id for r in HIDDEN)
COMPARED_HEADERS = ("content-type", "x-opis-total", "content-disposition", "location")
SEARCH_WORDS = ("", "letter", "memorandum", "report", "winter", "plans", "Shtykov", "Штыков", "engineers",
                "genre:report", "language:zh", *(w for k in ("restricted", "embargoed", "draft", "review")
                                                 for w in SECRET[k]))
FILTERS: tuple[dict[str, str], ...] = (
    {"genre": "report"}, {"language": "zh"}, {"repository": "RGAE"}, {"fond": "RGAE f. 413"},
    {"collection": COLLECTION.id}, {"collection": HIDDEN_COLLECTION.id}, {"person": SHTYKOV.id},
    {"from": "1953", "to": "1953"}, {"from": "1940", "to": "1960", "sort": "date"})


@dataclass
class Worlds:
    full: World
    bare: World
    full_client: TestClient
    bare_client: TestClient


def _bare_settings(archive: Archive, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if archive.engine.dialect.name == "postgresql":
        url = create_database(request.getfixturevalue("postgres_server"))
    else:
        url = f"sqlite:///{tmp_path / 'bare.sqlite3'}"
    return Settings(data_dir=tmp_path / "bare", database_url=url, load_sample=False)


@pytest.fixture
def worlds(archive: Archive, settings: Settings, tmp_path: Path, clock: FixedClock, request: pytest.FixtureRequest,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Worlds]:
    fast_passwords(monkeypatch)
    full = build_world(archive, tmp_path / "full-world")
    bare_settings = _bare_settings(archive, tmp_path, request)
    engine = make_engine(bare_settings.url, bare_settings.query_timeout_ms)
    migrate(engine)
    bare_archive = Archive(engine, OriginalsDir(bare_settings.originals_dir), clock)
    bare = build_world(bare_archive, tmp_path / "bare-world", with_hidden=False)
    for world in (full, bare):
        add_person(world.archive, "reader", "reader-1")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as full_client, \
            TestClient(create_app(bare_settings, bare_archive), raise_server_exceptions=False) as bare_client:
        yield Worlds(full, bare, full_client, bare_client)
    engine.dispose()


# -- what to ask -------------------------------------------------------------------------------------

def _hidden_variants(url: str, world: World) -> list[str]:
    """The same URL naming each hidden record instead of the public one it was filled with."""
    out = []
    if world.public.id in url:
        out += [url.replace(world.public.id, d.id) for d in HIDDEN_DOCS]
    if SHTYKOV.id in url:
        out.append(url.replace(SHTYKOV.id, HIDDEN_PERSON.id))
    if COLLECTION.id in url:
        out.append(url.replace(COLLECTION.id, HIDDEN_COLLECTION.id))
    if "fonds/413/opisi/13" in url:
        out += [url.replace("fonds/413/opisi/13", f"fonds/413/opisi/13/dela/{SECRET[k][3]}")
                for k in ("restricted", "embargoed", "draft", "review")]
    return out


def _twin(path: str) -> str | None:
    last = path.rsplit("/", 1)[-1]
    if path.startswith("/api/") or path == "/" or "." in last or not last:
        return None
    return path + ".json"


def route_requests(routes: list[Endpoint], world: World, role: str) -> list[tuple[str, dict[str, str]]]:
    """(url, headers) for every GET route: HTML, JSON by Accept, the .json twin; public and hidden targets."""
    filler = Filler(world)
    html, as_json = {"accept": "text/html"}, {"accept": "application/json"}
    out: list[tuple[str, dict[str, str]]] = []
    for endpoint in routes:
        if endpoint.method != "GET" or endpoint.path in ("/openapi.json", "/docs", "/redoc"):
            continue
        url = filler.fill(endpoint, role)[0].url
        query = query_params(endpoint, world)
        urls = [url, *_hidden_variants(url, world)]
        if "name" in query:
            query_urls = [(u, {**query, "name": name}) for u in urls for name in ("Shtykov", *SECRET["hidden_person"],
                                                                                 SECRET["restricted"][1])]
        else:
            query_urls = [(u, query) for u in urls]
        for u, q in query_urls:
            full = u + ("?" + urlencode(q) if q else "")
            if not endpoint.allows(role):  # refused before anything is read: once is enough
                out.append((full, {}))
                continue
            out += [(full, html), (full, as_json)]
            twin = _twin(u)
            if twin:
                out.append((twin + ("?" + urlencode(q) if q else ""), {}))
    return out


def oai_identifier(client: TestClient, world: World) -> str:
    """The OAI identifier prefix the endpoint uses, read from a public record's identifier."""
    listed = client.get("/oai", params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).text
    found = re.search(r"<identifier>([^<]*)" + re.escape(world.public.id) + "</identifier>", listed)
    assert found, listed[:500]
    return found.group(1)


def other_requests(prefix: str) -> list[tuple[str, dict[str, str]]]:
    urls: list[str] = []
    for q in SEARCH_WORDS:
        urls += [f"/api/search?{urlencode({'q': q, 'facets': 'true', 'limit': 100})}",
                 f"/api/search?{urlencode({'q': q, 'facets': 'true', 'sort': 'date', 'limit': 100})}",
                 f"/search.json?{urlencode({'q': q})}", f"/search?{urlencode({'q': q})}",
                 f"/api/authorities?{urlencode({'name': q or 'Shtykov'})}"]
    for filters in FILTERS:
        urls += [f"/api/search?{urlencode({'facets': 'true', 'limit': 100, **filters})}",
                 f"/search.json?{urlencode(filters)}", f"/timeline.json?{urlencode(filters)}"]
    for q in ("", "letter", SECRET["restricted"][0], SECRET["draft"][0], "report"):
        urls += [f"/search.{ext}?{urlencode({'q': q})}" for ext in ("csv", "jsonl", "ris", "bib")]
    urls += [f"/timeline?{urlencode({'collection': COLLECTION.id})}",
             f"/timeline.json?{urlencode({'collection': HIDDEN_COLLECTION.id})}",
             f"/timeline.json?{urlencode({'person': SHTYKOV.id})}",
             # The hidden documents are dated February 1953: zoomed there, no count or undated total may move.
             "/timeline.json?from=1953&to=1953", "/timeline?from=1950s&genre=report", "/subjects.json",
             f"/search.json?{urlencode({'subject': SECRET['restricted'][2]})}"]
    for verb in ("ListRecords", "ListIdentifiers"):
        urls += [f"/oai?verb={verb}&metadataPrefix=oai_dc",
                 f"/oai?verb={verb}&metadataPrefix=oai_dc&set=collection:{COLLECTION.id}",
                 f"/oai?verb={verb}&metadataPrefix=oai_dc&set=collection:{HIDDEN_COLLECTION.id}",
                 f"/oai?verb={verb}&metadataPrefix=oai_dc&from=2000-01-01"]
    urls += ["/oai?verb=ListSets", "/oai?verb=Identify",
             *(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={prefix}{i}" for i in HIDDEN_IDS),
             *(f"/oai?verb=ListMetadataFormats&identifier={prefix}{i}" for i in HIDDEN_IDS),
             "/sitemap.xml", "/sitemap-1.xml", "/robots.txt"]
    return [(u, {}) for u in urls]


# -- comparing --------------------------------------------------------------------------------------

def _strip_scores(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_scores(v) for k, v in value.items() if k not in ("score", "csrf")}
    if isinstance(value, list):
        return [_strip_scores(v) for v in value]
    return value


def normalized(response: Any, url: str) -> str:
    """The body without what may differ between two honest worlds: scores, CSRF tokens, and for a
    search by relevance the order of hits (index-wide term statistics move scores)."""
    text: str = response.text
    if "json" in response.headers.get("content-type", ""):
        try:
            body = _strip_scores(json.loads(text))
        except ValueError:
            return text
        if isinstance(body, dict) and isinstance(body.get("hits"), list) and "sort=date" not in url:
            body["hits"] = sorted(body["hits"], key=lambda h: json.dumps(h, sort_keys=True))
        return json.dumps(body, sort_keys=True, ensure_ascii=False)
    text = re.sub(r'(name="csrf"[^>]*value=")[^"]*', r"\1", text)
    return re.sub(r'(value="[^"]*"[^>]*name="csrf")', 'name="csrf"', text)


def leaks(text: str, url: str) -> list[str]:
    asked = unquote(url).lower()
    low = text.lower()
    return [w for w in (*HIDDEN_WORDS, *HIDDEN_IDS) if w.lower() in low and w.lower() not in asked]


def compare(worlds: Worlds, requests: list[tuple[str, dict[str, str]]], who: str) -> list[str]:
    problems = []
    for url, headers in requests:
        full = worlds.full_client.get(url, headers=headers, follow_redirects=False)
        bare = worlds.bare_client.get(url, headers=headers, follow_redirects=False)
        label = f"{who} GET {url} {headers.get('accept', '')}".rstrip()
        found = leaks(full.text + " ".join(f"{k}: {v}" for k, v in full.headers.items()), url)
        if found:
            problems.append(f"{label}: {full.status_code} shows {found}")
        if full.status_code >= 500:
            problems.append(f"{label}: {full.status_code}")
        if full.status_code != bare.status_code:
            problems.append(f"{label}: {full.status_code} here, {bare.status_code} in a world without the hidden "
                            "records")
            continue
        differing = [h for h in COMPARED_HEADERS if full.headers.get(h) != bare.headers.get(h)]
        if differing:
            problems.append(f"{label}: headers differ: "
                            f"{[(h, full.headers.get(h), bare.headers.get(h)) for h in differing]}")
        a, b = normalized(full, url), normalized(bare, url)
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            here, without = a[max(0, at - 120):at + 120], b[max(0, at - 120):at + 120]
            problems.append(f"{label}: differs from a world without the hidden records at {at}:\n"
                            f"    here:    …{here!r}\n    without: …{without!r}")
    return problems


def _check(worlds: Worlds, role: str) -> None:
    routes = endpoints(worlds.full_client.app)  # type: ignore[arg-type]
    requests = route_requests(routes, worlds.full, role) + other_requests(
        oai_identifier(worlds.full_client, worlds.full))
    problems = compare(worlds, requests, role)
    assert len(requests) > 300
    assert not problems, f"{len(problems)} of {len(requests)} requests tell hidden records apart:\n" + \
        "\n".join(problems[:60])


def test_anonymous_cannot_tell_hidden_records_exist(worlds: Worlds) -> None:
    _check(worlds, ANONYMOUS)


def test_a_signed_in_reader_cannot_either(worlds: Worlds) -> None:
    sign_in(worlds.full_client, "reader-1")
    sign_in(worlds.bare_client, "reader-1")
    assert worlds.full_client.get("/api/me").json()["permissions"] == []
    _check(worlds, "reader")


def test_the_world_really_hides_something(worlds: Worlds) -> None:
    """The comparison means something only if the hidden records are there for those who may see them."""
    editor = worlds.full.headers("editor")
    for doc in HIDDEN_DOCS:
        assert worlds.full_client.get(f"/api/documents/{doc.id}", headers=editor).status_code == 200
        assert worlds.full_client.get(f"/api/documents/{doc.id}").status_code == 404
    found = worlds.full_client.get("/api/search", params={"q": SECRET["restricted"][0]}, headers=editor).json()
    assert [h["id"] for h in found["hits"]] == [RESTRICTED.id]
