"""A catalogue sheet into the store, row by row: each cell read by what opis already knows.

A date goes through the date reader (EDTF with its precision), a reference through the citation
parser (repository → fond → opis → delo), a name through the store's authority lookup (any
script). A row becomes one document; a bad row is reported with its number, column and reason
and nothing of it is written, the good rows go in. A row whose ``key`` (an opis id, or the
sheet's own key) is already in the store updates that record: only the columns the sheet has
change, and an unchanged row makes no new revision.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from opis import vocab
from opis.extract.citations.extractor import parse_citation
from opis.extract.dates.query import read_date
from opis.interop.catalog.sheet import COLUMNS, MAX_CELL, SheetError, is_formula, map_columns, unsafe_cell
from opis.model import (
    Access,
    AccessLevel,
    AgentRef,
    ArchivalReference,
    AttachedOriginal,
    DocDate,
    Document,
    PlaceRef,
    make_id,
)
from opis.model.ids import kind_of
from opis.store.access import SYSTEM
from opis.store.archive import Archive

LIST_SEP = ";"
REF_SEP = "|"
DEFAULT_ROLE = "mentioned"
MAX_FILE_BYTES = 512 << 20  # OPIS_UPLOAD_MAX_MB's default; the CLI passes the configured value
CACHE = 50_000  # distinct date or reference cells remembered, so memory stays bounded on any sheet
_LEVELS = ("repository", *vocab.archival_levels().keys)
_NOT_EXTRA = frozenset({"footnote", "raw", "kind", "ibid_of", "ibid_prev", "start", "end", *_LEVELS})


class RowError(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


@dataclass
class RowOutcome:
    row: int  # 1-based, the header is row 1, as a spreadsheet numbers it
    status: str  # "created", "updated", "unchanged", "error"
    id: str | None = None
    column: str | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    columns: dict[str, str]  # header as written → field
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for r in self.rows:
            found[r.status] = found.get(r.status, 0) + 1
        return found

    def as_json(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "columns": self.columns, "counts": self.counts(),
                "rows": [{k: v for k, v in r.__dict__.items() if v not in (None, [])} for r in self.rows]}


class Catalog:
    """What a row needs from the store, looked up once per name (a sheet repeats names)."""

    def __init__(self, archive: Archive, files_dir: Path | None, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.archive = archive
        self.files_dir = files_dir.resolve() if files_dir else None
        self.max_bytes = max_bytes
        self._names: dict[tuple[str, tuple[str, ...]], str | None] = {}
        self._stored: dict[str, Document] = {}
        # A sheet repeats its dates and references; each distinct cell is read once (bounded).
        self._dates: dict[str, DocDate] = {}
        self._refs: dict[str, ArchivalReference] = {}
        self._genres: dict[str, str] = {}  # only cells that name a genre: the vocabulary bounds it

    def date(self, cell: str) -> DocDate:
        if cell not in self._dates:
            if len(self._dates) >= CACHE:
                self._dates.clear()
            self._dates[cell] = read_date_cell(cell)
        return self._dates[cell]

    def reference(self, raw: str) -> ArchivalReference:
        if raw not in self._refs:
            if len(self._refs) >= CACHE:
                self._refs.clear()
            self._refs[raw] = read_reference(raw)
        return self._refs[raw]

    def genre(self, cell: str) -> str:
        # a handful of distinct cells in any sheet; reading the vocabulary per row was a tenth of a dry run
        if cell not in self._genres:
            self._genres[cell] = _genre(cell)
        return self._genres[cell]

    def authority(self, name: str, kinds: tuple[str, ...]) -> str | None:
        key = (name, kinds)
        if key not in self._names:
            # exact, normalized or the same name in another script; a match on some words is too loose
            matches = [m for m in self.archive.lookup(name, SYSTEM, kinds) if m.how != "word"]
            self._names[key] = matches[0].record_id if len(matches) == 1 else None
        return self._names[key]

    def prefetch(self, ids: Sequence[str]) -> None:
        """Read the stored records of a chunk's rows in one query (a row per query is the slow way)."""
        self._stored = {r.id: r for r in self.archive.get_many(list(dict.fromkeys(ids)), SYSTEM)
                        if isinstance(r, Document)}

    def existing(self, record_id: str) -> Document | None:
        return self._stored.get(record_id)


