"""The index schema: one tantivy document per archive document.

Three groups of fields. Searchable text (stemmed, see analysis.py) and cross-script keys;
facet values (exact strings in fast columns, counted by aggregations and filtered by term);
and what the access rule and date filters need (status, access, embargo and date bounds as day
numbers). ``doc`` stores the display fields and rendition texts as JSON, so a results page needs
no trip to the store.

``SCHEMA_VERSION`` changes whenever the fields or their analysis change; an index built with
another version is rebuilt, never read.
"""

from __future__ import annotations

import re
from functools import cache

import tantivy

from opis.index.analysis import FOLD, KEYS, TEXT
from opis.index.pairs import FIELDS as PAIR_FIELDS

# 2: word pairs (pairs.py); 3: span; 4: uncertain OCR words; 5: names of authorities the text names;
# 6: Han runs keyed by written form, fine and coarse loose keys; 7: subject facet; 8: cross-script loose keys
# with vowel classes (several per word) in place of the coarse key, so words keyed under 7 no longer meet
# 9: Han written forms converted until stable (丰仪 and 丰儀 now share one key)
# 10: actor, object and outcome facets from the documents' statements
# 11: every pair of neighbouring words in the pairs fields, not only pairs with a function word
SCHEMA_VERSION = 11

ID = "id"
DOC = "doc"
SORT_DATE = "sort_date"
ID_KEY = "id_key"
EARLIEST = "earliest"
LATEST = "latest"
STATUS = "status"
ACCESS = "access"
EMBARGO = "embargo_until"
KEYS_FIELD = "keys"
UNCERTAIN = "uncertain"  # OCR words read with low confidence, folded: matched within an edit distance
UNCERTAIN_BOOST = 0.5
SPAN = "span"  # "wide" for a dated document with no year values (see dates.py)
WIDE = "wide"

# Text fields searched by plain words, with their BM25 boosts.
WORD_FIELDS: dict[str, float] = {"title": 3.0, "summary": 2.0, "text": 1.0, "names": 1.5}
VARIANTS = "variants"  # linked authorities' variant names (off in exact mode)
VARIANT_BOOST = 1.2
KEYS_BOOST = 0.6

# field:value names a user may type -> the text field searched (and its keys field, if any).
USER_FIELDS: dict[str, tuple[str, str | None]] = {
    "title": ("title", "title_keys"),
    "text": ("text", KEYS_FIELD),
    "author": ("author", "author_keys"),
    "recipient": ("recipient", "recipient_keys"),
    "repository": ("repository", None),
    "fond": ("fond", None),
    "genre": ("genre", None),
    "language": ("language", None),
    "collection": ("collection", None),
}

# Facets: public name -> fast field.
FACETS: dict[str, str] = {
    "repository": "f_repository",
    "fond": "f_fond",
    "genre": "f_genre",
    "language": "f_language",
    "collection": "f_collection",
    "person": "f_person",
    "place": "f_place",
    "decade": "f_decade",
    "year": "f_year",
    "classification": "f_classification",
    "subject": "f_subject",
    "actor": "f_actor",  # statements' agents and addressees: authority ids where linked, else names as written
    "object": "f_object",  # what statements are about, by kind (vocab/object_kinds.yaml)
    "outcome": "f_outcome",  # decisions' outcomes: approved, refused, partly approved, deferred, conditions
}

_TEXT_FIELDS = ("title", "summary", "text", "names", VARIANTS, "author", "recipient", "repository", "fond",
                "genre", "language", "collection")
_KEY_FIELDS = ("title_keys", "author_keys", "recipient_keys")


_HEX_ID = re.compile(r"^[a-z]+-[0-9a-f]{16}$")


def id_key(record_id: str) -> int:
    """A number ordered like the id: exact for opis ids (prefix + 16 hex digits, one prefix for all
    documents), else the first eight bytes (equal keys are then compared by id)."""
    if _HEX_ID.match(record_id):
        return int(record_id[-16:], 16)
    return int.from_bytes(record_id.encode("utf-8")[:8].ljust(8, b"\0"), "big")


@cache
def schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field(ID, stored=True, tokenizer_name="raw")
    b.add_bytes_field(DOC, stored=True, indexed=False)
    for name in _TEXT_FIELDS:
        b.add_text_field(name, tokenizer_name=TEXT)
    b.add_text_field(KEYS_FIELD, tokenizer_name=KEYS)
    b.add_text_field(UNCERTAIN, tokenizer_name=FOLD)
    for name in PAIR_FIELDS.values():
        b.add_text_field(name, tokenizer_name=KEYS)  # word pairs, see pairs.py
    for name in _KEY_FIELDS:
        b.add_text_field(name, tokenizer_name=KEYS, index_option="freq")
    for field in FACETS.values():
        b.add_text_field(field, tokenizer_name="raw", fast=True, index_option="basic")
    b.add_text_field(SORT_DATE, tokenizer_name="raw", fast=True, index_option="basic")
    for name in (STATUS, ACCESS, SPAN):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    b.add_unsigned_field(ID_KEY, fast=True)
    for name in (EARLIEST, LATEST, EMBARGO):
        b.add_integer_field(name, indexed=True, fast=True)
    return b.build()
