"""The cross-script keys of words keyed before, kept in a file next to the search index.

Keying a word (``crosskeys.word_keys``: every transliteration scheme, the loose and cross-script
skeletons, a Russian word's stem) costs about a millisecond, and each process starts with empty
caches: every ``opis ingest`` batch paid it again for every word of its texts, most of the index
catch-up. The keys depend only on the word and on the code and tables that key it, so they are
saved once worked out and read back by the next process.

* The file's name holds a digest of everything the keys depend on (``digest``): the keying code
  (``opis.names``, ``index/crosskeys.py``, ``index/analysis.py``), their tables, the Python and
  tantivy versions (the Russian stemmer). A change to any of them names another file, so stale keys
  are never read; older files are removed when a new one is written.
* It is read lazily, the first time a word is not in memory, and written whole to a temporary file
  then renamed (a reader never sees half a file). One that cannot be read (damaged, wrong shape)
  counts as absent; one that cannot be written is skipped: the file only saves time, the keys are
  the same without it.
* It holds at most ``MAX_WORDS`` words, the first ones keyed (running text repeats its common
  words, which come first); past that, new words are keyed as before, not saved. Read, it costs
  ≈ 0.5 kB of memory a word (the keys are kept as read, a set is made for a word when it is looked
  up), so a full file ≈ 30 MB, well inside a worker's budget.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "word-keys-"  # not "g…": the index folder's generations are g*, and old ones are removed
MAX_WORDS = 1 << 16  # ≈ 5 MB of JSON at the test texts' mean of 80 bytes a word
SAVE_SHARE = 50  # new words are saved when at least 1/SAVE_SHARE of the saved ones (``save``)
_SRC = Path(__file__).resolve().parents[1]
# What the keys of a word are computed from; a file changed, added or removed here gives a new digest.
_SOURCES = ("names", "index/crosskeys.py", "index/analysis.py", "index/wordcache.py")


class _State:
    folder: Path | None = None
    loaded = False
    known: dict[str, list[str]] = {}  # read from the file: lists, smaller than sets
    new: dict[str, frozenset[str]] = {}  # worked out since, to be written


_state = _State()


def digest() -> str:
    """A digest of the code, tables and library versions the keys of a word depend on."""
    h = hashlib.sha256(f"{sys.version}\0{_version('tantivy')}\n".encode())
    for name in _SOURCES:
        root = _SRC / name
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and path.suffix in {".py", ".yaml"} and "__pycache__" not in path.parts:
                h.update(f"{path.relative_to(_SRC)}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:24]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def _path(folder: Path) -> Path:
    return folder / f"{PREFIX}{_digest()}.json"


@functools.cache
def _digest() -> str:
    return digest()


def use(folder: Path | None) -> None:
    """Read and save word keys in ``folder`` (the search index's folder) from now on; None: nowhere."""
    if folder != _state.folder:
        _state.folder, _state.loaded, _state.known, _state.new = folder, False, {}, {}


def lookup(word: str) -> frozenset[str] | None:
    """The saved keys of ``word``, or None (not saved, or no folder in use)."""
    if _state.folder is None:
        return None
    if not _state.loaded:
        _state.known, _state.loaded = _read(_path(_state.folder)), True
    found = _state.known.get(word)
    return None if found is None else frozenset(found)


def remember(word: str, keys: frozenset[str]) -> None:
    """Note the keys just worked out for ``word``, to be written by ``save``."""
    if _state.folder is not None and len(_state.known) + len(_state.new) < MAX_WORDS:
        _state.new[word] = keys


def save() -> None:
    """Write the saved and the new keys to the folder's file, when the new ones are worth it.

    The whole file is rewritten (≈ 10 µs a word) to save keying the new words again (≈ 1 ms each),
    so it is written when the new words are at least a fiftieth of those already saved: a server
    catching up a document at a time does not rewrite a large file for a handful of words.
    """
    folder = _state.folder
    if folder is None or not _state.new:
        return
    if not _state.loaded:  # nothing was looked up: keep what the file already holds
        _state.known, _state.loaded = _read(_path(folder)), True
    if len(_state.new) * SAVE_SHARE < len(_state.known):
        return
    words = {**_state.known, **{w: sorted(k) for w, k in _state.new.items()}}
    path = _path(folder)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
        for old in folder.glob(f"{PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("word keys not saved in %s: %s", folder, exc)
        partial.unlink(missing_ok=True)
        return
    _state.known, _state.new = words, {}


def forget() -> None:
    """Empty the memory of this process (the file stays): the next look-up reads the file again,
    as a new process would. For tests and benches; also empties the key caches of ``crosskeys``."""
    from opis.index import crosskeys

    _state.loaded, _state.known, _state.new = False, {}, {}
    crosskeys.clear_caches()


def _read(path: Path) -> dict[str, list[str]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("word keys in %s not read: %s", path, exc)
        return {}
    if not isinstance(raw, dict) or not all(
            isinstance(w, str) and isinstance(k, list) and all(isinstance(s, str) for s in k) for w, k in raw.items()):
        log.warning("word keys in %s not read: not a word → keys table", path)
        return {}
    return raw
