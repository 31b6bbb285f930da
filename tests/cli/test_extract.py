"""`opis extract` without a store: the sample's name index is built once, then read from the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opis.cli import app
from opis.cli.extract import _sample_index

runner = CliRunner()
TEXT = "In March 1949 Kim Il Sung met Shtykov in Moscow.\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "opis"


def _names(tmp_path: Path) -> list[str]:
    text = tmp_path / "note.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(text), "--json", "--data-dir", str(tmp_path / "no-store")])
    assert result.exit_code == 0, result.stderr
    return sorted(n["authority"] for n in json.loads(result.stdout)["names"] if n.get("authority"))


def test_the_cached_index_links_the_same_names_as_a_fresh_one(tmp_path: Path, cache: Path) -> None:
    first = _names(tmp_path)
    written = list(cache.glob("sample-names-*.pickle"))
    assert len(written) == 1
    assert first  # Kim Il Sung and Shtykov are sample authorities
    assert _names(tmp_path) == first  # now from the cache
    assert list(cache.glob("sample-names-*.pickle")) == written


def test_a_broken_cache_file_is_rebuilt_not_an_error(tmp_path: Path, cache: Path) -> None:
    expected = _sample_index().lookup("Terenty Shtykov")
    (written,) = cache.glob("sample-names-*.pickle")
    written.write_bytes(b"not a pickle")
    assert _sample_index().lookup("Terenty Shtykov") == expected
    assert written.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _sample_index().lookup("Terenty Shtykov")
