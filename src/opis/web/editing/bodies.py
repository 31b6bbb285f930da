"""The JSON bodies of the editing API, typed so the OpenAPI schema says what a valid request is.

``DocumentBody`` carries every field of ``Document`` (a test keeps them in step), so a document
read from ``GET /api/documents/{id}`` can be changed and sent back as it is. ``id``, ``kind``,
``status`` and ``findings`` belong to the server: they are accepted so that round trip works, and
checked or ignored as each field's description says.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from opis import vocab
from opis.model import (
    Access,
    AgentRef,
    ArchivalReference,
    AttachedOriginal,
    Classification,
    Credit,
    DocDate,
    Edition,
    PlaceRef,
    Relation,
    Rendition,
    Status,
)
from opis.model.common import check_language

# Record ids fit the store's id column and carry no control characters (PostgreSQL refuses NUL outright).
DocId = Annotated[str, Path(max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$", description="A document id, doc-…")]
MAX_TEXT = vocab.field_limits()["text"]  # characters in one rendition: a long report; a whole book belongs in ingest


def _genre(value: str) -> str:
    return vocab.check("genres", value)


Genre = Annotated[str, AfterValidator(_genre),
                  WithJsonSchema({"type": "string", "enum": sorted(vocab.ids("genres")),
                                  "description": "A genre id from vocab/genres.yaml"})]
Language = Annotated[str, AfterValidator(check_language),
                     WithJsonSchema({"type": "string", "description": "A BCP 47 tag: ru, ru-Cyrl, ko-Latn, zh-Hant-TW",
                                     "examples": ["ru", "en", "ko-Hang"]})]


class DocumentBody(BaseModel):
    """A document as a person writes it."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, description="Read-only. POST: leave it out (the server assigns one). "
                                             "PUT: if given, it must be the id in the path.")
    kind: Literal["document"] = "document"
    status: Status | None = Field(None, description="POST: the starting status, draft unless you may publish. "
                                                     "PUT: if given, it must be the current status; use "
                                                     "POST /api/documents/{id}/status to change it.")
    title: str = Field(min_length=1, max_length=vocab.field_limits()["title"])
    summary: str = Field("", max_length=vocab.field_limits()["summary"])
    genre: Genre
    date: DocDate | None = None
    languages: list[Language] = Field(default_factory=list)
    classification: Classification | None = None
    access: Access = Field(default_factory=Access)
    agents: list[AgentRef] = Field(default_factory=list)
    places: list[PlaceRef] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    archival_refs: list[ArchivalReference] = Field(default_factory=list)
    renditions: list[Rendition] = Field(default_factory=list)
    originals: list[AttachedOriginal] = Field(default_factory=list)
    findings: dict[str, Any] | None = Field(None, description="Read-only: what the extractors found. Ignored; "
                                                               "the server keeps the stored findings.")
    source: str = ""
    rights: str = Field("", max_length=vocab.field_limits()["title"],
                        description="The terms on which the document and its pictures may be reused "
                                    "(\"Public domain: …\"); empty when nobody recorded them")
    edition: Edition | None = Field(None, description="Where the document is printed: a documentary edition's "
                                                        "volume, document number, page and URL (FRUS).")

    def content(self) -> dict[str, Any]:
        """The fields a person may set, as model objects (not re-serialized)."""
        return {name: getattr(self, name) for name in type(self).model_fields
                if name not in ("id", "kind", "status", "findings")}


class RenditionBody(BaseModel):
    """A translation or transcription to add to a document."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["translation", "original"] = Field(
        "translation", description="translation, or original: a transcription of the document's own text")
    language: Language
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    credits: list[Credit] = Field(default_factory=list)
    provenance: str = Field("", description="Where the text comes from (a publication, a colleague's file)")


class StatusBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status = Field(description="The status to move to; the workflow (vocab/workflow.yaml) says which "
                                       "moves exist and who may make them")


class Created(BaseModel):
    id: str
    revision: int
    status: Status
    url: str


class SavedBody(BaseModel):
    id: str
    revision: int
    changed: bool
    status: Status


class RenditionAdded(BaseModel):
    id: str
    revision: int
    rendition: str


class EdtfAnswer(BaseModel):
    value: str
    valid: bool
    earliest: str | None
    latest: str | None
    error: str | None
    uncertain: bool
    approximate: bool


class ParsedReferences(BaseModel):
    text: str
    references: list[ArchivalReference]
    other: list[dict[str, str]] = Field(description="Citations found that are not archival: kind and raw text")
    error: str | None


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route gives, all in the one error shape."""
    words = {401: "Not signed in, or the API token is not valid", 403: "Lacking the permission or the edit right",
             404: "No such document, or one the caller may not see", 409: "The document changed meanwhile",
             422: "The request is not valid (the message says where)"}
    return {code: {"model": ErrorBody, "description": words[code]} for code in codes}
