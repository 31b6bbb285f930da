"""The shared world of the security tests, and the tools that walk every route of the app.

``build_world`` saves a small archive with one record of each kind an access rule or a workflow
rule treats differently (published and public, restricted, embargoed until a future day, a draft,
one in review, an embargo already over), two persons (so merge routes have a source and a
target), a repository, a public and a hidden collection, a restricted person, a stored original,
an ingest job, and an account with an API token for each role. Hidden records carry words found
nowhere else, so a leak is a plain substring search.

``endpoints(app)`` lists every (method, path) of the app with the permission its ``require``
dependency declares, found in the route's dependency tree, so new routes are covered the moment
they are added. ``Filler`` fills path parameters from the world by name (failing on a name it
does not know), ``request_body`` builds a minimal plausible body from a route's declared fields.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import func, select

from opis import vocab
from opis.model import (
    Access,
    AgentRef,
    ArchivalReference,
    AttachedOriginal,
    Authority,
    Collection,
    Credit,
    DocDate,
    Document,
    Name,
    Relation,
    Rendition,
    Status,
    make_id,
)
from opis.store import accounts as account_store
from opis.store import schema
from opis.store.archive import Archive
from opis.store.codec import AnyRecord
from opis.store.errors import Forbidden, NotFound
from opis.store.ingestlog import FileOutcome, finish_job, record_outcome, start_job
from opis.web.core.errors import error_response
from tests.support.people import PASSWORD, ROLES, add_person

ANONYMOUS = "anonymous"
VIEWERS = (ANONYMOUS, *ROLES)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RULE_HEADER = "x-test-refused-by"  # set on 403s raised as the store's Forbidden (a record-level rule)
NEW_PASSWORD = "a new password for the matrix"
TODAY = date(2026, 11, 1)  # the `clock` fixture's day

# -- the records ---------------------------------------------------------------------------------

SHTYKOV = Authority(kind="person", id=make_id("person", "sec", "shtykov"), preferred="Terentii Shtykov",
                    names=[Name(value="Штыков Терентий Фомич", lang="ru-Cyrl")])
KIM = Authority(kind="person", id=make_id("person", "sec", "kim"), preferred="Kim Il Sung",
                names=[Name(value="김일성", lang="ko-Hang")])
RGAE = Authority(kind="repository", id=make_id("repository", "sec", "RGAE"), preferred="RGAE", code="RGAE")
COLLECTION = Collection(id=make_id("collection", "sec", "aid"), title="Soviet aid to Korea", featured=True)

PUBLIC_TEXT = "Товарищ Ким Ир Сен! Прошу прислать инженеров на Сунчхонскую электростанцию."
TABLE = {"caption": "Staff", "header": ["Qualification", "Need"], "rows": [["Engineers", "5"], ["Total:", "5"]],
         "row_roles": ["item", "total"], "checks": []}


def _ref(delo: str) -> ArchivalReference:
    return ArchivalReference(raw=f"RGAE. F. 413. Op. 13. D. {delo}. L. 1.", repository="RGAE", fond="413",
                             opis="13", delo=delo, folios="1")


def _doc(key: str, title: str, text: str, **kw: Any) -> Document:
    base: dict[str, Any] = {
        "id": make_id("document", "sec", key), "title": title, "genre": "letter",
        "date": DocDate(edtf="1947-05", text="May 1947"), "languages": ["ru"],
        "agents": [AgentRef(name="Shtykov", role="sender", authority=SHTYKOV.id),
                   AgentRef(name="Kim Il Sung", role="recipient", authority=KIM.id)],
        "collections": [COLLECTION.id], "archival_refs": [_ref("5467")],
        "renditions": [Rendition(id=f"ren-sec-{key}", kind="original", language="ru", text=text)],
    }
    base.update(kw)
    return Document.model_validate(base)


# Words that occur in one hidden record each and nowhere else in the world.
SECRET = {
    "restricted": ("Quillfeather", "Gorbunkin", "quinquireme", "90417"),
    "embargoed": ("Marrowpine", "Vasnetsky", "oubliette", "90418"),
    "draft": ("Thistlewick", "Pelageyev", "zarabanda", "90419"),
    "review": ("Brackenfold", "Ostrogradov", "palimpsestic", "90420"),
    "hidden_person": ("Ozymandel", "Prutkovich"),
    "hidden_collection": ("Vellichor",),
}


def _hidden_doc(key: str, **kw: Any) -> Document:
    title_word, agent, subject, delo = SECRET[key]
    return _doc(key, f"{key.capitalize()} memorandum on {title_word}",
                f"The {title_word} report by {agent}: {subject} plans for the winter.",
                genre="report", languages=["zh"], date=DocDate(edtf="1953-02", text="February 1953"),
                agents=[AgentRef(name=agent, role="author", authority=SHTYKOV.id)], subjects=[subject],
                archival_refs=[_ref(delo)], **kw)


HIDDEN_PERSON = Authority(kind="person", id=make_id("person", "sec", "ozymandel"),
                          preferred="Ozymandel Prutkovich", access=Access(level="restricted"))
HIDDEN_COLLECTION = Collection(id=make_id("collection", "sec", "vellichor"), title="Vellichor holdings",
                               status=Status.DRAFT)
RESTRICTED = _hidden_doc("restricted", access=Access(level="restricted"))
EMBARGOED = _hidden_doc("embargoed", access=Access(level="embargoed", until=date(2031, 1, 1)))
DRAFT = _hidden_doc("draft", status=Status.DRAFT)
REVIEW = _hidden_doc("review", status=Status.REVIEW, collections=[COLLECTION.id, HIDDEN_COLLECTION.id])
LIFTED = _doc("lifted", "Telegram on the harvest, once embargoed", "Урожай хороший.", genre="cipher-telegram",
              date=DocDate(edtf="1950-05"), access=Access(level="embargoed", until=date(2020, 1, 1)))
HIDDEN = (RESTRICTED, EMBARGOED, DRAFT, REVIEW, HIDDEN_PERSON, HIDDEN_COLLECTION)
HIDDEN_WORDS = tuple(w for words in SECRET.values() for w in words) + tuple(r.title for r in HIDDEN)


def public_document(original_sha: str) -> Document:
    """The public letter. It also links to hidden records in every field that links (an agent, a
    credit, a name found in its text, a collection, a relation): none of those ids, nor the hidden
    person's name, may reach anyone who may not read them."""
    doc = _doc("public", "Letter from Shtykov on engineers for the Sunchon power station", PUBLIC_TEXT,
               originals=[AttachedOriginal(sha256=original_sha, filename="letter.txt", media_type="text/plain")],
               findings={"tables": [TABLE], "names": [
                   {"text": "Товарищ", "type": "person", "authority": HIDDEN_PERSON.id,
                    "preferred": HIDDEN_PERSON.preferred, "start": 0, "end": 7}]})
    credited = doc.renditions[0].model_copy(update={"credits": [Credit(name="a clerk", role="transcriber",
                                                                       authority=HIDDEN_PERSON.id)]})
    return doc.model_copy(update={
        "agents": [*doc.agents, AgentRef(name="a deputy minister", role="mentioned", authority=HIDDEN_PERSON.id)],
        "collections": [*doc.collections, HIDDEN_COLLECTION.id],
        "relations": [Relation(type="cites", target=RESTRICTED.id)],
        "renditions": [credited]})


