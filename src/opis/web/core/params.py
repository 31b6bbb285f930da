"""Query parameters many routes share, bounded so no value reaches the database unchecked."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Query

from opis.store.errors import Invalid

# PostgreSQL's OFFSET is a bigint; a page past two thousand million is nonsense anyway.
MAX_OFFSET = 2**31 - 1

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return.")]
IfMatch = Annotated[str | None, Header(max_length=40, description="The revision the change was made on, e.g. \"3\"")]
Expected = Annotated[int | None, Query(ge=1, le=MAX_OFFSET,
                                       description="Same as If-Match, for clients that cannot set headers")]


def if_match_revision(header: str | None, expected: int | None) -> int | None:
    """The revision a change was made to, from ``If-Match`` (``3``, ``"3"``, ``W/"3"``; ``*`` means any)
    or ``expected_revision``; when both are given they must agree."""
    if header is None or header.strip() == "*":
        return expected
    raw = header.strip().removeprefix("W/").strip('"')
    if not raw.isdigit() or len(raw) > 9:
        raise Invalid(f'If-Match must name the revision the change was made to, e.g. If-Match: "3", '
                      f"not {header[:40]!r}")
    if expected is not None and expected != int(raw):
        raise Invalid("If-Match and expected_revision disagree")
    return int(raw)
