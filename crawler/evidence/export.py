"""Evidence bundles: one capture as a WACZ file a third party can open and check.

The capture's WARC records (response, its request, and the redirect hops that led to it) are
copied byte for byte — same gzip members, same digests — into ``archive/data.warc.gz`` behind a
new warcinfo record. Beside them: a CDXJ index, ``pages/pages.jsonl``, the capture's provenance
record (``provenance/capture-N.json``: the capture's Merkle log proof and leaf facts, and its rows),
the signed (and timestamped) tree head the proof leads to with the archive's public key
(crawler/evidence/bundle_write.py), and ``datapackage.json`` listing every file with its SHA-256
(WACZ 1.1.1), signed in ``datapackage-digest.json`` with the archive key. A capture that got
``304 Not Modified`` is exported with the response it confirmed; its revisit record is in the WARC
and in the provenance record, but not in the replay index (see crawler/evidence/replay.py).
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from crawler import __version__
from crawler.evidence.keys import load_archive_key
from crawler.evidence.replay import is_not_modified, without_not_modified
from crawler.evidence.tree_heads import ProofError, capture_proof
from crawler.evidence.bundle_write import proof_files, write_wacz
from storage.merkle_log import leaf_facts
from storage.models import Capture, Ledger
from storage.queries import capture_dict, extraction_dict
from storage.verify import check_record
from storage.warc import WarcWriter, open_stored

WACZ_WARC = "data.warc.gz"


class ExportError(Exception):
    """The capture cannot be exported (no WARC record, unreadable file)."""


def _member_at(path: Path, offset: int, length: int | None = None) -> tuple[bytes, Any]:
    """The raw bytes of the record at ``offset`` (its gzip member, or plain record) and its headers."""
    with open_stored(path) as fh:
        fh.seek(offset)
        it = ArchiveIterator(fh)
        record = next(iter(it), None)
        if record is None:
            raise ExportError(f"no record at {path}:{offset}")
        record.content_stream().read()
        headers = record.rec_headers
        size = it.get_record_length() if length is None else length
        fh.seek(offset)
        return fh.read(size), headers


def _as_member(raw: bytes) -> bytes:
    """A record from an uncompressed WARC (wget --no-warc-compression, ...), gzipped as one member of
    the bundle's data.warc.gz with its closing blank lines; the record's own bytes stay the same.
    A gzip member (our files, most tools') is returned as it is."""
    if raw[:2] == b"\x1f\x8b":
        return raw
    end = raw.find(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in raw[:end].split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), None) if end >= 0 else None
    record = raw[:end + 4 + length] if length is not None else raw.rstrip(b"\r\n")
    return gzip.compress(record + b"\r\n\r\n", mtime=0)


def _request_member(path: Path, c: Capture) -> bytes | None:
    """The request record paired with the response: right after it in our files, else by search."""
    assert c.warc_offset is not None and c.warc_length is not None
    try:
        raw, headers = _member_at(path, c.warc_offset + c.warc_length)
        if headers.get_header("WARC-Type") == "request" and headers.get_header("WARC-Concurrent-To") == c.warc_record_id:
            return raw
    except (ExportError, OSError, ValueError, StopIteration):
        pass
    with open_stored(path) as fh:
        it = ArchiveIterator(fh)
        for record in it:
            h = record.rec_headers
            if h.get_header("WARC-Type") == "request" and (
                    h.get_header("WARC-Concurrent-To") == c.warc_record_id
                    or (c.warc_request_record_id and h.get_header("WARC-Record-ID") == c.warc_request_record_id)):
                record.content_stream().read()
                offset, length = it.get_record_offset(), it.get_record_length()
                fh.seek(offset)
                return fh.read(length)
    return None


