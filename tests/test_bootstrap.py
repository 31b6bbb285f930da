from __future__ import annotations

from pathlib import Path

from opis.bootstrap import ensure_ready
from opis.config import Settings
from opis.store.access import ANONYMOUS, SYSTEM


def test_first_start_loads_the_sample_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    archive = ensure_ready(settings)
    counts = archive.counts(SYSTEM)
    assert counts["document"] >= 25 and counts["person"] > 10 and counts["repository"] >= 3
    assert archive.counts(ANONYMOUS)["document"] < counts["document"]  # the restricted ones stay hidden
    again = ensure_ready(settings)
    assert again.counts(SYSTEM) == counts
    assert all(len(again.revisions(d.id, SYSTEM)) == 1 for d in again.browse(SYSTEM, ("document",), 0, 5).items)


def test_sample_can_be_switched_off(tmp_path: Path) -> None:
    archive = ensure_ready(Settings(data_dir=tmp_path / "data", load_sample=False))
    assert archive.is_empty()
