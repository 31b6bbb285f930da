"""Authority records edited by people: forms for new and existing records, the merge and split
pages, and the JSON API beside them (``POST``/``PUT /api/authorities``, ``…/merge``, ``…/split``).

Every change goes through the store's audited paths (``Archive.edit``, ``store/merging``), which
apply the edit rule again; the routes let in only holders of ``edit_authorities``. A form that
fails validation comes back with the person's input kept and a message by each field (422); a
change someone else saved meanwhile likewise (409), with a link to what they changed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from starlette.datastructures import FormData

from opis import vocab
from opis.model import Access, AccessLevel, Authority, AuthorityKind, DocDate, Name, Office, Status, make_id
from opis.model.common import check_language, scheme_ids
from opis.store import merging
from opis.store.access import SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid, NotFound
from opis.web.core.auth import client_ip, require
from opis.web.core.params import IfMatch, if_match_revision
from opis.web.core.respond import page
from opis.web.core.site import Site

PERMISSION = "edit_authorities"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
ROW_LIMIT = 300
ROW_FIELDS = {"names": ("value", "lang", "scheme"), "offices": ("title", "organization", "date", "date_text"),
              "identifiers": ("scheme", "value")}
_ROW = re.compile(r"^(names|offices|identifiers)-(\d{1,4})-([a-z_]+)$")
_IDENTIFIER_KEY = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
LIMITS = {"description": 50_000}  # characters; every other text field: SHORT
SHORT = 500
T = TypeVar("T")


def clean(value: str) -> str:
    """Refuse what no database column can hold: NUL characters and unpaired surrogates."""
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueError("text may not contain NUL characters or unpaired surrogates")
    return value


Text = Annotated[str, StringConstraints(max_length=SHORT), AfterValidator(clean)]
LongText = Annotated[str, StringConstraints(max_length=LIMITS["description"]), AfterValidator(clean)]
RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
PathId = Annotated[str, Path(pattern=ID_PATTERN, description="A record id, e.g. per-1a2b3c4d5e6f7a8b")]
Revision = Annotated[int, Field(ge=1, le=2**31)]
Editor = Annotated[Viewer, Depends(require(PERMISSION))]
Kind = Annotated[AuthorityKind, Query(description="What kind of record to add")]
Other = Annotated[str, Query(pattern=r"^(" + ID_PATTERN.strip("^$") + ")?$", description="The record to merge in")]
Lookup = Annotated[str, Query(max_length=SHORT, description="A name in any script"), AfterValidator(clean)]


# -- the JSON API's bodies ----------------------------------------------------------------------


class NameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Annotated[Text, StringConstraints(min_length=1)]
    lang: Text | None = Field(None, description="BCP 47: ru-Cyrl, ko-Hang, ko-Latn, zh-Hant …")
    scheme: Text | None = Field(None, description="A romanization scheme of vocab/scripts.yaml: mr, rr, pinyin …")


class DateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    edtf: Text = Field(description="EDTF: 1912-04-15, 1950-05, 1912/1994, 195X …")
    text: Text | None = None


class OfficeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(min_length=1)]
    organization: Text = ""
    date: DateIn | None = None


class AuthorityFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    preferred: Annotated[Text, StringConstraints(min_length=1)]
    names: list[NameIn] = Field(default_factory=list, max_length=ROW_LIMIT)
    dates: DateIn | None = None
    description: LongText = ""
    offices: list[OfficeIn] = Field(default_factory=list, max_length=ROW_LIMIT)
    identifiers: dict[Annotated[str, StringConstraints(pattern=_IDENTIFIER_KEY.pattern)], Text] = Field(
        default_factory=dict, max_length=50)
    code: Annotated[Text, StringConstraints(max_length=40)] | None = None
    coordinates: tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]] | None = None
    access: Access = Field(default_factory=Access)
    message: Text = Field("", description="What changed and why (kept in the record's history)")


class NewAuthority(AuthorityFields):
    kind: AuthorityKind
    distinct: bool = Field(False, description="Add it even though a record of this name and dates exists")


class AuthorityChange(AuthorityFields):
    expected_revision: Revision | None = Field(None, description="The revision the change was made to (or If-Match)")


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    other: RecordId = Field(description="The record merged into this one; it is withdrawn and redirects here")
    keep_revision: Revision | None = None
    other_revision: Revision | None = None


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    preferred: Annotated[Text, StringConstraints(min_length=1)]
    names: list[Text] = Field(default_factory=list, max_length=ROW_LIMIT, description="Variant names to move")
    documents: list[RecordId] = Field(default_factory=list, max_length=5000,
                                      description="Records pointing to this one that should point to the new one")
    expected_revision: Revision | None = None


# -- form values: one plain shape for what a form shows, what a person sent, and the API body ---------


def blank_values() -> dict[str, Any]:
    return {"preferred": "", "names": [], "dates": {"edtf": "", "text": ""}, "description": "", "offices": [],
            "identifiers": [], "code": "", "lat": "", "lon": "", "access": {"level": "public", "until": ""},
            "message": ""}


def _date_values(when: DocDate | DateIn | None) -> dict[str, str]:
    return {"edtf": when.edtf if when else "", "text": (when.text or "") if when else ""}


def values_of(record: Authority | AuthorityFields) -> dict[str, Any]:
    """The form values of a stored record or of an API body."""
    lat, lon = (str(c) for c in record.coordinates) if record.coordinates else ("", "")
    return {**blank_values(), "preferred": record.preferred, "description": record.description,
            "names": [{"value": n.value, "lang": n.lang or "", "scheme": n.scheme or ""} for n in record.names],
            "dates": _date_values(record.dates), "code": record.code or "", "lat": lat, "lon": lon,
            "offices": [{"title": o.title, "organization": o.organization, "date": _date_values(o.date)["edtf"],
                         "date_text": _date_values(o.date)["text"]} for o in record.offices],
            "identifiers": [{"scheme": k, "value": v} for k, v in record.identifiers.items()],
            "access": {"level": record.access.level.value,
                       "until": record.access.until.isoformat() if record.access.until else ""}}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""  # an uploaded file where text belongs is no text


def values_from_form(form: FormData) -> dict[str, Any]:
    """What a person sent, rows renumbered from 0 and blank rows dropped, ready to show again."""
    rows: dict[str, dict[int, dict[str, str]]] = {group: {} for group in ROW_FIELDS}
    for key, raw in form.multi_items():
        found = _ROW.match(key)
        if found and found.group(3) in ROW_FIELDS[found.group(1)]:
            rows[found.group(1)].setdefault(int(found.group(2)), {})[found.group(3)] = _text(raw)
    one = {k: _text(form.get(k, "")) for k in ("preferred", "description", "code", "lat", "lon", "message",
                                                "dates-edtf", "dates-text", "access-level", "access-until")}
    values = {**blank_values(), **{k: one[k] for k in ("preferred", "description", "code", "lat", "lon", "message")},
              "dates": {"edtf": one["dates-edtf"], "text": one["dates-text"]},
              "access": {"level": one["access-level"] or "public", "until": one["access-until"]}}
    for group, found_rows in rows.items():
        filled = [{f: row.get(f, "") for f in ROW_FIELDS[group]} for _, row in sorted(found_rows.items())]
        values[group] = [row for row in filled if any(v.strip() for v in row.values())][:ROW_LIMIT]
    return values


# -- from values to a record, with a message by each field that is wrong --------------------------


def _message(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
    return str(exc)


def _attempt(errors: dict[str, str], key: str, make: Callable[[], T]) -> T | None:
    try:
        return make()
    except ValueError as exc:
        errors[key] = _message(exc)
        return None


def _check_texts(values: Any, errors: dict[str, str], key: str = "") -> None:
    if isinstance(values, dict):
        for k, v in values.items():
            _check_texts(v, errors, k if not key else f"{key}-{k}")
    elif isinstance(values, list):
        for i, v in enumerate(values):
            _check_texts(v, errors, f"{key}-{i}")
    elif isinstance(values, str):
        _attempt(errors, key, lambda: clean(values))
        limit = LIMITS.get(key, SHORT)
        if len(values) > limit:
            errors[key] = f"At most {limit} characters."


def _date(edtf: str, text: str, key: str, errors: dict[str, str]) -> DocDate | None:
    if not edtf.strip():
        if text.strip():
            errors[key] = "Give the date as EDTF too (1912-04-15, 1950-05, 1912/1994), or clear the wording."
        return None
    return _attempt(errors, key, lambda: DocDate(edtf=edtf, text=text.strip() or None))


def _name(row: dict[str, str], key: str, errors: dict[str, str]) -> Name | None:
    value, lang, scheme = (row[f].strip() for f in ("value", "lang", "scheme"))
    if not value:
        errors[f"{key}-value"] = "Write the name, or clear the row."
    if lang:
        _attempt(errors, f"{key}-lang", lambda: check_language(lang))
    if scheme and scheme not in scheme_ids():
        errors[f"{key}-scheme"] = "Choose a scheme from the list."
    if any(k.startswith(f"{key}-") for k in errors):
        return None
    return Name(value=value, lang=lang or None, scheme=scheme or None)


def _office(row: dict[str, str], key: str, errors: dict[str, str]) -> Office | None:
    if not row["title"].strip():
        errors[f"{key}-title"] = "An office needs its title, or clear the row."
    when = _date(row["date"], row["date_text"], f"{key}-date", errors)
    if any(k.startswith(f"{key}-") for k in errors):
        return None
    return Office(title=row["title"].strip(), organization=row["organization"].strip(), date=when)


def _identifiers(rows: list[dict[str, str]], errors: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i, row in enumerate(rows):
        scheme, value = row["scheme"].strip(), row["value"].strip()
        if not _IDENTIFIER_KEY.match(scheme):
            errors[f"identifiers-{i}-scheme"] = "A short lower-case name such as wikidata or viaf."
        elif scheme in found:
            errors[f"identifiers-{i}-scheme"] = f"{scheme} is given twice."
        if not value:
            errors[f"identifiers-{i}-value"] = "Write the identifier, or clear the row."
        found[scheme] = value
    return found


def _coordinates(lat: str, lon: str, errors: dict[str, str]) -> tuple[float, float] | None:
    if not lat.strip() and not lon.strip():
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        point = (math.nan, math.nan)
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        errors["coordinates"] = "Latitude -90…90 and longitude -180…180, as decimal degrees (39.03, 125.75)."
        return None
    return point


def _access(row: dict[str, str], errors: dict[str, str]) -> Access | None:
    if row["level"] not in {level.value for level in AccessLevel}:
        errors["access"] = "Choose public, restricted or embargoed."
        return None
    try:
        until = date.fromisoformat(row["until"].strip()) if row["until"].strip() else None
    except ValueError:
        errors["access"] = "Give the end of the embargo as a day, YYYY-MM-DD."
        return None
    return _attempt(errors, "access", lambda: Access(level=AccessLevel(row["level"]), until=until))


def build(values: dict[str, Any], kind: str, record_id: str, keep: Authority | None = None,
          status: Status = Status.DRAFT) -> tuple[Authority | None, dict[str, str]]:
    """The record the values describe, or the messages by field. ``keep`` is the record being
    edited: what the form does not show (status, source, a merge pointer) stays as it was."""
    errors: dict[str, str] = {}
    _check_texts(values, errors)
    if not values["preferred"].strip():
        errors["preferred"] = "Every record needs a preferred name."
    names = [_name(row, f"names-{i}", errors) for i, row in enumerate(values["names"])]
    offices = [_office(row, f"offices-{i}", errors) for i, row in enumerate(values["offices"])]
    fields = {"kind": kind, "id": record_id, "preferred": values["preferred"].strip(),
              "names": names, "offices": offices, "description": values["description"].strip(),
              "dates": _date(values["dates"]["edtf"], values["dates"]["text"], "dates", errors),
              "identifiers": _identifiers(values["identifiers"], errors), "code": values["code"].strip() or None,
              "coordinates": _coordinates(values["lat"], values["lon"], errors),
              "access": _access(values["access"], errors)}
    if len(values["code"]) > 40:
        errors["code"] = "At most 40 characters."
    if errors:
        return None, errors
    kept = {"status": keep.status, "source": keep.source, "merged_into": keep.merged_into} if keep else {
        "status": status, "source": "web"}
    record = _attempt(errors, "form", lambda: Authority.model_validate({**fields, **kept}))
    return record, errors


# -- ids, revisions and page contexts -------------------------------------------------------------


def new_id(archive: Archive, kind: str, record: Authority, distinct: bool) -> tuple[str | None, str]:
    """(id, first id): ids hash the kind, name and dates, so the same form sent twice makes no second
    record; a different person of the same name and dates (``distinct``) gets the next free id."""
    key = (record.preferred, record.dates.edtf if record.dates else "undated")
    first = make_id(kind, "web", *key)
    for n in range(1, 1000 if distinct else 2):
        candidate = first if n == 1 else make_id(kind, "web", *key, str(n))
        if not archive.titles([candidate], SYSTEM):
            return candidate, first
    return None, first


def authority_and_revision(archive: Archive, record_id: str, viewer: Viewer) -> tuple[Authority, int]:
    record = archive.get(record_id, viewer)
    if not isinstance(record, Authority):
        raise NotFound(f"no authority record {record_id!r}")
    return record, archive.current_revision(record_id, viewer)


def _choices() -> dict[str, Any]:
    scripts = vocab.load("scripts")
    return {"tags": [{"id": t["id"], "label": t["label"]} for t in scripts["tags"]],
            "schemes": [{"id": s["id"], "label": s["label"]} for s in scripts["schemes"]],
            "access_levels": [level.value for level in AccessLevel]}


def form_context(kind: str, values: dict[str, Any], errors: dict[str, str], record: Authority | None = None,
                 base: int | None = None, message: str = "", existing: str | None = None) -> dict[str, Any]:
    action = f"/authorities/{record.id}/edit" if record else f"/edit/authorities/new?kind={kind}"
    return {"mode": "edit" if record else "new", "kind": kind, "record_id": record.id if record else None,
            "base": base, "values": values, "errors": errors, "message": message, "existing": existing,
            "action": action, "choices": _choices()}


def side(record: Authority) -> dict[str, Any]:
    """One record as the merge and split pages show it side by side."""
    return {"id": record.id, "kind": record.kind, "preferred": record.preferred, "status": record.status.value,
            "names": [n.model_dump(mode="json") for n in record.names],
            "dates": record.dates.model_dump(mode="json") if record.dates else None,
            "description": record.description, "identifiers": dict(sorted(record.identifiers.items())),
            "offices": [o.model_dump(mode="json") for o in record.offices], "code": record.code,
            "coordinates": list(record.coordinates) if record.coordinates else None,
            "url": f"/authorities/{record.id}"}


def _linked(items: list[tuple[str, str, str]], checked: set[str] | None = None) -> list[dict[str, Any]]:
    prefix = {"document": "/documents/", "collection": "/collections/"}
    return [{"id": i, "kind": k, "title": t, "url": prefix.get(k, "/authorities/") + i,
             "checked": i in (checked or set())} for i, k, t in items]


def merge_context(archive: Archive, record_id: str, viewer: Viewer, q: str = "", other: str = "",
                  problem: str = "") -> dict[str, Any]:
    record, _ = authority_and_revision(archive, record_id, viewer)
    ctx: dict[str, Any] = {"record": side(record), "q": q, "other": other, "candidates": [], "plan": None,
                           "problem": problem}
    if q.strip():
        matches = [m for m in archive.lookup(q, viewer, (record.kind,)) if m.record_id != record.id]
        live = {r.id for r in archive.get_many([m.record_id for m in matches], viewer)
                if isinstance(r, Authority) and not r.merged_into}
        ctx["candidates"] = [{"id": m.record_id, "preferred": m.preferred, "matched": m.matched, "lang": m.lang,
                              "scheme": m.scheme} for m in matches if m.record_id in live]
    if other:
        try:
            ctx["plan"] = _plan_json(archive, merging.plan_merge(archive, record.id, other, viewer), viewer)
        except (Invalid, NotFound) as exc:
            ctx["problem"] = ctx["problem"] or str(exc)
    return ctx


def _plan_json(archive: Archive, plan: merging.MergePlan, viewer: Viewer) -> dict[str, Any]:
    revision = {r.id: archive.current_revision(r.id, viewer) for r in (plan.keep, plan.other)}
    return {"keep": side(plan.keep) | {"revision": revision[plan.keep.id]},
            "other": side(plan.other) | {"revision": revision[plan.other.id]},
            "result": side(plan.result), "conflicts": [c.__dict__ for c in plan.conflicts],
            "relink": _linked(plan.relink), "relink_total": plan.relink_total,
            "relink_hidden": plan.relink_total - len(plan.relink)}


def split_context(archive: Archive, record_id: str, viewer: Viewer, preferred: str = "",
                  names: list[str] | None = None, documents: list[str] | None = None,
                  problem: str = "", base: int | None = None) -> dict[str, Any]:
    record, revision = authority_and_revision(archive, record_id, viewer)
    chosen = set(names or [])
    return {"record": side(record), "base": base or revision, "preferred": preferred, "problem": problem,
            "names": [n.model_dump(mode="json") | {"checked": n.value in chosen} for n in record.names],
            "linked": _linked(merging.referring(archive, record.id, viewer), set(documents or []))}


def _int(value: Any) -> int | None:
    text = _text(value).strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _form_id(value: Any) -> str:
    text = _text(value).strip()
    if not re.match(ID_PATTERN, text):
        raise Invalid(f"{text[:80]!r} is not a record id")
    return text


def _joined(errors: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in errors.items())


# -- routes ---------------------------------------------------------------------------------


def router(site: Site) -> APIRouter:
    router = APIRouter()
    router.include_router(_form_routes(site.archive))
    router.include_router(_merge_routes(site.archive))
    router.include_router(_api_routes(site.archive))
    return router


def _form_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
    title = f"Edit {ctx['values']['preferred'] or ctx['kind']}" if ctx["mode"] == "edit" else f"New {ctx['kind']}"
    return page(request, "editing/authority.html", title, lambda: ctx, status=status)


def _form_routes(archive: Archive) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/edit/authorities/new")
    @router.get("/edit/authorities/new.json")
    def new_form(request: Request, viewer: Editor, kind: Kind = "person") -> Response:
        return _form_page(request, form_context(kind, blank_values(), {}))

    @router.post("/edit/authorities/new")
    async def create(request: Request, viewer: Editor, kind: Kind = "person") -> Response:
        form = await request.form()
        values = values_from_form(form)
        status = Status.PUBLISHED if viewer.may("publish") else Status.DRAFT
        record, errors = build(values, kind, "new", status=status)
        if record is None:
            return _form_page(request, form_context(kind, values, errors), 422)
        record_id, first = new_id(archive, kind, record, form.get("distinct") == "yes")
        if record_id is None:
            message = "A record of this name and dates is in the archive already. Edit that one, or confirm below."
            return _form_page(request, form_context(kind, values, {}, message=message, existing=first), 409)
        archive.edit(record.model_copy(update={"id": record_id}), viewer, values["message"], client_ip(request))
        return RedirectResponse(f"/authorities/{record_id}", status_code=303)

    @router.get("/authorities/{record_id}/edit")
    @router.get("/authorities/{record_id}/edit.json")
    def edit_form(request: Request, record_id: PathId, viewer: Editor) -> Response:
        record, revision = authority_and_revision(archive, record_id, viewer)
        return _form_page(request, form_context(record.kind, values_of(record), {}, record, revision))

    @router.post("/authorities/{record_id}/edit")
    async def save(request: Request, record_id: PathId, viewer: Editor) -> Response:
        current, revision = authority_and_revision(archive, record_id, viewer)
        form = await request.form()
        values, base = values_from_form(form), _int(form.get("base"))
        record, errors = build(values, current.kind, current.id, current)
        if record is None:
            return _form_page(request, form_context(current.kind, values, errors, current, base), 422)
        try:
            archive.edit(record, viewer, values["message"], client_ip(request), expected_revision=base)
        except Conflict:
            message = (f"Someone saved this record since you opened it (revision {base} → {revision}). Your input "
                       "is kept below; compare their changes, then save again to apply yours over them.")
            ctx = form_context(current.kind, values, {}, current, revision, message)
            return _form_page(request, ctx | {"changes_url": f"/records/{current.id}/history?from={base}"}, 409)
        return RedirectResponse(f"/authorities/{record.id}", status_code=303)

    return router


def _merge_routes(archive: Archive) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def merge_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
        title = f"Merge into {ctx['record']['preferred']}"
        return page(request, "editing/merge.html", title, lambda: ctx, status=status)

    @router.get("/authorities/{record_id}/merge")
    @router.get("/authorities/{record_id}/merge.json")
    def merge_form(request: Request, record_id: PathId, viewer: Editor, q: Lookup = "", other: Other = "") -> Response:
        return merge_page(request, merge_context(archive, record_id, viewer, q, other))

    @router.post("/authorities/{record_id}/merge")
    async def merge_post(request: Request, record_id: PathId, viewer: Editor) -> Response:
        form = await request.form()
        other = _form_id(form.get("other"))
        expected = (_int(form.get("keep_revision")), _int(form.get("other_revision")))
        try:
            merging.merge(archive, record_id, other, viewer, client_ip(request), expected)
        except (Conflict, Invalid) as exc:
            ctx = merge_context(archive, record_id, viewer, other=other, problem=str(exc))
            return merge_page(request, ctx, 409 if isinstance(exc, Conflict) else 422)
        return RedirectResponse(f"/authorities/{record_id}", status_code=303)

    def split_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
        return page(request, "editing/split.html", f"Split {ctx['record']['preferred']}", lambda: ctx, status=status)

    @router.get("/authorities/{record_id}/split")
    @router.get("/authorities/{record_id}/split.json")
    def split_form(request: Request, record_id: PathId, viewer: Editor) -> Response:
        return split_page(request, split_context(archive, record_id, viewer))

    @router.post("/authorities/{record_id}/split")
    async def split_post(request: Request, record_id: PathId, viewer: Editor) -> Response:
        form = await request.form()
        preferred, base = _text(form.get("preferred")).strip(), _int(form.get("base"))
        names = [_text(v) for v in form.getlist("names")]
        documents = [_form_id(v) for v in form.getlist("documents")]
        try:
            clean(preferred + "".join(names))
            result = merging.split(archive, record_id, preferred, names, documents, viewer, client_ip(request), base)
        except (Conflict, Invalid, ValueError) as exc:
            ctx = split_context(archive, record_id, viewer, preferred, names, documents, str(exc), base)
            return split_page(request, ctx, 409 if isinstance(exc, Conflict) else 422)
        return RedirectResponse(f"/authorities/{result.created}", status_code=303)

    return router


def _api_routes(archive: Archive) -> APIRouter:
    api = APIRouter(prefix="/api/authorities", tags=["authorities"])

    def saved_json(record_id: str, revision: int, viewer: Viewer) -> dict[str, Any]:
        return {"id": record_id, "revision": revision, "record": archive.get(record_id, viewer).model_dump(mode="json")}

    @api.post("", status_code=201, summary="Add a person, organization, place or repository record")
    def api_create(body: NewAuthority, request: Request, viewer: Editor) -> dict[str, Any]:
        status = Status.PUBLISHED if viewer.may("publish") else Status.DRAFT
        record, errors = build(values_of(body), body.kind, "new", status=status)
        if record is None:
            raise Invalid(_joined(errors))
        record_id, first = new_id(archive, body.kind, record, body.distinct)
        if record_id is None:
            raise Conflict(f"{first} has this name and dates already; send \"distinct\": true to add another")
        saved = archive.edit(record.model_copy(update={"id": record_id}), viewer, body.message, client_ip(request))
        return saved_json(record_id, saved.revision, viewer)

    @api.put("/{record_id}", summary="Change an authority record; If-Match or expected_revision guard a change "
                                     "made meanwhile (409)")
    def api_update(record_id: PathId, body: AuthorityChange, request: Request, viewer: Editor,
                   if_match: IfMatch = None) -> dict[str, Any]:
        current, _ = authority_and_revision(archive, record_id, viewer)
        record, errors = build(values_of(body), current.kind, current.id, current)
        if record is None:
            raise Invalid(_joined(errors))
        expected = if_match_revision(if_match, body.expected_revision)
        saved = archive.edit(record, viewer, body.message, client_ip(request), expected_revision=expected)
        return saved_json(record_id, saved.revision, viewer)

    @api.post("/{record_id}/merge", summary="Merge another record into this one (names, identifiers, offices and "
                                            "every link move here; the other is withdrawn and redirects here)")
    def api_merge(record_id: PathId, body: MergeIn, request: Request, viewer: Editor) -> dict[str, Any]:
        result = merging.merge(archive, record_id, body.other, viewer, client_ip(request),
                               (body.keep_revision, body.other_revision))
        return {"kept": result.kept, "merged": result.merged, "revision": result.revision,
                "relinked": result.relinked, "conflicts": [c.__dict__ for c in result.conflicts]}

    @api.post("/{record_id}/split", status_code=201,
              summary="Move chosen variant names and linked records of this record to a new record")
    def api_split(record_id: PathId, body: SplitIn, request: Request, viewer: Editor) -> dict[str, Any]:
        result = merging.split(archive, record_id, body.preferred, body.names, body.documents, viewer,
                               client_ip(request), body.expected_revision)
        return {"source": result.source, "created": result.created, "relinked": result.relinked}

    return api