@dataclass
class World:
    """What the security tests act on. ``tokens``/``users``: role -> API token secret / account name."""

    archive: Archive
    public: Document
    records: list[AnyRecord]
    original: str
    job: str
    tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    victim: str = "victim"
    victim_token: str = ""
    new_users: int = 0

    @property
    def hidden_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in HIDDEN)

    def headers(self, role: str) -> dict[str, str]:
        return {} if role == ANONYMOUS else {"authorization": f"Bearer {self.tokens[role]}"}

    def reset(self) -> None:
        """Undo what a request may have changed: records back as saved, accounts on with their roles,
        every token the tests act with valid."""
        self.archive.put_all(self.records, "security-reset", "reset by the security tests")
        accounts = self.archive.accounts
        for role, name in [*self.users.items(), ("reader", self.victim)]:
            try:
                user = accounts.user(name)
            except NotFound:  # a route removed it
                accounts.add_user(name, PASSWORD, {role})
                user = accounts.user(name)
            if user.disabled:
                accounts.set_disabled(name, False)
            if user.roles != {role}:
                accounts.set_roles(name, {role})
        for role in list(self.tokens):
            if accounts.token_user(self.tokens[role]) is None:
                self._mint(role)
        if accounts.token(self.victim_token).revoked_at:
            _, info = accounts.create_token(self.victim, "victim")
            self.victim_token = info.id

    def _mint(self, role: str) -> None:
        secret, info = self.archive.accounts.create_token(self.users[role], "security tests")
        self.tokens[role], self.token_ids[role] = secret, info.id


