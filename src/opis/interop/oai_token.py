"""OAI-PMH resumption tokens: opaque text carrying a list request's parameters, its cursor and an expiry.

A token is base64url (no padding) of compact JSON, followed by ``.`` and the first 12 hex digits of
its SHA-256, so a token cut short or altered in transit is refused as ``badResumptionToken``. It is
not a secret and needs no signing: it holds only what a harvester may pass as arguments anyway
(format, set, from, until) plus where the last page ended, and every page is read through the
store's access rule again. Paging is by key (the last ``updated_at`` and id delivered), not by
offset, so documents changed during a harvest move to its end instead of shifting pages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime


class TokenError(ValueError):
    """The token is malformed, altered or expired."""


@dataclass(frozen=True)
class ListState:
    verb: str
    metadata_prefix: str
    since: str | None  # the from argument as given
    until: str | None
    set_spec: str | None
    after_stamp: str  # updated_at of the last document delivered
    after_id: str
    cursor: int  # documents delivered before the next page
    expires: str  # UTC, YYYY-MM-DDThh:mm:ssZ


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("ascii")).hexdigest()[:12]


def encode(state: ListState) -> str:
    raw = json.dumps(asdict(state), sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return f"{body}.{_digest(body)}"


def decode(token: str, now: datetime) -> ListState:
    body, _, check = token.partition(".")
    if not body or not body.isascii() or check != _digest(body):
        raise TokenError("the resumption token is malformed or was altered")
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        state = ListState(**data)
        if not isinstance(state.cursor, int) or not all(isinstance(v, str) for v in (
                state.verb, state.metadata_prefix, state.after_stamp, state.after_id, state.expires)):
            raise TypeError("a field of the wrong type")
        expires = parse_stamp(state.expires)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise TokenError("the resumption token is malformed") from exc
    if expires <= now:
        raise TokenError(f"the resumption token expired at {state.expires}")
    return state


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
