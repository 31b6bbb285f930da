"""Everything the text path decides, dumped as JSON, so two source trees can be compared byte for byte.

    PYTHONPATH=src:. .venv/bin/python bench/ingest/sameoutput.py OUT.json
    PYTHONPATH=/work/main/src:/work/main .venv/bin/python bench/ingest/sameoutput.py OLD.json   # then: cmp

A speed change to the extractors or the language guess must not change a finding. For every text in
tests/data (the dev set with its real/ folders, and every parseable file), the seeds, the shared FRUS
excerpts, the bench's generated texts and each of their paragraphs alone, this writes the language
guess and ``extract_all``'s findings (names, citations, footnotes and all that runs on them: statements,
telegrams, ...) three ways: without a name index (as ``bench/score_extraction.py`` scores), with the
sample collection's authorities (as ``opis extract`` links), and with those plus the US chiefs of mission
from POCOM as person authorities (a larger, Latin-heavy index).
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from run import make_texts, paragraphs  # noqa: E402

_PARSED = {".txt", ".md", ".xml", ".html", ".htm", ".pdf", ".docx"}


def _text(tree: Any, path: str) -> str:
    node = tree.find(path)
    return (node.text or "").strip() if node is not None else ""


def pocom_authorities() -> list[Any]:
    """One person authority per POCOM people file: preferred forename + surname, the altname a variant."""
    from defusedxml import ElementTree

    from opis.model import Authority
    from opis.model.common import Name

    out = []
    for path in sorted((SHARED / "data" / "hsg-pocom" / "people").glob("*.xml")):
        tree = ElementTree.parse(path)
        preferred = f"{_text(tree, 'persName/forename')} {_text(tree, 'persName/surname')}".strip()
        alt = _text(tree, "persName/altname")
        names = [Name(value=alt)] if alt and alt != preferred else []
        out.append(Authority(kind="person", id=f"pocom-{path.stem}", preferred=preferred, names=names))
    return out


def texts() -> dict[str, tuple[str, str | None]]:
    """Name → (text, language guess) for every text compared."""
    from opis.ingest.language import guess_language
    from opis.ingest.parse import parse_file

    found: dict[str, tuple[str, str | None]] = {}
    files = sorted(p for p in (ROOT / "tests" / "data").rglob("*") if p.suffix in _PARSED and p.is_file())
    files += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "data" / "frus").rglob("*.xml"))
    for path in files:
        try:
            parsed = parse_file(path)
        except Exception as exc:  # noqa: BLE001 - hostile test files: the error is the output
            found[f"parse-error:{path}"] = (type(exc).__name__, None)
            continue
        found[str(path)] = (parsed.text, parsed.language)
        if path.suffix in {".txt", ".md"}:
            raw = path.read_text(encoding="utf-8", errors="replace")
            found[f"raw:{path}"] = (raw, guess_language(raw))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        make_texts(folder, 60, random.Random(18))
        for path in sorted(folder.iterdir()):
            text = path.read_text(encoding="utf-8")
            found[f"bench:{path.name}"] = (text, guess_language(text))
    for i, para in enumerate(paragraphs()):
        found[f"paragraph:{i}"] = (para, guess_language(para))
    return found


def main() -> int:
    from opis.extract.names.entities import AuthorityIndex
    from opis.extract.pipeline import extract_all
    from opis.model import Authority
    from opis.plugins import load_plugins
    from opis.sample import load_sample

    load_plugins()
    sample = [r for r in load_sample() if isinstance(r, Authority)]
    indexes: dict[str, AuthorityIndex | None] = {
        "none": None, "sample": AuthorityIndex(sample), "pocom": AuthorityIndex([*sample, *pocom_authorities()])}
    out: dict[str, Any] = {}
    for name, (text, language) in texts().items():
        row: dict[str, Any] = {"language": language, "chars": len(text)}
        for label, index in indexes.items():
            try:
                row[label] = extract_all(text, language, index)
            except Exception as exc:  # noqa: BLE001 - a failure is output too
                row[label] = f"{type(exc).__name__}: {exc}"
        out[re.sub(r"/work/[^/]+/", "", name)] = row
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(out)} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
