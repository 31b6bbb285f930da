"""Saved web pages: the article's main text, apart from menus, footers, sidebars, forms, skip
links and cookie banners (removed here, then trafilatura), with the page's title, author and
date. Furniture lines left at the text's edges and doubled captions go too (ingest/chrome.py)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from opis import vocab
from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.charset import decode_text
from opis.ingest.chrome import strip_chrome
from opis.ingest.files import read_all
from opis.ingest.language import guess_language
from opis.ingest.sniff import head_text, xml_root

_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_XHTML = "http://www.w3.org/1999/xhtml"
_DOCTYPE_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*<!doctype\s+html", re.I | re.S)
_HTML_TAG = re.compile(r"<html[\s>]", re.I)
_WEAK_TAGS = re.compile(r"<(head|body|title|meta|div|p|script)[\s>]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
# Never content; "form" is not here because some sites wrap the whole page in one (_FORMS).
_BOILERPLATE = ("script", "style", "nav", "footer", "aside", "noscript", "template")
# ARIA roles that mark the same furniture on sites built of plain divs.
_ROLES = ("navigation", "search", "banner", "contentinfo", "complementary", "alertdialog")
# A form is furniture (search box, newsletter sign-up, comment form) unless it holds the page's
# text, as on sites that wrap the whole page in one form.
_FORMS = "//form[not(.//p or .//article or .//main or .//h1)]"
# Cookie and consent banners: no HTML element or role names them, only their id or class.
_BANNER_WORDS = ("cookie", "consent", "gdpr")
_BANNER_TAGS = ("div", "section", "dialog", "aside", "p")
_MAX_BANNER = 2000  # characters; a cookie notice is a few sentences, anything longer is the page
MAX_ATTRIBUTES = 500
MAX_ELEMENTS_FOR_ARTICLE = 200_000
_LONG_TAG = 2 * MAX_ATTRIBUTES  # a tag shorter than this cannot hold more attributes
_TAG_NAME = re.compile(r"/?[A-Za-z][\w:.-]*")
# Words in an id, class, role or epub:type that mark a page's notes (``<section class="footnotes">``, ``<ol
# class="references">``, ``role="doc-endnotes"``, ``<aside epub:type="footnote">``).
_NOTE_WORDS = ("footnote", "endnote", "notes", "references", "doc-endnote", "doc-footnote")
# A same-page link back from a note to its marker, which a page prints as an arrow or a caret.
_BACK_LINK_TEXT = frozenset({"↩", "↩︎", "^", "↑", "⤴", "back", "[back]", "return", "return to text"})
_METADATA_KEYS = ("url", "hostname", "sitename", "description", "categories", "tags", "license", "language")


class HtmlHandler:
    name = "html"

    def score(self, head: bytes, filename: str) -> float:
        text = head_text(head)[:8192]
        root = xml_root(head)
        if _DOCTYPE_HTML.match(text) or (root is not None and root[0].lower() == "html"):
            base = 0.95
        elif root is not None and root[1] == _XHTML:
            base = 0.9
        elif _HTML_TAG.search(text):
            base = 0.85
        elif len(_WEAK_TAGS.findall(text)) >= 2:
            base = 0.5  # an HTML fragment; still better read as HTML than as plain text
        else:
            return 0.0
        return base + name_bonus(filename, _EXTENSIONS)

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        data = read_all(path, options.max_bytes)
        html, encoding, warning = _decode(data)
        parsed = ParsedFile(media_type="text/html", handler=self.name, filename=path.name,
                            metadata={"encoding": encoding})
        if warning:
            parsed.warnings.append(warning)
        html, tamed = tame(html)
        parsed.warnings += tamed
        # trafilatura's scoring walks the tree many times; past this many elements the page's
        # whole visible text is taken instead, so that a huge page costs seconds, not minutes
        found = _extract(html) if html.count("<") <= MAX_ELEMENTS_FOR_ARTICLE else None
        text = str(found.get("text") or "") if found else ""
        if not text.strip():
            text = _fallback_text(html)
            parsed.warnings.append("no article found; kept the page's whole visible text")
        _apply_metadata(parsed, found or {}, html)
        parsed.pages = [Page(1, strip_chrome(text).strip())]
        parsed.language = guess_language(text) or _declared_language(found)
        return parsed


def tame(html: str) -> tuple[str, list[str]]:
    """The page with tags of more than MAX_ATTRIBUTES attributes cut back to their name, and a
    warning for each kind of cut. libxml2 checks each attribute against those before it on the
    same tag, so 200,000 attributes on one tag take hours; no real page has more than a few dozen.
    One pass over the text: each piece between two ">" holds at most one tag's start."""
    pieces = html.split(">")
    cut = 0
    for i, piece in enumerate(pieces):
        if len(piece) < _LONG_TAG:
            continue
        start = piece.rfind("<")
        if start >= 0 and piece.count("=", start) > MAX_ATTRIBUTES:
            name = _TAG_NAME.match(piece, start + 1)
            pieces[i] = piece[:start] + "<" + (name.group() if name else "span")
            cut += 1
    if not cut:
        return html, []
    return ">".join(pieces), [f"{cut} tag(s) with more than {MAX_ATTRIBUTES} attributes kept without them"]


