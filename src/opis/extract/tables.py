"""Tables laid out with tabs or aligned with spaces in running text, with their arithmetic checked.

``find_tables(text)`` finds each block of tab-separated (or space-aligned) lines; blank lines and
footnote paragraphs dropped into a table by a page break are stepped over. ``table_from_rows``
reads a table from rows of cells (as PDF extraction will give them): header, row roles (item,
section, subtotal, total), cell values ("-" counts as zero, an empty cell as missing, "5 253 t" as
5253) and checks: every total row against the column sums above it, every subtotal against its
sub-rows, and every identity "A = B + C" that holds across the rows (one check per identity, its
failing rows listed). Conventions: docs/extraction-dates-quantities-tables.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from opis import vocab
from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.numbers import parse_number, plain
from opis.extract.quantities.extractor import parse_quantity
from opis.extract.textview import footnote_spans, in_spans
from opis.extract.tokens import SUPERSCRIPTS

Num = int | float
_FOOTNOTE_MARK = re.compile(rf"\s*([{SUPERSCRIPTS}]+)[.:]?\s*$")


def data() -> dict[str, Any]:
    return vocab.read_mapping("opis.extract", "data/tables.yaml")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    start: int
    kind: str  # row, blank, note, prose
    cells: tuple[str, ...] = ()
    tabbed: bool = False


def cell_value(cell: str) -> Num | None:
    """The number a cell states: "-" is 0, "" is None, "5 253 t" is 5253, "for 3,7 mln. rubles" 3700000."""
    text = cell.strip()
    if not text:
        return None
    if text.lower() in data()["zero_cells"]:
        return 0
    number = parse_number(text)
    if number is not None:
        return plain(number)
    quantity = parse_quantity(text) if any(ch.isdigit() for ch in text) else None
    return quantity["value"] if quantity else None


def _split(line: str) -> tuple[str, ...] | None:
    body = line.rstrip("\r")
    if not body.strip():
        return None
    if "\t" in body:
        return tuple(c.strip() for c in body.split("\t"))
    cells = re.split(r" {2,}", body.strip())
    if len(cells) >= 2 and all(len(c) <= int(data()["max_space_cell"]) for c in cells):
        return tuple(cells)
    return None


def lines_of(text: str) -> list[Line]:
    notes = footnote_spans(text)
    out: list[Line] = []
    offset = 0
    for raw in text.split("\n"):
        cells = _split(raw)
        if in_spans(offset, notes):
            kind = "note"
        elif not raw.strip():
            kind = "blank"
        else:
            kind = "row" if cells else "prose"
        out.append(Line(raw, offset, kind, cells or (), "\t" in raw))
        offset += len(raw) + 1
    return out


def blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each table: row lines, with blank and footnote lines between them."""
    found: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        if lines[k].kind != "row":
            k += 1
            continue
        first = last = k
        k += 1
        while k < len(lines) and lines[k].kind != "prose":
            if lines[k].kind == "row":
                last = k
            k += 1
        if _table_like([line for line in lines[first : last + 1] if line.kind == "row"]):
            found.append((first, last))
        k = last + 1
    return found


def _table_like(rows: list[Line]) -> bool:
    """Two rows or more; rows aligned with spaces only must mostly hold a number (prose may have
    double spaces between sentences, it rarely has numbers in every line)."""
    if len(rows) < 2:
        return False
    if any(row.tabbed for row in rows):
        return True
    numeric = sum(1 for row in rows if any(cell_value(c) is not None for c in row.cells))
    return numeric * 2 >= len(rows)


def caption_of(lines: list[Line], first: int) -> tuple[str | None, str | None]:
    """(caption, footnote number) from the line above a table: "... Korea¹⁷." -> ("... Korea", "17")."""
    k, gap = first - 1, 0
    while k >= 0 and lines[k].kind == "blank" and gap < int(data()["max_caption_gap"]):
        k, gap = k - 1, gap + 1
    if k < 0 or lines[k].kind != "prose" or len(lines[k].text.strip()) > int(data()["max_caption"]):
        return None, None
    caption = lines[k].text.strip()
    mark = _FOOTNOTE_MARK.search(caption)
    if mark:
        number = mark.group(1).translate(str.maketrans(SUPERSCRIPTS, "0123456789"))
        return caption[: mark.start()].rstrip(), number
    return caption.rstrip(":").rstrip(), None


def find_tables(text: str) -> list[Finding]:
    lines = lines_of(text)
    out: list[Finding] = []
    for first, last in blocks(lines):
        rows = [list(line.cells) for line in lines[first : last + 1] if line.kind == "row"]
        caption, note = caption_of(lines, first)
        table = table_from_rows(rows, caption)
        if note:
            table["caption_footnote"] = note
        table["start"] = lines[first].start
        table["end"] = lines[last].start + len(lines[last].text)
        out.append(table)
    return out


