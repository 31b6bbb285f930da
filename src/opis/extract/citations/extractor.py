"""Citations in footnotes: archival (fond/opis/delo/folios, or US record structure), bibliographic,
web, and back-references resolved to the citation they repeat.

``parse_citation`` reads one citation with no context; the ``citations`` extractor reads every
footnote, splits it into citations, and resolves Ibid./op. cit. chains across them. Printing a parsed
citation back is model/archival_format.py's ``canonical``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import Any

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.citations.authors import SURNAME, split_authors
from opis.extract.citations.biblio import parse_bibliographic, reference_in_prose
from opis.extract.citations.cues import reads_as_reference
from opis.extract.citations.frus import find_frus
from opis.extract.citations.ibid import BackRef, apply_locator, backref_inside, find_backref, target_of
from opis.extract.citations.levels import LevelRun, find_levels
from opis.extract.citations.outside import ABBREVIATION, outside_citations
from opis.extract.citations.repositories import by_name, match_repository
from opis.extract.citations.schemes import SchemeMatch, by_patterns, extend_after_delo, over_levels, unknown_archive
from opis.extract.citations.segments import (
    cross_reference,
    prose_lead,
    reference_parts,
    split_citations,
    strip_lead_in,
)
from opis.extract.citations.terms import alternation, forms, levels
from opis.extract.citations.us_records import parse_us_record, record_end
from opis.extract.citations.web import parse_web

COMMON_TAIL = {"ibid_of": None, "ibid_prev": None, "note": None}


def _head(raw: str, kind: str) -> Finding:
    return {"footnote": None, "raw": raw, "kind": kind}


def _archival(text: str, run: LevelRun, repository: str | None) -> Finding:
    rest = text[run.end:].strip()
    note = rest if rest.strip(" .,;") else None  # a closing full stop is not a comment
    out = _head(text[:run.end].strip() if note else text, "archival")
    out.update({"repository": repository, **{level: run.fields.get(level) for level in levels()}})
    return {**out, **COMMON_TAIL, "note": note}


def _us_record(text: str, fields: dict[str, str]) -> Finding:
    end = record_end(text)
    out = _head(text[:end].strip(), "archival")
    out.update({"repository": fields.pop("repository", None), **{level: None for level in levels()}})
    return {**out, **COMMON_TAIL, **fields, "note": text[end:].strip() or None}


def _frus(text: str, start: int, fields: dict[str, Any]) -> Finding:
    out = {**_head(text[start:].strip(), "bibliographic"), "authors": [], "container": None, "place": None,
           "publisher": None, **fields}
    return {**out, **COMMON_TAIL, "editors": [], "issue": None, "note": text[:start].strip(" ,;") or None}


def _bibliographic(text: str) -> Finding:
    fields = parse_bibliographic(text)
    extra = {k: fields.pop(k) for k in ("editors", "issue", "volume")}
    return {**_head(text, "bibliographic"), **fields, **COMMON_TAIL, **extra}


def _unresolved(text: str, ref: BackRef) -> Finding:
    out = {**_head(text, "ibid"), **COMMON_TAIL}
    out.update({"form": ref.form, "author": ref.author, "locator": ref.locator})
    return out


def _is_web(text: str) -> bool:
    return any(marker in text for marker in forms("web_markers"))


def _repository_before(text: str, run: LevelRun) -> str | None:
    """The archive named before the levels; when a description of the document stands first (``Список
    кандидатов …. Российский Центр хранения …. Ф. 17``), the archive is the last sentence before them."""
    prefix = text[:run.start]
    if not prefix.strip(" .,;:«»\""):
        return None
    code = match_repository(prefix, text[run.start:])
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ])", prefix.strip())
    code = code or (match_repository(sentences[-1]) if len(sentences) > 1 else None)
    if code is None and (unknown := ABBREVIATION.match(prefix)):
        return unknown.group(1)  # an archive the vocabulary lacks, kept as written
    return code


def parse_citation(raw: str) -> Finding:
    """One citation read with no context. Back-references come back as kind ``ibid``, unresolved."""
    text = strip_lead_in(raw)
    lead = prose_lead(text)
    if lead is not None:
        found = parse_citation(text[lead:])
        prose = text[:lead].strip(" :")
        return {**found, "note": f"{prose}; {found['note']}" if found.get("note") else prose}
    ref = find_backref(text)
    if ref:
        return _unresolved(text, ref)
    inner = backref_inside(text)
    if inner is not None:
        return _unresolved(text[inner:], find_backref(text[inner:]) or BackRef("ibid", None, ""))
    run = find_levels(text)
    frus = find_frus(text)
    if frus and len(run.fields) < 2:
        return _frus(text, *frus)
    repository = _repository_before(text, run) if run.fields else None
    if _is_web(text):
        return {**_head(text, "web"), **parse_web(text, run, repository), **COMMON_TAIL}
    own = over_levels(text, run, repository) if repository else None
    if own is not None:
        return _from_scheme(text, own, repository)
    # A lone "p. 31" after a named archive is a page of its unlabelled reference, not a papka.
    named = bool(repository and set(run.fields) - {"papka", "folios"})
    archival = bool(named or len(run.fields) >= 2 and {"fond", "delo"} & set(run.fields))
    if archival and len(run.fields) >= 2:
        # what the US record reader would say cannot change the answer here; skipping it halves a sheet's import
        return _archival(text, extend_after_delo(text, run, repository), repository)
    us = parse_us_record(text)
    if us and len(run.fields) < 2:  # "Lot 55 D 128" is a lot file, not a delo
        return _us_record(text, us)
    if archival:
        return _archival(text, extend_after_delo(text, run, repository), repository)
    if us:
        return _us_record(text, us)
    return _unlabelled(text) or _document_symbol(text) or _bibliographic_after_prose(text)


@cache
def _symbols() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in forms("document_symbols")))


def _document_symbol(text: str) -> Finding | None:
    """An international organisation's document cited by its symbol, with prose before it and pointers after."""
    found = _symbols().search(text)
    if found is None:
        return None
    out = _bibliographic(found.group(0))
    rest = "; ".join(p for p in (text[:found.start()].strip(" ,;:"), text[found.end():].strip(" ,;.")) if p)
    return {**out, "raw": text, "title": found.group(0), "pages": None, "note": rest or None}