def _arc_as_warc(path: Path, offset: int) -> bytes:
    """An ARC record as a WARC response record (warcio's ARC-to-WARC conversion, as `warcio
    recompress` does it): the same HTTP message and payload under WARC headers, in one gzip member."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    with open_stored(path) as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh, arc2warc=True)), None)
        if record is None:
            raise ExportError(f"no record at {path}:{offset}")
        writer.write_record(record)
    return buf.getvalue()


def related_captures(session: Session, c: Capture) -> list[Capture]:
    """Redirect hops of the same run whose chain ended at this capture, oldest first."""
    q = (select(Capture).where(Capture.run_id == c.run_id, Capture.final_url == c.url,
                               Capture.redirect_location.is_not(None), Capture.fetched_at <= c.fetched_at,
                               Capture.warc_file.is_not(None))
         .order_by(Capture.fetched_at, Capture.id))
    return list(session.scalars(q))


def exportable(c: Capture) -> bool:
    """A capture whose bundle replays the page: a 2xx response, or a 304 confirming one."""
    return bool(c.warc_file) and c.status is not None and (200 <= c.status < 300 or is_not_modified(c))


def page_text(c: Capture) -> str | None:
    """The capture's newest extracted main text, if any extraction found text."""
    for e in reversed(c.extractions):
        if e.status == "ok" and e.text:
            return e.text
    return None


def page_subresources(session: Session, c: Capture) -> list[Capture]:
    """The records a browser capture's page loaded (page_capture_id), in the order they were written."""
    q = select(Capture).where(Capture.page_capture_id == c.id, Capture.warc_file.is_not(None)).order_by(Capture.id)
    return list(session.scalars(q))


def _made_records(data_dir: Path, chain: list[Capture], record_ids: set[str]) -> list[bytes]:
    """The page's screenshot and rendered-DOM resource records: written after its responses, in the
    same file as the last of them (or the next one, when the file rotated)."""
    found: dict[str, bytes] = {}
    files = list(dict.fromkeys(cap.warc_file for cap in reversed(chain) if cap.warc_file))
    for name in files:
        if len(found) == len(record_ids):
            break
        with open_stored(data_dir / name) as fh:
            it = ArchiveIterator(fh)
            for record in it:
                rid = record.rec_headers.get_header("WARC-Record-ID")
                record.content_stream().read()
                if rid in record_ids and rid not in found:
                    offset, length = it.get_record_offset(), it.get_record_length()
                    here = fh.tell()
                    fh.seek(offset)
                    found[rid] = fh.read(length)
                    fh.seek(here)
    return list(found.values())


