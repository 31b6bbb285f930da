"""Numbers as historians' sources write them: "24 500", "6 125 000", "3,7", "54,6", "1,000,000".

Digit groups are separated by one space (or a no-break or thin space); a comma followed by exactly
three digits groups thousands ("1,400" = 1400), any other comma or a full stop before digits is a
decimal mark ("3,7" = 3.7, "4.5" = 4.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from opis.extract.tokens import Token, tokenize

# No source states a number of more digits than this (a state budget in kopecks has about 15);
# longer runs of digits are no number, and would cost time out of proportion to read.
MAX_DIGITS = 24
MAX_GROUPS = MAX_DIGITS // 3


def read_number(tokens: Sequence[Token], i: int) -> tuple[Decimal, int] | None:
    """The number starting at token i and the index after it."""
    if not (0 <= i < len(tokens) and tokens[i].is_num):
        return None
    digits, j = tokens[i].text, i + 1
    if len(digits) > MAX_DIGITS:
        return None
    if len(digits) <= 3:
        digits, j = _groups(tokens, j, digits)
    fraction = ""
    if _mark_then_digits(tokens, j, ",.") and len(tokens[j + 1].text) <= MAX_DIGITS:
        fraction, j = tokens[j + 1].text, j + 2
    return Decimal(f"{digits}.{fraction}" if fraction else digits), j


def _groups(tokens: Sequence[Token], j: int, digits: str) -> tuple[str, int]:
    """Digit groups after the first (at most MAX_GROUPS: a longer run is read as several numbers)."""
    groups = [digits]
    while (len(groups) <= MAX_GROUPS and j < len(tokens) and tokens[j].is_num and len(tokens[j].text) == 3
           and tokens[j].group_gap):
        groups.append(tokens[j].text)
        j += 1
    if len(groups) == 1:
        while len(groups) <= MAX_GROUPS and _mark_then_digits(tokens, j, ",") and len(tokens[j + 1].text) == 3:
            groups.append(tokens[j + 1].text)
            j += 2
    return "".join(groups), j


def _mark_then_digits(tokens: Sequence[Token], j: int, marks: str) -> bool:
    if j + 1 >= len(tokens):
        return False
    mark, num = tokens[j], tokens[j + 1]
    return mark.adjacent and mark.text in marks and num.adjacent and num.is_num


def parse_number(text: str) -> Decimal | None:
    """The number a whole string spells, or None ("5 253" -> 5253, "3,7" -> 3.7, "-" -> None)."""
    tokens = tokenize(text.strip())
    found = read_number(tokens, 0)
    return found[0] if found and found[1] == len(tokens) else None


def plain(value: Decimal) -> int | float:
    """A JSON-ready number: an int when the value is whole."""
    return int(value) if value == value.to_integral_value() else float(value)
