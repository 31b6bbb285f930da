"""How long sentence alignment takes as texts grow, against splitting the same texts into sentences.

    PYTHONPATH=src .venv/bin/python bench/texts/align.py [SENTENCES ...]

Texts are the sample's record of conversation (Russian original and our English translation) repeated
to the size asked, so the sentences are real ones; each size is timed three times and the best kept.
The baseline in the same run is ``split_sentences`` over both texts (the least any aligner must do).
"""

from __future__ import annotations

import sys
import time

from opis.extract.align import align_texts
from opis.extract.sentences import split_sentences
from opis.model import Document
from opis.sample import load_sample, sample_id


def _texts() -> tuple[str, str]:
    wanted = sample_id("document", "stalin-kim-1949-03")
    doc = next(r for r in load_sample() if isinstance(r, Document) and r.id == wanted)
    ru = next(r.text for r in doc.renditions if r.kind == "original")
    en = next(r.text for r in doc.renditions if r.kind == "translation" and r.renders_original)
    return ru.replace("\n\n", "\n"), en.replace("\n\n", "\n")  # one paragraph: no paragraph anchors to help


def _best(run: object, times: int = 3) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        found.append(time.perf_counter() - start)
    return min(found)


def main(sizes: list[int]) -> None:
    ru, en = _texts()
    per = len(split_sentences(ru, "ru"))
    print("| sentences (ru) | split both (s) | align (s) | ratio |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        copies = max(1, size // per)
        left, right = "\n".join([ru] * copies), "\n".join([en] * copies)
        base = _best(lambda a=left, b=right: (split_sentences(a, "ru"), split_sentences(b, "en")))
        took = _best(lambda a=left, b=right: align_texts(a, "ru", b, "en"))
        print(f"| {copies * per} | {base:.3f} | {took:.3f} | {took / base:.1f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 500, 2000])
