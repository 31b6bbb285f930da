"""Any other XML: its text content, read with the same entity-free, offline parser as TEI.

Without this handler an XML file would fall to plain text and its markup would become the
"text"; worse, a hostile DTD would pass unremarked. Here it is refused with a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.language import guess_language
from opis.ingest.safexml import parse_xml
from opis.ingest.sniff import xml_root

_EXTENSIONS = (".xml",)
_SPACES = re.compile(r"[ \t]+")
_BLANKS = re.compile(r"\n\s*\n+")


class XmlHandler:
    name = "xml"

    def score(self, head: bytes, filename: str) -> float:
        root = xml_root(head)
        if root is None or root[0].lower() == "html":
            return 0.0  # XHTML is the HTML handler's
        return 0.5 + name_bonus(filename, _EXTENSIONS)  # above plain text, below TEI

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        root = parse_xml(path)
        blocks = (" ".join(_SPACES.sub(" ", t).strip() for t in el.itertext(with_tail=False)).strip()
                  for el in root.iter() if isinstance(el.tag, str) and (el.text or "").strip())
        text = _BLANKS.sub("\n\n", "\n".join(b for b in blocks if b)).strip()
        title_el = next((el for el in root.iter() if isinstance(el.tag, str)
                         and el.tag.rsplit("}", 1)[-1].lower() == "title"), None)
        title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else None
        return ParsedFile(media_type="application/xml", handler=self.name, filename=path.name,
                          pages=[Page(1, text)] if text else [], title=title or None,
                          language=guess_language(text))


HANDLERS.register("xml")(XmlHandler())
