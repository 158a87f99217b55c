"""storage.warc on its own: golden bytes, round trips, rotation, the .open suffix."""

from __future__ import annotations

import gzip
import hashlib
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from storage.warc import Exchange, WarcReadError, WarcWriter, read_record, warc_file_name

WHEN = datetime(2021, 5, 20, 10, 0, 0, 123456, tzinfo=UTC)


def fixed_writer(tmp_path: Path, **kw) -> WarcWriter:
    ids = (f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>" for n in itertools.count())
    return WarcWriter(tmp_path, record_id=lambda: next(ids), now=lambda: WHEN,
                      warcinfo={"hostname": "test-host"}, **kw)


def exchange(url: str = "https://www.mid.ru/en/foreign_policy/news/?a=1&b=2", body: bytes = b"<p>hello</p>",
             headers: list[tuple[bytes, bytes]] | None = None) -> Exchange:
    return Exchange(
        url=url, method="GET", request_headers=[(b"User-Agent", b"provcrawl/test"), (b"Accept", b"*/*")],
        status=200, reason="OK", protocol="HTTP/1.1",
        response_headers=headers or [(b"Content-Type", b"text/html; charset=utf-8"), (b"Set-Cookie", b"a=1"),
                                     (b"Set-Cookie", b"b=2"), (b"Transfer-Encoding", b"chunked")],
        body=body, fetched_at=WHEN, ip_address="127.0.0.1",
    )


def test_file_name_follows_iipc_convention() -> None:
    assert warc_file_name("provcrawl", WHEN, 7, "host", 42) == "provcrawl-20210520100000123-00007-host-42.warc.gz"


def test_golden_response_record(tmp_path: Path) -> None:
    with fixed_writer(tmp_path) as w:
        loc = w.write_exchange(exchange())
    raw = gzip.decompress((tmp_path / loc.warc_file).read_bytes()[loc.offset:loc.offset + loc.length])
    assert raw == (
        b"WARC/1.1\r\n"
        b"WARC-Date: 2021-05-20T10:00:00.123456Z\r\n"
        b"WARC-IP-Address: 127.0.0.1\r\n"
        b"WARC-Type: response\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
        b"WARC-Target-URI: https://www.mid.ru/en/foreign_policy/news/?a=1&b=2\r\n"
        b"WARC-Payload-Digest: sha1:" + _b32sha1(b"<p>hello</p>") + b"\r\n"
        b"WARC-Block-Digest: sha1:" + _b32sha1(raw.split(b"\r\n\r\n", 1)[1][:-4]) + b"\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(raw.split(b"\r\n\r\n", 1)[1]) - 4).encode() + b"\r\n\r\n"
        b"HTTP/1.1 200 OK\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n"
        b"Set-Cookie: a=1\r\n"
        b"Set-Cookie: b=2\r\n"
        b"Content-Length: 12\r\n\r\n"
        b"<p>hello</p>\r\n\r\n"
    )


def _b32sha1(data: bytes) -> bytes:
    import base64

    return base64.b32encode(hashlib.sha1(data).digest())


def test_round_trip_locations_digests_and_pairing(tmp_path: Path) -> None:
    bodies = [b"first", gzip.compress(b"<html>second</html>"), b"\x00\x01\xff" * 1000]
    with fixed_writer(tmp_path) as w:
        locs = [w.write_exchange(exchange(f"http://127.0.0.1/{i}", body)) for i, body in enumerate(bodies)]
    path = tmp_path / locs[0].warc_file
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests=True)
        seen = []
        for rec in it:
            rec.content_stream().read()
            seen.append((rec.rec_type, it.get_record_offset(), it.get_record_length(), rec))
    assert [s[0] for s in seen] == ["warcinfo"] + ["response", "request"] * 3
    for loc, body in zip(locs, bodies):
        (resp,) = [s for s in seen if s[1] == loc.offset]
        assert resp[2] == loc.length
        assert loc.payload_sha256 == hashlib.sha256(body).hexdigest()
        stored = read_record(path, loc.offset)
        assert stored.payload == body  # content-encoding kept
        (req,) = [s[3] for s in seen if s[0] == "request"
                  and s[3].rec_headers.get_header("WARC-Concurrent-To") == loc.record_id]
        assert req.rec_headers.get_header("WARC-Date") == stored.warc_date
        assert req.http_headers.get_header("Host") == "127.0.0.1"


