"""Who may try a password now: the sign-in throttle, counted from the audit log's failed attempts.

Three counts over the last 15 minutes, each answering a different attack without letting a
stranger lock the owner out:

- **one address, any accounts** (``4 × limit`` failures): one machine guessing many names is refused;
- **one address, one account** (``limit`` failures): one machine guessing one password is refused,
  and only that machine: the account's owner elsewhere is not;
- **one account, any addresses** (``limit`` failures or more, from several machines at once): tries
  from an address the account never signed in from must wait, after the account's latest failure,
  a delay that doubles with each failure past the limit, up to a minute. It slows a guess spread
  over many machines to one a minute, and never refuses the owner for long; from an address the
  account has signed in from before (the owner's usual place), there is no wait at all.

Counts come from the audit log, so they hold across restarts and worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, select

from opis.store.audit import AuditLog
from opis.store.clock import stamp
from opis.store.schema import audit_log

WINDOW = timedelta(minutes=15)
MAX_DELAY = 60  # seconds: the longest wait a spread-out guess imposes on a new address
FAILED, SUCCEEDED = "login-failed", "login"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when not allowed
    reason: str = ""


@dataclass(frozen=True)
class Failures:
    from_address: int  # any account, from this address
    pair: int  # this account, from this address
    account: int  # this account, from anywhere
    last: datetime | None  # the account's latest failure


class SignInThrottle:
    def __init__(self, audit: AuditLog, limit: int) -> None:
        self.audit, self.limit = audit, limit

    def failures(self, name: str, ip: str) -> Failures:
        since = stamp(self.audit.clock() - WINDOW)
        recent = and_(audit_log.c.action == FAILED, audit_log.c.at >= since)
        mine = audit_log.c.actor == name
        here = audit_log.c.ip == ip
        query = select(func.count().filter(here), func.count().filter(and_(mine, here)), func.count().filter(mine),
                       func.max(audit_log.c.at).filter(mine)).where(recent)
        with self.audit.engine.connect() as conn:
            at_ip, pair, account, last = conn.execute(query).one()
        return Failures(int(at_ip), int(pair), int(account), _parse(last) if last else None)

    def known_address(self, name: str, ip: str) -> bool:
        """Whether the account ever signed in from ``ip`` (what the owner can show and a stranger cannot)."""
        query = select(audit_log.c.seq).where(audit_log.c.action == SUCCEEDED, audit_log.c.actor == name,
                                              audit_log.c.ip == ip).limit(1)
        with self.audit.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def check(self, name: str, ip: str) -> Verdict:
        counted = self.failures(name, ip)
        window = int(WINDOW.total_seconds())
        if counted.from_address >= 4 * self.limit:
            return Verdict(False, window, "too many failed sign-ins from this address")
        if counted.pair >= self.limit:
            return Verdict(False, window, "too many failed sign-ins to this account from this address")
        if counted.account < self.limit or counted.last is None or self.known_address(name, ip):
            return Verdict(True)
        delay = min(MAX_DELAY, 2 ** (counted.account - self.limit))
        waited = (self.audit.clock() - counted.last).total_seconds()
        if waited >= delay:
            return Verdict(True)
        return Verdict(False, max(1, int(delay - waited + 0.999)),
                       "this account has many failed sign-ins from elsewhere; new addresses must wait a little")


def _parse(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
