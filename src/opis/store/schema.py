"""Table definitions (SQLAlchemy Core). Migrations in store/migrations create exactly these.

``records`` holds each record's current JSON; ``revisions`` every version ever saved. The other
tables are derived from a record's JSON on every save, in the same transaction, so queries
(archival tree, name lookup, links) need not parse JSON.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()

records = Table(
    "records", metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("access", String(16), nullable=False),
    Column("embargo_until", Date, nullable=True),
    Column("earliest", Date, nullable=True),
    Column("latest", Date, nullable=True),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("data", Text, nullable=False),
)
Index("ix_records_kind_earliest", records.c.kind, records.c.earliest)
# Witness candidates by title, any case (store/witnesses.py), looked up for every ingested document.
Index("ix_records_kind_title_folded", records.c.kind, func.lower(records.c.title))

revisions = Table(
    "revisions", metadata,
    Column("record_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("data", Text, nullable=False),
)

archival_refs = Table(
    "archival_refs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(64), ForeignKey("records.id"), nullable=False, index=True),
    Column("origin", String(16), nullable=False),  # "holding": a witness of the record; "citation": cited in it
    Column("position", Integer, nullable=False),
    Column("repository", String(40), nullable=True),
    Column("fond", String(40), nullable=True),
    Column("opis", String(40), nullable=True),
    Column("papka", String(40), nullable=True),
    Column("delo", String(40), nullable=True),
    Column("folios", String(80), nullable=True),
    Column("footnote", String(20), nullable=True),
    Column("raw", Text, nullable=False),
)
Index("ix_archival_path", archival_refs.c.repository, archival_refs.c.fond, archival_refs.c.opis,
      archival_refs.c.delo)

# One row per level a reference names (every level of vocab/levels.yaml, so an added level needs no
# column): the tree groups and filters by these. Keyed like its archival_refs row (record, position).
archival_units = Table(
    "archival_units", metadata,
    Column("record_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("level", String(40), primary_key=True),
    Column("value", String(80), nullable=False),
)
Index("ix_archival_units_level_value", archival_units.c.level, archival_units.c.value)

record_names = Table(
    "record_names", metadata,
    Column("record_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("value", Text, nullable=False),
    Column("folded", Text, nullable=False, index=True),
    Column("squashed", Text, nullable=False, index=True),
    Column("lang", String(20), nullable=True),
    Column("scheme", String(20), nullable=True),
)

record_links = Table(
    "record_links", metadata,
    Column("record_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("target_id", String(128), primary_key=True),
    Column("role", String(40), primary_key=True),
)
Index("ix_links_target", record_links.c.target_id)

originals = Table(
    "originals", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("filename", Text, nullable=False),
    Column("stored_at", String(32), nullable=False),
)

outbox = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(64), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("at", String(32), nullable=False),
)

ingest_jobs = Table(
    "ingest_jobs", metadata,
    Column("id", String(40), primary_key=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("status", String(16), nullable=False),  # running, queued, finished, interrupted, failed
    Column("total", Integer, nullable=False),
    Column("options", Text, nullable=False),
)

ingest_files = Table(
    "ingest_files", metadata,
    Column("job_id", String(40), ForeignKey("ingest_jobs.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=True),
    Column("status", String(20), nullable=False),  # ingested, duplicate, failed, awaiting-ocr
    Column("message", Text, nullable=False),
    Column("records", Integer, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("at", String(32), nullable=False),
)
# A resumed batch asks, per file, whether its bytes timed out in an earlier run (ingestlog.earlier_time_out).
Index("ix_ingest_files_sha256", ingest_files.c.sha256)

# Each fixity check: every stored original re-hashed (jobs/fixity.py, store/fixity.py).
fixity_runs = Table(
    "fixity_runs", metadata,
    Column("id", String(40), primary_key=True),
    Column("started_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),  # its last progress: a run that stops moving is seen
    Column("finished_at", String(32), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("status", String(16), nullable=False),  # queued, running, passed, failed, broken
    Column("place", Text, nullable=False),  # where the originals are (a folder, an S3 bucket)
    Column("total", Integer, nullable=False),  # originals listed in the store when the run began
    Column("checked", Integer, nullable=False),
    Column("bytes", BigInteger, nullable=False),
    Column("missing", Integer, nullable=False),
    Column("mismatched", Integer, nullable=False),
    Column("unreadable", Integer, nullable=False),
    Column("unlisted", Integer, nullable=False),  # held by the originals' home, listed nowhere (not a fault)
    Column("problems", Text, nullable=False),  # JSON list, the first PROBLEMS_KEPT of them
    Column("message", Text, nullable=False),  # why a broken run stopped
)
Index("ix_fixity_runs_started", fixity_runs.c.started_at)

# OCR page by page (jobs.ocrpages): each page's reading, kept by the file's content hash and page
# number as soon as it is read, so a page is read once whichever job or worker reads it, and a
# killed worker costs only the page it was on.
ocr_pages = Table(
    "ocr_pages", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("page", Integer, primary_key=True),
    Column("result", Text, nullable=False),  # JSON: the OCR reading (ingest.ocr.tesseract.OcrResult)
    Column("at", String(32), nullable=False),
)
# The pages of a queued file that wait for OCR; ``assembling`` is set once, by whichever page job
# saw the last page in, in the transaction that queues the file's assembly.
ocr_plans = Table(
    "ocr_plans", metadata,
    Column("job_id", String(40), ForeignKey("ingest_jobs.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("pages", Text, nullable=False),  # JSON list of page numbers (from 1)
    Column("assembling", Integer, nullable=False),
)

# -- people and what they did (editors and access) -------------------------------------------

users = Table(
    "users", metadata,
    Column("name", String(80), primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2id, with its parameters inside
    Column("roles", Text, nullable=False),  # space-separated role ids from vocab/roles.yaml
    Column("created_at", String(32), nullable=False),
    Column("password_changed_at", String(32), nullable=False),
    Column("disabled", Integer, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the cookie value; the value itself is never stored
    Column("user_name", String(80), ForeignKey("users.name"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", String(16), primary_key=True),  # the public part, shown in lists
    Column("user_name", String(80), ForeignKey("users.name"), nullable=False, index=True),
    Column("secret_hash", String(64), nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("last_used_at", String(32), nullable=True),
    Column("revoked_at", String(32), nullable=True),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(200), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # JSON
)
Index("ix_audit_action_at", audit_log.c.action, audit_log.c.at)

# -- sentence alignment of a document's texts ----------------------------------------------------

# One row per pair of renditions of a document (left: the original or transcription; right: a
# translation or another text): the sentence pairs as character spans, and the SHA-256 of both texts
# they were made for, so a changed text is seen and its alignment made again. ``origin`` is "auto"
# (the aligner) or "edited" (a translator changed it). Every version is kept in alignment_revisions.
alignments = Table(
    "alignments", metadata,
    Column("record_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("left_id", String(64), primary_key=True),
    Column("right_id", String(64), primary_key=True),
    Column("left_sha256", String(64), nullable=False),
    Column("right_sha256", String(64), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("data", Text, nullable=False),  # JSON: {"pairs": [[ls, le, rs, re], ...], "method": ...}
)

alignment_revisions = Table(
    "alignment_revisions", metadata,
    Column("record_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("left_id", String(64), primary_key=True),
    Column("right_id", String(64), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("left_sha256", String(64), nullable=False),
    Column("right_sha256", String(64), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("data", Text, nullable=False),
)

# -- OCR words on page images ----------------------------------------------------------------------

# One row per word OCR read on a page of a stored original (an image file, or a page of a PDF), with
# its box in the pixels of the picture OCR read (``page_width`` × ``page_height``: a PDF page is
# rendered for OCR, so the box is scaled to whatever picture of the page is shown). ``folded`` is the
# word as search compares it. Keyed by the original, not a record: the words are a fact of the file,
# and the reader sees them only through a document they may read that holds it.
page_words = Table(
    "page_words", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("page", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("folded", Text, nullable=False),
    Column("x", Integer, nullable=False),
    Column("y", Integer, nullable=False),
    Column("w", Integer, nullable=False),
    Column("h", Integer, nullable=False),
    Column("confidence", Integer, nullable=False),  # percent
    Column("page_width", Integer, nullable=False),
    Column("page_height", Integer, nullable=False),
)
Index("ix_page_words_folded", page_words.c.sha256, page_words.c.folded)

# Witnesses of one work (store/witnesses.py): a pair of records, the smaller id left.
witness_links = Table(
    "witness_links", metadata,
    Column("left_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("right_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("status", String(16), nullable=False),  # proposed, confirmed, rejected
    Column("score", Float, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("data", Text, nullable=False),  # JSON: {"reasons": {...}, "note": ...}
)
Index("ix_witness_links_right", witness_links.c.right_id)

witness_link_revisions = Table(
    "witness_link_revisions", metadata,
    Column("left_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("right_id", String(64), ForeignKey("records.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("data", Text, nullable=False),
)

# The description of an archival unit above the document (a fond, an opis, a papka, a delo): its
# title, dates, extent and scope note, as a finding aid gives them. ``path`` is the unit's place in
# the tree as canonical JSON ([["repository", "АВП РФ"], ["fond", "0102"], ...]); the tree itself is
# still derived from documents' references, this says what a node is. Every version is kept in
# unit_description_revisions.
unit_descriptions = Table(
    "unit_descriptions", metadata,
    Column("path", Text, primary_key=True),
    Column("level", String(40), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("data", Text, nullable=False),  # JSON: {"title", "date_text", "edtf", "extent", "scope"}
)

unit_description_revisions = Table(
    "unit_description_revisions", metadata,
    Column("path", Text, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("data", Text, nullable=False),
)

# -- statements: requests, offers, decisions, deliveries -----------------------------------------

# One row per statement a document's text makes, extracted or entered. ``passage_key`` (SHA-256 of the
# kind, cue and passage as written, spaces folded) names it across re-extractions whatever its offsets,
# so an editor's verdict sticks: ``status`` is "extracted" (with the extractor's ``confidence``),
# "confirmed", "corrected" or "rejected", and a rejected one is never written again. ``responds_to`` is
# the id of the statement it answers. The authority columns let a person's record be read with SQL.
statements = Table(
    "statements", metadata,
    Column("id", String(64), primary_key=True),
    Column("record_id", String(64), ForeignKey("records.id"), nullable=False, index=True),
    Column("rendition_id", String(64), nullable=False),
    Column("passage_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("confidence", Float, nullable=False),
    Column("passage_start", Integer, nullable=False),
    Column("passage_end", Integer, nullable=False),
    Column("agent_authority", String(64), nullable=True, index=True),
    Column("addressee_authority", String(64), nullable=True, index=True),
    Column("responds_to", String(64), nullable=True),
    Column("date", String(64), nullable=True),
    Column("decision", String(32), nullable=True),
    Column("revision", Integer, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("data", Text, nullable=False),  # JSON: the statement as in the extract contract
    UniqueConstraint("record_id", "passage_key", name="uq_statements_passage"),
)

statement_revisions = Table(
    "statement_revisions", metadata,
    Column("statement_id", String(64), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("record_id", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("data", Text, nullable=False),
)

# Re-extraction runs (jobs.reextract): a run's row, and its documents in numbered batches, each
# batch one job. ``done_at`` is set in the transaction that saves the batch's documents, so a batch
# run again after its worker died is either wholly done (and skipped) or not done at all.
reextract_runs = Table(
    "reextract_runs", metadata,
    Column("id", String(40), primary_key=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("scope", Text, nullable=False),  # JSON: {"collection": ..., "ids": [...]} as asked
    Column("total", Integer, nullable=False),  # documents in the run
    Column("batches", Integer, nullable=False),
    Column("message", Text, nullable=False),  # why an in-process run stopped before its last batch
)
Index("ix_reextract_runs_started", reextract_runs.c.started_at)
reextract_batches = Table(
    "reextract_batches", metadata,
    Column("run_id", String(40), ForeignKey("reextract_runs.id"), primary_key=True),
    Column("number", Integer, primary_key=True),  # from 1
    Column("ids", Text, nullable=False),  # JSON list of document ids
    Column("size", Integer, nullable=False),
    Column("done_at", String(32), nullable=True),
    Column("changed", Integer, nullable=False),  # documents given a new revision
    Column("failed", Integer, nullable=False),  # documents the extractor could not read (kept as they were)
)
