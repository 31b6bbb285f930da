"""The extraction scorer can fail, and the extractors meet the issue's goals on the blind texts."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", ROOT / "bench" / "score_extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score() -> ModuleType:
    return _scorer()


def test_perturbed_gold_scores_lower(score: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "perturbed"
    shutil.copytree(ROOT / "tests" / "data" / "devset" / "heldout-blind-en", folder)
    dates = json.loads((folder / "dates.json").read_text(encoding="utf-8"))
    dates[0]["latest"] = "1999-01-01"
    (folder / "dates.json").write_text(json.dumps(dates), encoding="utf-8")
    cits = json.loads((folder / "citations.json").read_text(encoding="utf-8"))
    next(c for c in cits if c.get("ibid_of"))["ibid_of"] = "999"
    (folder / "citations.json").write_text(json.dumps(cits), encoding="utf-8")
    result = score.score_folder(folder)
    assert result.tallies["dates (earliest/latest)"].f1 < 1.0
    right, total = result.rates["ibid resolution"]
    assert right < total


def test_blind_texts_meet_the_goals(score: ModuleType) -> None:
    total = score.Scores()
    for name in ("heldout-blind-en", "heldout-blind-ru"):
        total.merge(score.score_folder(ROOT / "tests" / "data" / "devset" / name))
    assert total.tallies["archival fields (strict)"].f1 >= 0.97
    right, n = total.rates["ibid resolution"]
    assert right / n >= 0.98
    assert total.tallies["dates (earliest/latest)"].f1 >= 0.95
    assert total.tallies["quantities (value+unit)"].f1 >= 0.95


def test_restarting_note_numbers_are_scored_apart(score: ModuleType, tmp_path: Path) -> None:
    """Two notes numbered 1 (two documents of an edition) are two gold notes, and a wrong second one counts."""
    folder = tmp_path / "restart"
    folder.mkdir()
    (folder / "text.txt").write_text("Body.[1]\n\n1\nNot printed.\n\nMore body.[1]\n\n1\nIbid.\n", encoding="utf-8")
    gold = [{"number": "1", "text": "Not printed."}, {"number": "1", "text": "Ibid."}]
    (folder / "footnotes.json").write_text(json.dumps(gold), encoding="utf-8")
    assert score.score_folder(folder).tallies["footnotes (strict)"].f1 == 1.0
    gold[1]["text"] = "Something else."
    (folder / "footnotes.json").write_text(json.dumps(gold), encoding="utf-8")
    assert score.score_folder(folder).tallies["footnotes (strict)"].recall == 0.5


def test_real_texts_meet_the_goals(score: ModuleType) -> None:
    """The real-publication dev set (tests/data/devset/real/): the issue's goals, kept as a floor."""
    _assert_goals(score, "real")


# Blind sets scored once whose misses have not been worked on yet: their first-run numbers stand in
# docs/extraction.md; they join the floor below when the rules for their misses are written.
NOT_YET_FIXED: frozenset[str] = frozenset()


def test_real_blind_texts_after_their_fixes_meet_the_goals(score: ModuleType) -> None:
    """The real blind sets (tests/data/devset/real/heldout-*), whose misses were fixed after their one scored run:
    the issue's goals kept as a floor. Their first-run numbers are the ones docs/extraction.md reports."""
    _assert_goals(score, "real (blind)", skip=NOT_YET_FIXED)


def test_the_sets_not_yet_fixed_exist(score: ModuleType) -> None:
    """A name left in NOT_YET_FIXED after its folder moved would skip nothing and hide nothing: keep it true."""
    assert NOT_YET_FIXED <= {score._name(folder) for folder in score.dev_folders()}


def _assert_goals(score: ModuleType, group: str, skip: frozenset[str] = frozenset()) -> None:
    """Issue 13's goals over every dev folder of ``group``: footnotes P and R, archival fields F1, Ibid."""
    total = score.Scores()
    for folder in score.dev_folders():
        if score._group(folder) == group and score._name(folder) not in skip:
            total.merge(score.score_folder(folder))
    notes = total.tallies["footnotes (strict)"]
    assert notes.precision >= 0.98 and notes.recall >= 0.98
    assert total.tallies["archival fields (strict)"].f1 >= 0.97
    right, n = total.rates["ibid resolution"]
    assert right / n >= 0.98


def test_a_folder_of_files_is_read_file_by_file_and_pooled(score: ModuleType, tmp_path: Path) -> None:
    """``files/``: each file goes through the ingest handlers and the extractors on its own (as ``opis ingest``
    reads it); a note number met again in a later file is a later note of that number."""
    folder = tmp_path / "pages"
    (folder / "files").mkdir(parents=True)
    for name, note in (("a.txt", "РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92."), ("b.txt", "Там же. Л. 94.")):
        (folder / "files" / name).write_text(f"Body text.[1]\n\n1. {note}\n", encoding="utf-8")
    gold = [{"number": "1", "text": "РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92."}, {"number": "1", "text": "Там же. Л. 94."}]
    (folder / "footnotes.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    cits = [{"footnote": "1", "footnote_occurrence": 1, "kind": "archival", "repository": "RGAE", "fond": "413",
             "opis": "13", "delo": "5467", "folios": "92"},
            {"footnote": "1", "footnote_occurrence": 2, "kind": "ibid"}]
    (folder / "citations.json").write_text(json.dumps(cits, ensure_ascii=False), encoding="utf-8")
    result = score.score_folder(folder)
    assert result.tallies["footnotes (strict)"].f1 == 1.0
    # the second file's "Там же" has nothing before it in its own file: no file borrows another's citations
    assert result.tallies["citations fields (strict)"].f1 == 1.0
