"""Provenance schema: crawl runs, captures (one per network fetch) and their extractions.

A capture row carries the facts a CDXJ index line carries (URL, date, status, MIME type, payload
digest, WARC file, offset, length), so the database and an index of the WARCs stay interchangeable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text,
                        event)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from storage.urlkey import url_key

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, UTC stored without zone (SQLite has none), aware UTC out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; provenance times must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def _url_key_default(context: Any) -> str:
    params = context.get_current_parameters()
    return url_key(params.get("archive_of") or params["url"])  # an archive copy files under its original


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, int: BigInteger().with_variant(Integer, "sqlite")}


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    command: Mapped[str] = mapped_column(Text)
    spider: Mapped[str | None] = mapped_column(String(100))
    software_version: Mapped[str] = mapped_column(String(100))
    versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|finished|interrupted|failed
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    captures_count: Mapped[int] = mapped_column(default=0)
    errors_count: Mapped[int] = mapped_column(default=0)
    bytes_written: Mapped[int] = mapped_column(default=0)
    change_counts: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # new/unchanged/changed/revisits
    host: Mapped[str | None] = mapped_column(String(255))  # where it ran: to tell a dead run from a live one
    pid: Mapped[int | None]
    args: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # spider and arguments, for --resume

    captures: Mapped[list[Capture]] = relationship(back_populates="run")


class Capture(Base):
    __tablename__ = "capture"
    __table_args__ = (
        Index("ix_capture_url_fetched_at", "url", "fetched_at"),
        Index("ix_capture_url_key_fetched_at", "url_key", "fetched_at"),
        Index("ix_capture_fetched_at", "fetched_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime]
    status: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(255))
    sha256: Mapped[str | None] = mapped_column(String(64))
    length: Mapped[int | None]
    payload_digest: Mapped[str | None] = mapped_column(String(80))  # WARC-Payload-Digest as written
    block_digest: Mapped[str | None] = mapped_column(String(80))  # WARC-Block-Digest as written (a leaf fact)
    warc_file: Mapped[str | None] = mapped_column(Text)  # relative to the data dir
    warc_offset: Mapped[int | None]
    warc_length: Mapped[int | None]
    warc_record_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    warc_request_record_id: Mapped[str | None] = mapped_column(String(80))
    ip_address: Mapped[str | None] = mapped_column(String(64))
    redirect_location: Mapped[str | None] = mapped_column(Text)
    paywall_status: Mapped[str] = mapped_column(String(20), default="unknown")
    paywall_evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    blocked: Mapped[str | None] = mapped_column(String(40))  # an access problem, not a paywall
    source: Mapped[str | None] = mapped_column(String(64), index=True)  # registry source name
    url_key: Mapped[str | None] = mapped_column(Text, default=_url_key_default)  # canonical form for look-ups
    error: Mapped[str | None] = mapped_column(Text)
    chain_hash: Mapped[str | None] = mapped_column(String(64))  # the old chain (storage/ledger.py); rows before 0008
    record_type: Mapped[str | None] = mapped_column(String(16))  # response | revisit (None: no record)
    revisit_of_id: Mapped[int | None] = mapped_column(ForeignKey("capture.id"))  # the capture holding the payload
    change: Mapped[str | None] = mapped_column(String(12))  # payload vs previous capture: new|unchanged|changed
    text_change: Mapped[str | None] = mapped_column(String(12))  # extracted text vs previous: new|unchanged|changed
    archive_of: Mapped[str | None] = mapped_column(Text)  # fetched from a web archive: the original URL
    memento_datetime: Mapped[datetime | None]  # ... and when the archive captured it
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    fetched_with: Mapped[str | None] = mapped_column(String(10), default="http")  # http | browser
    # a browser page's subresource (CSS, image, XHR...): the capture of the document that loaded it
    page_capture_id: Mapped[int | None] = mapped_column(ForeignKey("capture.id"), index=True)
    page_resources: Mapped[int | None]  # a browser page: how many subresource records were written for it
    screenshot_record_id: Mapped[str | None] = mapped_column(String(80))  # WARC resource urn:screenshot:URL
    rendered_dom_record_id: Mapped[str | None] = mapped_column(String(80))  # WARC resource urn:rendered-dom:URL

    run: Mapped[CrawlRun] = relationship(back_populates="captures")
    revisit_of: Mapped[Capture | None] = relationship(remote_side="Capture.id", lazy="select",
                                                      foreign_keys=[revisit_of_id])
    extractions: Mapped[list[Extraction]] = relationship(
        back_populates="capture", order_by="Extraction.id"
    )


class Extraction(Base):
    __tablename__ = "extraction"
    __table_args__ = (Index("ix_extraction_capture_versions", "capture_id", "extractor_version", "settings_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id"), index=True)
    extractor: Mapped[str] = mapped_column(String(50))
    extractor_version: Mapped[str] = mapped_column(String(50))
    settings_hash: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    extracted_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10))  # ok|empty|error
    encoding: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    comments: Mapped[str | None] = mapped_column(Text)
    sitename: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    rules_version: Mapped[str | None] = mapped_column(String(64))
    paywall_status: Mapped[str | None] = mapped_column(String(20))
    paywall_blocked: Mapped[str | None] = mapped_column(String(40))
    paywall_evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    classifier_version: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    extracted_from: Mapped[str | None] = mapped_column(String(20))  # a browser capture: response | rendered-dom

    capture: Mapped[Capture] = relationship(back_populates="extractions")


class Notification(Base):
    """An alert about one crawl run for one target, kept until delivered: a failed send is retried
    by the next run. The target's apprise URL can hold passwords and tokens, so only its SHA-256
    (to match it when it is given again) and a redacted form are stored."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_target_hash_delivered_at", "target_hash", "delivered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    target_hash: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(Text)  # redacted, for people
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    through_capture_id: Mapped[int | None]  # the run's newest capture it reports (a resumed run goes on from there)
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)  # redacted
    delivered_at: Mapped[datetime | None]


