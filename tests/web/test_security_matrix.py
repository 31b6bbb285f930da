"""Every route × every role: who gets in is exactly what the route's ``require`` declares.

The routes are not listed here: the test walks the app (``security_fixtures.endpoints``), reads the
permission each route declares with ``Depends(require(...))`` anywhere in its dependency tree, and
fills its path from the shared world. For each route and each of anonymous, reader, contributor,
translator, editor and admin (each with an API token, so no CSRF token is needed):

- a role without the permission gets exactly 401 (anonymous) or 403 (signed in), in the one error shape;
- a role with it is not refused (neither 401 nor 403) on a world record it may act on: a contributor's
  writes aim at the draft first; a 403 is accepted only when it comes from a record-level rule (the
  store's ``Forbidden``) for every candidate record, or when an API token is refused by design and a
  signed-in session of the same role is let in; each such case is listed in the report;
- a public GET route refuses nobody (a route that refuses without declaring why is a finding);
- nobody ever gets a 500.

Write routes get a minimal body of plausible values (a 422 is fine) and the world is put back
before each write. SQLite runs the whole matrix; PostgreSQL every route for a slice of the roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.core.auth import require
from tests.support.people import PASSWORD, add_person, sign_in
from tests.web.security_fixtures import (
    ANONYMOUS,
    RULE_HEADER,
    VIEWERS,
    Endpoint,
    Filler,
    ServerErrors,
    World,
    endpoints,
    error_message,
    query_params,
    request_body,
    tag_record_rules,
)

POSTGRES_ROLES = (ANONYMOUS, "reader", "contributor", "admin")
SHORT = {ANONYMOUS: "anon", "reader": "reader", "contributor": "contrib", "translator": "transl",
         "editor": "editor", "admin": "admin"}


@dataclass
class Cell:
    endpoint: Endpoint
    role: str
    status: int = 0
    problem: str = ""
    note: str = ""
    trace: str = ""


@dataclass
class Matrix:
    client: TestClient
    world: World
    filler: Filler
    errors: ServerErrors
    sessions: dict[str, tuple[TestClient, str]] = field(default_factory=dict)

    def session(self, role: str) -> tuple[TestClient, str]:
        """A client signed in as ``role``'s account through the form, and its CSRF token."""
        if role not in self.sessions:
            client = TestClient(self.client.app, raise_server_exceptions=False)  # the app runs already
            name = self.world.users[role]
            if self.world.archive.accounts.verify(name, PASSWORD) is None:
                self.world.archive.accounts.set_password(name, PASSWORD)  # a route changed it
            self.sessions[role] = (client, sign_in(client, name))
        return self.sessions[role]

    def send(self, endpoint: Endpoint, url: str, role: str, by_session: bool = False) -> tuple[int, object, str]:
        if endpoint.unsafe:
            self.world.reset()
        self.client.cookies.clear()  # a route may have set a session cookie: the matrix acts by token only
        mark = len(self.errors.seen)
        kwargs = {"params": query_params(endpoint, self.world), **request_body(endpoint, self.world)}
        if by_session:
            client, csrf = self.session(role)
            response = client.request(endpoint.method, url, headers={"x-csrf-token": csrf}, follow_redirects=False,
                                      **kwargs)
            self.sessions.pop(role, None)  # a write may have ended the session; sign in afresh next time
        else:
            response = self.client.request(endpoint.method, url, headers=self.world.headers(role),
                                           follow_redirects=False, **kwargs)
        if endpoint.unsafe:
            self.world.reset()  # a revoked token or a disabled account must not spoil the next request
        return response.status_code, response, self.errors.since(mark)

    def probe(self, endpoint: Endpoint, role: str) -> Cell:
        cell = Cell(endpoint, role)
        allowed = endpoint.allows(role)
        refusals: list[str] = []
        for filled in self.filler.fill(endpoint, role):
            status, response, trace = self.send(endpoint, filled.url, role)
            cell.status = status
            where = f"{filled.url}" + (f" (target: {filled.target})" if filled.target else "")
            if filled.guessed:
                cell.note = f"guessed {', '.join(filled.guessed)}"
            if status >= 500:
                cell.problem, cell.trace = f"{status} on {where}", trace
                return cell
            if endpoint.public:
                if not endpoint.unsafe and status in (401, 403):
                    cell.problem = (f"{status} on a route that declares no permission ({where}): "
                                    f"{error_message(response)}; declare it with Depends(require(...))")
                return cell
            if not allowed:
                expected, code = (401, "unauthorized") if role == ANONYMOUS else (403, "forbidden")
                body_code = _code(response)
                if status != expected or body_code != code:
                    cell.problem = f"expected {expected} {code}, got {status} {body_code} on {where}"
                return cell
            if status == 401:
                cell.problem = f"401 for a role holding {endpoint.permissions} on {where}: {error_message(response)}"
                return cell
            if status != 403:
                return cell
            message = error_message(response)
            if getattr(response, "headers", {}).get(RULE_HEADER):
                refusals.append(f"{filled.target or 'record'}: {message}")
                continue
            # Refused although the role holds the permission, not by a record rule: an API token refused
            # on purpose passes if the same role signed in with a password gets in.
            s_status, s_response, s_trace = self.send(endpoint, filled.url, role, by_session=True)
            if s_status >= 500:
                cell.status, cell.problem, cell.trace = s_status, f"{s_status} (signed in) on {where}", s_trace
            elif s_status in (401, 403):
                cell.status = s_status
                cell.problem = (f"{s_status} for a role holding {endpoint.permissions}, not from a record rule, "
                                f"on {where}: {error_message(s_response)}")
            else:
                cell.status = s_status
                cell.note = f"API token refused by design ({message!r}); signed in: {s_status}"
            return cell
        cell.note = "record rule on every target: " + " | ".join(refusals)
        return cell


