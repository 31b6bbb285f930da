"""Accounts, sign-in sessions and API tokens.

Passwords are hashed with argon2id. Session cookies and API tokens are random secrets of which
only a SHA-256 is stored: a copy of the database lets no one sign in. An API token is shown once,
when made, as ``opis_<id>_<secret>``; the id is public (lists, revocation), the secret is not.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, insert, select, update

from opis.store.access import Viewer, role_ids
from opis.store.clock import Clock, stamp, utc_now
from opis.store.errors import Conflict, Invalid, NotFound
from opis.store.schema import api_tokens, sessions, users

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# Verifying against this when the name is unknown takes as long as a real check, so timing does
# not tell which names exist. A fixed hash (of "not a password anyone has", made with the hasher's
# parameters), not one made at import: hashing cost every process that imports the store 0.7-1.8 s
# of CPU (every `opis` command, worker and server start; issue 18). tests/store/test_accounts.py
# checks it still has the hasher's parameters, so the timing stays the same as a real check.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$6vIS8OFs7J6YJS6C1lhkCg$OJYqEP6IQh2Ji9AxTStVChIFg8d4tSQEHTJ6q28CM7k"


@dataclass(frozen=True)
class User:
    name: str
    roles: frozenset[str]
    created_at: str
    disabled: bool

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.name, self.roles)


@dataclass(frozen=True)
class SessionInfo:
    user: User
    csrf: str
    expires_at: str


@dataclass(frozen=True)
class TokenInfo:
    id: str
    user_name: str
    label: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_roles(roles: frozenset[str] | set[str]) -> frozenset[str]:
    unknown = set(roles) - role_ids()
    if unknown or not roles:
        raise Invalid(f"unknown or missing role(s) {sorted(unknown)}; known: {', '.join(sorted(role_ids()))}")
    return frozenset(roles)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"a password needs at least {MIN_PASSWORD} characters")
    return password


class Accounts:
    def __init__(self, engine: Engine, clock: Clock = utc_now, session_days: int = 14) -> None:
        self.engine = engine
        self.clock = clock
        self.session_days = session_days

    # -- users ---------------------------------------------------------------------------

    def add_user(self, name: str, password: str, roles: set[str] | frozenset[str]) -> User:
        if not NAME.match(name):
            raise Invalid(f"{name!r} is not a user name: letters, digits and . _ @ - only, up to 80")
        now = stamp(self.clock())
        values = {"name": name, "password_hash": _HASHER.hash(check_password(password)),
                  "roles": " ".join(sorted(check_roles(roles))), "created_at": now,
                  "password_changed_at": now, "disabled": 0}
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise Conflict(f"a user named {name!r} exists already")
            conn.execute(insert(users).values(**values))
        return self.user(name)

    def user(self, name: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise NotFound(f"no user {name!r}")
        return _user(row)

    def users(self) -> list[User]:
        with self.engine.connect() as conn:
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.name))]

    def has_users(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(users.c.name).limit(1)).first() is not None

    def set_roles(self, name: str, roles: set[str] | frozenset[str]) -> User:
        self._update(name, roles=" ".join(sorted(check_roles(roles))))
        return self.user(name)

    def set_disabled(self, name: str, disabled: bool) -> User:
        self._update(name, disabled=int(disabled))
        if disabled:
            self.end_sessions(name)
        return self.user(name)

    def set_password(self, name: str, password: str) -> None:
        """A new password ends every session of the user (a stolen cookie stops working too)."""
        self._update(name, password_hash=_HASHER.hash(check_password(password)),
                     password_changed_at=stamp(self.clock()))
        self.end_sessions(name)

    def _update(self, name: str, **values: object) -> None:
        with self.engine.begin() as conn:
            if conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount == 0:
                raise NotFound(f"no user {name!r}")

    def verify(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs and the account is on; otherwise None (same time either way)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        stored = row.password_hash if row is not None else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        if _HASHER.check_needs_rehash(stored):
            self._update(name, password_hash=_HASHER.hash(password))
        return _user(row)

    # -- sessions --------------------------------------------------------------------------

    def open_session(self, name: str) -> tuple[str, SessionInfo]:
        """A new session: the cookie value (returned once, never stored) and what it stands for."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        expires = stamp(now + timedelta(days=self.session_days))
        csrf = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.expires_at < stamp(now)))
            conn.execute(insert(sessions).values(token_hash=_digest(token), user_name=name, csrf=csrf,
                                                 created_at=stamp(now), expires_at=expires))
        return token, SessionInfo(self.user(name), csrf, expires)

    def session(self, token: str) -> SessionInfo | None:
        query = (select(sessions.c.csrf, sessions.c.expires_at, users)
                 .join(users, users.c.name == sessions.c.user_name)
                 .where(sessions.c.token_hash == _digest(token)))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.disabled or row.expires_at < stamp(self.clock()):
            return None
        return SessionInfo(_user(row), row.csrf, row.expires_at)

    def end_session(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))

    def end_sessions(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.user_name == name))

    # -- API tokens ------------------------------------------------------------------------

    def create_token(self, name: str, label: str) -> tuple[str, TokenInfo]:
        """A new token for ``name``: the full secret (shown once) and its public record."""
        self.user(name)
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        now = stamp(self.clock())
        with self.engine.begin() as conn:
            conn.execute(insert(api_tokens).values(id=token_id, user_name=name, secret_hash=_digest(secret),
                                                   label=label.strip()[:200] or "API token", created_at=now))
        return f"opis_{token_id}_{secret}", self.token(token_id)

    def token(self, token_id: str) -> TokenInfo:
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        if row is None:
            raise NotFound(f"no API token {token_id!r}")
        return _token(row)

    def tokens(self, name: str | None = None) -> list[TokenInfo]:
        query = select(api_tokens).order_by(api_tokens.c.created_at)
        if name is not None:
            query = query.where(api_tokens.c.user_name == name)
        with self.engine.connect() as conn:
            return [_token(r) for r in conn.execute(query)]

    def revoke_token(self, token_id: str) -> TokenInfo:
        with self.engine.begin() as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                         .values(revoked_at=stamp(self.clock())))
        return self.token(token_id)

    def token_user(self, presented: str) -> User | None:
        """The user a presented ``opis_<id>_<secret>`` token acts for, if it is valid and not revoked."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != "opis":
            return None
        query = (select(api_tokens.c.secret_hash, api_tokens.c.revoked_at, users)
                 .join(users, users.c.name == api_tokens.c.user_name).where(api_tokens.c.id == parts[1]))
        with self.engine.begin() as conn:
            row = conn.execute(query).first()
            if row is None or row.revoked_at or row.disabled:
                return None
            if not hmac.compare_digest(row.secret_hash, _digest(parts[2])):
                return None
            conn.execute(update(api_tokens).where(api_tokens.c.id == parts[1])
                         .values(last_used_at=stamp(self.clock())))
        return _user(row)


def _user(row: object) -> User:
    return User(row.name, frozenset(row.roles.split()), row.created_at, bool(row.disabled))  # type: ignore[attr-defined]


def _token(row: object) -> TokenInfo:
    r = row
    return TokenInfo(r.id, r.user_name, r.label, r.created_at, r.last_used_at, r.revoked_at)  # type: ignore[attr-defined]


def expires_in(info: SessionInfo, now: datetime) -> int:
    """Seconds until the session ends (for the cookie's Max-Age)."""
    end = datetime.strptime(info.expires_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=now.tzinfo)
    return max(0, int((end - now).total_seconds()))
