"""Authority records as EAC-CPF 2010: persons and organizations out and in, every variant name kept.

Out: ``<control>`` (recordId, maintenanceStatus, maintenanceAgency, maintenanceHistory, in the
schema's order) and ``<cpfDescription>`` whose ``<identity>`` has the entity type (``person``,
``corporateBody``) and one ``<nameEntry>`` per name with ``xml:lang`` and ``scriptCode`` from its
BCP 47 tag and the romanization scheme as ``transliteration``; the preferred name is the one
``authorizedForm``; life dates go in ``<description><existDates>``.
In: the same elements back into an ``Authority`` (a ``family`` has no kind of its own in opis and
is refused by name, not guessed).
"""

from __future__ import annotations

from lxml import etree

from opis.interop.oai_dc import clean
from opis.model import Authority, DocDate, Name, make_id
from opis.model.common import check_language
from opis.model.ids import kind_of

EAC = "urn:isbn:1-931666-33-4"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XLINK = "http://www.w3.org/1999/xlink"
ENTITY_TYPES = {"person": "person", "organization": "corporateBody"}
_KINDS = {v: k for k, v in ENTITY_TYPES.items()}


class EacError(ValueError):
    pass


def _e(tag: str) -> str:
    return f"{{{EAC}}}{tag}"


def _split_tag(tag: str | None) -> tuple[str | None, str | None]:
    """``ru-Cyrl`` → (``ru``, ``Cyrl``): EAC keeps language and script apart."""
    if not tag:
        return None, None
    parts = tag.split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    return parts[0], script.title() if script else None


def eac_cpf(auth: Authority, agency: str, when: str) -> etree._Element:
    """One ``<eac-cpf>`` for a person or organization; ``when`` is the export's ISO timestamp."""
    if auth.kind not in ENTITY_TYPES:
        raise EacError(f"{auth.id}: a {auth.kind} is not an EAC-CPF entity (persons and organizations are)")
    root = etree.Element(_e("eac-cpf"), nsmap={None: EAC, "xlink": XLINK})
    control = etree.SubElement(root, _e("control"))
    etree.SubElement(control, _e("recordId")).text = auth.id
    etree.SubElement(control, _e("maintenanceStatus")).text = "new"
    etree.SubElement(etree.SubElement(control, _e("maintenanceAgency")), _e("agencyName")).text = clean(agency)
    event = etree.SubElement(etree.SubElement(control, _e("maintenanceHistory")), _e("maintenanceEvent"))
    etree.SubElement(event, _e("eventType")).text = "created"
    etree.SubElement(event, _e("eventDateTime"), standardDateTime=when).text = when
    etree.SubElement(event, _e("agentType")).text = "machine"
    etree.SubElement(event, _e("agent")).text = "opis"
    cpf = etree.SubElement(root, _e("cpfDescription"))
    identity = etree.SubElement(cpf, _e("identity"))
    etree.SubElement(identity, _e("entityType")).text = ENTITY_TYPES[auth.kind]
    names = [Name(value=auth.preferred), *(n for n in auth.names if n.value != auth.preferred)]
    for i, name in enumerate(names):
        entry = etree.SubElement(identity, _e("nameEntry"))
        lang, script = _split_tag(name.lang)
        if lang:
            entry.set(f"{{{XML_NS}}}lang", lang)
        if script:
            entry.set("scriptCode", script)
        if name.scheme:
            entry.set("transliteration", name.scheme)
        etree.SubElement(entry, _e("part")).text = clean(name.value)
        etree.SubElement(entry, _e("authorizedForm" if i == 0 else "alternativeForm")).text = "opis"
    if auth.dates or auth.description:
        description = etree.SubElement(cpf, _e("description"))
        if auth.dates:
            exist = etree.SubElement(description, _e("existDates"))
            start, _, end = auth.dates.edtf.partition("/")
            if end:
                span = etree.SubElement(exist, _e("dateRange"))
                etree.SubElement(span, _e("fromDate"), standardDate=start).text = start
                etree.SubElement(span, _e("toDate"), standardDate=end).text = end
            else:
                etree.SubElement(exist, _e("date"), standardDate=start).text = auth.dates.text or start
        if auth.description:
            bio = etree.SubElement(description, _e("biogHist"))
            etree.SubElement(bio, _e("p")).text = clean(auth.description)
    return root


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _all(el: etree._Element, name: str) -> list[etree._Element]:
    return [x for x in el.iter() if _local(x) == name]


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _exist_dates(root: etree._Element) -> DocDate | None:
    """``existDates`` as EDTF: a single ``date`` or a ``dateRange`` of ``fromDate``/``toDate``."""
    for exist in _all(root, "existDates"):
        ends = [x.get("standardDate", "") for x in exist.iter()
                if _local(x) in ("date", "fromDate", "toDate") and x.get("standardDate")]
        if ends:
            try:
                return DocDate(edtf="/".join(ends[:2]), text=_text(exist) or None)
            except ValueError:
                return None
    return None


def read_eac(root: etree._Element, source: str) -> Authority:
    """An ``Authority`` from one ``<eac-cpf>``: the authorized name preferred, every other name a variant."""
    if _local(root) != "eac-cpf":
        raise EacError(f"not an EAC-CPF record: the root element is <{_local(root)}>")
    types = _all(root, "entityType")
    kind = _KINDS.get(_text(types[0]) if types else "")
    if kind is None:
        raise EacError(f"entity type {_text(types[0]) if types else '(none)'!r}: opis keeps persons and "
                       "organizations (corporateBody)")
    record_ids = _all(root, "recordId")
    names: list[tuple[Name, bool]] = []
    for entry in _all(root, "nameEntry"):
        parts = [_text(p) for p in entry if _local(p) == "part" and _text(p)]
        if not parts:
            continue
        lang = entry.get(f"{{{XML_NS}}}lang")
        script = entry.get("scriptCode")
        tag = f"{lang}-{script}" if lang and script else lang
        try:
            tag = check_language(tag) if tag else None
        except ValueError:
            tag = None
        authorized = any(_local(x) == "authorizedForm" for x in entry)
        names.append((Name(value=" ".join(parts), lang=tag, scheme=entry.get("transliteration")), authorized))
    if not names:
        raise EacError("no <nameEntry> with a <part>")
    preferred = next((n for n, a in names if a), names[0][0])
    dates = _exist_dates(root)
    rid = _text(record_ids[0]) if record_ids else preferred.value
    return Authority(kind=kind, id=rid if kind_of(rid) == kind else make_id(kind, source, rid),
                     preferred=preferred.value, names=[n for n, _ in names], dates=dates,
                     description=" ".join(_text(p) for p in _all(root, "biogHist")), source=source)
