"""The reader's language: catalogues complete against the templates, negotiation, every page in every locale."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from opis.web.core import i18n
from opis.web.reading.home import CHARTS
from opis.web.reading.search_page import FACET_ORDER
from tests.web import rich
from tests.web.htmlcheck import assert_accessible
from tests.web.test_decisions import COLLECTION, record  # noqa: F401 - the fixture storing a decision record

ROOT = Path(__file__).resolve().parents[3]
LOCALE_DIR = ROOT / "src" / "opis" / "web" / "locale"
TRANSLATED = [loc for loc in i18n.LOCALES if loc != i18n.DEFAULT]
PAGES = ["/", "/search?q=Shtykov", f"/documents/{rich.LETTER.id}", f"/authorities/{rich.KIM.id}", "/collections",
         "/timeline", "/timeline?from=1949&to=1950", "/subjects", "/repositories", "/repositories/rgae",
         "/repositories/rgae/fonds/413/opisi/13/dela/5467", "/login",
         f"/collections/{COLLECTION}/decisions", f"/collections/{COLLECTION}/decisions?outcome=refused&kind=request",
         f"/collections/{COLLECTION}/decisions?year=1949", f"/collections/{COLLECTION}/ledger"]
# Words each locale's page shows for "Search" in the header: the page really is in that language.
SEARCH_WORD = {"en": "Search", "ru": "Поиск", "ko": "검색", "zh_Hans": "检索"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every msgid pybabel finds in the templates and web code now (the same map `make messages` uses)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(LOCALE_DIR / "babel.cfg"),
                    "-k", "N_", "--no-location", "-o", str(out), "."], cwd=ROOT, check=True, capture_output=True)
    with out.open("rb") as f:
        return {_key(m.id) for m in read_po(f) if m.id}


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_interface_string_is_translated(extracted: set[str], locale: str) -> None:
    with i18n.po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale)
    done = {_key(m.id) for m in catalog if m.id and m.string and all(m.string) and not m.fuzzy}
    assert extracted - done == set(), f"{locale}: untranslated or missing from the catalogue"
    for m in catalog:  # a translation keeps every placeholder its English has
        if m.id and m.string:
            wanted = sorted(re.findall(r"%\(\w+\)s", _key(m.id)))
            for form in m.string if isinstance(m.string, tuple) else (m.string,):
                assert sorted(re.findall(r"%\(\w+\)s", form)) == wanted, (locale, m.id, form)


def test_the_committed_template_matches_the_code(extracted: set[str]) -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        committed = {_key(m.id) for m in read_po(f) if m.id}
    assert committed == extracted, "run `make messages` and translate what it adds"


def test_labels_from_python_code_are_in_the_catalogue(extracted: set[str]) -> None:
    labels = [label for _, label in FACET_ORDER] + [label for _, label in CHARTS]
    assert set(labels) <= set(i18n.CONTEXT_LABELS) <= extracted


@pytest.mark.parametrize(("header", "expected"), [
    ("ru-RU,ru;q=0.9,en;q=0.8", "ru"), ("en-US,en;q=0.9", "en"), ("ko-KR", "ko"), ("zh-CN,zh;q=0.9", "zh_Hans"),
    ("zh-Hans", "zh_Hans"), ("zh-TW", None), ("de;q=1, ru;q=0.5", "ru"), ("en;q=0.2, ko;q=0.8", "ko"),
    ("fr, *;q=0.1", None), ("", None), ("ru;q=0", None), ("ru;q=abc", None)])
def test_accept_language_negotiation(header: str, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


def test_an_explicit_choice_beats_the_browser() -> None:
    assert i18n.resolve("ko", "ru", "zh-CN") == "ko"
    assert i18n.resolve(None, "ru", "zh-CN") == "ru"
    assert i18n.resolve("xx", "nope", "zh-CN") == "zh_Hans"
    assert i18n.resolve(None, None, "") == "en"


@pytest.mark.usefixtures("record")  # the decision record's collection, stored
@pytest.mark.parametrize("locale", list(i18n.LOCALES))
@pytest.mark.parametrize("url", PAGES)
def test_each_page_renders_in_each_locale(site: TestClient, locale: str, url: str) -> None:
    sep = "&" if "?" in url else "?"
    resp = site.get(f"{url}{sep}lang={locale}", headers={"accept": "text/html"})
    assert resp.status_code == 200, resp.text[:300]
    page = resp.text
    assert f'<html lang="{i18n.LOCALES[locale]}">' in page
    assert f">{SEARCH_WORD[locale]}</a>" in page
    assert_accessible(page)
    assert resp.cookies.get("lang") == locale


# English interface words of the decision record and the ledger that must not be left on their Russian pages.
RECORD_WORDS = ("Decision record", "Request", "Latency", "Outcome", "By actor", "By year", "approved", "refused",
                "passage in", "Aid ledger", "Donor", "Recipient", "requested", "date unknown", " rows ")


def _visible(page: str) -> str:
    """The page's text as a reader sees it (tags, and so attribute values like option values, left out)."""
    return re.sub(r"<[^>]*>", " ", page.split("<main", 1)[-1])


