"""The findings contract: what the extractors report about a document's text, typed.

``Document.findings`` is a ``Findings``: footnotes, citations (archival and United States records,
bibliographic, web, and unresolved back-references), dates, quantities, exchange rates, tables with their
checks, and name mentions. docs/extraction.md documents the same fields, and a test holds the two together
through these models' JSON Schema.

Two promises keep the JSON of `opis extract --json`, of the store and of the API what it was when findings were
plain dicts: a field is written out only if the extractor gave it (``year_from_context`` appears on inferred
dates only; US record fields on US records only): findings dump with ``exclude_unset``, under the contract's
key names (``from``, a Python keyword, is the field ``from_``), and ``Document`` dumps its findings the same way;
and a field the models do not name (an offset a newer extractor adds, an archival level added to
vocab/levels.yaml) is kept as given. A plug-in extractor's key is kept too, as a list of free objects.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Number = int | float  # an int when the value is whole, as extract/numbers.plain gives it


class Finding(BaseModel):
    """A finding: its fields are written out only when given, unknown ones kept as they came."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """As given: ``exclude_unset`` and the contract's key names (``from``) unless asked otherwise."""
        kwargs.setdefault("exclude_unset", True)
        kwargs.setdefault("by_alias", True)
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("exclude_unset", True)
        kwargs.setdefault("by_alias", True)
        return super().model_dump_json(**kwargs)


# --- footnotes ------------------------------------------------------------------------------------------------

class Footnote(Finding):
    number: str = Field(description="The footnote's number or mark as printed")
    text: str = Field(description="The footnote's body, its lines joined")
    offset: int | None = Field(None, description="Where the body starts in the text")
    end: int | None = Field(None, description="Where the body ends in the text")
    refs: list[int] = Field(default_factory=list, description="Where the running text refers to the footnote")
    refs_total: int | None = Field(None, description="Given when more than 100 marks refer to it: how many there are")
    continued: list[list[int]] | None = Field(None, description="Where a note run on to the next page's foot goes on: "
                                                                "[start, end] offsets of those lines")


# --- citations ------------------------------------------------------------------------------------------------

class CitationBase(Finding):
    footnote: str | None = Field(None, description="The number of the footnote the citation is in; null outside notes")
    footnote_occurrence: int | None = Field(None, description="Which note of that number (2 for the second note "
                                                              "numbered 1) when numbering restarts")
    where: str | None = Field(None, description="Outside notes: 'line' (a source line) or 'parentheses'")
    offset: int | None = Field(None, description="Outside notes: where the citation stands in the text")
    raw: str = Field(description="The citation as written (without a trailing note)")
    kind: str
    note: str | None = Field(None, description="Text after the citation that is not part of it (a comment)")
    ibid_of: str | None = Field(None, description="A resolved back-reference: the footnote of the full citation "
                                                  "at the root of its chain")
    ibid_prev: str | None = Field(None, description="A resolved back-reference: the footnote of the citation it "
                                                    "points at directly")


class ArchivalLevels(CitationBase):
    """The repository and the archival levels (vocab/levels.yaml); an added level stays as an extra field."""

    repository: str | None = Field(None, description="Canonical code of vocab/repositories.yaml")
    fond: str | None = None
    opis: str | None = None
    papka: str | None = None
    delo: str | None = None
    folios: str | None = Field(None, description="Normal form: 52-113, 193-194ob, 8,11-12")

    def level(self, key: str) -> str | None:
        """The value of archival level ``key``, a field or a level added to vocab/levels.yaml."""
        value = getattr(self, key, None) if key in type(self).model_fields else (self.model_extra or {}).get(key)
        return str(value) if value else None


class ArchivalCitation(ArchivalLevels):
    """A reference into an archive: fond/opis/delo, or a United States record's own structure."""

    kind: Literal["archival"]
    record_group: str | None = Field(None, description="US records: RG 59")
    series: str | None = Field(None, description="US records: a file series (Central Decimal File 1950-54)")
    file: str | None = Field(None, description="US records: a decimal file as written (795.00/6-2550)")
    box: str | None = None
    folder: str | None = None
    lot: str | None = None
    entry: str | None = None
    agency: str | None = Field(None, description="US records: the agency (Department of State)")
    document: str | None = Field(None, description="A repository's document number (MNL OL 00912/1955)")


