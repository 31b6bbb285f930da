"""Back-references: Ibid./Там же, op. cit./Указ. соч., Idem/Он же, and their resolution.

Rules (see docs/extraction-citations.md):

* ``Ibid.`` alone points at the citation just before it (the previous one in the same footnote, else
  the last one of the footnote before).
* ``Author, Ibid.`` and ``Author, op. cit.`` point at the last citation of that author.
* A resolved citation takes every field of the one it points at; a locator replaces the level it
  names and everything below it (``Ibid. D. 12`` keeps fond and opis, sets delo, clears folios), or
  the pages of a bibliographic source. With no locator the folios or pages are kept.
* ``ibid_of`` is the footnote holding the full citation at the root of the chain; ``ibid_prev`` is
  the footnote of the citation pointed at directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from opis.extract.citations.authors import is_name, same_person
from opis.extract.citations.bibtail import tail_fields
from opis.extract.citations.folios import PAGE_PATTERN, normalize_folios
from opis.extract.citations.levels import find_levels
from opis.extract.citations.terms import alternation, forms, levels
from opis.extract.citations.us_records import us_fields

Finding = dict[str, Any]


@dataclass(frozen=True)
class BackRef:
    form: str
    author: str | None
    locator: str


@cache
def _backref_re() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{key}>{alternation(forms(key))})" for key in ("ibid", "op_cit", "idem"))
    return re.compile(rf"^(?:(?P<author>[^\d;]{{2,60}}?)[,.]?\s+)?(?:{groups})(?![\w])\.?,?\s*(?P<locator>.*)$", re.S)


def find_backref(text: str) -> BackRef | None:
    """The back-reference ``text`` opens with, if any."""
    found = _backref_re().match(text.strip())
    if not found:
        return None
    author = found.group("author")
    if author is not None:
        author = next((a for a in (author, author + ".") if is_name(a)), None)
        if author is None:
            return None
    form = next(key for key in ("ibid", "op_cit", "idem") if found.group(key))
    return BackRef(form, author, found.group("locator").strip())


INSIDE = re.compile(r"(?:^|[,;(]\s*|\.\s+|\s)(?=(?:Ibid|ibid|Ibidem|ibidem|Там же|там же)(?![\w]))")


MAX_INSIDE = 8  # back-references looked at in one citation (a bound for hostile text)


def backref_inside(text: str) -> int | None:
    """Where a back-reference starts after prose in the same citation ("See bracketed note, ibid., p. 1334";
    "… was sent to Dulles. (Ibid., Central Files, 795B.00/1–1755)"), or None. The prose before it must hold
    no archival levels of its own."""
    for tried, found in enumerate(INSIDE.finditer(text)):
        if tried >= MAX_INSIDE:
            break
        if found.end() > 0 and not find_levels(text[:found.end()]).fields:
            return found.end()
    return None


# Locators without level labels after an archival citation: another file's signature (``Ibid., F201-00-00/0004,
# pp. 646–50``) and pages, which in a file are its folios (``Ibid., pp. 25–28``).
SIGNATURE = re.compile(rf"^(?P<delo>[A-Z]{{1,3}}\d+(?:[-/]\d+){{2,}})"
                       rf"(?:\s*,\s*(?:pp?\.\s*)?(?P<folios>{PAGE_PATTERN}))?(?![\w/-])")
PAGES = re.compile(rf"^pp?\.\s*(?P<folios>{PAGE_PATTERN})(?![\w/-])")


def _unlabelled_locator(target: Finding, locator: str) -> tuple[Finding, str] | None:
    if not target.get("delo"):
        return None
    found = SIGNATURE.match(locator) or PAGES.match(locator)
    if found is None:
        return None
    changes = {k: normalize_folios(v) if k == "folios" and v else v for k, v in found.groupdict().items()}
    changes.setdefault("folios", None)  # a new file: the folios of the old one do not hold
    return changes, locator[found.end():]


def _archival_locator(target: Finding, locator: str) -> tuple[Finding, str]:
    run = find_levels(locator)
    if not run.fields:
        return _unlabelled_locator(target, locator) or ({}, locator)
    if run.start > 0 and locator[:run.start].strip(" .,"):
        return {}, locator
    top = min(levels().index(level) for level in run.fields)
    changes: Finding = {level: run.fields.get(level) for level in levels()[top:]}
    return changes, locator[run.end:]


def _page_locator(locator: str) -> tuple[Finding, str]:
    found = tail_fields(locator)
    changes = {k: found[k] for k in ("pages", "volume", "issue") if found.get(k)}
    bare = re.match(r"^(\d+(?:\s*[-–]\s*\d+)?)\.?$", locator)
    if bare and not changes:
        changes["pages"] = re.sub(r"\s*[-–]\s*", "-", bare.group(1))
    return changes, "" if changes else locator


# The fields of a US record reference, top-down: a locator naming one replaces it and clears those below.
US_ORDER = ("repository", "record_group", "agency", "entry", "series", "lot", "file", "box", "folder")


def _us_locator(locator: str) -> tuple[Finding, str]:
    fields = us_fields(locator)
    if not fields:
        return {}, locator
    top = min(US_ORDER.index(k) for k in fields if k in US_ORDER)
    return {k: fields.get(k) for k in US_ORDER[top:] if k != "repository" or k in fields}, ""


def apply_locator(target: Finding, locator: str) -> tuple[Finding, str | None]:
    """The fields ``locator`` changes in a copy of ``target``, and any text left over as a note."""
    locator = locator.strip().removesuffix(")") if locator.count(")") > locator.count("(") else locator
    if target.get("kind") == "archival" and not any(target.get(level) for level in levels()):
        changes, rest = _us_locator(locator)
    elif target.get("kind") in ("archival", "web"):
        changes, rest = _archival_locator(target, locator)
    else:
        changes, rest = _page_locator(locator)
    rest = rest.strip(" .,;")
    return changes, rest or None


def _by_author(done: list[Finding], author: str) -> Finding | None:
    for cited in reversed(done):
        if any(same_person(author, a) for a in cited.get("authors") or []):
            return cited
    return None


@cache
def _page_form_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(forms('pages'))})\.")


def _names_archival_level(locator: str) -> bool:
    """Whether a back-reference's locator opens with an archival level (``Л. 153``, ``Д. 12``), not with a page
    (``p. 1334``, ``С. 60``: pages of a publication, though some schemes read ``p.`` as a level)."""
    return find_levels(locator).start == 0 and not _page_form_re().match(locator.strip())


# How many citations back ``Там же. Л. 153`` looks for the archival file it names past other references.
ARCHIVAL_LOOKBACK = 20


def target_of(ref: BackRef, done: list[Finding]) -> Finding | None:
    """The citation a back-reference points at, among those already resolved. ``Ibid.`` whose locator names an
    archival level (``Там же. Л. 153.``) after a book or article points at the last archival citation: a
    publication has no листы, so the writer went back to the file cited before it."""
    if ref.author:
        return _by_author(done, ref.author)
    if not done:
        return None
    if done[-1].get("kind") == "bibliographic" and ref.form == "ibid" and _names_archival_level(ref.locator):
        return next((c for c in reversed(done[-ARCHIVAL_LOOKBACK:]) if c.get("kind") == "archival"), done[-1])
    return done[-1]