def export_capture(session: Session, data_dir: Path, c: Capture, out: Path) -> dict[str, Any]:
    if not c.warc_file or c.warc_offset is None or c.warc_length is None:
        raise ExportError(f"capture {c.id} has no WARC record (fetch error: {c.error})")
    problem = check_record(data_dir, c, {})
    if problem is not None:
        raise ExportError(f"capture {c.id} does not verify ({problem.kind}: {problem.detail}); not exporting")
    members: list[bytes] = []
    chain = [*related_captures(session, c), c]
    if c.revisit_of is not None:  # the revisit record needs the record holding the payload
        chain.insert(0, c.revisit_of)
    not_modified: list[int] = []  # where 304 revisits start, counted from the first copied record
    for sub in page_subresources(session, c):  # a browser capture: its CSS, images, fonts, XHR ...
        chain += [x for x in (sub.revisit_of, sub) if x is not None and x not in chain]
    for cap in chain:
        assert cap.warc_file is not None and cap.warc_offset is not None
        path = data_dir / cap.warc_file
        if cap.warc_record_id is None:  # an ARC record (see crawler/evidence/importer.py): a WARC cannot hold it as is
            members.append(_arc_as_warc(path, cap.warc_offset))
            continue
        raw, _ = _member_at(path, cap.warc_offset, cap.warc_length)
        if is_not_modified(cap):
            not_modified.append(sum(map(len, members)))
        members.append(_as_member(raw))
        req = _request_member(path, cap)
        if req is not None:
            members.append(_as_member(req))
    members += map(_as_member, _made_records(data_dir, chain, {c.screenshot_record_id, c.rendered_dom_record_id} - {None}))

    created = datetime.now(UTC)
    archive_key = load_archive_key(data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        warc_tmp = Path(tmp) / "warc"
        with WarcWriter(warc_tmp, prefix="export", warcinfo={
                "description": f"provcrawl evidence export of capture {c.id} ({c.url})",
                "software": f"provcrawl/{__version__}"}) as writer:
            writer.start_file()  # only the warcinfo record: the records themselves are copied verbatim
            info_name = writer.current_file
        assert info_name is not None
        info = (warc_tmp / info_name).read_bytes()
        data = info + b"".join(members)
        (Path(tmp) / "data.warc.gz").write_bytes(data)
        # A 304 revisit is on record in the WARC but not in the replay index: ReplayWeb.page would
        # serve its 304 as an empty page; without the line it replays the response the 304 confirmed.
        index = "".join(without_not_modified(_cdxj(Path(tmp) / "data.warc.gz").decode().splitlines(True),
                                             {(WACZ_WARC, len(info) + off) for off in not_modified})).encode()

    extraction = c.extractions[-1] if c.extractions else None
    pages = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
             {"id": f"capture-{c.id}", "url": c.url, "ts": c.fetched_at.isoformat().replace("+00:00", "Z"),
              "title": extraction.title if extraction and extraction.title else c.url}]
    text = page_text(c)
    if text:  # the WACZ pages' full text: what ReplayWeb.page searches
        pages[0]["hasText"] = True
        pages[1]["text"] = text
    try:
        proof = capture_proof(session, data_dir, c.id)  # the Merkle log: leaf, audit path, signed tree head
    except ProofError as exc:
        raise ExportError(str(exc)) from exc
    head = session.get(Ledger, 1)
    provenance = {
        **proof, "leaf_facts": leaf_facts(c),
        "capture": capture_dict(c),
        "extractions": [extraction_dict(e, with_text=True) for e in c.extractions],
        "redirect_hops": [capture_dict(h) for h in related_captures(session, c)],
        "ledger_head": {"hash": head.head_hash, "capture_id": head.head_capture_id} if head else None,
        "verified_at_export": True,
        "exported_at": created.isoformat(), "software": f"provcrawl {__version__}",
        "how_to_check": "`provcrawl verify --bundle THIS.wacz --tsa-cert TSA-CA.pem`, or by hand (README: Proving a "
                        "capture to someone who does not trust you): the leaf is SHA-256(0x00 || canonical JSON of "
                        "leaf_facts), the audit path leads to tree_head.root, the archive key signed "
                        "provenance/tree-head-SIZE.json, the RFC 3161 token covers those bytes; "
                        "sha256 of the payload in archive/data.warc.gz's response record for this URL equals "
                        "capture.sha256; the WARC digests are the originals (records copied byte for byte)"
                        + (", except that an ARC record is converted to a WARC response record with the same "
                           "HTTP message and payload (ARC records have no WARC headers)."
                           if any(cap.warc_record_id is None for cap in chain) else "."),
    }
    files = {
        f"archive/{WACZ_WARC}": data,
        "indexes/index.cdx": index,
        "pages/pages.jsonl": "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages).encode(),
        f"provenance/capture-{c.id}.json": json.dumps(provenance, ensure_ascii=False, indent=2).encode(),
        **proof_files(proof),
    }
    meta = {"title": f"provcrawl capture {c.id}", "description": f"{c.url} as fetched at {c.fetched_at.isoformat()}",
            "mainPageURL": c.url, "mainPageDate": c.fetched_at.isoformat().replace("+00:00", "Z"),
            "created": created.isoformat(), "software": f"provcrawl {__version__}"}
    digest = write_wacz(out, files, meta, archive_key.private if archive_key else None)
    return {"capture_id": c.id, "url": c.url, "out": str(out), "records": len(members), "files": sorted(files),
            "datapackage_sha256": digest["hash"], "signed": "signedData" in digest, "tree_head": proof["tree_head"],
            "tree_head_signed": proof["signature"] is not None, "timestamp": proof["timestamp"] and {
                k: proof["timestamp"][k] for k in ("tsa", "gen_time")}}


def _cdxj(warc: Path) -> bytes:
    from cdxj_indexer.main import write_cdx_index

    out = io.StringIO()
    with tempfile.NamedTemporaryFile("r", suffix=".cdxj", delete=True) as fh:
        write_cdx_index(fh.name, [str(warc)], {"sort": True, "filename": WACZ_WARC})
        out.write(Path(fh.name).read_text())
    return out.getvalue().encode()
