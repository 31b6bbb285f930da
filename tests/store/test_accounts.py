"""Accounts in the store: argon2id hashes, API tokens kept only as hashes, revocation, switched-off
accounts, sessions that end with the clock, and the checks on names, roles and passwords."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Table, select

from opis.store.accounts import MIN_PASSWORD
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid, NotFound
from opis.store.schema import api_tokens, sessions, users
from tests.conftest import FixedClock

PASSWORD = "correct horse battery staple"


def _row(archive: Archive, table: Table, **where: str) -> Any:
    with archive.engine.connect() as conn:
        return conn.execute(select(table).where(*(table.c[k] == v for k, v in where.items()))).first()


def test_passwords_are_stored_as_argon2id_hashes(archive: Archive) -> None:
    user = archive.accounts.add_user("ann", PASSWORD, {"editor"})
    assert user.roles == {"editor"} and not user.disabled
    row = _row(archive, users, name="ann")
    assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
    assert archive.accounts.verify("ann", PASSWORD) == user
    assert archive.accounts.verify("ann", PASSWORD + "!") is None
    assert archive.accounts.verify("nobody", PASSWORD) is None


def test_names_roles_and_passwords_are_checked(archive: Archive) -> None:
    with pytest.raises(Invalid, match="not a user name"):
        archive.accounts.add_user("ann smith", PASSWORD, {"editor"})
    with pytest.raises(Invalid, match="known: admin, contributor, editor, reader, translator"):
        archive.accounts.add_user("ann", PASSWORD, {"boss"})
    with pytest.raises(Invalid, match="missing role"):
        archive.accounts.add_user("ann", PASSWORD, set())
    with pytest.raises(Invalid, match=f"at least {MIN_PASSWORD}"):
        archive.accounts.add_user("ann", "x" * (MIN_PASSWORD - 1), {"editor"})
    archive.accounts.add_user("ann", PASSWORD, {"editor"})
    with pytest.raises(Conflict, match="exists already"):
        archive.accounts.add_user("ann", PASSWORD, {"reader"})
    with pytest.raises(NotFound):
        archive.accounts.set_roles("bob", {"reader"})
    assert archive.accounts.set_roles("ann", {"reader", "translator"}).roles == {"reader", "translator"}
    assert [u.name for u in archive.accounts.users()] == ["ann"] and archive.accounts.has_users()


def test_a_switched_off_account_cannot_sign_in_or_use_tokens(archive: Archive) -> None:
    archive.accounts.add_user("ann", PASSWORD, {"editor"})
    secret, _ = archive.accounts.create_token("ann", "script")
    token, _ = archive.accounts.open_session("ann")
    archive.accounts.set_disabled("ann", True)
    assert archive.accounts.user("ann").disabled
    assert archive.accounts.verify("ann", PASSWORD) is None
    assert archive.accounts.session(token) is None
    assert archive.accounts.token_user(secret) is None
    archive.accounts.set_disabled("ann", False)
    assert archive.accounts.verify("ann", PASSWORD) is not None
    assert archive.accounts.token_user(secret) is not None  # the token comes back; the session does not
    assert archive.accounts.session(token) is None


def test_a_token_is_shown_once_and_stored_as_a_hash(archive: Archive, clock: FixedClock) -> None:
    archive.accounts.add_user("ann", PASSWORD, {"editor"})
    secret, info = archive.accounts.create_token("ann", "  harvest script ")
    prefix, token_id, hidden = secret.split("_", 2)
    assert prefix == "opis" and token_id == info.id and len(hidden) >= 40 and info.label == "harvest script"
    row = _row(archive, api_tokens, id=token_id)
    assert row.secret_hash == hashlib.sha256(hidden.encode()).hexdigest()
    assert hidden not in repr(row) and not any(hidden in repr(t) for t in archive.accounts.tokens())
    assert info.last_used_at is None
    clock.now += timedelta(hours=1)
    user = archive.accounts.token_user(secret)
    assert user is not None and user.name == "ann"
    assert archive.accounts.token(token_id).last_used_at == "2026-11-01T13:00:00.000000Z"
    for forged in (f"opis_{token_id}_{hidden[:-1]}x", f"opis_{token_id}", hidden, "Bearer x", f"opis_nope_{hidden}"):
        assert archive.accounts.token_user(forged) is None, forged


def test_revoked_tokens_stop_and_stay_listed(archive: Archive) -> None:
    archive.accounts.add_user("ann", PASSWORD, {"editor"})
    first, a = archive.accounts.create_token("ann", "a")
    second, _ = archive.accounts.create_token("ann", "")
    revoked = archive.accounts.revoke_token(a.id)
    assert revoked.revoked_at is not None
    assert archive.accounts.revoke_token(a.id).revoked_at == revoked.revoked_at  # revoking again changes nothing
    assert archive.accounts.token_user(first) is None and archive.accounts.token_user(second) is not None
    assert [(t.label, t.revoked_at is None) for t in archive.accounts.tokens("ann")] == [
        ("a", False), ("API token", True)]
    with pytest.raises(NotFound):
        archive.accounts.revoke_token("nope")
    with pytest.raises(NotFound):
        archive.accounts.create_token("bob", "x")


def test_sessions_end_with_the_clock_and_are_stored_as_hashes(archive: Archive, clock: FixedClock) -> None:
    archive.accounts.add_user("ann", PASSWORD, {"editor"})
    token, info = archive.accounts.open_session("ann")
    assert info.user.name == "ann" and info.csrf and info.expires_at == "2026-11-15T12:00:00.000000Z"
    assert _row(archive, sessions, token_hash=token) is None
    assert _row(archive, sessions, token_hash=hashlib.sha256(token.encode()).hexdigest()) is not None
    clock.now += timedelta(days=13, hours=23)
    found = archive.accounts.session(token)
    assert found is not None and found.csrf == info.csrf
    clock.now += timedelta(hours=2)
    assert archive.accounts.session(token) is None
    archive.accounts.open_session("ann")  # opening a session sweeps out the expired ones
    assert _row(archive, sessions, token_hash=hashlib.sha256(token.encode()).hexdigest()) is None


def test_a_new_password_ends_every_session(archive: Archive) -> None:
    archive.accounts.add_user("ann", PASSWORD, {"editor"})
    archive.accounts.add_user("bob", PASSWORD, {"editor"})
    one, _ = archive.accounts.open_session("ann")
    two, _ = archive.accounts.open_session("ann")
    bobs, _ = archive.accounts.open_session("bob")
    archive.accounts.set_password("ann", "another long password")
    assert archive.accounts.session(one) is None and archive.accounts.session(two) is None
    assert archive.accounts.session(bobs) is not None
    assert archive.accounts.verify("ann", PASSWORD) is None
    assert archive.accounts.verify("ann", "another long password") is not None
    archive.accounts.end_session(bobs)
    assert archive.accounts.session(bobs) is None


def test_the_fixed_dummy_hash_has_the_hashers_parameters() -> None:
    """An unknown name is checked against a fixed hash; with the hasher's own parameters it costs what
    a real check costs, so timing does not tell which names exist."""
    from opis.store.accounts import _DUMMY_HASH, _HASHER

    assert not _HASHER.check_needs_rehash(_DUMMY_HASH)
    assert _HASHER.verify(_DUMMY_HASH, "not a password anyone has")
