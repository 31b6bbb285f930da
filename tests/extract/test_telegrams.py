"""Cipher telegram headers: the hand-annotated synthetic telegrams (tests/data/devset/telegrams/, README in
../statements/) and generated headers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.names.entities import AuthorityIndex
from opis.extract.pipeline import extract_all
from opis.extract.telegrams.header import copies, minutes_between
from opis.model import Authority
from opis.sample import load_sample

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "tests" / "data" / "devset" / "telegrams").glob("*.json"))


@pytest.fixture(scope="module")
def index() -> AuthorityIndex:
    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_headers_match_the_hand_annotation(path: Path, index: AuthorityIndex) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = (ROOT / data["source"]).read_text(encoding="utf-8")
    found = extract_all(text, "ru", index, only=("telegrams",))["telegrams"]
    assert len(found) == len(data["telegrams"])
    for gold, got in zip(data["telegrams"], found, strict=True):
        for key in ("number", "from", "to", "sent", "received", "deciphered", "deciphered_by", "distribution",
                    "transmission_minutes", "decipher_minutes"):
            assert got[key] == gold[key], key
        assert got["start"] == gold["start"]


def test_a_pseudonym_links_to_the_person_behind_it(index: AuthorityIndex) -> None:
    text = ("ШИФРТЕЛЕГРАММА\n\nИз МОСКВЫ        Отправлено 16.5.1950 г. 11 ч. 00 м.\n№ 6012\n\n"
            "ПЕКИН, СОВПОСОЛУ\n\nПередайте товарищу Мао Цзэдуну ответ.\n\nФЫН СИ\n")
    sender = extract_all(text, "ru", index, only=("telegrams",))["telegrams"][0]["from"]
    stalin = next(a for a, kind, _ in index.lookup("Joseph Stalin") if kind == "person")
    assert sender == {"place": "МОСКВЫ", "person": "ФЫН СИ", "authority": stalin}


def test_an_english_header_is_read(index: AuthorityIndex) -> None:
    text = ("CIPHERED TELEGRAM\n\nFrom Pyongyang     Sent 28.5.1950 23:10\nNo. 408     Received 29.5.1950 03:35\n"
            "Deciphered by Ivanov\n\nTO FILIPPOV\n\nKim Il Sung asks for fuel.\n\nSHTYKOV\n\n"
            "Distribution: Stalin – 2, Molotov – 1\n")
    t = extract_all(text, "en", index, only=("telegrams",))["telegrams"][0]
    assert (t["number"], t["sent"], t["received"], t["transmission_minutes"]) == \
        ("408", "1950-05-28T23:10", "1950-05-29T03:35", 265)
    assert t["deciphered_by"] == "Ivanov" and t["to"]["person"] == "FILIPPOV" and t["to"]["authority"]
    assert [d["copies"] for d in t["distribution"]] == [2, 1]


def test_no_title_line_no_telegram(index: AuthorityIndex) -> None:
    assert extract_all("Отправлено 28.5.1950 г. Сталину – 2.", "ru", index, only=("telegrams",))["telegrams"] == []


_NAMES = st.text(alphabet="АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯабвгдежзиклмнопрстуфхцчшэюя. ", min_size=1, max_size=20).filter(
    lambda s: s.strip(" .") != "")


@given(st.lists(st.tuples(_NAMES, st.integers(0, 99)), min_size=1, max_size=6))
def test_a_distribution_list_reads_back(items: list[tuple[str, int]]) -> None:
    listing = ", ".join(f"{name.strip()} – {n}" for name, n in items)
    assert copies(listing) == [{"name": " ".join(name.split()), "copies": n} for name, n in items]


@given(st.datetimes(min_value=datetime(1940, 1, 1), max_value=datetime(1960, 1, 1)),
       st.integers(0, 60 * 24 * 5))
def test_header_times_give_the_delay(sent: datetime, minutes: int) -> None:
    received = sent + timedelta(minutes=minutes)
    fmt = "%Y-%m-%dT%H:%M"
    sent_s, received_s = sent.strftime(fmt), received.strftime(fmt)
    expected = (datetime.strptime(received_s, fmt) - datetime.strptime(sent_s, fmt)).total_seconds() // 60
    assert minutes_between(sent_s, received_s) == expected
    assert minutes_between(sent_s[:10], received_s) is None  # a day alone gives no delay


# No deadline: each case runs the whole pipeline, which on a shared machine can take longer than 200 ms; speed
# is measured in bench/, not here.
@settings(deadline=None)
@given(st.integers(1, 31), st.integers(1, 12), st.integers(1941, 1959), st.integers(0, 23), st.integers(0, 59))
def test_any_printed_header_time_parses(day: int, month: int, year: int, hour: int, minute: int) -> None:
    text = (f"ШИФРТЕЛЕГРАММА\n\nИз ПХЕНЬЯНА   Отправлено {day}.{month}.{year} г. {hour} ч. {minute:02d} м.\n"
            f"№ 1\n\nТОВАРИЩУ ФИЛИППОВУ\n\nТекст.\n\nШТЫКОВ\n")
    sent = extract_all(text, "ru", None, only=("telegrams",))["telegrams"][0]["sent"]
    try:
        expected: str | None = datetime(year, month, day, hour, minute).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        expected = None
    assert sent == expected
