"""Where the body text points at a note: ``…1948)¹⁴``, ``[14]``, ``^14``, and markers printed as plain
digits glued to what they follow (``сообщений3.``, ``Korea.2``, ``Deptel 882.4`` = telegram 882, note 4,
``Embtel 20316`` = telegram 2031, note 6, ``January 7, 19551`` = 1955, note 1).

Plain digits are ambiguous on their own, so they are read against the notes that exist: the markers of a
run of notes are looked for in order, each after the one before, in the text before the run. A marker
glued to a letter or a closing punctuation mark is *strong*; digits glued to at least three other digits
are *weak* and only taken when no strong marker for that note follows.
"""

from __future__ import annotations

import re

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
GLUED_AFTER = r"[^\W\d_]|[.,;:!?)\]”\"’»]"
END = r"(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹\w])"


def _strong(number: str) -> re.Pattern[str]:
    sup = number.translate(TO_SUPERSCRIPT)
    return re.compile(
        rf"(?<![{SUPERSCRIPTS}]){sup}(?![{SUPERSCRIPTS}])|\[\^?{number}\]|\^{number}(?!\d)"
        rf"|(?<={GLUED_AFTER}){number}{END}"
    )


def _weak(number: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=\d{{3}}){number}{END}")


def sequential_refs(text: str, numbers: list[str], start: int, end: int) -> list[int | None]:
    """For each note number in order, the offset of its marker in ``text[start:end]`` (None if none)."""
    out: list[int | None] = []
    cursor = start
    for number in numbers:
        found = _strong(number).search(text, cursor, end) or _weak(number).search(text, cursor, end)
        out.append(found.start() if found else None)
        if found:
            cursor = found.end()
    return out


def strong_share(refs: list[int | None], text: str, numbers: list[str]) -> float:
    """The share of notes whose marker was found as a strong marker."""
    if not numbers:
        return 0.0
    strong = sum(1 for ref, n in zip(refs, numbers, strict=True)
                 if ref is not None and _strong(n).match(text, ref))
    return strong / len(numbers)
