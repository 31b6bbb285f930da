"""Sentences: a text cut into sentence spans (``split``), for aligning renditions sentence by sentence."""

from opis.extract.sentences.split import Span, split_sentences

__all__ = ["Span", "split_sentences"]
