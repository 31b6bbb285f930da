"""A ``Doc`` (see ``typeset``) as a flat OpenDocument text (.fodt) with real footnotes, for
LibreOffice to typeset: ``soffice --headless --convert-to pdf doc.fodt``. LibreOffice sets the
notes at the page foot under its separator line, breaks a long note onto the next page, and
prints the running head in a page header and the page number in the footer; it is a second,
independent typesetter for the layout reader to meet.

Run as a script to write the committed test PDF:
``python tests/ingest/fodt.py VOLUME.xml XML_ID OUT.fodt`` then convert it with LibreOffice.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from typeset import Doc

_REF = re.compile(r"\{(\d+)\}")

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"
   xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:text-align="justify"/>
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt" fo:language="{lang}"/>
  </style:default-style>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:text-indent="0.5cm" fo:margin-top="0cm" fo:margin-bottom="0cm"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Footnote" style:family="paragraph">
   <style:text-properties fo:font-size="8pt"/>
  </style:style>
  <style:style style:name="Furniture" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="8pt" fo:font-style="italic"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="A5">
   <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="16cm" fo:margin-top="1.5cm"
    fo:margin-bottom="1.5cm" fo:margin-left="1.6cm" fo:margin-right="1.6cm"/>
   <style:header-style>
    <style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/>
   </style:header-style>
   <style:footer-style>
    <style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/>
   </style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="A5">
   <style:header><text:p text:style-name="Furniture">{head}</text:p></style:header>
   <style:footer>
    <text:p text:style-name="Furniture"><text:page-number text:select-page="current"/></text:p>
   </style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
"""


def fodt(doc: Doc, language: str = "en") -> str:
    def note(found: re.Match[str]) -> str:
        n = doc.notes[int(found.group(1))]
        return (f'<text:note text:note-class="footnote"><text:note-citation text:label="{n.number}">'
                f'{n.number}</text:note-citation><text:note-body><text:p text:style-name="Footnote">'
                f"{escape(n.text)}</text:p></text:note-body></text:note>")

    body = [f'<text:p text:style-name="Title">{escape(doc.title)}</text:p>']
    for paragraph in doc.paragraphs:
        marked = _REF.sub(note, escape(paragraph))
        body.append(f'<text:p text:style-name="Body">{marked}</text:p>')
    return (_HEAD.replace("{lang}", language).replace("{head}", escape(doc.running_head))
            + "\n".join(body) + "\n</office:text></office:body></office:document>\n")


if __name__ == "__main__":
    from pdf_sources import frus_document

    volume, xml_id, out = sys.argv[1:4]
    Path(out).write_text(fodt(frus_document(Path(volume), xml_id, 1)), encoding="utf-8")
