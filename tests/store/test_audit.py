"""The audit log: newest first with filters and paging, oldest first for the export, entries in
the caller's transaction, and the counting the sign-in rate limit relies on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from opis.store.archive import Archive
from opis.store.schema import users
from tests.conftest import FixedClock


def _fill(archive: Archive, clock: FixedClock) -> None:
    for n, (actor, action, target) in enumerate([("ann", "login", "ann"), ("bob", "login", "bob"),
                                                  ("ann", "token-created", "ann"), ("ann", "edit", "doc-1")]):
        clock.now += timedelta(minutes=1)
        archive.audit.record(actor, action, target, f"10.0.0.{n}", {"n": n, "note": "Штыков"})


def test_entries_are_newest_first_with_filters_and_paging(archive: Archive, clock: FixedClock) -> None:
    _fill(archive, clock)
    entries, total = archive.audit.entries()
    assert total == 4 and [e.action for e in entries] == ["edit", "token-created", "login", "login"]
    assert entries[0].detail == {"n": 3, "note": "Штыков"} and entries[0].ip == "10.0.0.3"
    assert entries[0].at == "2026-11-01T12:04:00.000000Z" and entries[0].seq > entries[1].seq
    page, total = archive.audit.entries(offset=1, limit=2)
    assert total == 4 and [e.detail["n"] for e in page] == [2, 1]
    assert archive.audit.entries(actor="ann")[1] == 3
    assert [e.actor for e in archive.audit.entries(action="login")[0]] == ["bob", "ann"]
    assert archive.audit.entries(actor="ann", action="login", target="ann")[1] == 1
    assert archive.audit.entries(target="nobody") == ([], 0)
    assert [e.detail["n"] for e in archive.audit.all()] == [0, 1, 2, 3]
    assert entries[0].as_dict()["actor"] == "ann"


def test_an_entry_can_share_the_callers_transaction(archive: Archive) -> None:
    with pytest.raises(RuntimeError), archive.engine.begin() as conn:
        archive.audit.record("ann", "user-added", "bob", conn=conn)
        raise RuntimeError("the change failed, so it never happened")
    assert archive.audit.entries()[1] == 0
    with archive.engine.begin() as conn:
        conn.execute(insert(users).values(name="bob", password_hash="x", roles="reader", created_at="t",
                                          password_changed_at="t", disabled=0))
        archive.audit.record("ann", "user-added", "bob", conn=conn)
    assert archive.audit.entries()[1] == 1


def test_long_targets_and_addresses_are_cut_to_fit(archive: Archive) -> None:
    archive.audit.record("ann", "edit", "t" * 500, "f" * 100)
    entry = archive.audit.entries()[0][0]
    assert len(entry.target) == 200 and len(entry.ip) == 64 and entry.detail == {}


def test_recent_count_is_what_the_rate_limit_counts(archive: Archive, clock: FixedClock) -> None:
    window = timedelta(minutes=15)
    for ip in ("10.0.0.1", "10.0.0.1", "10.0.0.2"):
        archive.audit.record("ann", "login-failed", "ann", ip)
        clock.now += timedelta(minutes=5)
    archive.audit.record("bob", "login-failed", "bob", "10.0.0.1")
    archive.audit.record("ann", "login", "ann", "10.0.0.1")
    assert archive.audit.recent_count("login-failed", window, actor="ann") == 3
    assert archive.audit.recent_count("login-failed", window, ip="10.0.0.1") == 3
    assert archive.audit.recent_count("login-failed", window, actor="ann", ip="10.0.0.1") == 4  # either matches
    assert archive.audit.recent_count("login-failed", window) == 4
    clock.now += timedelta(minutes=6)  # the first two of ann's fall out of the window
    assert archive.audit.recent_count("login-failed", window, actor="ann") == 1
    clock.now += timedelta(minutes=15)
    assert archive.audit.recent_count("login-failed", window, actor="ann") == 0
