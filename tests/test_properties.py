"""Property-based tests (hypothesis) of the pure parts that see untrusted input.

Bounded (``max_examples=200``): the WARC-reading fuzz is the bounded fuzz run of the WARC
reading path in CI. Each property names what must hold on *any* input, not only on the inputs
the unit tests thought of.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

# hypothesis is in the test extra; a missing one is a collection error, never a silent skip
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.analysis import paywall
from crawler.evidence.citation import find_quote, normalise
from crawler.analysis.decoding import ContentDecodingError, decode_content
from crawler.analysis.extraction import extract
from crawler.analysis.paywall import signals as paywall_signals
from crawler.analysis.paywall import phrases as paywall_phrases
from storage.urlkey import url_key
from storage.warc import Exchange, StoredRecord, WarcReadError, WarcWriter, read_record

# database=None: nothing is written into the work tree (.hypothesis/); a failure prints its example
BOUNDED = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies ------------------------------------------------------------------------------------
_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_idn_label = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщэюяäöüéß", min_size=1, max_size=8)
_host = st.lists(st.one_of(_label, _idn_label), min_size=1, max_size=3).map(".".join).map(lambda h: h + ".org")
_host = st.one_of(_host, _host.map(lambda h: "www." + h), _host.map(str.upper))
_segment = st.text(st.characters(blacklist_characters="/?#", blacklist_categories=("Cs",)), max_size=12)
_qtext = st.text(st.characters(blacklist_characters="&=#", blacklist_categories=("Cs",)), max_size=10)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP"]))
    host = draw(_host)
    port = draw(st.one_of(st.none(), st.integers(1, 65535)))
    path = "/".join(draw(st.lists(_segment, max_size=4)))
    params = draw(st.lists(st.tuples(st.one_of(_qtext, st.sampled_from(["utm_source", "fbclid", "x"])), _qtext),
                           max_size=4))
    query = "&".join(f"{k}={v}" for k, v in params)
    frag = draw(st.one_of(st.none(), _segment))
    return (f"{scheme}://{host}{f':{port}' if port else ''}/{path}" + (f"?{query}" if query else "")
            + (f"#{frag}" if frag is not None else ""))


_tag = st.sampled_from(["p", "div", "article", "main", "span", "a", "h1", "script", "style", "table", "td", "meta",
                        "title", "section", "aside", "nav", "footer", "br", "img", "noscript", "template"])
_attr = st.sampled_from(['', ' class="paywall"', ' class="article-body"', ' href="/x"', ' lang="ru"',
                         ' itemprop="articleBody"', ' id="content"', ' style="display:none"',
                         ' content="0; url=/x"', ' property="og:type" content="article"'])


@st.composite
def html_docs(draw: st.DrawFn) -> str:
    parts = ["<html><head><title>", draw(st.text(max_size=30)), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            parts.append(f"<{draw(_tag)}{draw(_attr)}>")
        elif kind == 1:
            parts.append(f"</{draw(_tag)}>")
        elif kind == 2:
            parts.append(draw(st.text(max_size=200)))
        elif kind == 3:
            parts.append('<script type="application/ld+json">' + draw(st.sampled_from([
                '{"@type":"NewsArticle","isAccessibleForFree":false}', '{"@graph":[{"@type":"Article"}]}',
                '[1,2,{"isAccessibleForFree":"False"}]', '{"@type":', 'null', '{"hasPart":{"cssSelector":".x"}}'])) +
                "</script>")
        else:
            parts.append("<p>" + " ".join(draw(st.lists(st.sampled_from(
                ["the", "harbour", "winter", "trade", "subscribe", "to", "continue", "reading", "Путь",
                 "минист", "\u00ad", "\x00", "&amp;", "&#0;", "&#xD800;", "<!--", "]]>"]), max_size=60))) + "</p>")
    parts.append(draw(st.sampled_from(["</body></html>", "", "</html"])))
    return "".join(parts)


_ctypes = st.sampled_from([None, "", "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1251",
                           "text/html; charset=utf-16", "text/html; charset=bogus-charset", "text/html;charset=",
                           "application/xhtml+xml", "text/plain", "text/html; charset=\"utf-8\"; x=\u00e9"])
_encodings = st.sampled_from([None, "", "identity", "gzip", "x-gzip", "deflate", "br", "gzip, br", "br, gzip",
                              "gzip, gzip", "compress", "GZIP", " gzip ,, "])


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """(payload, Content-Encoding): raw junk, or HTML encoded as declared, or declared but not encoded."""
    raw = draw(st.one_of(st.binary(max_size=4000), html_docs().map(lambda h: h.encode("utf-8", "surrogatepass"))))
    enc = draw(_encodings)
    if draw(st.booleans()) and enc:
        for coding in reversed([c.strip().lower() for c in enc.split(",") if c.strip()]):
            if coding in ("gzip", "x-gzip"):
                raw = gzip.compress(raw, mtime=0)
            elif coding == "deflate":
                raw = zlib.compress(raw)
            elif coding == "br":
                import brotli

                raw = brotli.compress(raw)
    return raw, enc


# -- storage.urlkey -----------------------------------------------------------------------------
@BOUNDED
@given(st.text())
def test_url_key_never_raises(text: str) -> None:
    assert isinstance(url_key(text), str)


@BOUNDED
@given(urls())
@example("http://0.org/;/")  # w3lib 2.6 drops an empty ';' params section, 2.5 keeps it
def test_url_key_is_idempotent(url: str) -> None:
    key = url_key(url)
    assert url_key("http://" + key) == key, (url, key)


# -- crawler.analysis.extraction / decoding ---------------------------------------------------------------
@BOUNDED
@given(bodies(), _ctypes)
def test_extract_never_raises(payload: tuple[bytes, str | None], ctype: str | None) -> None:
    body, enc = payload
    result = extract(body, url="http://example.org/a", content_type=ctype, content_encoding=enc,
                     max_decoded=200_000)
    assert result.status in ("ok", "empty", "error")
    assert (result.text is not None) == (result.status == "ok")


def _reference_decode(data: bytes, coding: str) -> bytes | None:
    """The whole decoded body of a valid stream, or None if the stream is not valid."""
    try:
        if coding == "gzip":
            return gzip.decompress(data)
        if coding == "br":
            import brotli

            return brotli.decompress(data)
        try:
            return zlib.decompress(data)
        except zlib.error:
            return zlib.decompress(data, -zlib.MAX_WBITS)
    except Exception:  # noqa: BLE001
        return None


@BOUNDED
@given(st.binary(max_size=3000), st.sampled_from(["gzip", "deflate", "br"]), st.integers(0, 4000),
       st.booleans())
@example(data=b"\x00" * 101, coding="gzip", limit=100, encode=True)  # exactly limit + 1 bytes decoded
def test_decode_content_respects_the_limit(data: bytes, coding: str, limit: int, encode: bool) -> None:
    """A valid body within the limit decodes whole; one beyond it is refused (never cut at the limit);
    whatever is returned is never over the limit."""
    if encode:
        data = {"gzip": lambda d: gzip.compress(d, mtime=0), "deflate": zlib.compress,
                "br": lambda d: __import__("brotli").compress(d)}[coding](data)
    full = _reference_decode(data, coding)
    try:
        out = decode_content(data, coding, limit)
    except ContentDecodingError:
        assert full is None or len(full) > limit, f"refused a valid {len(full)}-byte body within {limit}"
        return
    assert len(out) <= limit, f"returned {len(out)} bytes, limit {limit}"
    if full is not None:
        assert out == full


# -- crawler.analysis.paywall ---------------------------------------------------------------------------
_headers = st.one_of(st.none(), st.dictionaries(
    st.one_of(st.text(max_size=20), st.sampled_from(["content-type", "cf-mitigated", "retry-after", "location",
                                                       "server", "set-cookie", "x-robots-tag", "Content-Type"])),
    st.one_of(st.text(max_size=60), st.sampled_from(["challenge", "text/html", "cloudflare", "120", "-1"])),
    max_size=6))
_status = st.one_of(st.none(), st.integers(-5, 1000), st.sampled_from([200, 301, 302, 401, 402, 403, 429, 451, 503]))


@BOUNDED
@given(_status, _headers, st.one_of(st.none(), st.text(max_size=300), html_docs()),
       st.one_of(st.none(), st.text(max_size=300)), st.one_of(st.none(), urls()),
       st.one_of(st.none(), st.text(max_size=50), urls()))
def test_classify_never_raises(status, headers, html, text, url, location) -> None:  # type: ignore[no-untyped-def]
    v = paywall.classify(status=status, headers=headers, html=html, text=text, url=url, redirect_location=location)
    assert v.status in paywall.STATUSES
    assert all(isinstance(e, paywall.Evidence) for e in v.evidence)


@BOUNDED
@given(_status, _headers, st.one_of(st.none(), html_docs()), st.one_of(st.none(), st.text(max_size=300)),
       st.one_of(st.none(), urls()))
def test_classify_has_no_internal_error(status, headers, html, text, url) -> None:  # type: ignore[no-untyped-def]
    """classify() turns its own exceptions into an "error" evidence; on well-typed input there must be none."""
    v = paywall.classify(status=status, headers=headers, html=html, text=text, url=url)
    errors = [e for e in v.evidence if e.signal == "error" and e.where == "classifier"]
    assert not errors, errors


# -- storage.warc.read_record: the bounded fuzz of the WARC reading path -------------------------------
def _valid_warc() -> bytes:
    with tempfile.TemporaryDirectory() as d:
        w = WarcWriter(Path(d), now=lambda: datetime(2021, 5, 20, tzinfo=UTC))
        for i in range(2):
            w.write_exchange(Exchange(
                url=f"http://example.org/{i}", method="GET", request_headers=[(b"User-Agent", b"t")], status=200,
                reason="OK", protocol="HTTP/1.1", response_headers=[(b"Content-Type", b"text/html")],
                body=b"<html><body><p>%d</p></body></html>" % i, fetched_at=datetime(2021, 5, 20, tzinfo=UTC)))
        w.close()
        (f,) = Path(d).glob("*.warc.gz")
        return f.read_bytes()


VALID_WARC = _valid_warc()
VALID_PLAIN = gzip.decompress(VALID_WARC)  # the same records, uncompressed


@st.composite
def damaged_warcs(draw: st.DrawFn) -> bytes:
    base = bytearray(draw(st.sampled_from([VALID_WARC, VALID_PLAIN])))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.integers(0, 3))
        pos = draw(st.integers(0, max(0, len(base) - 1)))
        if op == 0 and base:
            base[pos] ^= draw(st.integers(1, 255))
        elif op == 1:
            del base[pos:pos + draw(st.integers(1, 200))]
        elif op == 2:
            base[pos:pos] = draw(st.binary(min_size=1, max_size=50))
        else:
            base[pos:pos] = draw(st.sampled_from([b"WARC/1.1\r\n", b"Content-Length: 99999999999\r\n",
                                                  b"Content-Length: -5\r\n", b"\r\n\r\n", b"\x1f\x8b\x08\x00",
                                                  b"Transfer-Encoding: chunked\r\n", b"HTTP/1.1 200\r\n"]))
    return bytes(base)


@BOUNDED
@given(st.one_of(st.binary(max_size=3000), damaged_warcs()), st.integers(-2, 4000),
       st.one_of(st.none(), st.integers(0, 5000)))
def test_read_record_raises_only_warc_read_error(data: bytes, offset: int, max_payload: int | None) -> None:
    fd, name = tempfile.mkstemp(suffix=".warc.gz")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            rec = read_record(Path(name), offset, max_payload)
        except WarcReadError:
            return
        assert isinstance(rec, StoredRecord)
        if max_payload is not None:
            assert len(rec.payload) <= max_payload
    finally:
        os.unlink(name)


def test_read_record_reads_the_valid_file() -> None:
    """The fuzz's base file is readable: the property above is not vacuous."""
    with tempfile.NamedTemporaryFile(suffix=".warc.gz") as fh:
        fh.write(VALID_WARC)
        fh.flush()
        it = io.BytesIO(VALID_WARC)
        from warcio.archiveiterator import ArchiveIterator

        offsets = []
        archive = ArchiveIterator(it)
        for r in archive:
            r.content_stream().read()
            if r.rec_type == "response":
                offsets.append(archive.get_record_offset())
        assert len(offsets) == 2
        assert read_record(Path(fh.name), offsets[1]).payload == b"<html><body><p>1</p></body></html>"