class Ledger(Base):
    """One row: the old chain's newest hash (see storage/ledger.py); frozen since the Merkle log."""

    __tablename__ = "ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    head_capture_id: Mapped[int | None]


class MerkleLog(Base):
    """One row: the log's size. Appending a batch locks it, so leaf indexes stay dense and unique."""

    __tablename__ = "merkle_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(default=0)


class MerkleLeaf(Base):
    """Leaf ``idx`` of the log (0-based): the RFC 6962 leaf hash of one capture's facts (storage/merkle_log.py)."""

    __tablename__ = "merkle_leaf"

    idx: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id"), unique=True)
    leaf_hash: Mapped[str] = mapped_column(String(64))  # hex


class MerkleNode(Base):
    """Cached hash of the perfect subtree of leaves [idx * 2**level, (idx + 1) * 2**level): levels 4, 8, 12...

    A cache only: proofs built from a wrong node fail to verify, and ``verify --all`` recomputes it."""

    __tablename__ = "merkle_node"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))  # hex


class TreeHead(Base):
    """A tree head as stored: its canonical JSON (``signed_bytes``) is what is signed and timestamped."""

    __tablename__ = "tree_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int]
    root: Mapped[str] = mapped_column(String(64))  # hex
    created: Mapped[datetime]  # whole seconds, UTC
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)  # None: no archive key when it was made
    key_algorithm: Mapped[str | None] = mapped_column(String(16))  # p256 | ed25519
    key_id: Mapped[str | None] = mapped_column(String(64))  # sha256 of the public key's DER SPKI
    public_key: Mapped[str | None] = mapped_column(Text)  # PEM
    tsa_url: Mapped[str | None] = mapped_column(Text)
    tsa_gen_time: Mapped[datetime | None]
    tsa_response: Mapped[bytes | None] = mapped_column(LargeBinary)  # DER TimeStampResp (.tsr)

    def signed_bytes(self) -> bytes:
        from storage.merkle_log import tree_head_bytes

        return tree_head_bytes(self.size, self.root, self.created)


@event.listens_for(Base, "before_insert", propagate=True)
@event.listens_for(Base, "before_update", propagate=True)
def _fit_strings(mapper: Any, connection: Any, target: Any) -> None:
    """Values from the web (headers, URLs, WARC fields) can be any length; a bounded column keeps
    their start instead of failing the insert (PostgreSQL refuses what SQLite would accept)."""
    for column in mapper.columns:
        length = getattr(column.type, "length", None)
        if length and isinstance(column.type, String) and not isinstance(column.type, Text):
            value = getattr(target, column.key, None)
            if isinstance(value, str) and len(value) > length:
                setattr(target, column.key, value[:length])


_FITTED = [(c.key, c.type.length) for c in Capture.__table__.columns
           if isinstance(c.type, String) and not isinstance(c.type, Text) and c.type.length]
_INSERT_CAPTURE = Capture.__table__.insert().returning(Capture.__table__.c.id)


def insert_capture(session: Any, values: dict[str, Any]) -> int:
    """One capture row by a Core ``INSERT ... RETURNING id`` (values cut as ``_fit_strings`` cuts them).

    The crawl records a row per page; the ORM's unit of work for it cost more CPU than the rest of
    recording together. The row is not in the session's identity map: load it if you need it."""
    for key, length in _FITTED:
        value = values.get(key)
        if isinstance(value, str) and len(value) > length:
            values[key] = value[:length]
    return session.execute(_INSERT_CAPTURE, values).scalar_one()
