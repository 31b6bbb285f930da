"""Archival references: where a witness of a document is held, down to the folio."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ArchivalReference(BaseModel):
    """repository → fond → opis → (papka) → delo → folios, with the citation as written.

    ``repository`` is the canonical code from vocab/repositories.yaml (``RGAE``, ``AVP RF``).
    ``folios`` keeps ranges and versos as written in normalized form (``52-113``, ``193-194ob``).
    US records have no fond/delo; their own structure (record group, decimal file, box) goes in ``extra``.
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

    def path(self) -> list[tuple[str, str]]:
        """The levels present, top-down, as (level, value) pairs."""
        levels = [("repository", self.repository), ("fond", self.fond), ("opis", self.opis),
                  ("papka", self.papka), ("delo", self.delo), ("folios", self.folios)]
        return [(k, v) for k, v in levels if v]