# -- crawler.evidence.citation --------------------------------------------------------------------------
_tricky = st.text(alphabet=st.sampled_from(['"', "\u00ad", " ", "a", "b", "\u201c", "\u201d", "\u2026", "-", "\u2014",
                                            "A", "\u00a0", "\u00df", "\ufb01", "\u0130", "\n", "'", "\u2019", "."]),
                  max_size=40)


@BOUNDED
@given(st.one_of(st.none(), st.text(max_size=400), _tricky), st.one_of(st.text(max_size=80), _tricky))
@example(text='"', quote='"')  # both normalise to nothing
def test_find_quote_never_raises(text: str | None, quote: str) -> None:
    m = find_quote(text, quote)
    assert 0.0 <= m.score <= 1.0
    if m.found and text is not None:
        assert m.passage is not None and m.start is not None and text[m.start:].startswith(m.passage)


@BOUNDED
@given(st.text(max_size=200), _tricky)
@example(text="Lavrov met Blinken.", quote='""')
def test_quote_without_content_is_never_found(text: str, quote: str) -> None:
    """A quote that normalises to nothing (only quotation marks, soft hyphens, spaces) matches no text."""
    if normalise(quote)[0]:
        return
    assert not find_quote(text, quote).found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.from_regex(paywall_signals._PAID_CTA), st.from_regex(paywall_signals._REG_CTA),
                 st.from_regex(paywall_signals._LOGIN_CTA), st.from_regex(paywall_signals._METER),
                 st.from_regex(paywall_phrases._REG_OFFER)))
