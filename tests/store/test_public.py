"""store/public.py: what the anonymous public may open, counted and listed (the sitemap's queries)."""

from __future__ import annotations

from datetime import date, timedelta

from opis.model import Access
from opis.store.archive import Archive
from opis.store.public import changed_day, public_count, public_records
from tests.conftest import FixedClock
from tests.support import records as R

KINDS = ("document", "person", "repository", "collection")


def test_only_what_the_public_may_open_is_counted_and_listed(archive: Archive) -> None:
    archive.put_many(R.ALL, "t")
    listed = public_records(archive, KINDS, 0, 100)
    assert {r.id for r in listed} == {R.PUBLIC.id, R.SHTYKOV.id, R.RGAE.id, R.COLLECTION.id}
    assert public_count(archive, KINDS) == 4
    assert [r.id for r in listed] == sorted(r.id for r in listed)  # pages follow the id order
    assert public_records(archive, ("document",), 0, 100) == [r for r in listed if r.kind == "document"]
    assert [r.id for r in public_records(archive, KINDS, 1, 2)] == [r.id for r in listed][1:3]


def test_a_lifted_embargo_counts_as_a_change_on_its_day(archive: Archive, clock: FixedClock) -> None:
    until = clock.now.date() + timedelta(days=3)
    archive.put_many([R.doc("late", access=Access(level="embargoed", until=until))], "t")
    assert public_count(archive, ("document",)) == 0
    clock.now += timedelta(days=3)
    [record] = public_records(archive, ("document",), 0, 10)
    assert record.changed == until.isoformat()


def test_changed_day() -> None:
    assert changed_day("2026-11-01T12:00:00Z", "public", None) == "2026-11-01"
    assert changed_day("2026-11-01T12:00:00Z", "embargoed", date(2027, 1, 5)) == "2027-01-05"
    assert changed_day("2026-11-01T12:00:00Z", "embargoed", date(2020, 1, 5)) == "2026-11-01"
