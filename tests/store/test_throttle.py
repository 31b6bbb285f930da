"""The sign-in throttle's rules, from audit entries written as the sign-in route writes them."""

from __future__ import annotations

from datetime import timedelta

from opis.store.archive import Archive
from opis.store.throttle import MAX_DELAY, SignInThrottle
from tests.conftest import FixedClock

LIMIT = 5


def _fail(archive: Archive, name: str, ip: str) -> None:
    archive.audit.record(name, "login-failed", name, ip)


def test_a_guess_spread_over_many_addresses_meets_a_growing_wait(archive: Archive, clock: FixedClock) -> None:
    throttle = SignInThrottle(archive.audit, LIMIT)
    archive.audit.record("ann", "login", "ann", "10.0.0.7")
    waits = []
    for n in range(12):  # each guess from an address of its own, each as soon as it is let in
        verdict = throttle.check("ann", f"203.0.113.{n}")
        if not verdict.allowed:
            waits.append(verdict.retry_after)
            clock.now += timedelta(seconds=verdict.retry_after)
            assert throttle.check("ann", f"203.0.113.{n}").allowed
        _fail(archive, "ann", f"203.0.113.{n}")
    assert waits == [1, 2, 4, 8, 16, 32, MAX_DELAY]
    assert throttle.check("ann", "10.0.0.7").allowed  # her usual address never waits
    assert not throttle.check("ann", "198.51.100.1").allowed
    clock.now += timedelta(minutes=16)  # the window passes
    assert throttle.check("ann", "198.51.100.1").allowed


def test_one_address_and_one_pair_are_refused_for_the_window(archive: Archive, clock: FixedClock) -> None:
    throttle = SignInThrottle(archive.audit, LIMIT)
    for _ in range(LIMIT):
        _fail(archive, "ann", "203.0.113.1")
    pair = throttle.check("ann", "203.0.113.1")
    assert not pair.allowed and pair.retry_after == 900
    assert throttle.check("bob", "203.0.113.1").allowed  # other names from there: not yet
    for n in range(3 * LIMIT):
        _fail(archive, f"user{n}", "203.0.113.1")
    assert not throttle.check("bob", "203.0.113.1").allowed
    assert throttle.check("bob", "203.0.113.2").allowed
    clock.now += timedelta(minutes=15, seconds=1)
    assert throttle.check("ann", "203.0.113.1").allowed
