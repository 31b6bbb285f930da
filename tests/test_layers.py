"""The layer contract: every import in src/opis obeys docs/layers.toml (the table of
docs/architecture.md as data). Imports inside functions and under TYPE_CHECKING count too: a lazy
import is still a dependency."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "opis"
LAYERS: dict[str, Any] = tomllib.loads((ROOT / "docs" / "layers.toml").read_text(encoding="utf-8"))

# Known breaches, each with its reason; none today. An entry must still be needed: once the breach is
# gone, the test fails until the entry is deleted here.
ALLOWED: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    """``opis.store.feed`` → ``store``; ``opis.config`` → ``config``."""
    return module.split(".")[1]


def imported_names(module: str, source: str, is_package: bool) -> Iterator[tuple[str, int]]:
    """Every module ``source`` imports, absolute, with its line; ``from a import b`` gives ``a.b``
    (``b`` may be a submodule: ``from opis.store import schema``)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def violations_in(module: str, source: str, is_package: bool = False) -> list[tuple[str, str, int, str]]:
    """(module, what, line, why) for each import the layer table forbids; ``what`` is the layer
    (``opis.web``) or the reserved module (``sqlalchemy``, ``opis.store.schema``)."""
    own = layer_of(module)
    allowed = {own, *LAYERS["layers"][own]["may_import"]}
    found: dict[tuple[str, str, int, str], None] = {}
    for name, line in imported_names(module, source, is_package):
        if name.startswith("opis.") and layer_of(name) not in allowed:
            found[module, f"opis.{layer_of(name)}", line, f"layer {own} may not import {layer_of(name)}"] = None
        for reserved, owners in LAYERS["only"].items():
            if (name == reserved or name.startswith(reserved + ".")) and own not in owners:
                found[module, reserved, line, f"only {', '.join(owners)} may import {reserved}"] = None
    return list(found)


def all_modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts and path.parent.name == "versions" or path == SRC / "__init__.py":
            continue
        yield module_name(path), path


def test_every_module_belongs_to_a_layer_and_every_layer_exists() -> None:
    layers = {layer_of(m) for m, _ in all_modules()}
    assert layers == set(LAYERS["layers"]), "docs/layers.toml and src/opis list different layers"
    for name, layer in LAYERS["layers"].items():
        assert set(layer["may_import"]) <= set(LAYERS["layers"]) - {name}, name
    assert not (SRC / "__init__.py").read_text(encoding="utf-8").count("import"), "opis/__init__.py imports"


def test_every_import_obeys_the_layer_table() -> None:
    breaches = []
    for module, path in all_modules():
        source = path.read_text(encoding="utf-8")
        breaches += violations_in(module, source, path.name == "__init__.py")
    unexpected = [f"{m}:{line} imports {name}: {why}" for m, name, line, why in breaches if (m, name) not in ALLOWED]
    assert not unexpected, "\n".join(unexpected)
    stale = set(ALLOWED) - {(m, name) for m, name, _, _ in breaches}
    assert not stale, f"no longer needed, delete from ALLOWED: {sorted(stale)}"


def test_the_checker_sees_top_level_lazy_and_relative_imports() -> None:
    source = ("import tantivy\nfrom opis.web import app\n"
              "def f():\n    from sqlalchemy import select\n    from . import schema\n"
              "from opis import cli\n")
    found = {(name, why) for _, name, _, why in violations_in("opis.model.thing", source)}
    assert found == {("tantivy", "only index may import tantivy"), ("opis.web", "layer model may not import web"),
                     ("sqlalchemy", "only store may import sqlalchemy"),
                     ("opis.cli", "layer model may not import cli")}
    assert violations_in("opis.store.feed", "from .schema import records\nimport sqlalchemy\n") == []
    assert violations_in("opis.index.x", "from ..store import schema\n")[0][1] == "opis.store.schema"


def test_architecture_md_draws_the_same_table() -> None:
    """Each row of the layer table in docs/architecture.md names one layer and exactly what it may import."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `opis\.(\w+)` \|[^|]*\|([^|]*)\|$", text, flags=re.M))
    assert set(rows) == set(LAYERS["layers"])
    for name, cell in rows.items():
        drawn = set(re.findall(r"`([\w_]+)`", cell))
        assert drawn == set(LAYERS["layers"][name]["may_import"]), f"docs/architecture.md, row opis.{name}"
