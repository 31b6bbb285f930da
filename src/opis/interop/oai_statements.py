"""``opis_statements``: the OAI-PMH metadata format carrying a document's statements (requests, offers, decisions,
deliveries: store/statements.py) as the archive holds them, extracted, confirmed or corrected; a rejected one is
never harvested. Our own small XML schema (``interop/data/opis_statements.xsd``, served at ``SCHEMA_PATH``); oai_dc
stays as it was, since Dublin Core has no element a statement fits.
"""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

from lxml import etree

from opis.store.statements import Stored

NAMESPACE = "urn:opis:statements:1"
SCHEMA_PATH = "/oai/opis_statements.xsd"  # on the site; the protocol's <schema> is the site's URL + this
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def schema_text() -> bytes:
    return files("opis.interop").joinpath("data/opis_statements.xsd").read_bytes()


def _sub(parent: etree._Element, name: str, text: str | None, **attributes: str | None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    element.text = text
    for key, value in attributes.items():
        if value is not None:
            element.set(key, value)
    return element


def _number(value: int | float | None) -> str | None:
    """As xs:decimal writes it: no exponent (a float of 7e7 is "70000000")."""
    return None if value is None else f"{Decimal(str(value)).normalize():f}"


def statements_xml(doc_id: str, found: list[Stored], base_url: str) -> etree._Element:
    """``<st:statements document="…">`` with one ``<st:statement>`` per stored statement, in text order."""
    root = etree.Element(f"{{{NAMESPACE}}}statements", nsmap={"st": NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NAMESPACE} {base_url}{SCHEMA_PATH}")
    root.set("document", f"{base_url}/documents/{doc_id}")
    for s in sorted(found, key=lambda s: s.statement.start):
        st = s.statement
        item = _sub(root, "statement", None, id=s.id, kind=st.kind, status=s.status,
                    confidence=f"{s.confidence:g}", revision=str(s.revision), respondsTo=s.responds_to)
        for role, party in (("agent", st.agent), ("addressee", st.addressee)):
            if party is not None:
                _sub(item, role, party.text, authority=party.authority,
                     holder=party.holder.name if party.holder else None)
        if st.object:
            _sub(item, "object", st.object)
        if st.quantity is not None:
            _sub(item, "quantity", st.quantity.text, value=_number(st.quantity.value), unit=st.quantity.unit)
        if st.date:
            _sub(item, "date", st.date)
        if st.decision:
            _sub(item, "decision", st.decision)
        if st.conditions:
            _sub(item, "conditions", st.conditions)
        if st.latency is not None:
            lat = st.latency
            _sub(item, "latency", lat.stated, minDays=_number(lat.min_days), maxDays=_number(lat.max_days),
                 minutes=_number(lat.minutes))
        href = f"{base_url}/documents/{s.record_id}?passage={s.rendition_id}:{st.start}-{st.end}#passage"
        _sub(item, "passage", None, href=href, rendition=s.rendition_id, start=str(st.start), end=str(st.end))
    return root
