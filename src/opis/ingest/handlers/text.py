"""Plain text and Markdown. Form feeds split pages (text dumps of PDFs keep them). A text that
begins with web-page furniture is a page saved as text and loses that furniture (ingest/chrome.py)."""

from __future__ import annotations

import re
from pathlib import Path

from opis import vocab
from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.charset import decode_text
from opis.ingest.chrome import looks_like_web_text, strip_chrome
from opis.ingest.files import read_all
from opis.ingest.language import guess_language
from opis.ingest.sniff import looks_binary

_TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
_MARKDOWN_EXTENSIONS = (".md", ".markdown")
_MARKDOWN_SIGNS = re.compile(r"^(#{1,6} \S|```|\* \S|- \S|> \S)|\[[^\]]+\]\([^)]+\)", re.M)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_FRONT_FIELD = re.compile(r"^(title|author|authors|date)\s*:\s*(.+)$", re.M | re.I)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*$", re.M)
_MAX_TITLE = 200


class TextHandler:
    """Any text that no more specific handler claims; scores low so they win."""

    name = "text"

    def score(self, head: bytes, filename: str) -> float:
        if looks_binary(head):
            return 0.0
        return 0.3 + name_bonus(filename, _TEXT_EXTENSIONS)

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        decoded = decode_text(read_all(path, options.max_bytes))
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        markdown = _is_markdown(path.name, text)
        parsed = ParsedFile(media_type="text/markdown" if markdown else "text/plain",
                            handler=self.name, filename=path.name,
                            metadata={"encoding": decoded.encoding})
        if decoded.warning:
            parsed.warnings.append(decoded.warning)
        if markdown:
            text = _read_front_matter(text, parsed)
            heading = _HEADING.search(text)
            parsed.title = parsed.title or (heading.group(1).strip() if heading else None)
        else:
            if looks_like_web_text(text):
                # a web page saved as text: its menu lines and doubled captions are not content
                text = strip_chrome(text)
                parsed.metadata["web_page"] = True
            parsed.title = _first_line(text)
        parsed.pages = [Page(i, chunk.strip("\n")) for i, chunk in enumerate(text.split("\f"), 1)]
        parsed.language = guess_language(text)
        return parsed


def _is_markdown(filename: str, text: str) -> bool:
    if name_bonus(filename, _MARKDOWN_EXTENSIONS):
        return True
    # Without the extension, ask for several Markdown constructs: one "- item" is just a list.
    return len(_MARKDOWN_SIGNS.findall(text[:20_000])) >= 3 and bool(_HEADING.search(text[:20_000]))


def _read_front_matter(text: str, parsed: ParsedFile) -> str:
    """Take title/author/date from a YAML-style header, read as plain "key: value" lines (a
    YAML parser would accept alias bombs from an untrusted file), and return the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text
    for key, value in _FRONT_FIELD.findall(m.group(1)):
        value = value.strip().strip("\"'")
        key = key.lower()
        if key == "title":
            parsed.title = value
        elif key in ("author", "authors"):
            parsed.authors = [a.strip() for a in value.strip("[]").split(",") if a.strip()]
        else:
            parsed.date_text = value
    return text[m.end():]


def _first_line(text: str) -> str | None:
    return vocab.first_content_line(text, _MAX_TITLE)


HANDLERS.register("text")(TextHandler())