def _bibliographic_after_prose(text: str) -> Finding:
    """A bibliographic reference; prose before it in the same sentence is its ``note``."""
    start = reference_in_prose(text)
    if start is None:
        return _bibliographic(text)
    out = _bibliographic(text[start:])
    return {**out, "note": text[:start].strip(" ,;") or None}


def _unlabelled(text: str) -> Finding | None:
    """A reference without level labels, read with its repository's scheme (``schemes.py``). With no archive
    named (``Отчет, 22 октября 1954, КА, 11. doboz, 22/а, 08103/2/1954``) only the common unlabelled schemes
    are tried, whose box word and dated document number are evidence enough; the repository stays null."""
    # the archive named by an abbreviation anywhere, or by its full name as the reference's first part
    code = match_repository(text) or (by_name(text.split(",", 1)[0]) if "," in text else None)
    name = None if code else unknown_archive(text)
    found = by_patterns(text, code)
    return None if found is None else _from_scheme(text, found, code or name)


def _from_scheme(text: str, found: SchemeMatch, repository: str | None) -> Finding:
    """An archival citation read by a scheme's pattern; pages after its delo are its folios."""
    if "delo" in found.fields and "folios" not in found.fields:
        run = extend_after_delo(text, LevelRun(dict(found.fields), found.start, found.end), None)
        found = SchemeMatch(run.fields, found.start, run.end)
    out = _head(text[:found.end].strip(" ,;"), "archival")
    fields = dict(found.fields)
    out.update({"repository": repository, **{level: fields.pop(level, None) for level in levels()}})
    note = text[found.end:].strip(" ,;.") or None
    return {**out, **COMMON_TAIL, **fields, "note": note}


