"""WARC files gzipped as one stream (``gzip file.warc``) rather than one gzip member per record: how
to tell them, and the uncompressed copy an import reads instead, where each record has an offset."""

from __future__ import annotations

import contextlib
import io
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.evidence.wacz import NotImportable, file_sha256


def one_gzip_stream(path: Path) -> bool:
    """A gzipped file whose first gzip member holds more than one record (``gzip file.warc``): its
    records have no offsets of their own. Per-record gzip ends each member with its record."""
    d, out = zlib.decompressobj(16 + zlib.MAX_WBITS), bytearray()
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return False
        fh.seek(0)
        while len(out) < 1 << 20 and not d.eof and (chunk := fh.read(1024)):
            try:
                out += d.decompress(chunk)
            except zlib.error:
                break
    records = 0
    with contextlib.redirect_stderr(io.StringIO()):
        try:  # the first 1 MB of the stream holds two records...
            for _ in ArchiveIterator(io.BytesIO(bytes(out))):
                records += 1
        except Exception:  # noqa: BLE001 - the prefix ends inside a record, or damage: counted so far
            pass
        if records > 1:
            return True
        with open(path, "rb") as fh:  # ... or a longer first record is followed by another in its member
            it = ArchiveIterator(fh)
            try:
                next(iter(it))
                it.read_to_end()
            except Exception:  # noqa: BLE001 - damage is found and reported by the import itself
                return False
            return bool(it.reader and it.reader.decompressor is not None and it.next_line)


def gunzipped_copy(src: Path, dest_dir: Path, problems: list[str]) -> Path:
    """Unpack a one-stream gzip file: the records, byte for byte, in an uncompressed file beside the
    other imports, where each has an offset. A corrupt stretch ends the copy; it is reported in ``problems``."""
    name = src.name[:-3] if src.name.endswith(".gz") else src.name + ".gunzipped"
    dest = dest_dir / name
    partial = dest.with_name(dest.name + ".partial")
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    consumed = 0
    with open(src, "rb") as fh, open(partial, "wb") as out:
        while chunk := fh.read(16384):  # small steps: a corrupt step loses only its own output
            try:
                while chunk:
                    out.write(d.decompress(chunk))
                    if not d.eof:
                        consumed += len(chunk)
                        break
                    consumed += len(chunk) - len(d.unused_data)
                    chunk = d.unused_data
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            except zlib.error as exc:
                problems.append(f"{src}:{consumed}: corrupt gzip data ({exc}); only the records "
                                       "before it were imported")
                break
    if dest.exists() and file_sha256(dest) != file_sha256(partial):
        partial.unlink()
        raise NotImportable(f"{dest} exists and differs from its unpacked content")
    partial.replace(dest)
    problems.append(f"{src}: one gzip stream, not one gzip member per record, so its records have no "
                           f"offsets of their own: imported from an uncompressed copy, {dest}")
    return dest
