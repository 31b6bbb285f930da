"""What statements are about, by kind (model/objects.py over vocab/object_kinds.yaml): the objects of seed 000's
requests (Wilson Center blog post) and of the Russian telegrams of the statements dev set's kind, in English and
Russian; a stated sum of money; words of no kind; no words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis import vocab
from opis.model.findings import Quantity, Statement
from opis.model.objects import OTHER, kind_ids, kinds_of_text, object_kinds


@pytest.mark.parametrize(("text", "kinds"), [
    ("Soviet Union could move up loan disbursements planned for 1951", ["money"]),
    ("“military-technical equipment” worth hundreds of millions of rubles", ["money", "arms", "equipment"]),
    ("fuel, medicine, and ships for his navy", ["fuel", "medicine", "ships"]),
    ("направить в Корею советских специалистов и инженеров", ["specialists"]),
    ("поставить горючее и медикаменты", ["fuel", "medicine"]),
    ("разрешение на приезд в Москву", ["permission"]),
    ("the matter discussed yesterday", [OTHER]),
    ("", []),
])
def test_kinds_of_objects_as_written(text: str, kinds: list[str]) -> None:
    assert kinds_of_text(text) == kinds


def test_a_stated_sum_of_money_is_money_whatever_the_words() -> None:
    s = Statement(kind="request", object="70 million", start=0, end=10,
                  quantity=Quantity(text="70 million rubles", value=70_000_000, unit="SUR", kind="currency"))
    assert object_kinds(s) == ["money"]
    assert object_kinds(Statement(kind="decision", start=0, end=5)) == []


def test_every_kind_has_a_label_in_each_reading_room_language() -> None:
    for item in vocab.load("object_kinds"):
        assert set(item["labels"]) == {"ru", "ko", "zh_Hans"}, item["id"]
    assert kind_ids()[-1] == OTHER


@given(st.text(max_size=200))
def test_any_text_gives_known_kinds_in_vocabulary_order(text: str) -> None:
    got = kinds_of_text(text)
    assert got == [k for k in kind_ids() if k in got]
    assert (OTHER in got) == (got == [OTHER])
