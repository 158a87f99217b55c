"""Writing WARC/1.1 files: one gzip member per record, rotated by size, `.open` while written.

What the response record holds, and why:

* The status line, the header fields and the body as the HTTP client received them. The body is
  kept *content-encoded* (gzip/br stay compressed), so the payload digest is over the bytes that
  came off the wire once transfer framing is removed.
* Twisted, under Scrapy, removes hop-by-hop fields (``Connection``, ``Keep-Alive``,
  ``Transfer-Encoding``, ``Content-Length``) and de-chunks the body before anyone else can see it.
  We therefore write a ``Content-Length`` equal to the stored body, never a
  ``Transfer-Encoding: chunked`` that the stored body would not honour. Readers (warcio, pywb)
  frame the payload with it.

Each record is compressed into its own gzip member and written with a single ``write``; the
file is flushed (optionally fsynced) before :meth:`WarcWriter.write_exchange` returns, so a caller
that commits a database row afterwards can never point at bytes that are not on disk.
"""

from __future__ import annotations

import hashlib
import io
import os
import socket
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

OPEN_SUFFIX = ".open"
DEFAULT_MAX_SIZE = 1024**3
HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"content-length", b"te",
              b"trailer", b"upgrade", b"proxy-connection"}

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Exchange:
    """One network fetch, as received: what the snapshot layer hands to the writer."""

    url: str
    method: str
    request_headers: Headers
    status: int
    reason: str
    protocol: str
    response_headers: Headers
    body: bytes
    fetched_at: datetime
    ip_address: str | None = None
    request_body: bytes = b""


IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True)
class RefersTo:
    """The earlier response record a revisit record stands for."""

    target_uri: str
    warc_date: str
    record_id: str
    payload_digest: str | None
    profile: str = IDENTICAL_PAYLOAD


@dataclass(frozen=True)
class RecordLocation:
    """Where a response record landed and what it holds: the facts a CDXJ line carries."""

    warc_file: str  # final file name, relative to the WARC directory
    offset: int
    length: int  # bytes of the gzip member holding the response record
    record_id: str
    request_record_id: str
    payload_sha256: str
    payload_length: int
    payload_digest: str | None  # WARC-Payload-Digest as written (sha1:BASE32)
    warc_date: str
    record_type: str = "response"
    block_digest: str | None = None  # WARC-Block-Digest as written


class _RecordSerializer(WARCWriter):
    """warcio's writer pointed at a buffer, uncompressed: we gzip each record ourselves."""

    def __init__(self, record_id: Callable[[], str] | None):
        super().__init__(io.BytesIO(), gzip=False, warc_version="1.1")
        self._record_id = record_id

    def serialize(self, record) -> bytes:  # type: ignore[no-untyped-def]
        buf = io.BytesIO()
        self._write_warc_record(buf, record)
        return buf.getvalue()

    def _make_warc_id(self) -> str:  # type: ignore[override]
        return self._record_id() if self._record_id else RecordBuilder._make_warc_id()