def _split(cell: str, sep: str = LIST_SEP) -> list[str]:
    if sep not in cell:  # most cells hold one item or none
        return [cell.strip()] if cell.strip() else []
    return [p.strip() for p in cell.split(sep) if p.strip()]


def read_date_cell(cell: str) -> DocDate:
    edtf = read_date(cell)
    if edtf is None:
        raise RowError("date", f"{cell!r} is not one date opis can read (try 25.06.1950, May 1950, 1950?)")
    return DocDate(edtf=edtf, text=None if edtf == cell.strip() else cell.strip())


def read_reference(raw: str) -> ArchivalReference:
    cited = parse_citation(raw)
    if cited.get("kind") not in ("archival", "us-record"):
        raise RowError("reference", f"{raw!r} is not an archival reference (repository, fond, opis, delo)")
    levels = {k: str(cited[k]) if cited.get(k) else None for k in _LEVELS}
    extra = {k: str(v) for k, v in cited.items() if k not in _NOT_EXTRA and v not in (None, "", [])}
    return ArchivalReference.of(raw, levels, extra)


def _genre(cell: str) -> str:
    value = cell.strip()
    for item in vocab.load("genres"):
        if value.casefold() in {str(item["id"]).casefold(), str(item["label"]).casefold(),
                                str(item.get("ru", "")).casefold()}:
            return str(item["id"])
    raise RowError("genre", f"{value!r} is not a known genre; use one of: {', '.join(sorted(vocab.ids('genres')))}")


def _access(cell: str) -> Access:
    level, _, until = cell.strip().partition(" ")
    try:
        return Access(level=AccessLevel(level.strip().casefold()),
                      until=date.fromisoformat(until.strip()) if until.strip() else None)
    except ValueError as exc:
        raise RowError("access", f"{cell!r}: write public, restricted or 'embargoed YYYY-MM-DD' ({exc})") from exc


def _people(cell: str, catalog: Catalog) -> list[AgentRef]:
    roles = vocab.ids("agent_roles")
    found = []
    for part in _split(cell):
        name, role = part, DEFAULT_ROLE
        if part.endswith(")") and "(" in part:
            head, _, tail = part[:-1].rpartition("(")
            if tail.strip() in roles:
                name, role = head.strip(), tail.strip()
        found.append(AgentRef(name=name, role=role,
                              authority=catalog.authority(name, ("person", "organization", "family"))))
    return found


def _places(cell: str, catalog: Catalog) -> list[PlaceRef]:
    return [PlaceRef(name=n, authority=catalog.authority(n, ("place",))) for n in _split(cell)]


def _collections(cell: str, catalog: Catalog) -> list[str]:
    found = []
    for part in _split(cell):
        record_id = part if kind_of(part) == "collection" else catalog.authority(part, ("collection",))
        if not record_id:
            raise RowError("collection", f"no collection {part!r} in the archive (give its id or exact title)")
        found.append(record_id)
    return found


def _files(cell: str, catalog: Catalog, dry_run: bool) -> list[AttachedOriginal]:
    if catalog.files_dir is None:
        raise RowError("files", "files named but no folder given (--files DIR)")
    attached = []
    for name in _split(cell):
        path = (catalog.files_dir / name).resolve()
        if not path.is_relative_to(catalog.files_dir):
            raise RowError("files", f"{name!r} is outside the files folder")
        if not path.is_file():
            raise RowError("files", f"{name!r}: no such file in the files folder")
        if path.stat().st_size > catalog.max_bytes:
            raise RowError("files", f"{name!r}: {path.stat().st_size:,} bytes; the limit is {catalog.max_bytes:,} "
                                    "(OPIS_UPLOAD_MAX_MB)")
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        sha = (hashlib.sha256(path.read_bytes()).hexdigest() if dry_run
               else catalog.archive.add_original(path, path.name, media)[0])
        attached.append(AttachedOriginal(sha256=sha, filename=path.name, media_type=media))
    return attached


