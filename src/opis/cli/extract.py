"""`opis extract FILE`: what opis reads in one file (footnotes, citations, dates, quantities, tables,
names, and every plug-in's keys), storing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opis.cli.common import AsJson, DataDir, archive_for, fail, guarded, load_plugins, out, print_json, settings_for

if TYPE_CHECKING:
    from opis.extract.names.entities import AuthorityIndex


def extract(file: Path, as_json: AsJson = False,
            data_dir: DataDir = None,
            language: Annotated[str | None, typer.Option(help="Language of the text (BCP 47).")] = None) -> None:
    """Read FILE's text and run every extractor, storing nothing; names link to the store's authorities
    (or to the sample collection's when there is no store yet)."""
    from opis.extract.pipeline import extract_all
    from opis.ingest.errors import IngestError
    from opis.ingest.worker import parse_file_safely

    load_plugins()
    try:
        parsed = parse_file_safely(file)
    except IngestError as exc:
        fail(exc.reason)
    index = guarded(lambda: _names_index(data_dir))
    result = extract_all(parsed.text, language or parsed.language, index)
    if as_json:
        print_json(result)
        return
    for key, items in result.items():
        if isinstance(items, list):
            out.print(f"[bold]{key}[/]: {len(items)}")
            for item in items[:50]:
                out.print("  ", item.get("raw") or item.get("text") or item.get("caption") or item, highlight=False)


def _names_index(data_dir: Path | None) -> AuthorityIndex:
    from opis.extract.names.entities import AuthorityIndex
    from opis.model import Authority

    settings = settings_for(data_dir)
    if (settings.data_dir / "opis.sqlite3").exists() or settings.database_url:
        from opis.jobs.ingest import authority_index

        return authority_index(archive_for(data_dir))
    from opis.sample import load_sample

    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


def register(app: typer.Typer) -> None:
    app.command()(extract)
