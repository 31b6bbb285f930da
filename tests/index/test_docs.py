"""Index documents prepared as plain data (in another process, for a rebuild) are the ones ``build`` gives."""

from __future__ import annotations

import pickle
from typing import Any

import tantivy

from opis.index import docs
from opis.model import Authority, Document
from tests.index import corpus as C


def _plain(document: tantivy.Document) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for name, values in document.to_dict().items():
        out[name] = [(v.text, [(t.text, t.position, t.char_offset_from, t.char_offset_to) for t in v.tokens])
                     if isinstance(v, tantivy.PreTokenizedString) else v for v in values]
    return out


def test_prepared_steps_survive_pickling_and_assemble_to_the_built_document() -> None:
    linked = docs.Linked(authorities={a.id: a for a in C.EXTRA if isinstance(a, Authority)})
    documents = [d for d in C.ALL if isinstance(d, Document)]
    assert len(documents) > 5
    for d in documents:
        prepared = docs.prepare(d, linked)
        copied = pickle.loads(pickle.dumps(prepared))
        assert copied.ops == prepared.ops
        built = _plain(docs.build(d, linked))
        assert _plain(docs.assemble(copied)) == built
        assert built["keys"], d.id  # cross-script keys are in the prepared steps too
