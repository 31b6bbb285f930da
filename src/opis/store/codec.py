"""Records to and from their canonical JSON text (sorted keys, no spaces): the form stored and exported."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from opis.model import AnyRecord as AnyRecord  # the union is model's; re-exported for the store's callers
from opis.model import Authority, Document, record_from_dict


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def encode(record: AnyRecord) -> str:
    return dumps(record.model_dump(mode="json"))


def decode(text: str) -> AnyRecord:
    return record_from_dict(json.loads(text))


def title_of(record: AnyRecord) -> str:
    return record.preferred if isinstance(record, Authority) else record.title


def date_bounds(record: AnyRecord) -> tuple[date | None, date | None]:
    when = record.date if isinstance(record, Document) else record.dates if isinstance(record, Authority) else None
    return (when.earliest, when.latest) if when else (None, None)
