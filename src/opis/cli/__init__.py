"""The ``opis`` command: thin, it calls the layers below and prints their answers.

One module per command group, each adding its commands with ``register(app)``; ``common`` holds
what they share. Importing this package is cheap: each command imports the store, the index,
the extractors or the web when it runs, so ``opis user list`` never loads tantivy or natasha.
Errors are one line on standard error and a non-zero exit.
"""

from __future__ import annotations

import typer

from opis.cli import (
    accounts,
    catalog,
    exchange,
    extract,
    fixity,
    ingest,
    plugins,
    records,
    reextract,
    search,
    serve,
    workers,
)

app = typer.Typer(help="opis: an archive and research workbench for primary-source documents.",
                  no_args_is_help=True, pretty_exceptions_enable=False)

for group in (serve, records, exchange, catalog, ingest, extract, search, accounts, plugins, workers, fixity,
              reextract):
    group.register(app)


def main() -> None:
    app()


__all__ = ["app", "main"]
