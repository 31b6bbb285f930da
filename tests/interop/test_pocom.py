"""POCOM (US chiefs of mission) to opis office data: real files in tests/data/pocom (PROVENANCE.md there)."""

from __future__ import annotations

from pathlib import Path

import yaml

from opis.interop import pocom

DATA = Path(__file__).resolve().parents[1] / "data" / "pocom"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "opis" / "extract" / "data" / "us_chiefs_of_mission.yaml"


def test_chiefs_of_mission_to_korea() -> None:
    rows = pocom.chiefs(DATA, ["korea"])
    muccio = next(r for r in rows if r["pocom"] == "muccio-john-joseph")
    assert muccio == {"person": "John J. Muccio", "pocom": "muccio-john-joseph",
                      "role": "Ambassador Extraordinary and Plenipotentiary", "territory": "korea",
                      "territory_then": "korea", "started": "1949-04-20", "ended": "1952-09-08"}
    assert all(r["started"] for r in rows)  # appointed but never in post: left out
    assert [r["started"] for r in rows] == sorted(r["started"] for r in rows)


def test_the_shipped_file_is_what_the_converter_makes() -> None:
    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["chiefs"]
    korea = [r for r in shipped if r["territory"] == "korea"]
    assert korea == pocom.chiefs(DATA, ["korea"])
    assert {r["territory"] for r in shipped} == {"korea", "russia"}