def warc_date(dt: datetime) -> str:
    """WARC-Date in UTC with microseconds (WARC/1.1 allows sub-second precision)."""
    return datetime_to_iso_date(dt.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def warc_file_name(prefix: str, when: datetime, serial: int, host: str, pid: int) -> str:
    """IIPC naming: prefix-timestamp-serial-host-pid.warc.gz (Heritrix, wget and pywb agree)."""
    stamp = when.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
    return f"{prefix}-{stamp}-{serial:05d}-{host}-{pid}.warc.gz"


class _RawHeaders(StatusAndHeaders):
    """Header bytes as received: warcio would %-encode non-ASCII values; HTTP headers are latin-1."""

    def compute_headers_buffer(self, header_filter=None):  # type: ignore[no-untyped-def]
        self.headers_buff = self.to_str(header_filter).encode("latin-1", "replace") + b"\r\n"


def _http_headers(first_line: str, headers: Iterable[tuple[bytes, bytes]], *, request: bool = False) -> StatusAndHeaders:
    """warcio's header block; ``first_line`` is the whole status or request line."""
    pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
    return _RawHeaders(first_line, pairs, is_http_request=request) if request else \
        _RawHeaders(first_line.split(" ", 1)[1], pairs, protocol=first_line.split(" ", 1)[0])


class WarcWriter:
    """Rotating writer of request/response pairs into gzip-per-record WARC/1.1 files.

    ``record_id`` and ``now`` can be injected so tests produce byte-identical golden files.
    """

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str = "provcrawl",
        max_size: int = DEFAULT_MAX_SIZE,
        gzip_level: int = 3,
        fsync: bool = False,
        warcinfo: dict[str, str] | None = None,
        record_id: Callable[[], str] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_open: Callable[[str], None] | None = None,
        on_close: Callable[[str, int], None] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_size = max_size
        self.gzip_level = gzip_level
        self.fsync = fsync
        self.warcinfo = dict(warcinfo or {})
        self.now = now
        self.on_open = on_open
        self.on_close = on_close
        self._builder = _RecordSerializer(record_id)
        self._host = socket.gethostname().split(".")[0] or "localhost"
        self._serial = 0
        self._fh: io.BufferedWriter | None = None
        self._name: str | None = None

    # -- file life cycle -------------------------------------------------------------------
    @property
    def current_file(self) -> str | None:
        return self._name

    def start_file(self) -> None:
        """Open a new file (its warcinfo record first); writes do this by themselves when needed."""
        while True:
            self._serial += 1
            name = warc_file_name(self.prefix, self.now(), self._serial, self._host, os.getpid())
            final = self.directory / name
            if not final.exists() and not (self.directory / (name + OPEN_SUFFIX)).exists():
                break
        self._fh = open(self.directory / (name + OPEN_SUFFIX), "xb")  # noqa: SIM115
        self._name = name
        if self.on_open:
            self.on_open(name)
        info = {"software": "provcrawl", "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "hostname": socket.gethostname(), **self.warcinfo}
        record = self._builder.create_warcinfo_record(name, info)
        record.rec_headers.replace_header("WARC-Date", warc_date(self.now()))
        self._append(self._member(self._builder.serialize(record)))

    def close(self) -> None:
        """Close the current file and drop its `.open` suffix."""
        if self._fh is None:
            return
        size = self._fh.tell()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        assert self._name is not None
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        name, self._fh, self._name = self._name, None, None
        if self.on_close:
            self.on_close(name, size)

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _member(self, raw: bytes) -> bytes:
        compressor = zlib.compressobj(self.gzip_level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        return compressor.compress(raw) + compressor.flush()

    def _append(self, *members: bytes) -> int:
        """Write whole members at the end, flushed; on failure (disk full...) cut back to before them."""
        assert self._fh is not None
        offset = self._fh.tell()
        try:
            self._fh.write(b"".join(members))
            self._fh.flush()
            if self.fsync:
                os.fsync(self._fh.fileno())
        except OSError:
            try:
                self._fh.seek(offset)
                self._fh.truncate(offset)
                self._fh.flush()
            except OSError:
                pass
            raise
        return offset

    # -- records ---------------------------------------------------------------------------
    def write_exchange(self, ex: Exchange, revisit: RefersTo | None = None) -> RecordLocation:
        """Write the response (or revisit) record, then its request record; return the former's location.

        With ``revisit``, the body is not stored again: a ``revisit`` record keeps the status line
        and headers and names the earlier record (identical payload, or a 304 confirming it).
        """
        if self._fh is None:
            self.start_file()
        date = warc_date(ex.fetched_at)
        headers = [(k, v) for k, v in ex.response_headers if k.lower() not in HOP_BY_HOP]
        headers.append((b"Content-Length", str(len(ex.body)).encode()))
        status_line = f"{ex.protocol} {ex.status} {ex.reason}".strip()
        resp_headers = {"WARC-Date": date}
        if ex.ip_address:
            resp_headers["WARC-IP-Address"] = ex.ip_address
        if revisit is None:
            response = self._builder.create_warc_record(
                ex.url, "response", payload=io.BytesIO(ex.body), length=len(ex.body),
                http_headers=_http_headers(status_line, headers),
                warc_headers_dict=resp_headers,
            )
        else:
            resp_headers.update({"WARC-Profile": revisit.profile, "WARC-Refers-To": revisit.record_id,
                                 "WARC-Refers-To-Target-URI": revisit.target_uri,
                                 "WARC-Refers-To-Date": revisit.warc_date})
            if revisit.payload_digest:
                resp_headers["WARC-Payload-Digest"] = revisit.payload_digest
            response = self._builder.create_warc_record(
                ex.url, "revisit", http_headers=_http_headers(status_line, headers), warc_headers_dict=resp_headers)
        self._builder.ensure_digest(response, block=True, payload=revisit is None)
        response_id = response.rec_headers.get_header("WARC-Record-ID")

        path = _request_target(ex.url)
        req_headers = [(k, v) for k, v in ex.request_headers if k.lower() != b"host"]
        req_headers.insert(0, (b"Host", _host_header(ex.url).encode("ascii")))
        req_dict = {"WARC-Date": date, "WARC-Concurrent-To": response_id}
        if ex.ip_address:
            req_dict["WARC-IP-Address"] = ex.ip_address
        request = self._builder.create_warc_record(
            ex.url, "request", payload=io.BytesIO(ex.request_body), length=len(ex.request_body),
            http_headers=_http_headers(f"{ex.method} {path} {ex.protocol}", req_headers, request=True),
            warc_headers_dict=req_dict,
        )
        self._builder.ensure_digest(request, block=True, payload=True)

        response_member = self._member(self._builder.serialize(response))
        offset = self._append(response_member, self._member(self._builder.serialize(request)))
        length = len(response_member)
        assert self._name is not None
        location = RecordLocation(
            warc_file=self._name, offset=offset, length=length, record_id=response_id,
            request_record_id=request.rec_headers.get_header("WARC-Record-ID"),
            payload_sha256=hashlib.sha256(ex.body).hexdigest(), payload_length=len(ex.body),
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"), warc_date=date,
            record_type=response.rec_type, block_digest=response.rec_headers.get_header("WARC-Block-Digest"),
        )
        assert self._fh is not None
        if self._fh.tell() >= self.max_size:
            self.close()
        return location


    def write_resource(self, uri: str, content_type: str, payload: bytes, when: datetime,
                       concurrent_to: str | None = None) -> RecordLocation:
        """A WARC ``resource`` record: something made, not fetched (a screenshot, a rendered DOM).

        ``uri`` names it (``urn:screenshot:URL``, as Browsertrix does); ``concurrent_to`` links it to
        the response record of the page it was made from.
        """
        if self._fh is None:
            self.start_file()
        date = warc_date(when)
        fields = {"WARC-Date": date}
        if concurrent_to:
            fields["WARC-Concurrent-To"] = concurrent_to
        record = self._builder.create_warc_record(uri, "resource", payload=io.BytesIO(payload), length=len(payload),
                                                  warc_content_type=content_type, warc_headers_dict=fields)
        self._builder.ensure_digest(record, block=True, payload=True)
        member = self._member(self._builder.serialize(record))
        offset = self._append(member)
        assert self._name is not None
        location = RecordLocation(
            warc_file=self._name, offset=offset, length=len(member),
            record_id=record.rec_headers.get_header("WARC-Record-ID"), request_record_id="",
            payload_sha256=hashlib.sha256(payload).hexdigest(), payload_length=len(payload),
            payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"), warc_date=date,
            record_type="resource", block_digest=record.rec_headers.get_header("WARC-Block-Digest"))
        assert self._fh is not None
        if self._fh.tell() >= self.max_size:
            self.close()
        return location


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _host_header(url: str) -> str:
    return urlsplit(url).netloc.rsplit("@", 1)[-1]


@dataclass(frozen=True)
class StoredRecord:
    """A record read back from a WARC file: headers and the payload as stored."""

    record_type: str
    record_id: str | None
    target_uri: str | None
    warc_date: str | None
    status: int | None
    http_headers: Headers
    payload: bytes
    payload_digest: str | None
    block_digest: str | None

    def header(self, name: str) -> str | None:
        want = name.lower().encode("latin-1")
        for k, v in self.http_headers:
            if k.lower() == want:
                return v.decode("latin-1")
        return None


def open_stored(path: Path) -> io.BufferedReader:
    """Open the WARC file a row names, for reading. While its writer still has it open, the file is
    ``NAME.open`` (renamed at close); each record is flushed before its row is committed, so the
    row's bytes are already there. The name is tried again last: the writer may close it meanwhile."""
    try:
        return open(path, "rb")  # the caller closes it
    except FileNotFoundError:
        pass
    try:
        return open(path.with_name(path.name + OPEN_SUFFIX), "rb")
    except FileNotFoundError:
        return open(path, "rb")


def stored_file_exists(path: Path) -> bool:
    """The row's WARC file is there, closed or still being written (``open_stored``)."""
    return path.is_file() or path.with_name(path.name + OPEN_SUFFIX).is_file()


class WarcReadError(Exception):
    """A record could not be read at the given place."""


def read_record(path: Path, offset: int, max_payload: int | None = None) -> StoredRecord:
    """Read the one record at ``offset`` (a gzip member start or a plain record start)."""
    try:
        with open_stored(path) as fh:
            fh.seek(offset)
            it = ArchiveIterator(fh, check_digests=False)
            record = next(iter(it), None)
            if record is None:
                raise WarcReadError(f"no WARC record at {path}:{offset}")
            stream = payload_stream(record)
            payload = stream.read() if max_payload is None else stream.read(max_payload)
            return _stored(record, payload)
    except WarcReadError:
        raise
    except OSError as exc:
        raise WarcReadError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # warcio raises a variety of parse errors on damaged input
        raise WarcReadError(f"unreadable WARC record at {path}:{offset}: {_why_unreadable(path, offset, exc)}") from exc


def _why_unreadable(path: Path, offset: int, exc: Exception) -> str:
    """One short ASCII line: warcio quotes the raw (compressed) bytes of a member it cannot read."""
    try:
        with open_stored(path) as fh:
            fh.seek(offset)
            if fh.read(2) == b"\x1f\x8b" and "Unknown archive format" in str(exc):
                return "corrupt: its gzip member does not inflate (bytes changed or lost)"
    except OSError:
        pass
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text[:200].encode("ascii", "backslashreplace").decode()


def payload_stream(record):  # type: ignore[no-untyped-def]
    """The payload as stored: transfer framing removed, content encoding kept (gzip stays gzip)."""
    http = record.http_headers
    if http is not None and "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        return ChunkedDataReader(record.raw_stream, decomp_type=None)
    return record.raw_stream


def target_uri(record) -> str | None:  # type: ignore[no-untyped-def]
    """The record's URI, read the way warcio reads WARC-Target-URI: an ARC record's URL line may
    hold spaces, which are %20-encoded as warcio does for a WARC header (and pywb replays them)."""
    headers = record.rec_headers
    uri = headers.get_header("uri") if record.format == "arc" else headers.get_header("WARC-Target-URI")
    return uri.replace(" ", "%20") if uri else uri


def http_content_length(http) -> int | None:  # type: ignore[no-untyped-def]
    """The HTTP Content-Length, when the message has one that is a number."""
    value = (http.get_header("Content-Length") or "").strip() if http is not None else ""
    return int(value) if value.isdigit() else None


def _stored(record, payload: bytes) -> StoredRecord:  # type: ignore[no-untyped-def]
    http = record.http_headers
    status = None
    headers: Headers = []
    if http is not None:
        code = http.get_statuscode()
        status = int(code) if code and code.isdigit() else None
        headers = [(k.encode("latin-1", "replace"), v.encode("latin-1", "replace"))
                   for k, v in http.headers]
    rh = record.rec_headers
    return StoredRecord(
        record_type=record.rec_type, record_id=rh.get_header("WARC-Record-ID"),
        target_uri=rh.get_header("WARC-Target-URI"), warc_date=rh.get_header("WARC-Date"),
        status=status, http_headers=headers, payload=payload,
        payload_digest=rh.get_header("WARC-Payload-Digest"),
        block_digest=rh.get_header("WARC-Block-Digest"),
    )
