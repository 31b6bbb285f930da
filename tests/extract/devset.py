"""The dev set's texts, for the extractor tests (gold files sit beside each text)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET = REPO_ROOT / "tests" / "data" / "devset"
DEVSET_NAMES = ["seed-004", "seed-000", "heldout-dates-en", "heldout-dates-ru", "heldout-dates-en2",
                "heldout-dates-ru2"]


def devset_text(name: str) -> str:
    """A folder's text.txt, or the file its source.txt names (relative to the repository root)."""
    folder = DEVSET / name
    if (folder / "text.txt").exists():
        return (folder / "text.txt").read_text(encoding="utf-8")
    source = REPO_ROOT / (folder / "source.txt").read_text(encoding="utf-8").strip()
    if not source.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{source} is missing; CI must have ../shared beside the repository")
        pytest.skip(f"{source} is not present")
    return source.read_text(encoding="utf-8")
