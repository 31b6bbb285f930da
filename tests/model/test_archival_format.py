"""model/archival_format.py: the one printer of an archival reference, in its three styles."""

from __future__ import annotations

from opis.model import ArchivalReference
from opis.model.archival_format import canonical, folios, location, repository_form, unit_label, us_parts

AVP = ArchivalReference(raw="r", repository="AVP RF", fond="07", opis="10", papka="6", delo="65", folios="16-17ob")


def test_canonical_in_each_language() -> None:
    assert canonical(AVP.fields()) == "AVP RF. F. 07. Op. 10. P. 6. D. 65. L. 16-17ob."
    assert canonical(AVP.fields(), "ru") == "АВП РФ. Ф. 07. Оп. 10. П. 6. Д. 65. Л. 16-17 об."
    assert canonical({"fond": "5", "opis": "28", "delo": "314"}) == "F. 5. Op. 28. D. 314."


def test_a_repository_without_a_cyrillic_form_keeps_its_code() -> None:
    assert repository_form("NARA", "ru") == "NARA" and repository_form("RGAE", "ru") == "РГАЭ"
    assert repository_form("RGAE", "en") == "RGAE" and repository_form("nobody", "ru") == "nobody"


def test_location_as_scholarship_cites_it() -> None:
    assert location(AVP.fields()) == "f. 07, op. 10, p. 6, d. 65, ll. 16–17 ob."
    assert folios("23") == "l. 23" and folios("8,11-12") == "ll. 8, 11–12"
    us = ArchivalReference(raw="r", repository="NARA", extra={"record_group": "59", "file": "795.00/6-2550",
                                                              "box": "4262", "agency": "Department of State"})
    assert us_parts(us.fields()) == ["RG 59", "795.00/6-2550", "Box 4262", "Department of State"]
    assert location(us.fields()) == "RG 59, 795.00/6-2550, Box 4262, Department of State"
    assert location(ArchivalReference(raw="as written").fields()) == ""


def test_unit_label_of_a_tree_path() -> None:
    path = [(level, value) for level, value in AVP.path() if level != "folios"]
    assert unit_label(path) == "AVP RF f. 07 op. 10 p. 6 d. 65"
