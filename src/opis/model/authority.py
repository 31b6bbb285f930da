"""Authority records: persons, organizations, places and repositories, with every variant name."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from opis.model.common import Access, Name, Status
from opis.model.dates import DocDate

AuthorityKind = Literal["person", "organization", "family", "place", "repository"]
# The kinds as a tuple, for queries and checks: the one list of them.
AUTHORITY_KINDS: tuple[AuthorityKind, ...] = get_args(AuthorityKind)


class Office(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    organization: str = ""
    date: DocDate | None = None


class Authority(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: AuthorityKind
    id: str
    preferred: str = Field(min_length=1)
    names: list[Name] = Field(default_factory=list)
    dates: DocDate | None = None  # life dates for persons, existence for organizations
    description: str = ""
    offices: list[Office] = Field(default_factory=list)
    identifiers: dict[str, str] = Field(default_factory=dict)  # wikidata, viaf, ...
    code: str | None = None  # repositories: the canonical abbreviation (vocab/repositories.yaml)
    coordinates: tuple[float, float] | None = None  # places: latitude, longitude
    access: Access = Field(default_factory=Access)
    status: Status = Status.PUBLISHED
    source: str = ""
    # Set when this record was merged into another: its pages redirect there. Left out of the JSON
    # while unset, so records saved before the field existed keep byte-identical forms and exports.
    merged_into: str | None = Field(default=None, exclude_if=lambda v: v is None)

    @property
    def title(self) -> str:
        return self.preferred

    def all_names(self) -> list[str]:
        """Preferred name first, then every variant, without repeats."""
        seen: dict[str, None] = {self.preferred: None}
        for n in self.names:
            seen.setdefault(n.value, None)
        return list(seen)


class Collection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["collection"] = "collection"
    id: str
    title: str = Field(min_length=1)
    description: str = ""
    featured: bool = False
    access: Access = Field(default_factory=Access)
    status: Status = Status.PUBLISHED
    source: str = ""