class BibliographicCitation(CitationBase):
    kind: Literal["bibliographic"]
    authors: list[str] = Field(default_factory=list)
    editors: list[str] = Field(default_factory=list)
    translators: list[str] = Field(default_factory=list)
    title: str | None = None
    container: str | None = Field(None, description="The journal or book a part is in")
    place: str | None = None
    publisher: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = Field(None, description="Normal form: 8-22, 12,14-15")
    authors_from: str | None = Field(None, description="Idem: the footnote whose citation names the authors")
    document: str | None = Field(None, description="FRUS: the document number")


class WebCitation(ArchivalLevels):
    """A web page (the Wilson Center Digital Archive's), with the archival reference it reproduces if any."""

    kind: Literal["web"]
    title: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None


class UnresolvedBackReference(CitationBase):
    """Ibid., op. cit. or Idem with nothing before it to point at."""

    kind: Literal["ibid"]
    form: Literal["ibid", "op_cit", "idem"]
    author: str | None = None
    locator: str = ""


Citation = Annotated[ArchivalCitation | BibliographicCitation | WebCitation | UnresolvedBackReference,
                     Field(discriminator="kind")]


# --- dates, quantities, rates ---------------------------------------------------------------------------------

class DateFinding(Finding):
    text: str
    edtf: str = Field(description="The date as EDTF, with its precision")
    earliest: str | None = Field(None, description="ISO day; null when open")
    latest: str | None = Field(None, description="ISO day; null when open")
    start: int | None = None
    end: int | None = None
    year_from_context: bool | None = Field(None, description="The year came from the text before, not the phrase")


class Quantity(Finding):
    text: str
    value: Number | None = None
    unit: str | None = Field(None, description="A currency code (vocab/currencies.yaml) or unit id (units.yaml)")
    kind: str = Field(description="currency, mass, length, count, percent, other")
    qualifier: str | None = Field(None, description="about, over, up_to, ...")
    dimension: str | None = None
    start: int | None = None
    end: int | None = None


class RateSide(Finding):
    text: str
    value: Number | None = None
    unit: str | None = None
    start: int | None = None
    end: int | None = None


class RateValue(Finding):
    from_: str = Field(alias="from")
    to: str
    value: Number


class Rate(Finding):
    from_: RateSide = Field(alias="from")
    to: RateSide
    basis: str | None = None
    rate: RateValue | None = None


# --- tables ---------------------------------------------------------------------------------------------------

class TotalCheck(Finding):
    check: Literal["column_total", "subtotal"]
    column: str | None = None
    row: str | None = None
    stated: Number | None = None
    computed: Number | None = None
    ok: bool


class IdentityFailure(Finding):
    row: int
    label: str | None = None
    stated: Number | None = None
    computed: Number | None = None


class IdentityCheck(Finding):
    check: Literal["row_identity"]
    column: str | None = None
    formula: str | None = None
    rows_checked: int = 0
    failures: list[IdentityFailure] = Field(default_factory=list)
    ok: bool


TableCheck = Annotated[TotalCheck | IdentityCheck, Field(discriminator="check")]


class Table(Finding):
    caption: str | None = None
    caption_footnote: str | None = None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    values: list[list[Number | None]] = Field(default_factory=list)
    row_roles: list[str] = Field(default_factory=list)
    checks: list[TableCheck] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None


# --- names ----------------------------------------------------------------------------------------------------

class NameMention(Finding):
    text: str
    type: str = Field(description="person, organization, place, ...")
    authority: str | None = Field(None, description="The authority record's id; null when none is linked")
    preferred: str | None = None
    start: int | None = None
    end: int | None = None


# --- statements and telegrams --------------------------------------------------------------------------------

class OfficeHolder(Finding):
    """Who held the office a party is named by ("the Soviet ambassador") on the statement's date."""

    name: str
    authority: str | None = None
    office: str = Field(description="The office's title where its holders are listed")
    source: Literal["authority", "pocom"] = Field(description="Authority records' offices, or the US chiefs "
                                                             "of mission (Office of the Historian, POCOM)")
    from_: str | None = Field(None, alias="from", description="First day in office (ISO)")
    to: str | None = Field(None, description="Last day in office (ISO); null while in post")


class NameRef(Finding):
    """A party as written in the text, with the authority it is linked to."""

    text: str = Field(description="As written (a name, a body, or what a pronoun stands for)")
    authority: str | None = Field(None, description="The authority record's id; null when none is linked")
    start: int | None = Field(None, description="Offset in the text; -1 when it comes from a telegram header "
                                                "or a document heading outside the statement")
    end: int | None = None
    holder: OfficeHolder | None = Field(None, description="Set when the words name an office, not a person")


