"""`opis search` and `opis reindex` through a Typer app with the commands registered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from opis.bootstrap import load_sample
from opis.cli.search import register
from opis.config import Settings
from opis.store.archive import Archive
from tests.index import corpus as C

runner = CliRunner()
app = typer.Typer()
register(app)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    Archive.open(Settings(data_dir=path, load_sample=False)).put_many(C.ALL, "t")  # type: ignore[arg-type]
    return path


def opis(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def test_search_catches_up_and_prints_json(data_dir: Path) -> None:
    code, out = opis("search", "Shtikov", "--data-dir", str(data_dir), "--json", "--limit", "50")
    assert code == 0, out
    body = json.loads(out)
    assert C.SHTYKOV_RU.id in {h["id"] for h in body["hits"]} and body["total"] >= 2


def test_operator_sees_more_than_the_public(data_dir: Path) -> None:
    _, staff = opis("search", "Restricted", "--data-dir", str(data_dir), "--json")
    _, public = opis("search", "Restricted", "--data-dir", str(data_dir), "--json", "--public")
    assert json.loads(staff)["total"] == 1 and json.loads(public)["total"] == 0


def test_table_with_facets_filters_and_dates(data_dir: Path) -> None:
    code, out = opis("search", "coal", "--data-dir", str(data_dir), "--facets", "--from", "1951", "--to", "1951",
                     "--sort", "date", "--facet", "repository=RGAE")
    assert code == 0 and "Escaping test" in out and "repository" in out


def test_bad_input_is_one_line(data_dir: Path) -> None:
    code, out = opis("search", "coal", "--data-dir", str(data_dir), "--from", "sometime")
    assert code == 1 and "error:" in out and "from" in out
    code, out = opis("search", "coal", "--data-dir", str(data_dir), "--facet", "nonsense")
    assert code == 1 and "NAME=VALUE" in out


def test_reindex(data_dir: Path) -> None:
    code, out = opis("reindex", "--data-dir", str(data_dir))
    assert code == 0 and "indexed 11 documents" in out
    code, out = opis("search", "毛泽东", "--data-dir", str(data_dir), "--json")
    assert json.loads(out)["hits"][0]["id"] == C.MAO.id


def test_index_snapshot_and_restore(data_dir: Path, tmp_path: Path) -> None:
    assert opis("reindex", "--data-dir", str(data_dir))[0] == 0
    code, out = opis("index", "snapshot", str(tmp_path / "snap"), "--data-dir", str(data_dir), "--json")
    assert code == 0, out
    taken = json.loads(out)
    assert taken["documents"] == 11 and taken["position"]["seq"] > 0
    shutil.rmtree(data_dir / "index")  # a node with no index of its own
    code, out = opis("index", "restore", str(tmp_path / "snap"), "--data-dir", str(data_dir))
    assert code == 0 and "11 documents" in out, out
    code, out = opis("search", "毛泽东", "--data-dir", str(data_dir), "--json")
    assert json.loads(out)["hits"][0]["id"] == C.MAO.id
    code, out = opis("index", "snapshot", str(tmp_path / "snap"), "--data-dir", str(data_dir))
    assert code == 1 and "exists" in out
    code, out = opis("index", "restore", str(tmp_path), "--data-dir", str(data_dir))
    assert code == 1 and "not an index snapshot" in out


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "data"
    load_sample(Archive.open(Settings(data_dir=path, load_sample=False)))
    return path


def _found(data_dir: Path, query: str) -> set[str]:
    code, out = opis("search", query, "--data-dir", str(data_dir), "--json", "--limit", "100")
    assert code == 0, out
    return {h["id"] for h in json.loads(out)["hits"]}


@pytest.mark.parametrize("spellings", [("Shtykov", "Штыков", "Štykov", "Shtikov"),
                                       ("Kim Il-sung", "Kim Il Sung", "김일성", "Ким Ир Сен", "金日成"),
                                       ("Chongjin", "청진", "Чхонджин", "淸津")])
def test_spellings_of_one_name_find_the_same_sample_documents(sample_dir: Path, spellings: tuple[str, ...]) -> None:
    found = {s: _found(sample_dir, s) for s in spellings}
    assert found[spellings[0]], spellings[0]
    assert all(docs == found[spellings[0]] for docs in found.values()), {s: len(d) for s, d in found.items()}


def test_different_characters_find_different_places_in_the_sample(sample_dir: Path) -> None:
    # 城津 is Songjin (now Kimchaek), 淸津 Chongjin: the sample holds one document naming both ports
    # and two naming only Chongjin, which 城津 must not find.
    songjin, chongjin = _found(sample_dir, "城津"), _found(sample_dir, "淸津")
    assert songjin == _found(sample_dir, "Songjin") == _found(sample_dir, "성진")
    assert chongjin - songjin and not songjin <= (chongjin - songjin)
