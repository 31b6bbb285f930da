"""Documents to typeset in the PDF tests, from public-domain texts.

- FRUS: documents of the excerpts in ``../shared/data/frus/volumes`` (Foreign Relations of the
  United States, Office of the Historian; US government works, public domain), with their real
  footnotes as the volume prints them.
- A Russian text written for these tests in the manner of a historian's article on Soviet
  economic aid, citing Soviet state archives (RGAE, GARF, AVP RF, RGASPI) in page-foot notes; the
  sentences are ours, the citation shapes are those of real books (files of Soviet official
  documents, which are not objects of copyright under Russian law).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree
from typeset import Doc, Note

TEI = "{http://www.tei-c.org/ns/1.0}"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _flat(el: Any) -> str:
    """An element's text without the notes inside it (their markers are added separately)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != TEI + "note":
            parts.append(_flat(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _paragraph(p: Any, notes: list[Note]) -> str:
    parts = [p.text or ""]
    for child in p:
        if child.tag == TEI + "note" and child.get("type") != "source":
            notes.append(Note(child.get("n") or str(len(notes) + 1),
                              _clean(" ".join(child.itertext()))))
            parts.append(f"{{{len(notes) - 1}}}")
        elif child.tag != TEI + "note":
            parts.append(_flat(child))
        parts.append(child.tail or "")
    # A marker keeps to the word before it, as print has it.
    return re.sub(r"\s+(\{\d+\})", r"\1", _clean("".join(parts)))


def frus_document(volume: Path, xml_id: str, first_page: int) -> Doc:
    root = etree.parse(str(volume)).getroot()
    div = root.find(f".//{TEI}div[@{{http://www.w3.org/XML/1998/namespace}}id='{xml_id}']")
    assert div is not None, f"{xml_id} not in {volume.name}"
    notes: list[Note] = []
    paragraphs: list[str] = []
    source = div.find(f"{TEI}note[@type='source']")
    if source is not None:
        paragraphs.append(_clean(" ".join(source.itertext())))
    head = div.find(f"{TEI}head")
    title = _clean(_flat(head)) if head is not None else xml_id
    for el in div.iter(f"{TEI}dateline", f"{TEI}p", f"{TEI}signed"):
        if any(a.tag == TEI + "note" for a in el.iterancestors()):
            continue  # a paragraph inside a note is part of the note
        text = _paragraph(el, notes)
        if text:
            paragraphs.append(text)
    vol = root.find(f".//{TEI}titleStmt/{TEI}title")
    head_text = _clean(" ".join(vol.itertext())) if vol is not None else "Foreign Relations"
    return Doc(title=title, running_head=head_text.split(",")[0], paragraphs=paragraphs, notes=notes,
               first_page=first_page, number_at="top")


# Our own sentences; the notes cite real archival units in the shapes books print them.
RUSSIAN_PARAGRAPHS = [
    "Осенью 1946 г. советская гражданская администрация в Северной Корее приступила к "
    "восстановлению крупных предприятий{0}. Первым в списке стоял химический комбинат в Хыннаме, "
    "без которого нельзя было обеспечить удобрениями урожай 1947 г.{1}",
    "Планы восстановления составлялись в Пхеньяне, но утверждались в Москве. Записка Министерства "
    "внешней торговли от 12 марта 1947 г. перечисляла оборудование, которое предполагалось "
    "поставить в счёт товарообмена{2}. Уже в мае того же года в порты Чхонджин и Нампхо пришли "
    "первые суда с машинами и запасными частями{3}.",
    "Оплата поставок оставалась предметом долгих переговоров. Корейская сторона предлагала "
    "рассчитываться цветными металлами и рисом{4}, советская настаивала на твёрдых ценах "
    "в рублях{5}. Компромисс был найден лишь в соглашении 1949 г., когда расчёты перевели "
    "на клиринговую основу{6}.",
    "Особое место в переписке занимали специалисты. Из Москвы в 1947 г. было направлено "
    "около двухсот инженеров и техников{7}; их жалованье выплачивалось из средств, "
    "предусмотренных сметой 1948{8} г. Корейские руководители не раз просили увеличить "
    "их число{9}.",
    "Отчёты о ходе работ поступали ежемесячно{10}. В них указывались выпуск продукции, "
    "нехватка сырья и число рабочих на каждом предприятии{11}. К концу 1948 г. большая часть "
    "электростанций страны работала на полную мощность{12}, хотя транспорт по-прежнему "
    "отставал{13}.",
    "Итоги этой работы подводились уже в 1950{14}. Справка, подготовленная для руководства "
    "министерства, оценивала общую стоимость поставок в несколько сотен миллионов рублей{15}. "
    "Часть документов о поставках до сих пор остаётся на секретном хранении{16}.",
]

RUSSIAN_NOTES = [
    Note("1", "РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92."),
    Note("2", "Там же. Л. 94–95."),
    Note("3", "ГАРФ. Ф. Р-5446. Оп. 49а. Д. 1206. Л. 3–7."),
    Note("4", "АВП РФ. Ф. 07. Оп. 12. П. 19. Д. 267. Л. 16."),
    Note("5", "РГАЭ. Ф. 413. Оп. 13. Д. 5465. Л. 11."),
    Note("6", "Там же. Л. 14."),
    Note("7", "АВП РФ. Ф. 0102. Оп. 5. П. 11. Д. 44. Л. 30–31. Текст соглашения опубликован в "
              "сборнике документов, вышедшем в 1981 г.; здесь он приводится по архивному "
              "экземпляру, где сохранились пометы, сделанные при обсуждении в министерстве, и "
              "приложения с перечнем товаров, не вошедшие в опубликованный текст. Расхождения "
              "между экземплярами касаются главным образом сроков поставок и порядка расчётов "
              "по клирингу, а также списка портов, через которые шли грузы. В переписке "
              "министерства эти расхождения отмечены отдельной справкой, составленной "
              "весной 1949 г. и приложенной к делу."),
    Note("8", "РГАСПИ. Ф. 17. Оп. 128. Д. 1119. Л. 45."),
    Note("9", "РГАЭ. Ф. 413. Оп. 13. Д. 5466. Л. 23."),
    Note("10", "ГАРФ. Ф. Р-5446. Оп. 50а. Д. 4176. Л. 8."),
    Note("11", "РГАЭ. Ф. 413. Оп. 13. Д. 5464. Л. 42."),
    Note("12", "Там же. Л. 44–45."),
    Note("13", "РГАЭ. Ф. 413. Оп. 13. Д. 5062. Л. 21."),
    Note("14", "АВП РФ. Ф. 07. Оп. 10. П. 6. Д. 65. Л. 16."),
    Note("15", "РГАСПИ. Ф. 82. Оп. 2. Д. 1265. Л. 14."),
    Note("16", "АВП РФ. Ф. 129. Оп. 29. П. 168. Д. 18. Л. 17."),
    Note("17", "РГАЭ. Ф. 413. Оп. 13. Д. 5466. Л. 11."),
]


def russian_document() -> Doc:
    return Doc(title="Советская помощь в восстановлении промышленности Северной Кореи",
               running_head="Экономическое сотрудничество СССР и КНДР",
               paragraphs=RUSSIAN_PARAGRAPHS, notes=RUSSIAN_NOTES, first_page=17,
               number_at="bottom")
