"""The catalogue as simple Dublin Core: one ``<oai_dc:dc>`` per document inside a ``<records>`` root.

The same elements the OAI-PMH endpoint gives (``interop/oai_dc.py``), plus ``dc:identifier`` with
the opis id, so the file reads back to the documents it came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from opis.interop.oai_dc import DC, DcContext, oai_dc
from opis.model import Document


def dublin_core(docs: Iterable[Document], base_url: str = "", publisher: str = "opis") -> etree._Element:
    root = etree.Element("records")
    ctx = DcContext(base_url=base_url, publisher=publisher)
    for doc in docs:
        record = oai_dc(doc, ctx)
        etree.SubElement(record, f"{{{DC}}}identifier").text = doc.id
        root.append(record)
    return root