def record_id(cells: Mapping[str, str]) -> str:
    """The key if it is an opis document id; else an id made from the sheet's key (or the row's content)."""
    key = cells.get("key", "").strip()
    if key and kind_of(key) == "document":
        return key
    if key:
        return make_id("document", "catalog", key)
    return make_id("document", "catalog", "row", *(cells.get(c, "") or "-" for c in ("title", "date", "reference")))


def document_of(cells: Mapping[str, str], catalog: Catalog, dry_run: bool,
                doc_id: str | None = None) -> tuple[Document, Document | None]:
    """The document a row describes (merged over the stored one if the key names one); ``doc_id`` is
    ``record_id(cells)`` when the caller has it already."""
    doc_id = doc_id or record_id(cells)
    old = catalog.existing(doc_id)
    update: dict[str, Any] = {}
    readers: dict[str, Callable[[str], Any]] = {
        "title": lambda c: c.strip(),
        "date": lambda c: catalog.date(c) if c.strip() else None,
        "summary": lambda c: c.strip(),
        "genre": catalog.genre,
        "languages": lambda c: [vocab.shortest_tag(x) for x in c.replace(",", " ").replace(";", " ").split()],
        "reference": lambda c: [catalog.reference(r) for r in _split(c, REF_SEP)],
        "subjects": _split,
        "access": lambda c: _access(c) if c.strip() else Access(),
    }
    for column, cell in cells.items():
        if column == "key":
            continue
        if column in readers:
            update[_FIELD.get(column, column)] = readers[column](cell)
        elif column == "people":
            # A sheet's people replace the agents it can say; keep none of the old ones twice.
            update["agents"] = _people(cell, catalog)
        elif column == "places":
            update["places"] = _places(cell, catalog)
        elif column == "collection":
            update["collections"] = _collections(cell, catalog)
        elif column == "files" and cell.strip():
            update["originals"] = _files(cell, catalog, dry_run)
    if old is None:
        update.setdefault("genre", "other" if "other" in vocab.ids("genres") else "letter")
        data = {"id": doc_id, "source": "catalog", **update}
    else:
        data = {**old.model_dump(), **update}
    try:
        return Document.model_validate(data), old
    except ValidationError as exc:
        first = exc.errors()[0]
        where = str(first["loc"][0]) if first["loc"] else "row"
        raise RowError(_COLUMN.get(where, where), first["msg"]) from exc


_FIELD = {"reference": "archival_refs"}
_COLUMN = {"archival_refs": "reference", "agents": "people", "collections": "collection"}


# Only a cell starting with one of these can be a formula (``is_formula``) or a guarded one (``unsafe_cell``).
_MARKED = frozenset(("=", "+", "@", "-", "'"))


