"""Word documents (.docx): paragraphs and tables in reading order, plus the core properties.

A .docx is a ZIP, so the zip-bomb limits are checked before python-docx opens it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.errors import CorruptFile
from opis.ingest.language import guess_language
from opis.ingest.zipguard import check_archive, open_zip

if TYPE_CHECKING:
    from docx.table import Table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TITLE_STYLES = ("Title", "Heading 1")
_CORE_FIELDS = ("title", "author", "subject", "keywords", "language", "category", "comments",
                "last_modified_by")


class DocxHandler:
    name = "docx"

    def score(self, head: bytes, filename: str) -> float:
        if not head.startswith(b"PK\x03\x04"):
            return 0.0
        if b"word/" in head:
            return 0.95 + name_bonus(filename, (".docx",))
        if b"[Content_Types].xml" in head and name_bonus(filename, (".docx",)):
            return 0.7  # an Office package whose parts are ordered unusually
        return 0.0

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        import docx  # imported when a Word file is met: every process that loads the plug-ins imports this module

        with open_zip(path) as zf:
            check_archive(zf, options.zip, path.name)
            if "word/document.xml" not in zf.namelist():
                raise CorruptFile(f"{path.name}: a ZIP but not a Word document (no word/document.xml)")
        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on broken parts
            raise CorruptFile(f"{path.name}: corrupt Word document ({type(exc).__name__}: {exc})") from None
        parsed = ParsedFile(
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            handler=self.name, filename=path.name)
        blocks, heading = _blocks(document)
        text = "\n\n".join(b for b in blocks if b)
        parsed.pages = [Page(1, text)]
        _apply_core(parsed, document.core_properties)
        parsed.title = parsed.title or heading
        parsed.language = guess_language(text)
        return parsed


def _blocks(document: Any) -> tuple[list[str], str | None]:
    """Paragraph and table texts in body order, and the first Title/Heading 1 paragraph."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    heading: str | None = None
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            para = Paragraph(child, document)
            text = para.text.strip()
            style = para.style.name if para.style is not None else ""
            if heading is None and text and style in _TITLE_STYLES:
                heading = text
            blocks.append(text)
        elif child.tag == f"{_W}tbl":
            blocks.append(_table_text(Table(child, document)))
    return blocks, heading


def _table_text(table: Table) -> str:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        last: object = None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell is returned once per grid column it spans
                continue
            last = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def _apply_core(parsed: ParsedFile, core: Any) -> None:
    for field in _CORE_FIELDS:
        value = getattr(core, field, None)
        if value:
            parsed.metadata[field] = str(value)
    for field in ("created", "modified"):
        value = getattr(core, field, None)
        if value is not None:
            # The file's own timestamps, not the document's date: metadata only.
            parsed.metadata[field] = value.isoformat()
    parsed.title = parsed.metadata.get("title")
    if parsed.metadata.get("author"):
        parsed.authors = [a.strip() for a in parsed.metadata["author"].split(";") if a.strip()]


HANDLERS.register("docx")(DocxHandler())
