"""The domain model: plain typed pydantic records, no I/O."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from opis.model import archival_format
from opis.model.archival import ArchivalReference
from opis.model.authority import AUTHORITY_KINDS, Authority, AuthorityKind, Collection, Office
from opis.model.common import Access, AccessLevel, Name, Status
from opis.model.dates import DocDate
from opis.model.document import (
    AgentRef,
    AttachedOriginal,
    Classification,
    Credit,
    Document,
    Edition,
    OcrPage,
    PlaceRef,
    Relation,
    Rendition,
)
from opis.model.edtf import Edtf, EdtfError, parse_edtf
from opis.model.findings import Findings
from opis.model.ids import make_id

# Any record the store keeps: the one name of the union.
AnyRecord = Document | Authority | Collection
Record = Annotated[AnyRecord, Field(discriminator="kind")]
_RECORD = TypeAdapter(Record)

# Every record kind, as the store names them.
RECORD_KINDS = ("document", *AUTHORITY_KINDS, "collection")


def record_from_dict(data: dict[str, object]) -> AnyRecord:
    """Validate a plain dict (from JSON, YAML or the store) into the right record type."""
    kind = data.get("kind")
    if kind in AUTHORITY_KINDS:
        return Authority.model_validate(data)
    return _RECORD.validate_python(data)


__all__ = [
    "AUTHORITY_KINDS", "Access", "AccessLevel", "AgentRef", "AnyRecord", "ArchivalReference", "AttachedOriginal",
    "Authority", "AuthorityKind", "Classification", "Collection", "Credit", "DocDate", "Document", "Edition", "Edtf",
    "EdtfError", "Findings", "Name", "OcrPage", "Office", "PlaceRef", "RECORD_KINDS", "Record", "Relation", "Rendition",
    "Status", "archival_format", "make_id", "parse_edtf", "record_from_dict",
]
