from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from opis.names.normalize import fold, squash


def test_fold_examples() -> None:
    assert fold("Chŏngjin") == "chongjin"
    assert fold("Kim Il-sung") == "kim il sung"
    assert fold("Grigor’yev Obʺedinenie Ob”yedineniye") == "grigoryev obedinenie obyedineniye"
    assert squash("Kim Il Sung") == squash("Kimilsung") == "kimilsung"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_fold_is_idempotent(text: str) -> None:
    # Search folds both the query and the indexed text; a second fold must change nothing.
    assert fold(fold(text)) == fold(text)
