from __future__ import annotations

from pathlib import Path

import pytest

from opis.ingest.base import ParseOptions, choose_handler
from opis.ingest.errors import UnsafeContent
from opis.ingest.files import read_head
from opis.ingest.parse import parse_file


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_xml_gives_text_not_markup(tmp_path: Path) -> None:
    path = _write(tmp_path, "list.xml", '<?xml version="1.0"?><report><title>Поставки угля</title>'
                                        "<row><cell>Coal</cell><cell>54,6 thousand tons</cell></row></report>")
    assert choose_handler(read_head(path), path.name).name == "xml"
    parsed = parse_file(path, ParseOptions())
    assert parsed.title == "Поставки угля"
    assert "54,6 thousand tons" in parsed.text and "<cell>" not in parsed.text


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
])
def test_hostile_xml_is_refused(tmp_path: Path, doctype: str) -> None:
    path = _write(tmp_path, "evil.txt", f'<?xml version="1.0"?>{doctype}<r>&x;</r>')
    with pytest.raises(UnsafeContent, match="entity"):
        parse_file(path, ParseOptions())
