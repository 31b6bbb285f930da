"""The search benchmark's generated documents (bench/search/corpus.py), made into a whole archive:
authority records for the people and places they name (every variant spelling, tagged), the
agents linked to them, twenty collections, and on a tenth of the documents footnotes citing
archival files (with Ibid. chains) plus, on some, a table, so document, tree and person pages
have their real work to do."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.search.corpus import NAMES, REPOSITORIES, Corpus

from opis.model import AgentRef, Authority, Collection, Document, Findings, Name, Relation, make_id

COLLECTIONS = 20


def _names(latin: tuple[str, ...], cyrillic: str, native: str) -> list[Name]:
    out = [Name(value=v, lang="en") for v in latin[1:]] + [Name(value=cyrillic, lang="ru-Cyrl")]
    if native not in (cyrillic, *latin):
        tag = "ko-Hang" if "\uac00" <= native[0] <= "\ud7a3" else "zh-Hans"
        out.append(Name(value=native, lang=tag))
    return out


@dataclass
class Archive:
    corpus: Corpus = field(default_factory=Corpus)
    by_name: dict[str, str] = field(default_factory=dict)

    def authorities(self) -> list[Authority]:
        out = []
        for latin, cyrillic, native in NAMES:
            kind = "place" if latin[0] in ("Chongjin", "Pyongyang", "Hamhung", "Wonsan", "Beijing", "Port Arthur") \
                else "person"
            record = Authority(kind=kind, id=make_id(kind, "bench", latin[0]), preferred=latin[0],
                               names=_names(latin, cyrillic, native))
            self.by_name.update({n: record.id for n in (*latin, cyrillic, native)})
            out.append(record)
        return out

    def collections(self) -> list[Collection]:
        return [Collection(id=make_id("collection", "bench", str(n)), title=f"Bench collection {n}",
                           description="Generated for the reading-room benchmark.", featured=n < 2)
                for n in range(COLLECTIONS)]

    def document(self, i: int) -> Document:
        base = self.corpus.document(i)
        rng = random.Random(7_000_003 + i)
        agents = [AgentRef(name=a.name, role=a.role, authority=self.by_name.get(a.name)) for a in base.agents]
        update: dict[str, Any] = {"agents": agents,
                                  "collections": [make_id("collection", "bench", str(i % COLLECTIONS))]}
        if i and rng.random() < 0.05:
            update["relations"] = [Relation(type="reply-to", target=make_id("document", "bench", str(i - 1)))]
        if rng.random() < 0.10:
            update["findings"] = Findings.model_validate(_findings(rng))  # model_copy does not validate
        return base.model_copy(update=update)

    def documents(self, n: int) -> Iterator[Document]:
        for i in range(n):
            yield self.document(i)


def _citation(rng: random.Random, number: int) -> dict[str, Any]:
    repo = REPOSITORIES[min(int(rng.paretovariate(1.2)) - 1, len(REPOSITORIES) - 1)]
    fond, opis, delo, folio = (str(int(rng.paretovariate(0.8)) % 900 + 1), str(rng.randint(1, 30)),
                               str(rng.randint(1, 9000)), str(rng.randint(1, 300)))
    raw = f"{repo}. F. {fond}. Op. {opis}. D. {delo}. L. {folio}."
    return {"footnote": str(number), "kind": "archival", "raw": raw,
            "repository": repo, "fond": fond, "opis": opis, "papka": None, "delo": delo, "folios": folio,
            "ibid_of": None, "ibid_prev": None, "note": None}


def _findings(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    notes, citations = [], []
    for n in range(1, rng.randint(3, 9)):
        if citations and rng.random() < 0.3:
            ibid = {**citations[-1], "footnote": str(n), "raw": f"Ibid. L. {rng.randint(1, 300)}.",
                    "ibid_of": citations[-1]["ibid_of"] or citations[-1]["footnote"],
                    "ibid_prev": citations[-1]["footnote"]}
            citations.append(ibid)
        else:
            citations.append(_citation(rng, n))
        notes.append({"number": str(n), "text": citations[-1]["raw"], "offset": 0, "refs": []})
    found: dict[str, list[dict[str, Any]]] = {"footnotes": notes, "citations": citations}
    if rng.random() < 0.2:
        rows = [[str(r), f"Item {r}", str(rng.randint(1, 90))] for r in range(1, 9)]
        total = sum(int(r[2]) for r in rows)
        found["tables"] = [{"caption": "Generated table", "header": ["№", "Item", "Count"],
                            "rows": [*rows, ["", "Total:", str(total)]], "row_roles": ["item"] * 8 + ["total"],
                            "checks": [{"check": "column_total", "column": "Count", "row": "Total:", "stated": total,
                                        "computed": total, "ok": True}]}]
    return found