def _checked(cells: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The cells as text to read, with a warning for each that a spreadsheet would run as a formula."""
    warnings, clean = [], {}
    for column, raw in cells.items():
        if len(raw) > MAX_CELL:
            raise RowError(column, f"cell of {len(raw):,} characters; the limit is {MAX_CELL:,}")
        if raw[:1] not in _MARKED:  # most cells: neither a formula nor guarded against being one
            clean[column] = raw
            continue
        if is_formula(raw):
            warnings.append(f"{column}: starts like a spreadsheet formula; kept as text, never run")
        clean[column] = unsafe_cell(raw)
    return clean, warnings


def sheet_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV or XLSX file, chosen by its first bytes (an XLSX is a zip)."""
    from opis.interop.catalog.sheet import xlsx_rows

    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".xlsx":
        return xlsx_rows(path)
    return csv_file_rows(path)


SAMPLE = 1 << 20  # bytes read to tell a CSV's encoding and delimiter


def csv_file_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV file read as a stream, so memory holds a chunk of rows and never the sheet.

    The encoding is told from the first megabyte (cut at a line end). The whole file is then read once
    without keeping it, so that a byte the encoding cannot read, or a cell too long to read, stops the
    sheet before any row is written; if the sample's encoding fails later on, the file is decoded whole
    the slow way (``decode_text`` sees every byte)."""
    from opis.ingest.charset import decode_text
    from opis.ingest.sniff import bom_encoding, utf16_without_bom
    from opis.interop.catalog.sheet import csv_rows

    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    if len(head) < SAMPLE:  # a small sheet is read whole, and so fails whole before anything is written
        return iter(list(csv_rows(decode_text(head).text)))
    encoding, skip = bom_encoding(head) or (utf16_without_bom(head) or "", 0)
    if not encoding:
        encoding = decode_text(head[:head.rfind(b"\n") + 1] or head).encoding
    try:
        # the sample's last line may be cut inside a character; only whole lines guess the delimiter
        sample = head[skip:].decode(encoding, errors="ignore").rpartition("\n")[0]
        for _ in _stream(path, skip, encoding, sample):
            pass
    except (UnicodeDecodeError, LookupError):
        return iter(list(csv_rows(decode_text(path.read_bytes()).text)))
    return _stream(path, skip, encoding, sample)


def _stream(path: Path, skip: int, encoding: str, sample: str) -> Iterator[list[str]]:
    from opis.interop.catalog.sheet import csv_stream

    with path.open("rb") as raw:
        raw.seek(skip)
        yield from csv_stream(io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline=""), sample)


def is_xml(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


# Rows looked up and saved together: one query and one transaction per chunk, not per row. 1,000
# rather than 200 cut a first import's time by ~1/6 (fewer commits, each index page written once per
# chunk); memory holds one chunk's documents (~a few MB), and a killed import loses at most the chunk
# being written, which nothing has acknowledged yet (progress is reported after each commit).
CHUNK = 1000


def import_rows(archive: Archive, rows: Iterable[Sequence[str]], *, dry_run: bool, actor: str,
                mapping: Mapping[str, str] | None = None, files_dir: Path | None = None,
                max_bytes: int = MAX_FILE_BYTES,
                progress: Callable[[int], None] | None = None) -> Report:
    """Read every row of a sheet (its first row the header) and, unless ``dry_run``, save the good ones.

    Rows stream through in chunks, so memory holds one chunk and the report, never the sheet."""
    it: Iterator[Sequence[str]] = iter(rows)
    header = next(it, None)
    if header is None:
        raise SheetError("the sheet is empty")
    columns = map_columns(header, mapping)
    report = Report({header[i]: f for i, f in columns.items()}, dry_run)
    catalog = Catalog(archive, files_dir, max_bytes)
    seen: set[str] = set()
    chunk: list[tuple[int, dict[str, str]]] = []
    for number, row in enumerate(it, start=2):
        if any(c.strip() for c in row):
            chunk.append((number, {f: (row[i] if i < len(row) else "") for i, f in columns.items()}))
        if len(chunk) >= CHUNK:
            report.rows.extend(_chunk(chunk, catalog, seen, dry_run, actor))
            chunk = []
            if progress:
                progress(number - 1)
    report.rows.extend(_chunk(chunk, catalog, seen, dry_run, actor))
    if progress:
        progress(len(report.rows))
    return report


_ID_COLUMNS = ("key", "title", "date", "reference")  # the cells ``record_id`` reads


def _chunk(chunk: list[tuple[int, dict[str, str]]], catalog: Catalog, seen: set[str], dry_run: bool,
           actor: str) -> list[RowOutcome]:
    # the id of each row as ``document_of`` makes it (from the cells as read, a formula guard taken off)
    ids = [record_id({c: unsafe_cell(cells[c]) for c in _ID_COLUMNS if c in cells}) for _, cells in chunk]
    catalog.prefetch(ids)
    outcomes: list[RowOutcome] = []
    to_save: list[tuple[int, Document]] = []
    for (number, cells), doc_id in zip(chunk, ids, strict=True):
        outcome, doc = _one_row(number, cells, catalog, seen, dry_run, doc_id)
        outcomes.append(outcome)
        if doc is not None and outcome.status in ("created", "updated"):
            to_save.append((number, doc))
    if dry_run or not to_save:
        return outcomes
    try:
        catalog.archive.put_all([d for _, d in to_save], actor, "catalogue import")
    except Exception:
        # One row the store refuses must not take its neighbours with it: save them one by one.
        failed = _save_one_by_one(to_save, catalog, actor)
        for o in outcomes:
            if o.row in failed:
                o.status, o.column, o.reason, o.id = "error", "row", failed[o.row], None
    return outcomes


def _save_one_by_one(to_save: list[tuple[int, Document]], catalog: Catalog, actor: str) -> dict[int, str]:
    failed: dict[int, str] = {}
    for number, doc in to_save:
        try:
            catalog.archive.put(doc, actor, f"catalogue import, row {number}")
        except Exception as exc:  # noqa: BLE001 - reported against its row, the rest go in
            failed[number] = f"the store refused it: {exc}"
    return failed


def _one_row(number: int, raw: Mapping[str, str], catalog: Catalog, seen: set[str], dry_run: bool,
             doc_id: str | None = None) -> tuple[RowOutcome, Document | None]:
    try:
        cells, warnings = _checked(raw)
        doc, old = document_of(cells, catalog, dry_run, doc_id)
        if doc.id in seen:
            raise RowError("key", f"the same record as an earlier row ({doc.id})")
        seen.add(doc.id)
    except RowError as exc:
        return RowOutcome(number, "error", column=exc.column, reason=exc.reason), None
    status = "created" if old is None else ("unchanged" if old == doc else "updated")
    return RowOutcome(number, status, doc.id, warnings=warnings), doc


def row_of(doc: Document) -> dict[str, str]:
    """A document as the sheet's cells, the way ``document_of`` reads them back."""
    access = doc.access.level.value + (f" {doc.access.until.isoformat()}" if doc.access.until else "")
    return {
        "key": doc.id, "title": doc.title,
        "date": (doc.date.text or doc.date.edtf) if doc.date else "",
        "summary": doc.summary, "genre": doc.genre, "languages": " ".join(doc.languages),
        "reference": f" {REF_SEP} ".join(r.raw for r in doc.archival_refs),
        "people": f"{LIST_SEP} ".join(f"{a.name} ({a.role})" for a in doc.agents),
        "places": f"{LIST_SEP} ".join(p.name for p in doc.places),
        "subjects": f"{LIST_SEP} ".join(doc.subjects),
        "collection": f"{LIST_SEP} ".join(doc.collections),
        "access": access,
        "files": f"{LIST_SEP} ".join(o.filename for o in doc.originals),
    }


def export_rows(archive: Archive, collection: str | None = None, page: int = 500) -> Iterator[dict[str, str]]:
    """Every document (or those of one collection) as catalogue rows, by date."""
    offset = 0
    while True:
        found = archive.browse(SYSTEM, ("document",), offset, page)
        for doc in found.items:
            if isinstance(doc, Document) and (collection is None or collection in doc.collections):
                yield row_of(doc)
        offset += page
        if offset >= found.total:
            return


__all__ = ["COLUMNS", "Report", "RowError", "RowOutcome", "export_rows", "import_rows", "row_of"]