def _idem_work(target: Finding, cited: Finding, locator: str) -> Finding:
    """``Idem, Another Title...``: a new work by the author of ``target``."""
    work = _bibliographic(locator)
    work.update({"footnote": cited["footnote"], "raw": cited["raw"], "authors": list(target.get("authors") or [])})
    if "footnote_occurrence" in cited:
        work["footnote_occurrence"] = cited["footnote_occurrence"]
    work["authors_from"] = target["footnote"]
    return work


def _names_a_work(target: Finding, locator: str) -> bool:
    """Whether the text after ``Idem`` names another work (it has a title) rather than a place in
    the same one."""
    return target["kind"] == "bibliographic" and parse_bibliographic(locator)["title"] is not None


def resolve_one(cited: Finding, done: list[Finding]) -> Finding:
    """A back-reference filled in from the citation it points at (unchanged if none)."""
    ref = BackRef(cited["form"], cited["author"], cited["locator"])
    target = target_of(ref, done)
    if target is None:
        return cited
    if ref.form == "idem" and _names_a_work(target, ref.locator):
        return _idem_work(target, cited, ref.locator)
    changes, note = apply_locator(target, ref.locator)
    raw = cited["raw"]
    if note and raw.endswith(note):
        raw = raw[:-len(note)].strip()
    out = {**target, **changes, "footnote": cited["footnote"], "raw": raw, "note": note}
    out.pop("footnote_occurrence", None)
    if "footnote_occurrence" in cited:
        out["footnote_occurrence"] = cited["footnote_occurrence"]
    out.update({"ibid_of": target["ibid_of"] or target["footnote"], "ibid_prev": target["footnote"]})
    return out


# A surname, two surnames ("Romanus and Sunderland") or a two-word name ("Chen Jian"), then a short title or not;
# a short title may close with its years ("Lum, Peking, 1950–1953, p. 71.").
SHORT_FORM = re.compile(
    rf"^(?P<name>{SURNAME}(?:\s(?:and|&)\s{SURNAME}|\s{SURNAME})?)"
    rf"(?:,\s*(?P<title>[^,]{{2,80}}?(?:,\s*\d{{4}}[–-]\d{{4}})?))?,\s*"
    rf"(?P<locator>(?:pp?\.|P\.|С\.|S\.)?\s*\d.*)$")
ARTICLES = frozenset({"the", "a", "an"})


def _title_key(title: str) -> str:
    """A title compared as a short form writes it: case and articles aside (``China and Vietnam Wars`` shortens
    ``China and the Vietnam Wars, 1950–1975``)."""
    return " ".join(w for w in title.casefold().split() if w not in ARTICLES)


def short_form(cited: Finding, done: list[Finding]) -> Finding | None:
    """A short form naming an author cited before (``Cummings, pp. 12-25.``; ``Cumings, Origins, 351``):
    that author's last work, read as ``Author, op. cit.`` would be. None when no earlier work matches."""
    if cited["kind"] != "bibliographic" or any(cited.get(k) for k in ("year", "place", "publisher", "container")):
        return None
    found = SHORT_FORM.match(str(cited["raw"]).strip())
    if not found:
        return _short_title_of_author(cited, done) or _same_title(cited, done)
    target = target_of(BackRef("op_cit", found.group("name"), ""), done)
    title = (found.group("title") or "").casefold()
    if target is None:
        return _short_title(cited, found)
    if title and not _title_key(str(target.get("title") or "")).startswith(_title_key(title)):
        return None
    ref = _unresolved(str(cited["raw"]), BackRef("op_cit", found.group("name"), found.group("locator")))
    return resolve_one({**ref, "footnote": cited["footnote"],
                        **({"footnote_occurrence": cited["footnote_occurrence"]}
                           if "footnote_occurrence" in cited else {})}, done)


# A short title shorter than this is too little to say which work it shortens.
MIN_SHORT_TITLE = 8
# How many citations back a short title's author is looked for: every authored reference is a candidate, so an
# unbounded look-back would make a text of many references quadratic.
SHORT_TITLE_LOOKBACK = 400


