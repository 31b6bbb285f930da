"""XML parsing that never expands entities, never reads a DTD, never touches the network.

Two passes. First, expat streams the file with handlers that refuse any entity declaration
(which covers both XXE and "billion laughs") and any external entity reference; external DTD
subsets are never loaded. Then lxml builds the tree with entity resolution, DTD loading and
network access off and the huge-tree guard on. XInclude is never processed, so an
``xi:include`` (FRUS volumes have one) stays an inert element.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from lxml import etree

from opis.ingest.errors import CorruptFile, UnsafeContent

_CHUNK = 1 << 20


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refuse_entity(name: str, is_parameter: int, *_: Any) -> NoReturn:
    kind = "parameter entity" if is_parameter else "entity"
    raise _Refused(f"the XML declares an {kind} ({name!r}); entity declarations are refused "
                   "because they enable XXE and billion-laughs attacks")


def _refuse_external(context: str | None, base: str | None, system_id: str | None, *_: Any) -> NoReturn:
    raise _Refused(f"the XML references an external entity ({system_id!r}); opis never loads external resources")


def _refuse_unparsed(name: str, *_: Any) -> NoReturn:
    raise _Refused(f"the XML declares an unparsed entity ({name!r}); entity declarations are refused")


def check_xml_safe(path: Path) -> None:
    """Stream the file through expat; raise UnsafeContent or CorruptFile, else return."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_unparsed
    parser.ExternalEntityRefHandler = _refuse_external
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as exc:
        raise UnsafeContent(f"{path.name}: {exc.reason}") from None
    except expat.ExpatError as exc:
        raise CorruptFile(f"{path.name}: not well-formed XML ({exc})") from None


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_pis=True)


def parse_xml(path: Path) -> Any:
    """The lxml root element of a file that passed ``check_xml_safe``."""
    check_xml_safe(path)
    try:
        return etree.parse(str(path), safe_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(f"{path.name}: not well-formed XML ({exc})") from None