def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters for the accounts these tests make by the dozen (about 0.5 s each
    otherwise); what is tested here is who gets in, not how hard a hash is to crack."""
    monkeypatch.setattr(account_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def build_world(archive: Archive, folder: Path, with_hidden: bool = True) -> World:
    """The world; ``with_hidden=False`` leaves out exactly the records an anonymous reader may not
    see, which is what an anonymous reader must not be able to tell apart from the full world."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "letter.txt"
    source.write_text(PUBLIC_TEXT, encoding="utf-8")
    sha, _, _ = archive.add_original(source, "letter.txt", "text/plain")
    public = public_document(sha)
    records: list[AnyRecord] = [SHTYKOV, KIM, RGAE, COLLECTION, HIDDEN_PERSON, HIDDEN_COLLECTION, public, LIFTED,
                                RESTRICTED, EMBARGOED, DRAFT, REVIEW]
    if not with_hidden:
        records = [r for r in records if r not in HIDDEN]
    archive.put_many(records, "test")
    revised = public.model_copy(update={"summary": "Shtykov asks for engineers."})
    archive.put(revised, "test", "second revision")  # so revision numbers 1 and 2 both exist
    records[records.index(public)] = public = revised
    job = start_job(archive, "admin-token", 1, {"collection": None})
    record_outcome(archive, job, 0, FileOutcome("letter.txt", "duplicate", sha256=sha))
    finish_job(archive, job)
    world = World(archive, public, records, sha, job)
    for role in ROLES:
        world.users[role] = add_person(archive, role, f"{role}-token")
        world._mint(role)
    add_person(archive, "reader", world.victim)
    world.victim_token = archive.accounts.create_token(world.victim, "victim")[1].id
    return world


# -- the app's routes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # the template, e.g. /documents/{doc_id}/cite.{extension}
    permissions: tuple[str | None, ...]  # every require(...) found; () = a public route
    path_params: tuple[str, ...]
    query: tuple[tuple[str, Any], ...]  # required query parameters: (name, annotation)
    body: tuple[tuple[str, str, Any, bool], ...]  # (name, kind Form/File/Body, annotation, required)
    embed: bool  # a single Body parameter sent as the whole JSON body (False) or under its name
    in_schema: bool
    module: str

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def public(self) -> bool:
        return not self.permissions

    @property
    def unsafe(self) -> bool:
        return self.method in UNSAFE

    def allows(self, role: str) -> bool:
        """Whether ``role`` passes every ``require`` of the route (a public route: everyone)."""
        if self.public:
            return True
        if role == ANONYMOUS:
            return False
        return all(p is None or p in role_permissions()[role] for p in self.permissions)


@cache
def role_permissions() -> dict[str, frozenset[str]]:
    """What each role may, read from vocab/roles.yaml here rather than through the app's own ``Viewer``,
    so that the matrix checks the app against the data and not against itself."""
    return {str(r["id"]): frozenset(r["permissions"]) for r in vocab.load("roles")}


