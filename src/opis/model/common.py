"""Value types shared by every record kind."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# BCP 47 as archives need it: language, optional script, optional region (ru, ru-Cyrl, ko-Latn, zh-Hant-TW).
_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")


def check_language(tag: str) -> str:
    if not _BCP47.match(tag):
        raise ValueError(f"{tag!r} is not a BCP 47 tag of the form ru, ru-Cyrl, ko-Latn or zh-Hant-TW")
    return tag


class AccessLevel(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"
    EMBARGOED = "embargoed"


class Status(StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Access(BaseModel):
    """Who may read a record: everyone, staff only, or everyone from ``until`` on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: AccessLevel = AccessLevel.PUBLIC
    until: date | None = None

    @model_validator(mode="after")
    def _until_only_for_embargo(self) -> Access:
        if self.level is AccessLevel.EMBARGOED and self.until is None:
            raise ValueError("an embargoed record needs an 'until' date")
        if self.level is not AccessLevel.EMBARGOED and self.until is not None:
            raise ValueError("'until' is only for embargoed records")
        return self


class Name(BaseModel):
    """One form of a name, tagged with language/script (BCP 47) and romanization scheme where known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(min_length=1)
    lang: str | None = None
    scheme: str | None = None

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str | None) -> str | None:
        return check_language(value) if value else value

    @field_validator("scheme")
    @classmethod
    def _scheme(cls, value: str | None) -> str | None:
        if value is not None and value not in scheme_ids():
            raise ValueError(f"unknown romanization scheme {value!r}; known: {', '.join(sorted(scheme_ids()))}")
        return value


@cache
def scheme_ids() -> frozenset[str]:
    """The romanization schemes of vocab/scripts.yaml (read once: names are validated by the thousand)."""
    from opis.vocab import load

    return frozenset(str(s["id"]) for s in load("scripts")["schemes"])