def _short_title_of_author(cited: Finding, done: list[Finding]) -> Finding | None:
    """``Рак Tong-hwan. HyOkmyOngjOk kyOnggaksOng-ul chegohaja! С. 67.``: an author cited before and the opening
    words of that author's last title (a translation in brackets left out) — a short form of that work, read
    as ``op. cit.`` with the new pages. The earlier reference must be a full one (it names a year, place,
    publisher or container)."""
    authors = cited.get("authors") or []
    title = str(cited.get("title") or "").rstrip(" .,;:!?")
    if not authors or len(title) < MIN_SHORT_TITLE:
        return None
    target = target_of(BackRef("op_cit", authors[0], ""), done[-SHORT_TITLE_LOOKBACK:])
    if target is None or target["kind"] != "bibliographic" or target["footnote"] == cited["footnote"]:
        return None
    if not any(target.get(k) for k in ("year", "place", "publisher", "container")):
        return None  # a short form points at a full reference, not at another short form
    if not str(target.get("title") or "").casefold().startswith(title.casefold()):
        return None
    ref = _unresolved(str(cited["raw"]), BackRef("op_cit", authors[0], ""))
    out = resolve_one({**ref, "footnote": cited["footnote"],
                       **({"footnote_occurrence": cited["footnote_occurrence"]} if "footnote_occurrence" in cited
                          else {})}, done)
    return {**out, "pages": cited.get("pages"), "note": cited.get("note")}


def _short_title(cited: Finding, found: re.Match[str]) -> Finding | None:
    """``Mikoian, Tak bylo, p. 466`` with no earlier work by Mikoian: the short form of a work cited in full
    elsewhere (an excerpt's earlier chapter). The surname is its author, the short title its title; a first
    part that opens titles (``Korea, …``) is not a surname."""
    name, title = found.group("name"), found.group("title")
    if name.split()[0] in forms("not_name_words") or title and len(title.split()) > 8:
        return None
    pages = parse_bibliographic(found.group("locator"))["pages"] or cited.get("pages")
    if not title:  # "Yu, p. 44.": an author's name and a page, the work cited in full elsewhere
        return {**cited, "authors": split_authors(name) or [name], "title": None, "pages": pages}
    return {**cited, "authors": split_authors(name) or [name], "title": title.strip(" .,"), "pages": pages}


def _same_title(cited: Finding, done: list[Finding]) -> Finding | None:
    """``The Hate Campaign in Communist China, p. 213.``: a title with a page and nothing else, after a full
    reference to a work of that title (no author in either) — a short form of it, with the new pages."""
    title = _title_key(str(cited.get("title") or ""))
    if cited.get("authors") or len(title) < MIN_SHORT_TITLE or not cited.get("pages"):
        return None
    for target in reversed(done[-SHORT_TITLE_LOOKBACK:]):
        if (target["kind"] == "bibliographic" and not target.get("authors")
                and _title_key(str(target.get("title") or "")) == title
                and any(target.get(k) for k in ("year", "place", "publisher", "container"))):
            out = {**target, "footnote": cited["footnote"], "raw": cited["raw"], "pages": cited["pages"],
                   "note": cited.get("note"), "ibid_of": target["ibid_of"] or target["footnote"],
                   "ibid_prev": target["footnote"]}
            out.pop("footnote_occurrence", None)
            if "footnote_occurrence" in cited:
                out["footnote_occurrence"] = cited["footnote_occurrence"]
            return out
    return None