_NO = object()


def _requirements(dependant: Any) -> Iterator[str | None]:
    for dependency in dependant.dependencies:
        permission = getattr(dependency.call, "permission", _NO)
        if permission is not _NO:
            yield permission
        yield from _requirements(dependency)


def _route_contexts(app: FastAPI) -> Iterator[Any]:
    """Every route with its effective path, methods and dependencies (router prefixes and
    dependencies applied), on FastAPI versions that include routers lazily and on older ones."""
    try:
        from fastapi.routing import iter_route_contexts  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - FastAPI before lazily included routers
        yield from (r for r in app.routes if isinstance(r, APIRoute))
        return
    for ctx in iter_route_contexts(app.routes):
        if isinstance(ctx.original_route, APIRoute):
            yield ctx


def endpoints(app: FastAPI) -> list[Endpoint]:
    found: dict[str, Endpoint] = {}
    for ctx in _route_contexts(app):
        dependant = ctx.dependant
        body_fields = list(dependant.body_params)
        body = tuple((f.alias or f.name, type(f.field_info).__name__, f.field_info.annotation,
                      f.field_info.is_required()) for f in body_fields)
        embed = bool(getattr(ctx, "_embed_body_fields", False)) or len(body_fields) != 1 or any(
            kind in ("Form", "File") for _, kind, _, _ in body)
        query = tuple((q.alias or q.name, q.field_info.annotation) for q in dependant.query_params
                      if q.field_info.is_required())
        endpoint = getattr(ctx, "endpoint", None)
        for method in sorted(ctx.methods or ()):
            e = Endpoint(method, ctx.path, tuple(_requirements(dependant)),
                         tuple(p.name for p in dependant.path_params), query, body, embed,
                         bool(ctx.include_in_schema), getattr(endpoint, "__module__", ""))
            found.setdefault(e.key, e)
    return sorted(found.values(), key=lambda e: (e.path, e.method))


# -- filling a request from the world --------------------------------------------------------------

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
DOC_MARK = "\0document"  # asks Filler.value whether a parameter names the document acted on


@dataclass
class Filled:
    url: str
    target: str  # which world record the request acts on, for the report
    guessed: list[str]  # parameters filled by a guess, not by the world's table


