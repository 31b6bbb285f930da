"""Citation formats from documents: CSL-JSON structure, RIS, BibTeX, Chicago through citeproc-py."""

from __future__ import annotations

import json

import pytest

from opis.interop import EXPORTERS, CiteContext, Exporter, by_extension
from opis.interop.archival import archive_of, folios, location
from opis.interop.bibtex import bibtex_entry, escape
from opis.interop.chicago import chicago
from opis.interop.csl import csl_item
from opis.interop.dates import csl_date, ris_date, slashed
from opis.interop.embedded import coins, meta_tags
from opis.interop.names import csl_name
from opis.interop.ris import ris_record
from opis.model import ArchivalReference, Authority, DocDate, Document, Name, make_id
from tests.support import records as R
from tests.web import rich

CTX = CiteContext("https://opis.example", {R.SHTYKOV.id: R.SHTYKOV, rich.KIM.id: rich.KIM})


@pytest.mark.parametrize(("edtf", "expected"), [
    ("1947-05-21", {"date-parts": [[1947, 5, 21]]}),
    ("1947-05", {"date-parts": [[1947, 5]]}),
    ("1946-22", {"date-parts": [[1946]], "season": 2}),
    ("1946?", {"date-parts": [[1946]], "circa": True}),
    ("1950-05-21/1950-05-31", {"date-parts": [[1950, 5, 21], [1950, 5, 31]]}),
    ("194X", {"date-parts": [[1940], [1949]]}),
    ("../1947-10", {"literal": "by October 1947"}),
])
def test_csl_dates_keep_their_precision(edtf: str, expected: dict[str, object]) -> None:
    assert csl_date(DocDate(edtf=edtf, text="by October 1947")) == expected


def test_ris_and_highwire_dates() -> None:
    assert ris_date(DocDate(edtf="1947-05", text="May 1947")) == "1947/05//May 1947"
    assert ris_date(DocDate(edtf="1947-05-21")) == "1947/05/21/"
    assert slashed(DocDate(edtf="1946-22")) == "1946" and slashed(None) == ""


def test_names_are_structured_only_when_the_record_says_how() -> None:
    assert csl_name("Т.Ф. Штыков", R.SHTYKOV) == {"family": "Shtykov", "given": "Terentii"}
    assert csl_name("x", rich.KIM) == {"family": "Kim", "given": "Il Sung", "static-ordering": True}
    rhee = Authority(kind="person", id=make_id("person", "t", "rhee"), preferred="Rhee, Syngman")
    assert csl_name("Rhee", rhee) == {"family": "Rhee", "given": "Syngman"}
    assert csl_name("Colonel Korkulenko", None) == {"literal": "Colonel Korkulenko"}
    assert csl_name("x", R.RGAE) == {"literal": "RGAE"}


def test_archival_locations() -> None:
    assert folios("23") == "l. 23" and folios("52-113") == "ll. 52–113" and folios("193-194ob") == "ll. 193–194 ob."
    avp = ArchivalReference(raw="r", repository="AVP RF", fond="07", opis="10", papka="6", delo="65", folios="16")
    assert location(avp) == "f. 07, op. 10, p. 6, d. 65, l. 16"
    assert archive_of(avp).name == "Foreign Policy Archive of the Russian Federation (AVP RF)"
    us = ArchivalReference(raw="NARA, RG 59", repository="NARA",
                           extra={"record_group": "59", "series": "Central Decimal File", "file": "795.00/6-2550",
                                  "box": "4262"})
    assert location(us) == "RG 59, Central Decimal File, 795.00/6-2550, Box 4262"
    assert location(ArchivalReference(raw="somewhere in RGAE")) == "somewhere in RGAE"


def test_csl_item_keeps_the_archive_structured() -> None:
    item = csl_item(rich.LETTER, CTX)
    assert item["type"] == "personal_communication" and item["genre"] == "Letter"
    assert (item["archive"], item["archive-place"], item["archive_location"]) == (
        "Russian State Archive of the Economy (RGAE)", "Moscow", "f. 413, op. 13, d. 5467, l. 92")
    assert item["translator"] == [{"literal": "Jane Roe"}]
    assert item["recipient"] == [{"family": "Kim", "given": "Il Sung", "static-ordering": True}]
    assert item["URL"] == f"https://opis.example/documents/{rich.LETTER.id}"
    assert item["custom"]["edtf"] == "1947-05-21" and item["custom"]["classification"] == "Совершенно секретно"
    assert [w["archive_location"] for w in item["custom"]["witnesses"]][1] == "f. 07, op. 10, p. 6, d. 65, l. 16"
    other = Document(id=make_id("document", "t", "o"), title="T", genre="other")
    assert "genre" not in csl_item(other, CTX) and csl_item(other, CTX)["type"] == "manuscript"


