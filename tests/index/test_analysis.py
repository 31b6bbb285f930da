from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from opis.index import analysis, crosskeys


def test_stemming_folding_and_han_characters() -> None:
    assert analysis.text_terms("Shipments ordered") == ["shipment", "order"]
    assert analysis.text_terms("советских поставок") == ["советск", "поставок"]
    assert analysis.text_terms("Ch'ŏngjin Stalin's") == ["chongjin", "stalin"]
    assert analysis.text_terms("毛泽东") == ["毛", "泽", "东"]
    assert analysis.fold_terms("Ёлка Straße") == ["ёлка", "strasse"]
    assert analysis.keyword(" Cipher-Telegram ") == "cipher-telegram"


def test_stripped_offsets_map_back_to_the_original() -> None:
    text = "d'Artagnan met Ch'ŏngjin's mayor"
    stripped = analysis.strip_marks(text)
    tokens = analysis.analyzers()[analysis.TEXT].pre_tokenize(stripped.text).tokens
    spans = [text[stripped.original_start(t.char_offset_from):stripped.original_end(t.char_offset_to)]
             for t in tokens]
    assert spans == ["d'Artagnan", "met", "Ch'ŏngjin's", "mayor"]


def _meet(a: str, b: str) -> bool:
    keys_a = {k for _, k in crosskeys.positioned_keys(a)}
    return any(not keys_a.isdisjoint(crosskeys.query_word_keys(b.split(), i)) for i in range(len(b.split())))


def test_keys_meet_across_scripts_and_romanizations() -> None:
    for doc_text, query in [("Штыков", "Shtykov"), ("Штыков", "Shtikov"), ("товарищу Штыкова", "Shtykov"),
                            ("청진에서", "Chongjin"), ("Ch'ŏngjin", "Cheongjin"), ("毛泽东同志", "Zedong"),
                            ("Mao Tse-tung", "毛泽东"), ("Kim Il Sung", "김일성"), ("Ким Ир Сен", "김일성")]:
        assert _meet(doc_text, query), (doc_text, query)
    assert not _meet("coal", "sale") and not _meet("T-34", "T-344")


# Letters from the scripts the archive holds, with the marks, digits, separators and odd
# characters (combining marks, dotted capital I, underscore) where tokenizers might disagree.
_ALPHABET = ("abcxyzABCŏŭÉéñßİıæ" "штыковШТЫКОВёЁ" "청진김일성" "毛泽东" "0123٣" " .,-_'’`\n"
             "\u0301\u00a0ǅﬁ⅓²")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_plain_words_split_and_fold_as_the_index_does(text: str) -> None:
    """The quick Python tokenizer gives the analyzer's folded terms once each word is folded."""
    folded = [f for f in (analysis.fold_word(w) for w in analysis.plain_words(text)) if f]
    assert folded == analysis.fold_terms(text)