class Filler:
    """Values for path parameters, by name, from the world. A name in neither the table nor the
    guesses is ``unknown``: the matrix fails on it, so a new route's parameter gets a real value."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.unknown: dict[str, set[str]] = {}
        self.guessed: dict[str, set[str]] = {}

    # Documents a role may act on, best first: where record-level rules apply a contributor gets the draft.
    def document_targets(self, endpoint: Endpoint, role: str) -> list[tuple[str, str]]:
        if endpoint.public:
            return [("public", self.world.public.id)]
        order = {"contributor": ("draft", "review", "public"), "translator": ("public", "draft", "review"),
                 "editor": ("draft", "public", "review"), "admin": ("draft", "public", "review")}
        by_name = {"draft": DRAFT.id, "review": REVIEW.id, "public": self.world.public.id}
        return [(n, by_name[n]) for n in order.get(role, ("public",))]

    def value(self, endpoint: Endpoint, name: str, role: str, doc: str) -> tuple[str, bool] | None:
        """(value, guessed) for one parameter, or None if the name is unknown."""
        w, path = self.world, endpoint.path
        own_token = w.token_ids.get(role, w.victim_token)
        table: dict[str, str] = {
            "doc_id": doc, "document_id": doc, "slug": "rgae", "rest": "fonds/413/opisi/13", "sha256": w.original,
            "extension": "ris", "number": "1", "job_id": w.job, "job": w.job, "token_id": own_token,
            "user": w.victim, "user_name": w.victim, "username": w.victim, "revision": "1", "rev": "1",
            "number_a": "1", "number_b": "2", "old": "1", "new": "2", "left": "1", "right": "2",
            "person_id": SHTYKOV.id, "authority_id": SHTYKOV.id, "collection_id": COLLECTION.id,
            "other_id": KIM.id, "target_id": KIM.id, "into": KIM.id, "into_id": KIM.id, "source_id": SHTYKOV.id,
            "rendition_id": w.public.renditions[0].id, "rendition": w.public.renditions[0].id, "table": "1",
            "format": "ris", "page": "1", "role": "reader", "status": "review", "kind": "person",
            "subject": "Korea",  # a theme's decision record: any subject, the page filters what the role may see
            "statement_id": "stm-0000000000000000",  # the world's documents state nothing: a 404 past the checks
            # IIIF Image API path segments: the whole image at its largest allowed size, as a viewer asks first
            "region": "full", "size": "max", "rotation": "0", "quality_format": "default.jpg",
        }
        if name == "name":
            return ("ris" if "/export/" in path else w.victim), False
        if name in ("record_id", "id"):
            if "/authorities/" in path or "/authority/" in path:
                return SHTYKOV.id, False
            if "/collections/" in path:
                return COLLECTION.id, False
            if "/users/" in path:
                return w.victim, False
            if "/tokens/" in path:
                return own_token, False
            return doc, False
        if name in table:
            return table[name], False
        guesses: list[tuple[Callable[[str], bool], str]] = [
            (lambda n: n.endswith(("_revision", "_number", "_no")), "1"),
            (lambda n: "token" in n, own_token), (lambda n: "user" in n or n.endswith("name"), w.victim),
            (lambda n: "job" in n, w.job), (lambda n: "collection" in n, COLLECTION.id),
            (lambda n: "person" in n or "authority" in n, SHTYKOV.id), (lambda n: n.endswith("_id"), doc),
        ]
        for test, guess in guesses:
            if test(name):
                return guess, True
        return None

    def fill(self, endpoint: Endpoint, role: str) -> list[Filled]:
        """The URLs to try, best first (one per candidate document when the route names a document)."""
        names = [m.group(1) for m in _PARAM.finditer(endpoint.path)]
        document_like = any((self.value(endpoint, n, role, DOC_MARK) or ("", False))[0] == DOC_MARK for n in names)
        targets = self.document_targets(endpoint, role) if document_like else [("", self.world.public.id)]
        out = []
        for label, doc in targets:
            guessed: list[str] = []

            def sub(match: re.Match[str], doc: str = doc, guessed: list[str] = guessed) -> str:
                name, convertor = match.group(1), match.group(2)
                found = self.value(endpoint, name, role, doc)
                if found is None:
                    self.unknown.setdefault(name, set()).add(endpoint.key)
                    return "unknown-value"
                value, was_guess = found
                if was_guess:
                    guessed.append(name)
                    self.guessed.setdefault(name, set()).add(endpoint.key)
                return quote(value, safe="/" if convertor == "path" else "")

            out.append(Filled(_PARAM.sub(sub, endpoint.path), label, guessed))
        return out


def plausible(annotation: Any, name: str, world: World) -> Any:
    """A small valid-looking value for a field: by its name where that says more, else by its type."""
    by_name: dict[str, Any] = {
        "password": NEW_PASSWORD, "current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD,
        "roles": ["reader"], "role": "reader", "label": "security tests", "title": "Security test title",
        "message": "security tests", "text": "Security test text.", "language": "en", "languages": ["en"],
        "lang": "en", "status": "review", "publish": False, "collection": COLLECTION.id, "into": KIM.id,
        "other": KIM.id, "target": KIM.id, "reason": "security tests", "csrf": "", "next": "/",
        "genre": "letter", "q": "letter", "preferred": "Security Person", "kind": "person",
        "disabled": False, "expected_revision": None, "revision": 1,
    }
    if name == "name":
        world.new_users += 1
        return f"security-new-{world.new_users}"
    if name in by_name:
        return by_name[name]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return plausible(inner[0], name, world) if inner else None
    if origin is typing.Literal:
        return args[0]
    if origin in (list, set, tuple, frozenset) or annotation in (list, set, tuple):
        return []
    if origin is dict or annotation is dict:
        return {}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return {n: plausible(f.annotation, n, world) for n, f in annotation.model_fields.items()
                    if f.is_required()}
        if issubclass(annotation, enum.Enum):
            return next(iter(annotation)).value
        if issubclass(annotation, bool):
            return False
        if issubclass(annotation, int):
            return 1
        if issubclass(annotation, float):
            return 1.0
        if issubclass(annotation, date):
            return "1950-01-01"
    return "security"


def request_body(endpoint: Endpoint, world: World, minimal: bool = True) -> dict[str, Any]:
    """Keyword arguments for the test client: the required fields with plausible values (files left out)."""
    fields = [(n, k, a) for n, k, a, required in endpoint.body if required or not minimal]
    if not endpoint.body:
        return {}
    if any(k in ("Form", "File") for _, k, _, _ in endpoint.body):
        data = {n: plausible(a, n, world) for n, k, a in fields if k != "File"}
        return {"data": {k: v for k, v in data.items() if v is not None}}
    if not endpoint.embed:
        name, _, annotation, _ = endpoint.body[0]
        return {"json": plausible(annotation, name, world)}
    return {"json": {n: plausible(a, n, world) for n, _, a in fields}}


def query_params(endpoint: Endpoint, world: World) -> dict[str, Any]:
    names = {"name": "Shtykov", "q": "letter", "identifier": world.public.id}
    return {n: names.get(n, plausible(a, n, world)) for n, a in endpoint.query}


# -- what the tests watch --------------------------------------------------------------------------


def tag_record_rules(app: FastAPI) -> None:
    """Mark 403s that come from the store's ``Forbidden`` (a record-level rule such as "a contributor
    edits drafts only"), so the matrix can tell them from a permission check."""

    async def forbidden(request: Request, exc: Exception) -> Response:
        response = error_response(request, 403, str(exc))
        response.headers[RULE_HEADER] = "record-rule"
        return response

    app.add_exception_handler(Forbidden, forbidden)