def resolve(citations: list[Finding], runs: list[int] | None = None,
            legends: dict[int, Finding] | None = None) -> list[Finding]:
    """Resolve every back-reference (and short form of an author cited before) in document order. ``runs``
    gives each citation's run of notes (numbering restarts with every document of an edition) and ``legends``
    the archival legend of a run's document (``legends_of_runs``): a back-reference with nothing before it in its
    own run repeats its document's legend (``Там же. Л. 97.`` in note 1, under ``Архив: РГАСПИ Ф. 558. Оп 11.
    Д. 89. Л. 96.``)."""
    done: list[Finding] = []
    first_of_run: dict[int, int] = {}
    for k, cited in enumerate(citations):
        run = runs[k] if runs else 0
        first_of_run.setdefault(run, k)
        legend = (legends or {}).get(run)
        if cited["kind"] == "ibid" and legend is not None and not cited["author"] and first_of_run[run] == k:
            done.append(resolve_one(cited, [legend]))
        elif cited["kind"] == "ibid":
            done.append(resolve_one(cited, done))
        else:
            done.append(short_form(cited, done) or cited)
    return done


def note_runs(notes: list[Finding]) -> list[int]:
    """For each note, which run of notes it is in: a number not above the one before starts a new run."""
    out: list[int] = []
    previous: int | None = None
    for note in notes:
        number = str(note["number"])
        # a mark (``*``) or a digit string no note number has (a hostile run of 32,000 superscripts) is no number
        value = int(number) if re.fullmatch(r"[0-9]{1,6}", number) else None
        if out and value is not None and previous is not None and value <= previous:
            out.append(out[-1] + 1)
        else:
            out.append(out[-1] if out else 0)
        previous = value if value is not None else previous
    return out


def legends_of_runs(outside: list[Finding], notes: list[Finding], run_of_note: list[int]) -> dict[int, Finding]:
    """The archival legend of each run's document (an edition prints one over or under every document, and
    numbers each document's notes from 1). Where every run's markers are known, the legends stand over their
    documents when the first one comes before the first marker, else under them: a run's legend is the last one
    before its first marker (and after the run before it), or the first one after its last marker (and before
    the run after it); a document without a legend has none. Where markers are missing, the i-th legend is the
    i-th run's when there is one legend per run."""
    lines = [c for c in outside if c.get("where") == "line" and c["kind"] == "archival"]
    runs = run_of_note[-1] + 1 if run_of_note else 0
    if not lines or not runs:
        return {}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for ref, run in _own_markers(notes, run_of_note):
        first[run], last[run] = min(first.get(run, ref), ref), max(last.get(run, ref), ref)
    if len(first) == runs:
        found = _legends_by_position(lines, first, last, runs)
    elif len(lines) == runs and len({c["offset"] for c in lines}) == runs:
        found = dict(enumerate(lines))
    else:
        return {}
    return {run: {k: v for k, v in c.items() if k not in ("where", "offset")} for run, c in found.items()}


def _own_markers(notes: list[Finding], run_of_note: list[int]) -> list[tuple[int, int]]:
    """(marker offset, run) of every note's markers. A number that several notes share (``[^1]`` in every
    document) has its markers listed on each of them: the k-th note of that number takes the k-th marker."""
    count: dict[str, int] = {}
    for note in notes:
        count[str(note["number"])] = count.get(str(note["number"]), 0) + 1
    seen: dict[str, int] = {}
    out: list[tuple[int, int]] = []
    for note, run in zip(notes, run_of_note, strict=True):
        number = str(note["number"])
        seen[number] = seen.get(number, 0) + 1
        refs = sorted(int(r) for r in note.get("refs") or [])
        if count[number] > 1 and len(refs) >= count[number]:
            refs = [refs[seen[number] - 1]]
        out += [(ref, run) for ref in refs]
    return out


def _legends_by_position(lines: list[Finding], first: dict[int, int], last: dict[int, int],
                         runs: int) -> dict[int, Finding]:
    offsets = [int(c["offset"]) for c in lines]  # in text order
    over = offsets[0] < first[0]
    found: dict[int, Finding] = {}
    for run in range(runs):
        if over:
            k = bisect_left(offsets, first[run]) - 1
            if k >= 0 and (run == 0 or offsets[k] > last[run - 1]):
                found[run] = lines[k]
        else:
            k = bisect_right(offsets, last[run])
            if k < len(offsets) and (run == runs - 1 or offsets[k] < first[run + 1]):
                found[run] = lines[k]
    return found


