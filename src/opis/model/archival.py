"""Archival references: where a witness of a document is held, down to the folio."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from opis import vocab


class ArchivalReference(BaseModel):
    """repository → fond → opis → (papka) → delo → folios, with the citation as written.

    ``repository`` is the canonical code from vocab/repositories.yaml (``RGAE``, ``AVP RF``).
    ``folios`` keeps ranges and versos as written in normalized form (``52-113``, ``193-194ob``).
    US records have no fond/delo; their own structure (record group, decimal file, box) goes in ``extra``.
    The levels come from vocab/levels.yaml; the five that every archive here uses are fields, a level added to
    that file without a field of its own is kept in ``extra`` under its key.
    """

    model_config = ConfigDict(extra="forbid")

    raw: str
    repository: str | None = None
    fond: str | None = None
    opis: str | None = None
    papka: str | None = None
    delo: str | None = None
    folios: str | None = None
    extra: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, raw: str, values: Mapping[str, str | None], extra: Mapping[str, str] | None = None,
           ) -> ArchivalReference:
        """A reference from ``repository`` and level values keyed as in vocab/levels.yaml; a level without a
        field of its own goes into ``extra``."""
        fields = {k: v for k, v in values.items() if k in _FIELDS}
        added = {k: v for k, v in values.items() if k not in _FIELDS and v}
        return cls(raw=raw, **fields, extra={**(extra or {}), **added})

    def level(self, key: str) -> str | None:
        """The value of archival level ``key`` (a field, or an added level kept in ``extra``)."""
        value = getattr(self, key) if key in _FIELDS else self.extra.get(key)
        return str(value) if value else None

    def levels(self) -> dict[str, str]:
        """The archival levels present below the repository, top-down: ``{"fond": "413", ...}``."""
        return {key: value for key in vocab.archival_levels().keys if (value := self.level(key))}

    def path(self) -> list[tuple[str, str]]:
        """The levels present, top-down, as (level, value) pairs, the repository first."""
        top = [("repository", self.repository)] if self.repository else []
        return top + list(self.levels().items())

    def fields(self) -> Mapping[str, object]:
        """The reference as one flat mapping, the shape a parsed citation has (for the formatter)."""
        return {**self.extra, **self.model_dump(exclude={"extra"})}


# The field names, read once: pydantic's ``model_fields`` is a computed class property, and a
# catalogue import asks it five times a row.
_FIELDS = frozenset(ArchivalReference.model_fields)