class ServerErrors(logging.Handler):
    """Collects the tracebacks ``web/errors.py`` logs for unexpected errors (the 500s)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(logging.Formatter().formatException(record.exc_info))
        self.seen.append(text)

    def __enter__(self) -> ServerErrors:
        logging.getLogger("opis.web").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("opis.web").removeHandler(self)

    def since(self, mark: int) -> str:
        return "\n".join(self.seen[mark:])


def fingerprint(archive: Archive) -> dict[str, Any]:
    """Row counts of every table people change, and digests of accounts and tokens: equal before and
    after a request means the request changed nothing (the index's outbox is left out: it drains)."""
    tables = [schema.records, schema.revisions, schema.audit_log, schema.users, schema.sessions, schema.api_tokens,
              schema.ingest_jobs, schema.ingest_files, schema.originals]
    out: dict[str, Any] = {}
    with archive.engine.connect() as conn:
        for table in tables:
            out[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
        users = conn.execute(select(schema.users.c.name, schema.users.c.roles, schema.users.c.disabled,
                                    schema.users.c.password_hash).order_by(schema.users.c.name)).all()
        tokens = conn.execute(select(schema.api_tokens.c.id, schema.api_tokens.c.revoked_at)
                              .order_by(schema.api_tokens.c.id)).all()
        revs = conn.execute(select(schema.records.c.id, schema.records.c.revision, schema.records.c.status)
                            .order_by(schema.records.c.id)).all()
    for label, rows in (("users", users), ("tokens", tokens), ("records", revs)):
        out[f"{label}-digest"] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()[:16]
    return out


def error_message(response: Any) -> str:
    if response.headers.get("content-type", "").startswith("text/html"):
        found = re.search(r'role="alert"[^>]*>\s*(?:<p>)?([^<]{1,200})', response.text) or re.search(
            r"<h1[^>]*>([^<]{1,200})", response.text)
        return found.group(1).strip() if found else "(an HTML page)"
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", ""))
    return str(body)[:200]
