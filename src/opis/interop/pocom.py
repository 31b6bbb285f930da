"""The US chiefs of mission (Office of the Historian's POCOM data, public domain) as opis office data.

    python -m opis.interop.pocom /path/to/hsg-pocom korea russia > src/opis/extract/data/us_chiefs_of_mission.yaml

reads ``missions-countries/<territory>.xml`` for each territory asked for, the ``people/`` and
``roles-country-chiefs/`` files they point to, and writes one YAML row per chief: person (as the people
file gives the name), role title, territory as POCOM names it then, and the started and ended days
(presentation of credentials to leaving post; an empty ended means still in post when the data was made).
The offices resolver (extract/offices/) reads that file; this module only makes it, so the project keeps
the facts, not the tool, in its vocabulary.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from defusedxml import ElementTree


def _text(node: Any, path: str) -> str:
    found = node.find(path)
    return (found.text or "").strip() if found is not None else ""


def _person(root: Path, pid: str) -> str:
    tree = ElementTree.parse(root / "people" / f"{pid}.xml")
    alt = _text(tree, "persName/altname")
    return alt or f"{_text(tree, 'persName/forename')} {_text(tree, 'persName/surname')}".strip()


def _role(root: Path, rid: str) -> str:
    path = root / "roles-country-chiefs" / f"{rid}.xml"
    return _text(ElementTree.parse(path), "names/singular") if path.exists() else rid


def chiefs(root: Path, territories: list[str]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for territory in territories:
        mission = ElementTree.parse(root / "missions-countries" / f"{territory}.xml")
        for chief in mission.iter("chief"):
            started = _text(chief, "started/date") or _text(chief, "arrived/date")
            if not started:
                continue  # appointed but never took up the post: held no office
            rows.append({"person": _person(root, _text(chief, "person-id")), "pocom": _text(chief, "person-id"),
                         "role": _role(root, _text(chief, "role-title-id")), "territory": territory,
                         "territory_then": _text(chief, "contemporary-territory-id"),
                         "started": started, "ended": _text(chief, "ended/date")})
    return rows


def main(argv: list[str]) -> int:
    root, territories = Path(argv[0]), argv[1:]
    print("# US chiefs of mission, from the Office of the Historian's POCOM data (HistoryAtState/pocom, public")
    print("# domain / CC0), made by opis.interop.pocom; edit by running it again, not by hand.")
    print(yaml.safe_dump({"chiefs": chiefs(root, territories)}, allow_unicode=True, sort_keys=False, width=120),
          end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
