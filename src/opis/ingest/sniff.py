"""Cheap looks at a file's first bytes, shared by the handlers' ``score`` methods."""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when the bytes start with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte is NUL, as in BOM-less UTF-16 of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def head_text(head: bytes) -> str:
    """The head decoded well enough to look for tags: BOM/UTF-16 aware, else UTF-8 with
    replacement (a sniff must never fail on a cut-off multi-byte character)."""
    found = bom_encoding(head)
    if found:
        return head[found[1]:].decode(found[0], errors="replace")
    utf16 = utf16_without_bom(head)
    if utf16:
        return head[: len(head) // 2 * 2].decode(utf16, errors="replace")
    return head.decode("utf-8", errors="replace")


def looks_binary(head: bytes) -> bool:
    """True for bytes that are not text in any encoding opis reads (NULs outside UTF-16/32,
    or many control characters)."""
    if bom_encoding(head) or utf16_without_bom(head):
        return False
    sample = head[:8192]
    if not sample:
        return True
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.02 * len(sample)


# The XML prolog: declaration, comments, processing instructions, doctype (with an internal subset).
_PROLOG_ITEM = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S | re.I)
_START_TAG = re.compile(r"\s*<([A-Za-z_][\w.\-]*)(?::([A-Za-z_][\w.\-]*))?((?:\s[^>]*)?)/?>", re.S)
_XMLNS = re.compile(r"""xmlns(?::([\w.\-]+))?\s*=\s*["']([^"']*)["']""")


def xml_root(head: bytes) -> tuple[str, str | None] | None:
    """(local name, namespace URI) of the root element, read from the head, or None."""
    text = head_text(head).lstrip("\ufeff")
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    tag = _START_TAG.match(text, pos)
    if not tag:
        return None
    prefix, local = (tag.group(1), tag.group(2)) if tag.group(2) else (None, tag.group(1))
    namespaces = {p: uri for p, uri in _XMLNS.findall(tag.group(3) or "")}
    return local, namespaces.get(prefix or "")