class Latency(Finding):
    min_days: int | None = Field(None, description="Fewest days between request and decision their dates allow")
    max_days: int | None = Field(None, description="Most days between them their dates allow")
    minutes: int | None = Field(None, description="Minutes between the sending times of their telegrams")
    stated: str | None = Field(None, description="The delay as the text states it ('less than a day')")


class Statement(Finding):
    kind: Literal["request", "offer", "decision", "delivery"]
    cue: str | None = Field(None, description="The words that make it a statement, as written")
    agent: NameRef | None = Field(None, description="Who asks, offers, decides or delivers")
    addressee: NameRef | None = Field(None, description="To whom")
    object: str | None = Field(None, description="What, as written")
    quantity: Quantity | None = Field(None, description="The first quantity in the statement, as in quantities")
    date: str | None = Field(None, description="When (EDTF)")
    date_from: Literal["phrase", "relative", "previous", "telegram", "dateline", "context"] | None = Field(
        None, description="Where the date came from")
    decision: Literal["approved", "refused", "partly approved", "deferred", "conditions"] | None = None
    conditions: str | None = Field(None, description="The condition attached ('In return, ...')")
    responds_to: int | None = Field(None, description="Index in this list of the request it answers")
    latency: Latency | None = None
    start: int
    end: int

    def confidence(self) -> float:
        """How much of the statement the text itself gave, 0.3 to 1.0: a rule of thumb, not a calibrated
        probability. Each part an editor would otherwise have to supply lowers it: an agent not linked to an
        authority, a date taken from context rather than the clause or a telegram, no object, a decision
        answering no request."""
        score = 0.3
        if self.agent is not None:
            score += 0.1 + (0.1 if self.agent.authority else 0.0)
        if self.date_from in ("phrase", "telegram", "relative"):
            score += 0.2
        elif self.date is not None:
            score += 0.1
        if self.object:
            score += 0.15
        if self.kind != "decision" or self.responds_to is not None:
            score += 0.15
        return round(min(score, 1.0), 2)


class TelegramParty(Finding):
    place: str | None = Field(None, description="As written in the header or addressee line")
    person: str | None = Field(None, description="As written: the signature (from) or addressee (to)")
    authority: str | None = Field(None, description="The person's authority id; pseudonyms link when known")


class Copy(Finding):
    name: str = Field(description="As written in the distribution list")
    copies: int | None = None
    authority: str | None = None


class Telegram(Finding):
    number: str | None = None
    from_: TelegramParty = Field(alias="from")
    to: TelegramParty
    sent: str | None = Field(None, description="ISO date or date-time, as precise as the header")
    received: str | None = None
    deciphered: str | None = None
    deciphered_by: str | None = None
    distribution: list[Copy] = Field(default_factory=list)
    transmission_minutes: int | None = Field(None, description="Received minus sent, when both have times")
    decipher_minutes: int | None = Field(None, description="Deciphered minus received, when both have times")
    start: int
    end: int


# --- the whole ------------------------------------------------------------------------------------------------

class Findings(Finding):
    """Every extractor's findings for one text, by result key. Plug-in keys are lists of free objects."""

    __pydantic_extra__: dict[str, list[dict[str, Any]]] = Field(init=False)

    footnotes: list[Footnote] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    dates: list[DateFinding] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    rates: list[Rate] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    names: list[NameMention] = Field(default_factory=list)
    telegrams: list[Telegram] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)

    def keys(self) -> list[str]:
        """The result keys present, the contract's first, then plug-ins'."""
        return [k for k in (*type(self).model_fields, *(self.model_extra or {})) if k in self.model_fields_set
                or k in (self.model_extra or {})]

    def plugin(self, key: str) -> list[dict[str, Any]]:
        """A plug-in extractor's findings (empty when it found nothing)."""
        return list((self.model_extra or {}).get(key, []))


# The models of the contract's keys (docs/extraction.md), for checking and documenting them.
CONTRACT: dict[str, Any] = {"footnotes": Footnote, "citations": Citation, "dates": DateFinding,
                            "quantities": Quantity, "tables": Table, "names": NameMention, "rates": Rate,
                            "telegrams": Telegram, "statements": Statement}
