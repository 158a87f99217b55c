"""From stored payload bytes to Unicode: undo Content-Encoding, then find the charset.

Used by live crawls and by re-extraction alike, so both see the same text for the same bytes.
"""

from __future__ import annotations

import zlib

from w3lib.encoding import html_to_unicode

DEFAULT_MAX_DECODED = 50 * 1024 * 1024


class ContentDecodingError(ValueError):
    """The body could not be decoded (corrupt stream, unknown coding, or over the size limit)."""


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, limit + 1)
    if len(out) > limit or d.unconsumed_tail:
        raise ContentDecodingError(f"decoded body exceeds {limit} bytes (decompression bomb?)")
    return out


def _gunzip(data: bytes, limit: int) -> bytes:
    parts, total = [], 0
    while data:  # concatenated gzip members are legal
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1 - total)
        if d.unconsumed_tail or total + len(out) > limit:
            raise ContentDecodingError(f"decoded body exceeds {limit} bytes (decompression bomb?)")
        parts.append(out)
        total += len(out)
        data = d.unused_data if d.eof else b""
    return b"".join(parts)


def _unbrotli(data: bytes, limit: int) -> bytes:
    import brotli

    d = brotli.Decompressor()
    out = b""
    for i in range(0, len(data), 65536):
        out += d.process(data[i : i + 65536])
        if len(out) > limit:
            raise ContentDecodingError(f"decoded body exceeds {limit} bytes (decompression bomb?)")
    return out


def decode_content(body: bytes, content_encoding: str | None, limit: int = DEFAULT_MAX_DECODED) -> bytes:
    """Undo Content-Encoding (gzip, deflate, br; applied in order, last first)."""
    if not content_encoding:
        return body
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    try:
        for coding in reversed(codings):
            if coding in ("gzip", "x-gzip"):
                body = _gunzip(body, limit)
            elif coding == "deflate":
                try:
                    body = _inflate(body, zlib.MAX_WBITS, limit)
                except zlib.error:  # raw deflate, as some servers send
                    body = _inflate(body, -zlib.MAX_WBITS, limit)
            elif coding == "br":
                body = _unbrotli(body, limit)
            elif coding != "identity":
                raise ContentDecodingError(f"unsupported Content-Encoding {coding!r}")
    except (zlib.error, OSError, EOFError) as exc:
        raise ContentDecodingError(f"corrupt {content_encoding} body: {exc}") from exc
    except Exception as exc:
        if isinstance(exc, ContentDecodingError):
            raise
        raise ContentDecodingError(f"corrupt {content_encoding} body: {exc}") from exc
    return body


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    return best.encoding if best else None


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Return (text, encoding): BOM, then HTTP charset, then <meta> charset, then detection.

    A declared charset that does not fit the bytes (a page saying UTF-8 but written in
    windows-1251) turns into replacement characters; then detection decides instead.
    """
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_detect)
    bad = text.count("\ufffd")
    if bad > 10 and bad > len(text) // 200:
        guess = _detect(body)
        if guess:
            try:
                alt = body.decode(guess, errors="replace")
            except LookupError:
                return text, encoding
            if alt.count("\ufffd") < bad // 4:
                return alt, guess
    return text, encoding


def is_html(content_type: str | None, body: bytes) -> bool:
    """HTML by declared type; with no type, by a sniff of the first bytes."""
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        return mime in ("text/html", "application/xhtml+xml")
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))