@pytest.mark.usefixtures("record")
def test_the_decision_record_speaks_russian(site: TestClient) -> None:
    page = _visible(site.get(f"/collections/{COLLECTION}/decisions?lang=ru", headers={"accept": "text/html"}).text)
    assert "Свод решений" in page and "Просьба" in page and "отказано" in page and "одобрено" in page
    assert re.search(r"\b4 записи \(из \d+ утверждени(я|й)\)", page), "rows and statements in their plural forms"
    assert "апрель 1950" in page and "21 мая 1950" in page, "a request's date in Russian words"
    assert "less than a day" in page, "a latency the text states is quoted as written"
    assert "Kim and Stalin, 1950" in page, "the collection's title is data, not translated"
    ledger = _visible(site.get(f"/collections/{COLLECTION}/ledger?lang=ru", headers={"accept": "text/html"}).text)
    assert "Реестр помощи" in ledger and "запрошено" in ledger and "70\xa0000\xa0000" in ledger
    both = page + ledger
    assert [w for w in RECORD_WORDS if w in both] == []
    english = site.get(f"/collections/{COLLECTION}/decisions.json").json()
    assert site.get(f"/collections/{COLLECTION}/decisions.json?lang=ru").json() == english  # JSON stays English


@pytest.mark.parametrize(("span", "words"), [
    ({"stated": None, "minutes": None, "min_days": 1, "max_days": 1}, "1 день"),
    ({"stated": None, "minutes": None, "min_days": 3, "max_days": 3}, "3 дня"),
    ({"stated": None, "minutes": None, "min_days": 2, "max_days": 5}, "2–5 дней"),
    ({"stated": None, "minutes": None, "min_days": 20, "max_days": 21}, "20–21 день"),
    ({"stated": None, "minutes": 185, "min_days": None, "max_days": None}, "3 ч 05 мин"),
    ({"stated": "в тот же день", "minutes": None, "min_days": 0, "max_days": 0}, "в тот же день")])
def test_latency_in_russian_words(span: dict[str, object], words: str) -> None:
    from opis.web.core.render import environment

    token = i18n._reading.set(i18n.Reading("ru"))
    try:
        macro = environment().get_template("reading/decision_parts.html").module.latency  # type: ignore[attr-defined]
        assert str(macro(span)).replace("\u202f", " ") == words
    finally:
        i18n._reading.reset(token)


def test_cookie_and_accept_language_choose_the_page_language(site: TestClient) -> None:
    by_header = site.get("/", headers={"accept": "text/html", "accept-language": "ko-KR,ko;q=0.9"})
    assert '<html lang="ko">' in by_header.text and "Accept-Language" in by_header.headers["vary"]
    site.cookies.set("lang", "ru")
    by_cookie = site.get("/", headers={"accept": "text/html", "accept-language": "ko-KR"})
    assert '<html lang="ru">' in by_cookie.text
    site.cookies.clear()
    assert '<html lang="en">' in site.get("/", headers={"accept": "text/html"}).text


def test_the_switcher_keeps_the_query(site: TestClient) -> None:
    page = site.get("/search?q=Shtykov&lang=ru", headers={"accept": "text/html"}).text
    assert 'href="/search?q=Shtykov&amp;lang=ko" lang="ko" hreflang="ko"' in page
    assert 'lang="ru" hreflang="ru" aria-current="true"' in page


def test_json_stays_language_neutral(site: TestClient) -> None:
    english = site.get(f"/documents/{rich.LETTER.id}.json").json()
    for locale in TRANSLATED:
        assert site.get(f"/documents/{rich.LETTER.id}.json?lang={locale}").json() == english
        assert site.get("/search.json?q=Shtykov", headers={"accept-language": locale}).json() == \
            site.get("/search.json?q=Shtykov").json()
    missing = site.get("/api/documents/nope", headers={"accept-language": "ru"}).json()
    assert missing["error"]["code"] == "not_found" and not re.search("[а-я]", missing["error"]["message"])


def test_html_errors_speak_the_readers_language(site: TestClient) -> None:
    page = site.get("/documents/nope?lang=ru", headers={"accept": "text/html"})
    assert page.status_code == 404 and "Ошибка 404" in page.text and ">Главная<" in page.text


def test_dates_and_numbers_follow_the_locale(site: TestClient) -> None:
    page = site.get(f"/documents/{rich.LETTER.id}?lang=ru", headers={"accept": "text/html"}).text
    assert re.search(r"\d+ (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) "
                     r"\d{4}\s?г\.", page), "a day written the Russian way"


@pytest.mark.parametrize(("locale", "edtf", "words"), [
    ("en", "1950-06-25", "25 June 1950"), ("ru", "1950-06-25", "25 июня 1950 г."),
    ("ko", "1950-06-25", "1950년 6월 25일"), ("zh_Hans", "1950-06-25", "1950年6月25日"),
    ("ru", "1946-06~", "около июня 1946 г."), ("ru", "1950-21", "весна 1950"), ("ko", "195X", "1950년대"),
    ("ru", "../1947-10", "до октября 1947 г."), ("ru", "1950-06", "июнь 1950 г."),
    ("zh_Hans", "1946?", "1946?"), ("ru", "not a date", "not a date")])