@example("this post is for paid ſubscribers")  # re.I folds ſ to s, str.lower() does not
@example("keep reading with a 7-day free trıal")
@example("tekst dostupan samo pretplatnike")  # an ASCII-only match of a branch that may open with 'č'
def test_every_cta_match_holds_a_prefilter_keyword(s: str) -> None:
    """The classifier runs the CTA regexes only on text holding one of _CTA_KEYS."""
    m, _ = paywall_signals._cta_kind(s)
    assert m is not None
    assert paywall_phrases._CTA_KEYS.search(m.group(0)), m.group(0)
    assert paywall_phrases.has_cta_key(s) and paywall_phrases.has_cta_key(m.group(0)), m.group(0)


_RE_I_TWINS = {"s": "ſS", "k": "KK", "i": "ıIİ"}  # what re.I lets stand for a key's letters


@settings(max_examples=300, deadline=None)
@given(st.from_regex(paywall_phrases._CTA_KEYS), st.data())
def test_the_casefolded_prefilter_passes_whatever_the_re_i_one_passes(text: str, data: st.DataObject) -> None:
    """has_cta_key (case-sensitive, on casefolded text) never skips a node _CTA_KEYS (re.I) would keep."""
    text = "".join(data.draw(st.sampled_from([c, c.upper(), *_RE_I_TWINS.get(c.lower(), "")])) for c in text)
    if paywall_phrases._CTA_KEYS.search(text):
        assert paywall_phrases.has_cta_key(text), text


