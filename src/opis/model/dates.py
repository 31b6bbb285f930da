"""A date as a record carries it: EDTF text plus the verbatim wording, with the day bounds derived."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field, field_validator, model_validator

from opis.model.edtf import parse_edtf


class DocDate(BaseModel):
    """``edtf`` is the normalized value (``1950-05-21/1950-05-31``); ``text`` the wording as found."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edtf: str
    text: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        # earliest/latest are derived on output; a dump read back in must not be refused for them.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in ("earliest", "latest")}
        return data

    @field_validator("edtf")
    @classmethod
    def _valid(cls, value: str) -> str:
        parse_edtf(value)  # raises EdtfError (a ValueError) with a clear message
        return value.strip()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def earliest(self) -> date | None:
        return parse_edtf(self.edtf).earliest

    @computed_field  # type: ignore[prop-decorator]
    @property
    def latest(self) -> date | None:
        return parse_edtf(self.edtf).latest
