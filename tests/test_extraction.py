"""The pure parts: content decoding, charset choice, extraction never raising."""

from __future__ import annotations

import gzip
import json
import time
import zlib

import pytest

from crawler.analysis.analyze import analyze
from crawler.analysis.decoding import ContentDecodingError, decode_content, decode_html, is_html
from crawler.analysis.extraction import ExtractionSettings, declared_language, extract, extract_html
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


def test_the_extraction_method_is_part_of_the_settings_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows made before the comments-off main text (issue 13) must not count as done by reextract."""
    from crawler.analysis import extraction

    now = ExtractionSettings().hash
    assert ExtractionSettings().as_dict()["method"] == extraction.METHOD
    monkeypatch.setattr(extraction, "METHOD", "1")
    assert ExtractionSettings().hash != now


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


def _article_with_thread(container: str) -> str:
    body = " ".join(f"The minister said in sentence {i} that the talks on the treaty were constructive and long."
                    for i in range(40))
    thread = "".join(f'<div class="reply"><p class="who">Reader{i}</p><p>I disagree with point {i}; this reader '
                     f'writes at length about the weather and his cat.</p></div>' for i in range(12))
    return (f"<html><head><title>Talks</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
            f"<article><h1>Talks</h1><p>{body}</p>{container.format(thread=thread)}</article>"
            f"<footer>Copyright</footer></body></html>")


def test_an_unrecognised_comment_thread_stays_out_of_the_main_text() -> None:
    """Issue 13: with comments on, trafilatura missed this thread as comments and kept it in the text."""
    html = _article_with_thread('<div id="Comments"><h3>Discussion</h3>{thread}</div>')
    r = extract_html(html)
    assert r.status == "ok" and "constructive and long" in r.text
    assert "his cat" not in r.text


def test_a_recognised_comment_thread_is_kept_apart() -> None:
    html = _article_with_thread('<div class="comments-area"><h3>Discussion</h3>{thread}</div>')
    r = extract_html(html)
    assert "his cat" not in r.text and "constructive and long" in r.text
    assert r.comments and "his cat" in r.comments
    assert extract_html(html, settings=ExtractionSettings(include_comments=False)).comments is None


def _page_of_inline_json(article: str) -> str:
    """~5 MB, like a real news page: an inline script, styles, a framework's JSON state after the article."""
    state = json.dumps({"props": {"items": [{"id": i, "title": f"Item {i} headline", "body": "lorem " * 55}
                                            for i in range(13_000)]}})
    return (f"<html><head><title>Big</title><script>var feed = {json.dumps(['y' * 200] * 2000)};</script>"
            f"<style>{'p{color:red}' * 20_000}</style></head><body><article><h1>Big</h1>{article}</article>"
            f"<script id='__NEXT_DATA__' type='application/json'>{state}</script></body></html>")


def test_a_5_mb_page_mostly_inline_json_and_scripts_is_extracted() -> None:
    """Issue 12: pages over 2,000,000 characters were not extracted at all."""
    article = "".join(f"<p>Paragraph {i}: the minister said the negotiations on the treaty went on for a long time.</p>"
                      for i in range(200))
    html = _page_of_inline_json(article)
    assert len(html) > 5_000_000
    r = analyze(html.encode(), url="https://example.org/a", status=200, headers={"content-type": "text/html"})
    assert r.extraction is not None and r.extraction.status == "ok", r.extraction
    assert "Paragraph 0:" in r.extraction.text and "Paragraph 199:" in r.extraction.text
    assert "lorem" not in r.extraction.text and "color:red" not in r.extraction.text


def test_a_page_too_large_even_without_scripts_is_a_bounded_error_saying_why() -> None:
    links = "".join(f'<li><a href="/p{i}">link number {i}</a></li>' for i in range(80_000))
    html = f"<html><body><script>{'x' * 1_000_000}</script><ul>{links}</ul></body></html>"
    start = time.monotonic()
    r = analyze(html.encode(), url="https://example.org/b", status=200, headers={"content-type": "text/html"})
    assert time.monotonic() - start < 60  # on a loaded 2-core machine; ~1 s alone
    assert r.extraction is not None and r.extraction.status == "error"
    assert "too large" in r.extraction.error and "after removing scripts" in r.extraction.error


def test_a_slow_page_stops_at_the_time_limit_with_the_reason() -> None:
    links = "".join(f'<li><a href="/p{i}">link number {i}</a></li>' for i in range(15_000))
    html = f"<html><body><ul>{links}</ul></body></html>"
    start = time.monotonic()
    r = analyze(html.encode(), url="https://example.org/c", status=200, headers={"content-type": "text/html"},
                time_limit=0.2)
    assert time.monotonic() - start < 30  # extraction alone takes several seconds here
    assert r.extraction is not None and r.extraction.status == "error"
    assert r.extraction.error == "extraction stopped after 0.2 s (time limit)"
    assert r.verdict.status  # still classified