def test_ris_lines_cannot_be_broken_by_text() -> None:
    doc = rich.LETTER.model_copy(update={"title": "Line one\nER  - \nTY  - JOUR"})
    lines = ris_record(doc, CTX).split("\r\n")
    assert lines[2] == "TI  - Line one ER - TY - JOUR" and sum(1 for line in lines if line.startswith("TY")) == 1


def test_bibtex_escapes_tex() -> None:
    assert escape("50% of $5 & {x}_1 #2 ~ ^ \\") == \
        r"50\% of \$5 \& \{x\}\_1 \#2 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    entry = bibtex_entry(rich.LETTER, CTX)
    assert entry.startswith("@misc{doc_") and "  month = may,\n" in entry
    assert "translator = {{Jane Roe}}" in entry
    assert "note = {f. 413, op. 13, d. 5467, l. 92, Russian State Archive" in entry


def test_chicago_report_without_author() -> None:
    # Chicago 14.221 with no author: the title leads; the title is left as catalogued (no headline casing).
    anonymous = Document(id=make_id("document", "t", "anon"), title="Report on coal", genre="report",
                         date=DocDate(edtf="1946"))
    entry = chicago(anonymous, CTX).bibliography
    assert entry.startswith("“Report on coal.” Report, 1946.") and entry.count("Report on coal") == 1


def test_embedded_metadata_for_reference_managers() -> None:
    tags = meta_tags(rich.LETTER, CTX)
    assert ("citation_author", "Shtykov, Terentii") in tags and ("z.itemType", "letter") in tags
    assert ("z.archiveLocation", "f. 413, op. 13, d. 5467, l. 92") in tags and ("citation_date", "1947/05/21") in tags
    assert "rft.coverage=f.+413%2C+op.+13" in coins(rich.LETTER, CTX)


def test_exporters_registry_streams_and_takes_plugins() -> None:
    assert {"csl-json", "ris", "bibtex", "chicago", "csv", "jsonl"} <= set(EXPORTERS)
    assert by_extension("bib") is EXPORTERS.get("bibtex") and by_extension("docx") is None
    items = json.loads("".join(EXPORTERS.get("csl-json").stream([(rich.LETTER, CTX), (rich.TELEGRAM, CTX)])))
    assert [i["id"] for i in items] == [rich.LETTER.id, rich.TELEGRAM.id]
    if "titles-only" not in EXPORTERS:
        EXPORTERS.register("titles-only")(Exporter("titles-only", "Titles", "text/plain", "titles",
                                                   lambda d, c: d.title, header="#\n", separator="\n"))
    assert EXPORTERS.get("titles-only").one(rich.LETTER, CTX) == "#\n" + rich.LETTER.title


def test_every_name_of_a_kim_in_any_script_cites_the_same() -> None:
    variant = Authority(kind="person", id=rich.KIM.id, preferred="Kim Il Sung",
                        names=[Name(value="김일성", lang="ko-Hang")])
    assert csl_name("김일성", variant) == csl_name("Ким Ир Сен", rich.KIM) == {
        "family": "Kim", "given": "Il Sung", "static-ordering": True}


def _zotero_split(written: str) -> tuple[str, str]:
    """Zotero's cleanAuthor for a name without fieldMode: with a comma, family before it; else the last word."""
    if "," in written:
        family, given = written.split(",", 1)
        return family.strip(), given.strip()
    words = written.split()
    return words[-1], " ".join(words[:-1])


def test_zotero_splits_family_first_names_and_leaves_bodies_out() -> None:
    from opis.interop.embedded import meta_tags
    from opis.interop.names import family_given, is_body
    from opis.model import Authority
    from opis.model.common import Name
    kim = Authority(id=make_id("person", "t", "kim"), kind="person", preferred="Kim Il Sung",
                    names=[Name(value="김일성", lang="ko")])
    assert _zotero_split(family_given("Kim Il Sung", kim)) == ("Kim", "Il Sung")
    army = Authority(id=make_id("organization", "t", "army"), kind="organization", preferred="25th Army")
    assert is_body(army) and not is_body(kim) and not is_body(None)
    tags = meta_tags(rich.LETTER, CTX)
    assert [_zotero_split(v) for k, v in tags if k == "citation_author"] == [("Shtykov", "Terentii")]
