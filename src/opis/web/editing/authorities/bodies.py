"""What the authority routes take in: the JSON API's bodies, path and query parameters, and the
text rules (length, no NUL or lone surrogate) that the forms check too."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from opis.model import Access, AuthorityKind
from opis.store.access import Viewer
from opis.web.core.auth import require

PERMISSION = "edit_authorities"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
ROW_LIMIT = 300
IDENTIFIER_KEY = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
LIMITS = {"description": 50_000}  # characters; every other text field: SHORT
SHORT = 500


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
    identifiers: dict[Annotated[str, StringConstraints(pattern=IDENTIFIER_KEY.pattern)], Text] = Field(
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
