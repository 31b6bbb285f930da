"""What a statement is about, by kind (vocab/object_kinds.yaml): money, arms, fuel, specialists, ...

One reading shared by the search index (the ``object`` facet) and the decision record's themes, so a
reader who follows a facet value to its theme page finds the same statements. The kinds are the
vocabulary's; this module only matches an object's words against their stems.
"""

from __future__ import annotations

import re
from functools import cache

from opis import vocab
from opis.model.findings import Statement

OTHER = "other"  # the vocabulary's catch-all: an object none of the kinds' stems begins
MONEY = "money"  # a stated sum of money is money, whatever the words around it
_WORD = re.compile(r"[\w-]+")


@cache
def _stems() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(k["id"]), tuple(str(w).casefold() for w in k.get("words") or ()))
                 for k in vocab.load("object_kinds"))


@cache
def kind_ids() -> tuple[str, ...]:
    """Every kind, in the vocabulary's order (``other`` last)."""
    return tuple(k for k, _ in _stems())


def kinds_of_text(text: str | None, money: bool = False) -> list[str]:
    """The kinds the words of ``text`` name, in the vocabulary's order; ``other`` for words of none, and
    nothing for no words at all. ``money``: a sum of money is stated."""
    words = _WORD.findall((text or "").casefold())
    found = [kind for kind, stems in _stems()
             if (kind == MONEY and money) or any(w.startswith(stems) for w in words if stems)]
    if not found and words:
        return [OTHER]
    return found


def object_kinds(statement: Statement) -> list[str]:
    """The kinds of what ``statement`` is about (its object, else the quantity's words)."""
    q = statement.quantity
    money = q is not None and q.kind == "currency"
    return kinds_of_text(statement.object or (q.text if q is not None else None), money)
