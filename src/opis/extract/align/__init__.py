"""Sentence alignment of two renditions of one document (``align_texts``), written for opis."""

from opis.extract.align.lengths import Bead, Pair, align_sentences, align_texts, anchors

__all__ = ["Bead", "Pair", "align_sentences", "align_texts", "anchors"]
