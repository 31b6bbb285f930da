"""Documents and their texts (renditions)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, field_serializer, field_validator

from opis import vocab
from opis.model.archival import ArchivalReference
from opis.model.common import Access, Status, check_language
from opis.model.dates import DocDate
from opis.model.findings import Findings


class Credit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: Literal["translator", "transcriber", "editor", "ocr"] = "translator"
    authority: str | None = None


# Under this word confidence an OCR reading is uncertain: marked in the transcription, and matched by
# search within an edit distance (index/compile.py), so a misread name is still found.
LOW_CONFIDENCE = 0.6


class OcrPage(BaseModel):
    """OCR quality of one page: mean confidence (0-1) and each word with its confidence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    confidence: float | None = None  # None: the page awaits OCR
    words: list[tuple[str, float]] = Field(default_factory=list)

    def uncertain_words(self, threshold: float = LOW_CONFIDENCE) -> list[str]:
        return [w for w, c in self.words if c < threshold and w.strip()]


class Rendition(BaseModel):
    """One text of a document: the original transcript, a translation, or OCR output."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal["original", "translation", "ocr"]
    language: str
    text: str
    credits: list[Credit] = Field(default_factory=list)
    provenance: str = ""
    source_original: str | None = None  # sha256 of the stored file the text came from, if any
    ocr_pages: list[OcrPage] = Field(default_factory=list)  # for OCR renditions; pages are split by "\f" in text
    checked_by: str = ""  # who read the text against its source; "" while no person has checked it
    # False for a passage quoted from elsewhere in the document (a published translation of another part):
    # it does not render the original text the record holds, so it is shown apart and never aligned to it.
    renders_original: bool = True

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return check_language(value)


class Classification(BaseModel):
    """The marking exactly as found, plus opis's normalized level (vocab/classification.yaml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    marking: str
    level: str | None = None

    @field_validator("level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        return vocab.check("classification", value) if value else value


class AgentRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: str
    authority: str | None = None

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        return vocab.check("agent_roles", value)


class PlaceRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    authority: str | None = None


class Relation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    target: str
    note: str = ""

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        return vocab.check("relation_types", value)


class AttachedOriginal(BaseModel):
    """A stored file (scan, PDF, web page) attached to the document, by content hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    filename: str
    media_type: str
    role: Literal["scan", "source", "attachment"] = "source"


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["document"] = "document"
    id: str
    title: str = Field(min_length=1)
    summary: str = ""
    genre: str
    date: DocDate | None = None
    languages: list[str] = Field(default_factory=list)
    classification: Classification | None = None
    access: Access = Field(default_factory=Access)
    status: Status = Status.PUBLISHED
    agents: list[AgentRef] = Field(default_factory=list)
    places: list[PlaceRef] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    archival_refs: list[ArchivalReference] = Field(default_factory=list)
    renditions: list[Rendition] = Field(default_factory=list)
    originals: list[AttachedOriginal] = Field(default_factory=list)
    # What the extractors found in the renditions, keyed as `opis extract --json` keys them (model/findings.py).
    findings: Findings = Field(default_factory=Findings)
    source: str = ""  # where the record came from: "sample", an ingested file's sha256, "frus1949v07p2#d189"

    @field_serializer("findings")
    def _findings_as_given(self, findings: Findings, info: SerializationInfo) -> dict[str, Any]:
        # Only the fields the extractors gave, under the contract's names: the JSON findings had as plain dicts.
        return findings.model_dump(mode=info.mode, exclude_unset=True, by_alias=True)

    @field_validator("genre")
    @classmethod
    def _genre(cls, value: str) -> str:
        return vocab.check("genres", value)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        return [check_language(v) for v in value]
