"""Bounds where text enters the index (issue 20): long tokens, long fields, book-length texts, a
backlog at start-up and a shutdown in the middle of one."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opis import vocab
from opis.index import SearchIndex, crosskeys, docs
from opis.index.indexer import Indexer, Stopped
from opis.model import AgentRef, Document, Rendition
from opis.names import keys
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web import app as web_app
from tests.index.corpus import ids, run


def _doc(key: str, text: str = "", **fields: Any) -> Document:
    renditions = [Rendition(id=f"ren-{key}", kind="original", language="en", text=text)] if text else []
    return Document(id=f"doc-limits-{key}", title=fields.pop("title", f"Document {key}"), genre="letter",
                    renditions=renditions, **fields)


def _keys(prepared: docs.Prepared) -> list[str]:
    return [k for op in prepared.ops if op[0] == "tokens" for k in op[4]]


def test_a_megabyte_word_is_dropped_and_hides_nothing(archive: Archive, index: SearchIndex) -> None:
    text = "Molotov met Gromyko. " + "a" * 1_000_000 + " Vyshinsky signed."
    prepared = docs.prepare(_doc("word", text), docs.Linked())
    assert max(len(k) for k in _keys(prepared)) <= crosskeys.MAX_KEYED + 1  # a loose key carries "~"
    archive.put(_doc("word", text), "t")
    Indexer(archive, index).catch_up()
    for query in ("Gromyko", "Vyshinsky", "Молотов"):  # both sides of the word, and across scripts
        assert ids(run(index, query, viewer=SYSTEM)) == ["doc-limits-word"], query
    assert run(index, "a" * 1_000, viewer=SYSTEM).total == 0


def test_fields_are_cut_to_their_limits_where_they_enter_the_index(archive: Archive, index: SearchIndex) -> None:
    limit = vocab.field_limits()["title"]
    title = "Beginning " + "x" * limit + " needle"
    name = "Shtykov " + "y" * vocab.field_limits()["name"] + " Mao"
    archive.put(_doc("long", title=title, agents=[AgentRef(name=name, role="author")]), "t")
    Indexer(archive, index).catch_up()
    assert ids(run(index, "title:Beginning", viewer=SYSTEM)) == ["doc-limits-long"]
    assert run(index, "title:needle", viewer=SYSTEM).total == 0  # past the limit: not read
    assert ids(run(index, "Shtykov", viewer=SYSTEM)) == ["doc-limits-long"]
    assert run(index, "Mao", viewer=SYSTEM).total == 0
    stored = archive.get("doc-limits-long", SYSTEM)
    assert isinstance(stored, Document) and stored.title == title  # the record keeps it all


def test_cross_script_keys_cover_the_first_words_of_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docs, "MAX_KEYED_WORDS", 6)
    prepared = docs.prepare(_doc("book", "Штыков one two three four five six Молотов", title="A"),
                            docs.Linked())
    keys = set(_keys(prepared))
    assert "shtykov" in keys and "molotov" not in keys  # the title's one word counts too
    text_ops = [op for op in prepared.ops if op[0] == "text" and op[1] == "text"]
    assert "Молотов" in text_ops[0][2]  # the text field holds it all


def test_the_indexer_stops_between_documents(archive: Archive, index: SearchIndex) -> None:
    archive.put_many([_doc(str(i), "coal") for i in range(5)], "t")
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Stopped):
        Indexer(archive, index, stop=stop).catch_up()
    assert index.applied_seq() == 0 and len(asked) == 3
    index.release_writer()  # drops what was added since the last commit
    assert Indexer(archive, index).catch_up() == 5
    assert run(index, "coal", viewer=SYSTEM).total == 5


def test_the_server_serves_before_a_long_catch_up(archive: Archive, index: SearchIndex,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    archive.put_many([_doc(str(i), f"coal report {i}") for i in range(400)], "t")
    monkeypatch.setattr(web_app, "STARTUP_WAIT_S", 0.05)
    started = time.monotonic()
    # A thread of its own: a browser test earlier in the session may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        thread = pool.submit(asyncio.run, web_app._start_indexing(archive, index)).result()
    try:
        assert time.monotonic() - started < 5
        assert thread.is_alive() and thread.indexer.pending() > 0  # still catching up while serving
    finally:
        stopping = time.monotonic()
        thread.stop()
    assert not thread.is_alive() and time.monotonic() - stopping < 10
    assert thread.errors == 0


# -- linear time on hostile words (a size-scaled budget, as for the extractors) ---------------

SMALL = 100_000
GROWTH = 8
RATIO = 20.0


@contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def ring(*_: object) -> None:
        raise TimeoutError(f"indexing ran past {seconds}s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _cpu(run_it: Callable[[], Any]) -> float:
    with _alarm(120):
        started = time.process_time()
        run_it()
        return time.process_time() - started


def _clear_caches() -> None:
    """Empty every cache of the key modules, so no measurement reads an earlier one's answers
    (a warm second run of the small text would make linear work look quadratic)."""
    for module in (crosskeys, keys, *(sys.modules[m] for m in list(sys.modules) if m.startswith("opis.names."))):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def _prepare_time(unit: str, size: int) -> float:
    text = (unit * (size // len(unit) + 1))[:size]
    doc = _doc("hostile", text, title=text[:500])
    _clear_caches()  # each measurement starts cold
    return _cpu(lambda: docs.assemble(docs.prepare(doc, docs.Linked())))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "Ж", "가", "中", "Kim", " ", "-", "'", "1", "Il", "Sung", "Ё", "ъ", "\n"]),
                min_size=1, max_size=12).map("".join))
def test_index_documents_are_prepared_in_linear_time(unit: str) -> None:
    _prepare_time(unit, 200)
    small = min(_prepare_time(unit, SMALL), _prepare_time(unit, SMALL))
    large = _prepare_time(unit, SMALL * GROWTH)
    assert large <= RATIO * small + 0.2, f"{unit!r}: {large:.2f}s for {SMALL * GROWTH}, {small:.2f}s for {SMALL}"
