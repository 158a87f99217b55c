"""The pure parts: content decoding, charset choice, extraction never raising."""

from __future__ import annotations

import gzip
import zlib

import pytest

from crawler.decoding import ContentDecodingError, decode_content, decode_html, is_html
from crawler.extraction import ExtractionSettings, declared_language, extract
from tests.fixture_server import SITE

ARTICLE = (SITE / "en/news/lavrov-blinken.html").read_bytes()
CP1251 = (SITE / "ru/news/lavrov-blinken-cp1251.html").read_bytes()


def test_http_charset_wins_over_meta() -> None:
    body = '<html><head><meta charset="utf-8"></head><body>Привет</body></html>'.encode("koi8-r")
    text, enc = decode_html(body, "text/html; charset=koi8-r")
    assert "Привет" in text and enc == "koi8-r"


def test_meta_charset_used_without_http_charset() -> None:
    text, enc = decode_html(CP1251, "text/html")
    assert enc == "cp1251" and "Министр иностранных дел" in text


def test_detection_without_any_declaration() -> None:
    body = ("<html><body><p>" + "Министр иностранных дел России провёл переговоры. " * 20 + "</p></body></html>").encode("cp1251")
    text, _ = decode_html(body, None)
    assert "Министр иностранных дел" in text


@pytest.mark.parametrize("coding,encode", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
    ("br", lambda b: __import__("brotli").compress(b)),
])
def test_content_encodings(coding, encode) -> None:
    assert decode_content(encode(ARTICLE), coding) == ARTICLE


def test_decompression_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ContentDecodingError, match="exceeds"):
        decode_content(bomb, "gzip", limit=1024 * 1024)
    assert extract(bomb, content_type="text/html", content_encoding="gzip", max_decoded=1024 * 1024).status == "error"


def test_corrupt_gzip_is_an_error_result_not_an_exception() -> None:
    result = extract(b"\x1f\x8bnot really gzip", content_type="text/html", content_encoding="gzip")
    assert result.status == "error" and "corrupt" in result.error


def test_extracts_article_and_metadata() -> None:
    r = extract(ARTICLE, url="https://www.mid.ru/en/foreign_policy/news/4737957", content_type="text/html")
    assert r.status == "ok" and r.encoding == "utf-8"
    assert "on the basis of the telephone conversations between our presidents" in r.text
    assert "We use cookies" not in r.text and "Subscribe to our newsletter" not in r.text
    assert r.title.startswith("Foreign Minister Sergey Lavrov")
    assert r.published == "2021-05-20" and r.language == "en"
    assert r.text_sha256 and len(r.text_sha256) == 64


def test_same_bytes_same_result() -> None:
    a = extract(ARTICLE, content_type="text/html")
    b = extract(ARTICLE, content_type="text/html")
    assert a == b


def test_settings_hash_is_stable_and_sensitive() -> None:
    assert ExtractionSettings().hash == ExtractionSettings().hash
    assert ExtractionSettings(favor_precision=True).hash != ExtractionSettings().hash


@pytest.mark.parametrize("body", [b"", b"\x00\xff" * 500, b"<html><body>", b"<" * 10000,
                                  b"<html>" + b"<div>" * 5000 + b"text" + b"</div>" * 5000 + b"</html>"])
def test_junk_never_raises(body: bytes) -> None:
    assert extract(body, content_type="text/html").status in ("ok", "empty", "error")


def test_is_html() -> None:
    assert is_html("text/html; charset=utf-8", b"")
    assert is_html("application/xhtml+xml", b"")
    assert not is_html("application/pdf", b"<html>")
    assert is_html(None, b"  <!DOCTYPE html><html>")
    assert not is_html(None, b"%PDF-1.4")


def test_declared_language() -> None:
    assert declared_language('<html lang="ru-RU"><head>') == "ru-ru"
    assert declared_language('<html><head><meta property="og:locale" content="en_US">') == "en-us"
    assert declared_language("<html><body>") is None