def _decode(data: bytes) -> tuple[str, str, str | None]:
    """The page as text: a <meta charset> wins when Python knows the codec; else detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", errors="replace")
        try:
            codecs.lookup(name)
        except LookupError:
            pass
        else:
            return data.decode(name, errors="replace"), name, None
    decoded = decode_text(data)
    return decoded.text, decoded.encoding, decoded.warning


def _extract(html: str) -> dict[str, Any] | None:
    # Imported here: every process that loads the plug-ins imports this module, and trafilatura
    # takes longer to import than most pages take to read.
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(_without_boilerplate(html), with_metadata=True,
                                          include_comments=False, include_tables=True)
    except Exception:  # trafilatura raises assorted errors on malformed pages; fall back instead
        return None
    if doc is None:
        return None
    result: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return result


def _without_boilerplate(html: str) -> Any:
    """The page as an lxml tree without the elements HTML itself marks as not content (menus,
    footers, sidebars, scripts). trafilatura finds these by itself on full pages, but on short
    ones it falls back to keeping everything. A ``header`` inside the article is kept: it often
    holds the title and byline."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises ParserError on empty documents, ValueError on odd declarations
        return html
    _notes_as_paragraphs(tree)
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _BOILERPLATE)):
        bad.drop_tree()
    for header in tree.xpath("//header[not(ancestor::article) and not(ancestor::main)]"):
        header.drop_tree()
    for bad in _furniture(tree):
        # a class like "consent-given" on a wrapper, or a role on the wrong element, must not
        # take the article with it; getparent() is None when an enclosing element went already
        if bad.getparent() is not None and not bad.xpath(".//main|.//article"):
            bad.drop_tree()
    _keep_main(tree)
    _figures_as_captions(tree)
    return tree


def _notes_as_paragraphs(tree: Any) -> None:
    """A page's notes printed as an ordered list become paragraphs ``N. text``, numbered as the browser numbers
    them (``start``, ``value``), without the links back to their markers; a notes section that HTML or its class
    would mark as furniture (an ``aside``, a ``footer``, ``class="footnotes"``) becomes a plain division. Else
    trafilatura drops the list for its density of same-page links, or keeps its items as ``- …`` with their
    numbers lost, and the footnote extractor finds no notes."""
    from lxml.html import Element

    for ol in tree.xpath("//ol[not(ancestor::ol)]"):  # a list inside a list item is no list of notes
        container = _note_container(ol)
        items = ol.findall("li")
        if not items or (container is None and not any(_back_links(li) for li in items)):
            continue
        division = Element("div")
        number = _int(ol.get("start"), 1)
        for li in items:
            number = _int(li.get("value"), number)
            for link in _back_links(li):
                link.drop_tree()
            paragraph = Element("p")
            paragraph.text = f"{number}. " + " ".join(li.text_content().split())
            division.append(paragraph)
            number += 1
        division.tail = ol.tail
        ol.getparent().replace(ol, division)
        if container is not None and container is not ol:
            container.tag = "div"
            for attr in ("id", "class", "role", "{http://www.idpf.org/2007/ops}type", "epub:type"):
                container.attrib.pop(attr, None)