def test_query_string_survives_in_request_line(tmp_path: Path) -> None:
    with fixed_writer(tmp_path) as w:
        loc = w.write_exchange(exchange())
    with open(tmp_path / loc.warc_file, "rb") as fh:
        reqs = [r for r in ArchiveIterator(fh) if r.rec_type == "request"]
    assert reqs[0].http_headers.protocol == "GET"
    assert reqs[0].http_headers.statusline == "/en/foreign_policy/news/?a=1&b=2 HTTP/1.1"


def test_open_suffix_until_closed_then_renamed(tmp_path: Path) -> None:
    w = fixed_writer(tmp_path)
    loc = w.write_exchange(exchange())
    assert (tmp_path / (loc.warc_file + ".open")).exists() and not (tmp_path / loc.warc_file).exists()
    w.close()
    assert (tmp_path / loc.warc_file).exists() and not list(tmp_path.glob("*.open"))


def test_rotates_at_max_size_with_warcinfo_in_each(tmp_path: Path) -> None:
    stamps = iter(datetime(2021, 5, 20, 10, 0, s, tzinfo=UTC) for s in range(60))
    w = WarcWriter(tmp_path, max_size=2000, now=lambda: next(stamps))
    locs = [w.write_exchange(exchange(body=b"x" * 1500 + bytes([i]))) for i in range(5)]
    w.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == len({loc.warc_file for loc in locs}) >= 3
    for f in files:
        with open(f, "rb") as fh:
            assert next(iter(ArchiveIterator(fh))).rec_type == "warcinfo"


def test_read_record_reports_damage(tmp_path: Path) -> None:
    with fixed_writer(tmp_path) as w:
        loc = w.write_exchange(exchange())
    with pytest.raises(WarcReadError):
        read_record(tmp_path / "missing.warc.gz", 0)
    with pytest.raises(WarcReadError):
        read_record(tmp_path / loc.warc_file, loc.offset + 3)


def test_a_corrupt_record_is_named_in_one_short_line_not_its_bytes(tmp_path: Path) -> None:
    # warcio, given a gzip member that does not inflate, says "Unknown archive format, first line:"
    # followed by the raw compressed bytes: `text --format`, `reextract` printed kilobytes of them
    with fixed_writer(tmp_path) as w:
        loc = w.write_exchange(exchange(body=bytes(range(256)) * 40))
    path = tmp_path / loc.warc_file
    data = bytearray(path.read_bytes())
    data[loc.offset + loc.length // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(WarcReadError) as info:
        read_record(path, loc.offset)
    message = str(info.value)
    assert "corrupt" in message and f"{path}:{loc.offset}" in message, message
    assert message.isascii() and len(message) < 300 + len(str(path)), message


def test_repair_cuts_a_half_written_record_and_keeps_the_rest(tmp_path: Path) -> None:
    from storage.repair import owner, repair_file

    w = fixed_writer(tmp_path)
    locs = [w.write_exchange(exchange(f"http://127.0.0.1/{i}", b"x" * 5000 + bytes([i]))) for i in range(3)]
    path = tmp_path / (locs[0].warc_file + ".open")
    whole = path.read_bytes()
    w._fh.close()  # simulate a crash: never closed
    path.write_bytes(whole + whole[locs[1].offset:locs[1].offset + 300])  # a record cut mid-member
    assert owner(path.name) is not None
    fixed = repair_file(path)
    assert fixed.cut_bytes == 300 and fixed.records == 1 + 3 * 2  # warcinfo + 3 response/request pairs
    final = tmp_path / fixed.file
    assert final.read_bytes() == whole and not path.exists()
    with open(final, "rb") as fh:
        assert sum(1 for _ in ArchiveIterator(fh)) == 7