def _code(response: object) -> str:
    try:
        return str(response.json()["error"]["code"])  # type: ignore[attr-defined]
    except (ValueError, KeyError, TypeError):
        return "(not the error shape)"


def report(cells: list[Cell], roles: tuple[str, ...], unknown: dict[str, set[str]]) -> str:
    """A compact table (route × role: status, ✗ marks a failure) and the failures in full."""
    keys = list(dict.fromkeys(c.endpoint.key for c in cells))
    by = {(c.endpoint.key, c.role): c for c in cells}
    width = max(len(k) for k in keys)
    lines = [f"{'route':<{width}}  perm            " + " ".join(f"{SHORT[r]:>8}" for r in roles)]
    for key in keys:
        first = by[(key, roles[0])]
        perm = ",".join(p or "signed-in" for p in first.endpoint.permissions) or "public"
        marks = []
        for role in roles:
            cell = by.get((key, role))
            marks.append(f"{('✗' if cell and cell.problem else '') + str(cell.status if cell else '-'):>8}")
        lines.append(f"{key:<{width}}  {perm[:15]:<15} " + " ".join(marks))
    problems = [c for c in cells if c.problem]
    if problems:
        lines.append("\nFailures:")
        for c in problems:
            lines.append(f"- {c.endpoint.key} as {c.role}: {c.problem}")
            if c.trace:
                lines.append("    " + c.trace.strip().replace("\n", "\n    ")[-3000:])
    if unknown:
        lines.append("\nPath parameters the world cannot fill (add them to security_fixtures.Filler.value):")
        lines += [f"- {name}: {', '.join(sorted(routes))}" for name, routes in sorted(unknown.items())]
    notes = [c for c in cells if c.note]
    if notes:
        lines.append("\nAccepted with a note:")
        lines += [f"- {c.endpoint.key} as {c.role}: {c.note}" for c in notes]
    return "\n".join(lines)