def test_dated_in_each_locale(locale: str, edtf: str, words: str) -> None:
    token = i18n._reading.set(i18n.Reading(locale))
    try:
        assert i18n.dated(edtf).replace("\u202f", " ") == words  # CLDR puts a narrow space before "г."
    finally:
        i18n._reading.reset(token)


@pytest.mark.parametrize(("locale", "n", "shown"), [
    ("en", 12345, "12,345"), ("ru", 12345, "12\xa0345"), ("ko", 12345, "12,345"), ("zh_Hans", 1234567, "1,234,567")])
def test_numbers_and_plurals(locale: str, n: int, shown: str) -> None:
    token = i18n._reading.set(i18n.Reading(locale))
    try:
        assert i18n.number(n) == shown
        assert shown in i18n.ngettext("%(num)s document", "%(num)s documents", n)
        if locale == "ru":
            assert [i18n.kind_count("document", k) for k in (1, 3, 5, 21)] == \
                ["документ", "документа", "документов", "документ"]
    finally:
        i18n._reading.reset(token)


def test_record_text_keeps_its_language() -> None:
    token = i18n._reading.set(i18n.Reading("ru"))
    try:
        assert i18n.lang_attr("Letter from Shtykov") == ' lang="en"'
        assert i18n.lang_attr("Письмо Штыкова") == ""
        assert i18n.text_lang("김일성") == "ko" and i18n.text_lang("金日成") == "zh"
    finally:
        i18n._reading.reset(token)


def test_vocabulary_labels_speak_the_readers_language(site: TestClient) -> None:
    """Genres, roles, classification and archival levels come from vocab/*.yaml ``labels:``; the JSON keeps English."""
    document = _visible(site.get(f"/documents/{rich.LETTER.id}?lang=ru", headers={"accept": "text/html"}).text)
    assert "Письмо" in document and "Совершенно секретно" in document and "Отправитель" in document
    assert "Ответ:" in document, "the telegram's reply-to link, seen from the letter"
    assert not re.search(r"\bLetter\b", document.replace("Letter from Shtykov", "")), "the genre left in English"
    search = _visible(site.get("/search?q=Shtykov&lang=ru", headers={"accept": "text/html"}).text)
    assert "Письмо" in search and not re.search(r"\bLetter\b", search.replace("Letter from Shtykov", ""))
    chips = _visible(site.get("/search?q=Shtykov&genre=letter&from=1940&lang=ru", headers={"accept": "text/html"}).text)
    assert "Жанр: Письмо" in chips and "С: 1940" in chips, "the chips of filters in force"
    assert "信函" in _visible(site.get("/search?q=Shtykov&lang=zh_Hans", headers={"accept": "text/html"}).text)
    roles = _visible(site.get(f"/authorities/{rich.KIM.id}?lang=ru", headers={"accept": "text/html"}).text)
    assert "Получатель" in roles and "Recipient" not in roles
    tree = _visible(site.get("/repositories/rgae/fonds/413/opisi/13?lang=ru", headers={"accept": "text/html"}).text)
    assert "фонд 413" in tree and "опись 13" in tree and "дело 5467" in tree
    assert "fond 413" in _visible(site.get("/repositories/rgae/fonds/413/opisi/13?lang=en",
                                           headers={"accept": "text/html"}).text)
    assert site.get(f"/documents/{rich.LETTER.id}.json?lang=ru").json()["genre_label"] == "Letter"


def test_the_staff_toolbar_names_every_status_and_move_of_the_workflow() -> None:
    from opis import vocab
    from opis.web.editing.toolbar import WORKFLOW_LABELS

    workflow = vocab.load("workflow")
    wanted = {s["label"] for s in workflow["statuses"]} | {t["label"] for t in workflow["transitions"]}
    assert set(WORKFLOW_LABELS) == wanted


@pytest.mark.usefixtures("record")
@pytest.mark.parametrize(("locale", "words"), [
    ("ru", ("Правка этого документа", "Опубликован", "Снять с публикации", "Добавить перевод", "Высказывания")),
    ("ko", ("이 문서 편집", "게시됨", "게시 철회", "번역 추가")),
    ("zh_Hans", ("编辑本文档", "已发布", "撤回", "添加译文"))])
def test_the_staff_toolbar_speaks_the_readers_language(site: TestClient, archive: object, locale: str,
                                                        words: tuple[str, ...]) -> None:
    from tests.support.people import add_person, sign_in
    from tests.web.test_decisions import DOC

    sign_in(site, add_person(archive, "editor"))  # type: ignore[arg-type]
    page = site.get(f"/documents/{DOC}?lang={locale}", headers={"accept": "text/html"}).text
    bar = page[page.index('<nav class="ed-toolbar"'):]
    bar = bar[:bar.index("</nav>")]
    assert [w for w in words if w not in bar] == []
    assert [w for w in ("Editing this document", "Published", "Withdraw", "Add translation", "History", ">Edit<")
            if w in bar] == []