def _is_header(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return len(filled) >= 2 and all(cell_value(c) is None for c in filled)


def table_from_rows(rows: list[list[str]], caption: str | None = None) -> dict[str, Any]:
    """A table from rows of cell strings; the first row is the header when no cell of it is a number."""
    width = max((len(r) for r in rows), default=0)
    cells = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    header = cells[0] if cells and _is_header(cells[0]) else []
    body = cells[1:] if header else cells
    values = [[cell_value(c) for c in r] for r in body]
    index = _index_columns(header, values)
    roles = _roles(body, values, index)
    checks, capped = _checks(header, body, values, roles, index)
    table: dict[str, Any] = {
        "caption": caption,
        "header": header,
        "rows": body,
        "values": values,
        "row_roles": roles,
        "checks": checks,
    }
    if capped:
        table["capped"] = capped
    return table


def _label(row: list[str], values: list[Num | None]) -> str:
    texts = [c for c, v in zip(row, values, strict=True) if c and v is None]
    return texts[0] if texts else next((c for c in row if c), "")


def _is_total(label: str) -> bool:
    low = label.lower().strip(" :.")
    return any(low == w or low.startswith(f"{w} ") for w in data()["total_words"])


def _is_subrow(label: str) -> bool:
    return re.match(str(data()["subrow_marker"]), label) is not None


def _index_columns(header: list[str], values: list[list[Num | None]]) -> set[int]:
    """Columns of row numbers: headed "№" and the like, or holding runs 1, 2, 3, ... only."""
    found: set[int] = set()
    width = max((len(v) for v in values), default=0)
    names = {str(h).lower() for h in data()["index_headers"]}
    for c in range(width):
        if header and header[c].lower() in names:
            found.add(c)
            continue
        column = [v[c] for v in values if v[c] is not None]
        if len(column) >= 2 and _numbering(column):
            found.add(c)
    return found


def _numbering(column: list[Num | None]) -> bool:
    """1, 2, 3, 1, 2, ...: each number is 1 or one more than the one before."""
    previous = 0
    for x in column:
        if not isinstance(x, int) or x not in (1, previous + 1):
            return False
        previous = x
    return True


def _roles(body: list[list[str]], values: list[list[Num | None]], index: set[int]) -> list[str]:
    roles: list[str] = []
    for row, vals in zip(body, values, strict=True):
        numeric = [x for c, x in enumerate(vals) if c not in index and x is not None]
        roles.append("total" if _is_total(_label(row, vals)) else "item" if numeric else "section")
    for k in range(len(roles) - 1):
        first, nxt = _label(body[k], values[k]), _label(body[k + 1], values[k + 1])
        if roles[k] == "item" and not _is_subrow(first) and _is_subrow(nxt) and roles[k + 1] == "item":
            roles[k] = "subtotal"
    return roles


def _numeric_columns(values: list[list[Num | None]], body: list[list[str]], roles: list[str],
                     index: set[int]) -> list[int]:
    width = max((len(v) for v in values), default=0)
    found = []
    for c in range(width):
        items = [k for k, role in enumerate(roles) if role in ("item", "subtotal")]
        has_numbers = any(values[k][c] is not None for k in items)
        has_text = any(values[k][c] is None and body[k][c] for k in items)
        if c not in index and has_numbers and not has_text:
            found.append(c)
    return found


def _name(header: list[str], c: int) -> str:
    return header[c] if header and header[c] else f"column {c + 1}"


def _sum(xs: list[Num | None]) -> Num:
    return plain(sum((Decimal(str(x)) for x in xs if x is not None), Decimal(0)))


def _checks(header: list[str], body: list[list[str]], values: list[list[Num | None]], roles: list[str],
            index: set[int]) -> tuple[list[Finding], list[str]]:
    numeric = _numeric_columns(values, body, roles, index)
    identities, notes = _identities(header, body, values, roles, numeric)
    totals = _column_totals(header, body, values, roles, numeric) + _subtotals(header, body, values, roles, numeric)
    return totals + identities, notes


def _total_check(kind: str, column: str, row: str, stated: Num, computed: Num) -> Finding:
    return {"check": kind, "column": column, "row": row, "stated": stated, "computed": computed,
            "ok": Decimal(str(stated)) == Decimal(str(computed))}


def _column_totals(header: list[str], body: list[list[str]], values: list[list[Num | None]], roles: list[str],
                   numeric: list[int]) -> list[Finding]:
    """Each total row against the sum of the item rows since the previous total row."""
    checks: list[Finding] = []
    begin = 0
    for k, role in enumerate(roles):
        if role != "total":
            continue
        items = [values[r] for r in range(begin, k) if roles[r] == "item"]
        for c in numeric:
            stated = values[k][c]
            if stated is not None:
                checks.append(_total_check("column_total", _name(header, c), _label(body[k], values[k]), stated,
                                           _sum([v[c] for v in items])))
        begin = k + 1
    return checks


def _subtotals(header: list[str], body: list[list[str]], values: list[list[Num | None]], roles: list[str],
               numeric: list[int]) -> list[Finding]:
    """Each numbered row with lettered sub-rows ("A) ...", "B) ...") against their sum."""
    checks: list[Finding] = []
    for k, role in enumerate(roles):
        if role != "subtotal":
            continue
        end = k + 1
        while end < len(body) and _is_subrow(_label(body[end], values[end])):
            end += 1
        for c in numeric:
            stated = values[k][c]
            if stated is not None:
                checks.append(_total_check("subtotal", _name(header, c), _label(body[k], values[k]), stated,
                                           _sum([values[r][c] for r in range(k + 1, end)])))
    return checks


def _identities(header: list[str], body: list[list[str]], values: list[list[Num | None]], roles: list[str],
                numeric: list[int]) -> tuple[list[Finding], list[str]]:
    """Every "A = B + C" across columns that holds in most rows where all three are filled, with a
    note for each limit that cut the search short.

    Candidates come from the rows themselves: for each pair of filled cells B, C of a row, the
    cells equal to B + C name the A's (a dictionary lookup, not a scan of every triple of columns),
    so the work grows with the rows times the pairs of columns, and the pairs are bounded."""
    limits = data()["identity_limits"]
    notes: list[str] = []
    considered = numeric[: int(limits["columns"])]
    if len(considered) < len(numeric):
        notes.append(f"row identities sought among the first {len(considered)} of {len(numeric)} numeric columns")
    rows = [k for k, role in enumerate(roles) if role != "section"]
    order = {c: n for n, c in enumerate(considered)}
    found = sorted(_candidates(values, rows, considered), key=lambda t: (order[t[0]], order[t[1]], order[t[2]]))
    checks: list[Finding] = []
    budget = int(limits["cells"])
    for a, b, c in found:
        if len(checks) == int(limits["reported"]) or budget < len(rows):
            notes.append(f"row identities: {len(checks)} reported, the search stopped at its limit "
                         f"({limits['reported']} identities or {limits['cells']} rows checked)")
            break
        budget -= len(rows)
        identity = _identity(header, body, values, rows, (a, b, c))
        if identity is not None:
            checks.append(identity)
    return checks, notes


def _candidates(values: list[list[Num | None]], rows: list[int], columns: list[int]) -> set[tuple[int, int, int]]:
    """(a, b, c), b before c, such that A = B + C in at least one row with a sum other than zero
    (a row of zeros says nothing about which columns add up)."""
    found: set[tuple[int, int, int]] = set()
    for k in rows:
        filled = [(col, Decimal(str(x))) for col in columns if (x := values[k][col]) is not None]
        holders: dict[Decimal, list[int]] = {}
        for col, value in filled:
            holders.setdefault(value, []).append(col)
        for i, (b, vb) in enumerate(filled):
            for c, vc in filled[i + 1 :]:
                total = vb + vc
                if total:
                    found.update((a, b, c) for a in holders.get(total, ()) if a != b and a != c)
    return found


def _identity(header: list[str], body: list[list[str]], values: list[list[Num | None]], rows: list[int],
              cols: tuple[int, int, int]) -> Finding | None:
    a, b, c = cols
    usable = [k for k in rows if all(values[k][x] is not None for x in cols)]
    if len(usable) < int(data()["min_identity_rows"]) or not all(any(values[k][x] for k in usable) for x in (b, c)):
        return None
    failures = []
    for k in usable:
        stated, computed = values[k][a], _sum([values[k][b], values[k][c]])
        if stated is not None and Decimal(str(stated)) != Decimal(str(computed)):
            failures.append({"row": k, "label": _label(body[k], values[k]), "stated": stated, "computed": computed})
    if len(usable) - len(failures) < float(data()["identity_share"]) * len(usable) - 1e-9:
        return None
    return {"check": "row_identity", "column": _name(header, a),
            "formula": f"{_name(header, a)} = {_name(header, b)} + {_name(header, c)}",
            "rows_checked": len(usable), "failures": failures, "ok": not failures}


@extractor("tables")
def extract_tables(ctx: ExtractContext) -> list[Finding]:
    return find_tables(ctx.text)