def _note_container(ol: Any) -> Any | None:
    """The list itself or the nearest of its three closest ancestors that names itself a notes section."""
    for element in (ol, *list(ol.iterancestors())[:3]):
        marks = " ".join(str(v) for k, v in element.attrib.items()
                         if str(k) in ("id", "class", "role") or str(k).endswith("type")).casefold()
        if any(word in marks for word in _NOTE_WORDS):
            return element
    return None


def _back_links(item: Any) -> list[Any]:
    return [a for a in item.xpath(".//a[starts-with(@href, '#')]")
            if " ".join(a.text_content().split()).casefold() in _BACK_LINK_TEXT
            or "back" in str(a.get("class", "")).casefold() or a.get("role") == "doc-backlink"]


def _int(value: str | None, default: int) -> int:
    try:
        return int(str(value).strip()) if value is not None else default
    except ValueError:
        return default


def _figures_as_captions(tree: Any) -> None:
    """Each figure becomes one paragraph of its caption, or of its picture's alt text when it
    has no caption: trafilatura drops figures whole, and keeping both would say it twice."""
    from lxml.html import Element

    for figure in tree.xpath("//figure"):
        caption = figure.find(".//figcaption")
        words = caption.text_content() if caption is not None else " ".join(figure.xpath(".//img/@alt"))
        words = " ".join(words.split())
        if words:
            paragraph = Element("p")
            paragraph.text = words
            paragraph.tail = figure.tail
            figure.getparent().replace(figure, paragraph)


def _furniture(tree: Any) -> list[Any]:
    """Elements that are furniture by role, by being a form without text, by being a skip link,
    or by being a cookie banner."""
    roles = " or ".join(f"@role='{role}'" for role in _ROLES)
    found: list[Any] = list(tree.xpath(f"//*[{roles}]")) + list(tree.xpath(_FORMS))
    chrome = vocab.page_chrome()
    for link in tree.xpath("//a[starts-with(@href, '#')]"):
        if " ".join(link.text_content().split()).casefold() in chrome:
            found.append(link)  # "Skip to main content" and the like
    words = " or ".join(f"contains({_lowered(attr)}, '{word}')"
                        for attr in ("@id", "@class") for word in _BANNER_WORDS)
    found += tree.xpath("|".join(f"//{tag}[{words}][string-length(normalize-space()) < {_MAX_BANNER}]"
                                 for tag in _BANNER_TAGS))
    return found


def _lowered(attr: str) -> str:
    return f"translate({attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"


def _keep_main(tree: Any) -> None:
    """When the page marks its content (``main``, ``role=main``, or ``article`` outside any
    other), the body keeps only that: what is left around it is the site, not the document."""
    body = tree.find("body")
    if body is None:
        return
    kept = body.xpath(".//main[not(ancestor::main)] | .//*[@role='main'][not(ancestor::main)]")
    if not kept:
        kept = body.xpath(".//article[not(ancestor::article)]")
    kept = [e for e in kept if not any(a in kept for a in e.iterancestors())]
    if not kept:
        return
    for element in kept:
        element.getparent().remove(element)
        element.tail = None
    for child in list(body):
        body.remove(child)
    body.text = None
    body.extend(kept)


def _fallback_text(html: str) -> str:
    tree = _without_boilerplate(html)
    if isinstance(tree, str):
        return ""
    body = tree.find("body")
    text: str = (body if body is not None else tree).text_content()
    return re.sub(r"\n\s*\n+", "\n\n", text)


def _apply_metadata(parsed: ParsedFile, found: dict[str, Any], html: str) -> None:
    parsed.title = found.get("title") or _title_tag(html)
    author = found.get("author")
    if author:
        parsed.authors = [a.strip() for a in str(author).split(";") if a.strip()]
    # trafilatura's "filedate" is today's date, not the page's; only "date" is the page's.
    parsed.date_text = found.get("date") or None
    parsed.metadata.update({k: found[k] for k in _METADATA_KEYS if found.get(k)})


def _title_tag(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html[:65536], re.I | re.S)
    return re.sub(r"\s+", " ", m.group(1)).strip() or None if m else None


def _declared_language(found: dict[str, Any] | None) -> str | None:
    lang = (found or {}).get("language")
    return str(lang).split("-")[0].lower() if lang else None


HANDLERS.register("html")(HtmlHandler())
