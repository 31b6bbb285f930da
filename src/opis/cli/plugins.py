"""`opis plugins`: which plug-ins are loaded and what the registries hold, to check that a plug-in
package installed with an ``opis.plugins`` entry point is seen."""

from __future__ import annotations

import typer

from opis.cli.common import AsJson, load_plugins, out, print_json


def plugins(as_json: AsJson = False) -> None:
    """List the loaded plug-ins (built-in and installed) and every registered handler, extractor, exporter."""
    from rich.table import Table

    from opis.extract.base import EXTRACTORS
    from opis.ingest.base import HANDLERS
    from opis.interop.registry import EXPORTERS

    loaded = load_plugins()
    registries = {"handlers": list(HANDLERS), "extractors": list(EXTRACTORS), "exporters": list(EXPORTERS)}
    if as_json:
        print_json({"plugins": [{"name": p.name, "module": p.module, "builtin": p.builtin} for p in loaded],
                    **registries})
        return
    table = Table("plug-in", "module", "kind", title="plug-ins")
    for p in loaded:
        table.add_row(p.name, p.module, "built-in" if p.builtin else "installed")
    out.print(table)
    for registry, keys in registries.items():
        out.print(f"[bold]{registry}[/]: {', '.join(keys)}")


def register(app: typer.Typer) -> None:
    app.command()(plugins)