def _inherit(previous: Finding | None, cited: Finding) -> Finding:
    """A reference like ``D. 6. L. 2`` after ``RGASPI. F. 17. Op. 3. D. 5`` in one footnote
    takes the levels above its first one from the citation before it."""
    if previous is None or previous["kind"] != "archival" or cited["kind"] != "archival" or cited["repository"]:
        return cited
    given = [levels().index(level) for level in levels() if cited.get(level)]
    if not given:
        return cited
    upper = ("repository", *levels()[:min(given)])
    return {**cited, **{key: previous.get(key) for key in upper}}


@cache
def _volume_only() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(forms('volume'))})\.\s*(\d[\w–-]*)\.?$")


def _another_volume(previous: Finding, cited: Finding) -> Finding:
    """``…; Т. 29. С. 69`` after a reference to a volume of a multi-volume work: the same work, another
    volume (the piece read alone has only a volume for a title)."""
    volume = _volume_only().match(str(cited.get("title") or ""))
    if previous["kind"] != "bibliographic" or not previous.get("volume") or cited["kind"] != "bibliographic" \
            or volume is None or any(cited.get(k) for k in ("authors", "container", "year", "place", "publisher")):
        return cited
    return {**previous, "raw": cited["raw"], "volume": volume.group(1), "pages": cited.get("pages"),
            "note": cited.get("note")}


def _continuation(previous: Finding | None, piece: str) -> Finding:
    """A piece read on its own, or, when it opens with a lower level alone after an archival citation
    (``…, d. 212, pp. 14-30, and d. 215, pp. 3-9``), as that citation's next unit; a piece naming only
    another volume of the work before it, as that work."""
    cited = parse_citation(piece)
    if previous is not None and previous["kind"] == "bibliographic":
        return _another_volume(previous, cited)
    if cited["kind"] == "archival" or previous is None or previous["kind"] != "archival":
        return cited
    run = find_levels(piece)
    if run.start != 0 or not run.fields:
        return cited
    return _archival(piece, extend_after_delo(piece, run, previous.get("repository")), None)


def footnote_citations(number: str, text: str, occurrence: int = 1) -> list[Finding]:
    """The citations of one footnote, in order, back-references not yet resolved. A note of prose
    (nothing in it reads as a reference: "Not printed.", a comment with a date) has none."""
    out: list[Finding] = []
    if not reads_as_reference(text):
        return out
    for piece in (p for part in reference_parts(text) for p in split_citations(part)):
        if cross_reference(piece):
            continue  # the edition's own pages ("see editorial note, p. 115"), not a reference to a source
        cited = {**_continuation(out[-1] if out else None, piece), "footnote": number}
        if occurrence > 1:  # numbering restarts: the second note numbered 1 is occurrence 2
            cited["footnote_occurrence"] = occurrence
        out.append(_inherit(out[-1] if out else None, cited))
    return out


@extractor("citations", requires=("footnotes",))
def extract_citations(ctx: ExtractContext) -> list[Finding]:
    found: list[Finding] = []
    seen: dict[str, int] = {}
    notes = ctx.results.get("footnotes", [])
    run_of_note = note_runs(notes)
    runs: list[int] = []
    for note, run in zip(notes, run_of_note, strict=True):
        number = str(note["number"])
        seen[number] = seen.get(number, 0) + 1
        cited = footnote_citations(number, str(note["text"]), seen[number])
        found += cited
        runs += [run] * len(cited)
    inside = [(int(n["offset"]), int(n.get("end") or n["offset"])) for n in notes]
    inside += [(int(a), int(b)) for n in notes for a, b in n.get("continued", [])]
    outside = outside_citations(ctx.text, sorted(inside), _outside_pieces)
    legends = legends_of_runs(outside, notes, run_of_note)
    return resolve(found, runs, legends) + outside


def _outside_pieces(candidate: str) -> list[Finding]:
    """The citations of a source line: one, or two archives joined by "and"."""
    out: list[Finding] = []
    for piece in split_citations(candidate):
        out.append(_inherit(out[-1] if out else None, _continuation(out[-1] if out else None, piece)))
    return out