@pytest.fixture
def client(world: World, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, world.archive)
    tag_record_rules(app)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_every_route_admits_exactly_the_roles_its_permission_names(client: TestClient, world: World,
                                                                    archive: Archive) -> None:
    postgres = archive.engine.dialect.name == "postgresql"
    roles = POSTGRES_ROLES if postgres else VIEWERS
    routes = endpoints(client.app)  # type: ignore[arg-type]
    assert len(routes) > 40 and any(not e.public for e in routes), "the route walk found too little"
    filler = Filler(world)
    with ServerErrors() as errors:
        matrix = Matrix(client, world, filler, errors)
        cells = [matrix.probe(e, role) for e in routes for role in roles]
    text = report(cells, roles, filler.unknown)
    print(text)  # shown with -s, and in the failure report below
    failed = [c for c in cells if c.problem]
    assert not failed and not filler.unknown, (
        f"{len(failed)} of {len(cells)} route × role checks failed "
        f"({len(routes)} routes × {len(roles)} roles):\n{text}")


HOSTILE = ("\x00", "a\x00b", "x" * 3000, "é😀'\"<b>&%")


def test_hostile_text_in_any_form_field_is_never_a_server_error(client: TestClient, world: World) -> None:
    """Every HTML form (these routes are outside the OpenAPI schema that schemathesis reads), filled
    by an administrator with a NUL byte, a very long value, quotes, markup and emoji in each text field."""
    add_person(world.archive, "admin", "admin-1")
    forms = [e for e in endpoints(client.app) if e.unsafe  # type: ignore[arg-type]
             and any(kind == "Form" for _, kind, _, _ in e.body)]
    assert forms, "no form routes found"
    filler, failures = Filler(world), []
    with ServerErrors() as errors:
        for endpoint in forms:
            url = filler.fill(endpoint, "admin")[0].url
            for value in HOSTILE:
                world.reset()
                browser = TestClient(client.app, raise_server_exceptions=False)
                if endpoint.path == "/login":
                    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text)
                    token = csrf.group(1) if csrf else ""
                else:
                    token = sign_in(browser, "admin-1")
                data = request_body(endpoint, world, minimal=False).get("data", {})
                for name, kind, annotation, _ in endpoint.body:
                    if kind == "Form" and name != "csrf" and "str" in str(annotation):
                        data[name] = [value] if "list" in str(annotation) else value
                mark = len(errors.seen)
                response = browser.post(url, data={**data, "csrf": token}, follow_redirects=False)
                if response.status_code >= 500:
                    failures.append(f"{endpoint.key} with {value[:12]!r} in {sorted(data)}: "
                                    f"{response.status_code}\n{errors.since(mark)[-1500:]}")
    assert not failures, f"{len(failures)} form posts failed:\n" + "\n".join(failures)


def test_the_route_walk_finds_permissions_at_any_depth() -> None:
    """The matrix is only as good as the walk: a require() inside another dependency still counts."""
    app = FastAPI()
    nested = require("publish")

    async def outer(viewer: object = Depends(nested)) -> object:
        return viewer

    @app.get("/open")
    def open_route() -> None: ...

    @app.post("/deep")
    def deep(v: object = Depends(outer)) -> None: ...

    @app.put("/signed/{doc_id}", dependencies=[Depends(require(None))])
    def signed(doc_id: str) -> None: ...

    found = {e.key: e for e in endpoints(app)}
    assert found["GET /open"].public and found["POST /deep"].permissions == ("publish",)
    assert found["PUT /signed/{doc_id}"].permissions == (None,) and found["PUT /signed/{doc_id}"].path_params == (
        "doc_id",)
    assert found["POST /deep"].allows("editor") and not found["POST /deep"].allows("contributor")
    assert found["PUT /signed/{doc_id}"].allows("reader") and not found["PUT /signed/{doc_id}"].allows(ANONYMOUS)


def test_an_unknown_path_parameter_is_reported(world: World) -> None:
    endpoint = Endpoint("GET", "/things/{frobnicator}", ("publish",), ("frobnicator",), (), (), False, True, "x")
    filler = Filler(world)
    [filled] = filler.fill(endpoint, "admin")
    assert filled.url == "/things/unknown-value" and filler.unknown == {"frobnicator": {"GET /things/{frobnicator}"}}
