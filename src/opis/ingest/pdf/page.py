"""One page's rows sorted into running head and page number, body paragraphs and foot notes.

See ``pdflayout`` for how rows are built. The cues, all from the page itself except one:
- furniture: the first row when it is a bare page number, the head that heads other pages too
  (``heads``, with digits ignored), or a smaller row standing apart above the body; the last
  row when it is a bare page number. The number becomes the page's label;
- notes: the rows below the last body-size row, set smaller, when one of them opens with a note
  number (superscript, or plain when the page has no superscript ones) or the first stands under
  a short rule; rows before the first number are the rest of the previous page's last note;
- paragraphs: a new one at an indented row, a wider gap, a change of size, or after a short row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from opis.ingest.pdf.layout import (
    PLAIN_NUMBER,
    SMALLER,
    NotePiece,
    PageLayout,
    Para,
    Row,
    furniture_key,
    is_page_number,
    join_rows,
    row_text,
)

_HEAD_GAP = 1.4  # a head stands apart from the body by at least this many body sizes
_PARA_GAP = 1.5  # a gap this many times the usual leading opens a paragraph
_SHORT = 0.12  # a row ending this share of the text width before the margin ends its paragraph
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")


def lay_out(number: int, rows: list[Row], body: float, heads: set[str],
            rules: Sequence[float] = ()) -> PageLayout:
    """``rules``: the heights (top-down) of short horizontal rules drawn on the page."""
    return lay_out_groups(number, [rows], body, heads, rules)


def lay_out_groups(number: int, groups: list[list[Row]], body: float, heads: set[str],
                   rules: Sequence[float] = ()) -> PageLayout:
    """A page whose rows come in groups read one after the other (``pdflayout.column_groups``):
    the head is the first group's first row, the page number the last group's last row, the
    notes are at the foot of the last group; each group has its own margins."""
    page = PageLayout(number)
    groups = [list(g) for g in groups if g]
    if not groups:
        return page
    groups[0] = _drop_furniture(groups[0], body, heads, page, top=True)
    groups[-1] = _drop_furniture(groups[-1], body, heads, page, top=False)
    last = groups[-1]
    split = _notes_start(last, body, rules)
    for group in [*groups[:-1], last[:split]]:
        _paragraphs(group, page, body)
    if split < len(last):
        page.foot_rule = any(r < last[split].top for r in rules)
        page.notes = _notes(last[split:])
    return page


def _drop_furniture(rows: list[Row], body: float, heads: set[str], page: PageLayout, top: bool) -> list[Row]:
    rows = list(rows)
    if top and rows and _is_head(rows, body, heads):
        page.label = _printed_number(rows.pop(0).plain())
    if not top and rows and is_page_number(rows[-1].plain()):
        number = rows.pop().plain().strip(" -–—")
        page.label = page.label or number
    return rows


def _printed_number(head: str) -> str | None:
    """The page number in a running head: the head itself, or a number at either end of it."""
    if is_page_number(head):
        return head.strip(" -–—")
    found = _EDGE_NUMBER.search(head)
    return (found.group(1) or found.group(2)) if found else None


def _is_head(rows: list[Row], body: float, heads: set[str]) -> bool:
    first = rows[0]
    text = first.plain()
    if is_page_number(text) or (furniture_key(text) and furniture_key(text) in heads):
        return True
    apart = len(rows) > 1 and rows[1].top - first.baseline > _HEAD_GAP * body
    return first.size < SMALLER * body and apart and row_text(first)[1] is None


def _notes_start(rows: list[Row], body: float, rules: Sequence[float]) -> int:
    """Index of the first foot-note row, or ``len(rows)`` when the page has no notes."""
    last_body = max((i for i, r in enumerate(rows) if r.size >= SMALLER * body), default=-1)
    start = last_body + 1
    if start >= len(rows):
        return len(rows)
    first = rows[start]
    # Numbered: the zone opens with a note, or opens with the rest of the previous page's last
    # note and a numbered one follows (a scan shows no rule to tell).
    numbered = any(row_text(r)[1] is not None or PLAIN_NUMBER.match(r.plain()) for r in rows[start:])
    ruled = any(start == 0 or rows[start - 1].baseline < r < first.top for r in rules)
    return start if numbered or ruled else len(rows)


def _notes(rows: list[Row]) -> list[NotePiece]:
    texts = [row_text(r) for r in rows]
    superscript_style = any(lead for _, lead in texts)
    notes: list[NotePiece] = []
    for text, lead in texts:
        plain = None if superscript_style else PLAIN_NUMBER.match(text)
        if lead is None and plain and _plausible(plain.group(1), notes):
            lead, text = plain.group(1), text[plain.end():]
        if lead is not None:
            notes.append(NotePiece(lead, text))
        elif notes:
            notes[-1].text = join_rows(notes[-1].text, text)
        else:
            notes.append(NotePiece(None, text))
    return notes


def _plausible(number: str, notes: list[NotePiece]) -> bool:
    """A plain number opens a note when it follows the last one on the page (or is the first)."""
    numbered = [int(n.number) for n in notes if n.number and n.number.isdigit()]
    return not numbered or 0 < int(number) - numbered[-1] <= 3


def _paragraphs(rows: list[Row], page: PageLayout, body: float) -> None:
    """Paragraphs of one group of rows; the first goes on from the page's paragraph before it
    (the foot of the previous column) when that one ran to the margin and this one is not indented."""
    if not rows:
        return
    left, right = min(r.x0 for r in rows), max(r.x1 for r in rows)
    width = max(right - left, 1.0)
    steps = [b.baseline - a.baseline for a, b in zip(rows, rows[1:], strict=False)]
    leading = median(steps) if steps else rows[0].size * 1.2
    prev: Row | None = None
    for row in rows:
        text, _ = row_text(row)
        indented = row.x0 - left > 0.6 * row.size
        if prev is None and page.paragraphs and page.paragraphs[-1].open_end and not indented:
            page.paragraphs[-1].text = join_rows(page.paragraphs[-1].text, text)
        elif prev is None or _opens(prev, row, (left, right), leading, indented, body):
            page.paragraphs.append(Para(text, open_start=prev is None and not page.paragraphs and not indented))
        else:
            page.paragraphs[-1].text = join_rows(page.paragraphs[-1].text, text)
        prev = row
    if prev is not None:
        page.paragraphs[-1].open_end = prev.x1 >= right - _SHORT * width


def _opens(prev: Row, row: Row, margins: tuple[float, float], leading: float, indented: bool,
           body: float) -> bool:
    left, right = margins
    if abs(prev.size - row.size) > 0.5 or row.baseline - prev.baseline > _PARA_GAP * max(leading, row.size):
        return True
    if row.size > 1.05 * body or (_centred(prev, left, right) and _centred(row, left, right)):
        return False  # a heading's rows, or centred rows, make one paragraph
    short = prev.x1 < right - _SHORT * (right - left)
    return indented or short


def _centred(row: Row, left: float, right: float) -> bool:
    before, after = row.x0 - left, right - row.x1
    return before > row.size and abs(before - after) < 2 * row.size
