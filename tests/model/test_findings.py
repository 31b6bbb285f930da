"""The findings models (model/findings.py): the extractors' output validates into them and comes back out
byte-identical, and docs/extraction.md documents exactly the fields their JSON Schema has."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from opis.extract.pipeline import CONTRACT_KEYS, ContractError, checked, extract_all
from opis.model import Document
from opis.model.findings import (
    CONTRACT,
    ArchivalCitation,
    BibliographicCitation,
    Citation,
    Copy,
    DateFinding,
    Findings,
    Footnote,
    IdentityCheck,
    IdentityFailure,
    Latency,
    NameMention,
    NameRef,
    OfficeHolder,
    Quantity,
    Rate,
    RateSide,
    RateValue,
    Statement,
    Table,
    Telegram,
    TelegramParty,
    TotalCheck,
    UnresolvedBackReference,
    WebCitation,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "extraction.md"
DEVSET = sorted((ROOT / "tests" / "data" / "devset").glob("*/text.txt"))

# Each documented heading of docs/extraction.md and the models whose fields it lists.
SECTIONS: dict[str, tuple[type[BaseModel], ...]] = {
    "footnotes": (Footnote,),
    "citations": (ArchivalCitation, BibliographicCitation, WebCitation, UnresolvedBackReference),
    "dates": (DateFinding,),
    "quantities": (Quantity,),
    "rates": (Rate,),
    "rates.from, rates.to": (RateSide,),
    "rates.rate": (RateValue,),
    "tables": (Table,),
    "tables.checks": (TotalCheck, IdentityCheck),
    "tables.checks.failures": (IdentityFailure,),
    "names": (NameMention,),
    "telegrams": (Telegram,),
    "telegrams.from, telegrams.to": (TelegramParty,),
    "telegrams.distribution": (Copy,),
    "statements": (Statement,),
    "statements.agent, statements.addressee": (NameRef,),
    "statements.agent.holder": (OfficeHolder,),
    "statements.latency": (Latency,),
}


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _found(path: Path) -> dict[str, Any]:
    return {k: v for k, v in extract_all(path.read_text(encoding="utf-8")).items() if isinstance(v, list) and v}


@pytest.mark.parametrize("path", DEVSET, ids=lambda p: p.parent.name)
def test_extractor_output_validates_and_dumps_back_byte_identical(path: Path) -> None:
    found = _found(path)
    typed = Findings.model_validate(found)
    assert _canonical(typed.model_dump(mode="json")) == _canonical(found)
    assert _canonical(typed.model_dump()) == _canonical(found)
    doc = Document(id="doc-0000000000000001", title="t", genre="other", findings=found)
    assert _canonical(doc.model_dump(mode="json")["findings"]) == _canonical(found)


def test_typed_reads() -> None:
    (path,) = [p for p in DEVSET if p.parent.name == "heldout-citations-en"]
    typed = Findings.model_validate(_found(path))
    archival = [c for c in typed.citations if isinstance(c, ArchivalCitation) and c.fond]
    assert archival and all(c.raw and c.level("fond") == c.fond for c in archival)
    assert all(isinstance(d.edtf, str) for d in typed.dates)
    assert typed.keys()[:2] == ["footnotes", "citations"]


def test_absent_fields_stay_absent_and_unknown_ones_are_kept() -> None:
    date = {"text": "May 1950", "edtf": "1950-05", "earliest": "1950-05-01", "latest": "1950-05-31",
            "start": 3, "end": 11, "confidence": 0.5}
    typed = DateFinding.model_validate(date)
    assert "year_from_context" not in typed.model_dump() and typed.model_dump() == date
    rate = {"from": {"text": "1 yen", "value": 1, "unit": "JPY"}, "to": {"text": "4 rub", "value": 4, "unit": "SUR"},
            "basis": "brackets", "rate": {"from": "JPY", "to": "SUR", "value": 4.0}}
    assert Rate.model_validate(rate).model_dump() == rate  # "from" is a keyword: the field is from_
    assert Rate.model_validate(rate).from_.unit == "JPY"


def test_plugin_keys_are_kept_as_free_objects() -> None:
    found = {"dates": [{"text": "1950", "edtf": "1950"}], "treaties": [{"name": "Treaty of Friendship", "n": 1}]}
    typed = Findings.model_validate(found)
    assert typed.plugin("treaties") == [{"name": "Treaty of Friendship", "n": 1}] and typed.plugin("none") == []
    assert typed.model_dump() == found and typed.keys() == ["dates", "treaties"]
    with pytest.raises(ValidationError):
        Findings.model_validate({"treaties": "not a list"})


@pytest.mark.parametrize(("item", "model"), [
    ({"number": "1"}, Footnote),  # no text
    ({"raw": "x", "kind": "archive"}, Citation),  # no such kind
    ({"raw": "Ibid.", "kind": "ibid", "form": "passim"}, Citation),
    ({"text": "1950"}, DateFinding),  # no edtf
    ({"text": "5 t", "value": "five", "kind": "mass"}, Quantity),
    ({"check": "column_total"}, TotalCheck),  # no ok
])
def test_a_broken_finding_is_refused(item: dict[str, Any], model: Any) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(model).validate_python(item)


def _documented() -> dict[str, set[str]]:
    """Each ``#### `key` `` section of the contract and the fields its table lists."""
    text = DOC.read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for section in re.split(r"^#### ", text, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        key = heading.replace("`", "").strip()
        body = re.split(r"^#{1,4} ", body, flags=re.M)[0]
        out[key] = {m.group(1) for m in re.finditer(r"^\| `([a-z_]+)` \|", body, re.M)}
    return out


def _schema_fields(models: tuple[type[BaseModel], ...]) -> set[str]:
    return {name for m in models for name in m.model_json_schema(by_alias=True)["properties"]}


def test_every_documented_field_is_in_the_schema_and_the_other_way_round() -> None:
    documented = _documented()
    assert set(documented) == set(SECTIONS)
    for key, models in SECTIONS.items():
        assert documented[key] == _schema_fields(models), key


def test_the_contract_table_names_real_fields_and_every_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z]+)` \| (.*?) \| [^|]* \|$", text, re.M)}
    assert set(CONTRACT_KEYS) | {"rates"} <= set(rows) and set(CONTRACT) <= set(rows)
    for key, model in CONTRACT.items():
        schema = TypeAdapter(list[model]).json_schema(by_alias=True)  # type: ignore[valid-type]
        defs = schema.get("$defs", {})
        known = {p for d in defs.values() for p in d.get("properties", {})}
        named = set(re.findall(r"`([a-z_]+)`", rows[key])) - {"column_total", "row_identity"}
        assert named <= known, (key, named - known)


def test_the_documented_citation_kinds_are_the_models() -> None:
    kinds = {m.model_json_schema()["properties"]["kind"]["const"]
             for m in SECTIONS["citations"]}
    row = next(line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `kind` | all"))
    assert {k for k in re.findall(r"`([a-z]+)`", row) if k != "kind"} == kinds


def test_the_pipeline_refuses_findings_that_break_the_contract() -> None:
    good = {"language": "en", "dates": [{"text": "1950", "edtf": "1950"}]}
    assert checked(good) is good
    with pytest.raises(ContractError, match=r"dates\.0\.edtf"):
        checked({"language": None, "dates": [{"text": "1950"}]})