def test_the_casefolded_prefilter_reads_re_is_twins() -> None:
    for text in ("ab trıal cd", "paid ſubscribers", "SIGN", "İnscri", "Unloc\u212a", "\u0345abo"):
        assert paywall_phrases._CTA_KEYS.search(text) and paywall_phrases.has_cta_key(text), text


def _top_alternatives(pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
    """The top-level ``|`` branches of a pattern, each compiled with the pattern's flags."""
    return [re.compile(a, pattern.flags) for a in paywall_phrases.top_alternatives(pattern)]


_CTA_ALTERNATIVES = [alt for p in (paywall_signals._PAID_CTA, paywall_signals._REG_CTA, paywall_signals._LOGIN_CTA,
                                   paywall_signals._METER, paywall_phrases._REG_OFFER) for alt in _top_alternatives(p)]


@pytest.mark.parametrize("alternative", _CTA_ALTERNATIVES, ids=[a.pattern[:40] for a in _CTA_ALTERNATIVES])
def test_each_cta_alternative_holds_a_prefilter_keyword(alternative: re.Pattern[str]) -> None:
    """Per branch, so a new wording cannot hide behind the others' share of the generated examples."""
    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(alternative))
    def check(s: str) -> None:
        m = alternative.search(s)
        assert m is not None and paywall_phrases._CTA_KEYS.search(m.group(0)), (alternative.pattern, s)
        assert paywall_phrases.has_cta_key(m.group(0)), (alternative.pattern, s)
    check()


_BASES = ["https://a.example/x/y.html", "https://a.example/", "http://a.example:8080/p?q=1", "https://b.example",
          "https://user@c.example/d/", "https://a.example/x/"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_BASES),
                          st.one_of(st.text(max_size=30), st.sampled_from(["/z", "z", "//c.example/p", "../up", "?q",
                                                                            "#f", "HTTPS://D.example/a b", " /s "]),
                                    st.builds(lambda a, b: a + b, st.sampled_from(["/", "http://", "https://", ""]),
                                              st.text(max_size=20)))),
                min_size=1, max_size=20))
@example([("http://a.example/", "http://example.com/page;"), ("https://a.example/", "http://example.com/page;")])
@example([("http://a.example/d/", "httpſ://b/x"), ("https://b.example/", "httpſ://b/x")])
@example([("https://a.example/x/", "/\t/y"), ("https://a.example/z/", "/\t/y")])
@example([("https://a.example/x?q", "/\n/?x"), ("https://a.example/", "/\n/?x")])
def test_memoised_link_normalisation_equals_the_plain_one(pairs: list[tuple[str, str]]) -> None:
    from spiders.base import LinkNormalizer, normalize_link

    memo = LinkNormalizer(size=8)  # small: the memo is also cleared along the way
    for base, href in pairs + pairs:
        assert memo(base, href) == normalize_link(base, href)
