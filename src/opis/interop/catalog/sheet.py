"""Reading and writing catalogue sheets: rows of cells, and which column holds which field.

The import reads the columns the export writes (``COLUMNS``), so export → import → export gives
the same sheet. A header maps by itself when its cells are the field names in English or Russian;
a mapping file (YAML, ``{header as written: field}``) covers any other sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from zipfile import BadZipFile

import yaml

COLUMNS = ("key", "title", "date", "summary", "genre", "languages", "reference", "people", "places",
           "subjects", "collection", "access", "files")
# Russian headers as catalogue sheets in Russian archives name them.
_RUSSIAN = {
    "ключ": "key", "шифр": "key", "заголовок": "title", "название": "title", "дата": "date",
    "аннотация": "summary", "содержание": "summary", "вид": "genre", "жанр": "genre",
    "язык": "languages", "языки": "languages", "архивный шифр": "reference", "ссылка": "reference",
    "лица": "people", "персоналии": "people", "места": "places", "география": "places",
    "темы": "subjects", "предметы": "subjects", "коллекция": "collection", "фонд": "collection",
    "доступ": "access", "файлы": "files",
}
MAX_CELL = 100_000  # characters: a catalogue cell is a summary at most, not a book
MAX_READ = 64 * 1024 * 1024  # characters of one CSV cell the reader holds before giving up on the sheet
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SheetError(ValueError):
    """The sheet as a whole cannot be read (not a row's problem)."""


def _header_key(cell: str) -> str:
    return " ".join(cell.strip().casefold().replace("_", " ").split())


def map_columns(header: Sequence[str], mapping: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column position → field, from the mapping file if given, else by the header's names."""
    given = {_header_key(k): v for k, v in (mapping or {}).items()}
    for field in given.values():
        if field not in COLUMNS:
            raise SheetError(f"mapping names an unknown field {field!r}; fields are: {', '.join(COLUMNS)}")
    found: dict[int, str] = {}
    for i, cell in enumerate(header):
        name = _header_key(cell)
        field = given.get(name) or (name if name in COLUMNS else _RUSSIAN.get(name, ""))
        if field:
            if field in found.values():
                raise SheetError(f"two columns map to {field!r}")
            found[i] = field
    if "title" not in found.values():
        raise SheetError("no column maps to 'title' (name it title/заголовок or give --mapping)")
    return found


def read_mapping(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise SheetError(f"{path}: a mapping is YAML 'header as written: field' lines")
    return data


def csv_rows(text: str) -> Iterator[list[str]]:
    """The rows of CSV ``text``, the delimiter guessed from its first lines."""
    # Only the delimiter is guessed: the sniffer's guesses of quoting are wrong on cells that end in
    # a quote, and every spreadsheet writes the same (Excel) quoting anyway.
    try:
        delimiter = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    # A long cell is refused by its row (with its row number), so the reader lets it through;
    # past MAX_READ the whole sheet is refused, before any row is written.
    csv.field_size_limit(MAX_READ)
    try:
        yield from csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    except csv.Error as exc:
        raise SheetError(f"not readable as CSV: {exc}") from exc


def xlsx_rows(path: Path) -> Iterator[list[str]]:
    """The rows of the first sheet of an XLSX workbook, values as text (formulas as written)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in row]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_formula(cell: str) -> bool:
    return cell.startswith(("=", "+", "@")) or (cell.startswith("-") and not cell[1:2].isdigit() and cell != "-")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe stops it being run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def unsafe_cell(value: str) -> str:
    """The text a ``safe_cell`` stands for (so export → import gives back what was exported)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def write_csv(rows: Sequence[Mapping[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row.get(c, "")) for c in COLUMNS])
    return out.getvalue()
