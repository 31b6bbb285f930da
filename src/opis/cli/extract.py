"""`opis extract FILE`: what opis reads in one file (footnotes, citations, dates, quantities, tables,
names, and every plug-in's keys), storing nothing."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opis.cli.common import AsJson, DataDir, archive_for, fail, guarded, load_plugins, out, print_json, settings_for

if TYPE_CHECKING:
    from opis.extract.names.entities import AuthorityIndex


def extract(file: Path, as_json: AsJson = False,
            data_dir: DataDir = None,
            language: Annotated[str | None, typer.Option(help="Language of the text (BCP 47).")] = None) -> None:
    """Read FILE's text and run every extractor, storing nothing; names link to the store's authorities
    (or to the sample collection's when there is no store yet)."""
    from opis.extract.pipeline import extract_all
    from opis.ingest.errors import IngestError
    from opis.ingest.worker import parse_file_safely

    load_plugins()
    try:
        parsed = parse_file_safely(file)
    except IngestError as exc:
        fail(exc.reason)
    index = guarded(lambda: _names_index(data_dir))
    result = extract_all(parsed.text, language or parsed.language, index)
    if as_json:
        print_json(result)
        return
    for key, items in result.items():
        if isinstance(items, list):
            out.print(f"[bold]{key}[/]: {len(items)}")
            for item in items[:50]:
                out.print("  ", item.get("raw") or item.get("text") or item.get("caption") or item, highlight=False)


def _names_index(data_dir: Path | None) -> AuthorityIndex:
    settings = settings_for(data_dir)
    if (settings.data_dir / "opis.sqlite3").exists() or settings.database_url:
        from opis.jobs.ingest import authority_index

        return authority_index(archive_for(data_dir))
    return _sample_index()


def _sample_index() -> AuthorityIndex:
    """The sample collection's name index, built once and then read from the user's cache.

    Building it (every authority's match keys, in every script, pypinyin included) cost about
    0.8 s, most of a first ``opis extract``; unpickling it costs a few milliseconds. The cache
    file's name is a digest of everything that could change the index (see ``_index_digest``), so
    a changed sample, opis or pypinyin makes a new file instead of reading a stale one. The file is
    the user's own, written by opis, like a byte-code cache; one that cannot be read or written is
    no error, the index is just built."""
    from opis.extract.names.entities import AuthorityIndex
    from opis.model import Authority

    cached = _cache_dir() / f"sample-names-{_index_digest()}.pickle"
    try:
        index = pickle.loads(cached.read_bytes())
        if isinstance(index, AuthorityIndex):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    from opis.sample import load_sample

    index = AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("sample-names-*.pickle"):
            old.unlink(missing_ok=True)
        partial.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(cached)  # whole or not at all: a second opis never reads half a file
    except OSError:
        partial.unlink(missing_ok=True) if partial.parent.is_dir() else None
    return index


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "opis"


def _index_digest() -> str:
    """What the sample index depends on, by name, size and modification time: every file of the
    opis package (code, vocabularies, the sample's YAML), pypinyin's and opencc's (Han names'
    keys), and the Python version (the pickle's)."""
    digest = hashlib.sha256(sys.version.encode())
    roots = [Path(__file__).resolve().parents[1]]
    for name in ("pypinyin", "opencc"):
        spec = find_spec(name)
        if spec is not None and spec.origin:
            roots.append(Path(spec.origin).parent)
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".yaml", ".json", ".txt", ".so"} and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def register(app: typer.Typer) -> None:
    app.command()(extract)
