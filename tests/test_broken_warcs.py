"""Broken WARCs in: `provcrawl import` keeps every readable record and reports every unreadable one.

Files are built with storage.warc.WarcWriter (gzip per record) or warcio, then damaged. For each:
`provcrawl import FILE --json` must not crash (exit 0; or 2 with one line for a file that is not
a WARC at all), must keep every readable record (with the exact payload hash), and must report
each unreadable stretch with the file and the offset where it starts; `provcrawl reextract --all`
afterwards must not die.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storage.warc import Exchange, WarcWriter
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

WHEN = datetime(2021, 5, 20, 10, 0, tzinfo=UTC)


def body(i: int) -> bytes:
    return (f"<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>"
            + f"<p>Paragraph {i}: the harbour towns along the coast depended on the winter trade, and the "
              f"merchants stored salted fish and timber in long warehouses beside the quays.</p>" * 3
            + "</article></body></html>").encode()


def url(i: int) -> str:
    return f"http://example.org/page/{i}"


@dataclass
class Built:
    path: Path
    offsets: list[int]  # where each response record starts
    lengths: list[int] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def provcrawl_warc(tmp: Path, n: int = 3) -> Built:
    """gzip-per-record WARC/1.1 as provcrawl writes it: warcinfo, then response+request pairs."""
    w = WarcWriter(tmp / "src", now=lambda: WHEN)
    offsets, lengths = [], []
    for i in range(n):
        loc = w.write_exchange(Exchange(
            url=url(i), method="GET", request_headers=[(b"User-Agent", b"test")], status=200, reason="OK",
            protocol="HTTP/1.1", response_headers=[(b"Content-Type", b"text/html; charset=utf-8")], body=body(i),
            fetched_at=WHEN))
        offsets.append(loc.offset)
        lengths.append(loc.length)
    w.close()
    (path,) = (tmp / "src").glob("*.warc.gz")
    return Built(path, offsets, lengths, [body(i) for i in range(n)])


def warcio_warc(path: Path, *, gz: bool, version: str = "1.1", n: int = 3) -> Built:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz, warc_version=version)
    offsets = []
    for i in range(n):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url(i), "response", payload=io.BytesIO(body(i)), http_headers=http)
        offsets.append(buf.tell())
        writer.write_record(rec)
    path.write_bytes(buf.getvalue())
    return Built(path, offsets, [], [body(i) for i in range(n)])


def arc_file(path: Path, n: int = 2) -> Built:
    """A tiny ARC v1 file (the format before WARC; Heritrix and the Wayback Machine wrote it)."""
    version_block = b"1 0 provcrawl-test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = io.BytesIO()
    out.write(b"filedesc://%s 0.0.0.0 20210520100000 text/plain %d\n" % (path.name.encode(), len(version_block))
              + version_block + b"\n")
    offsets = []
    for i in range(n):
        content = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body(i)
        offsets.append(out.tell())
        out.write(b"%s 127.0.0.1 20210520100000 text/html %d\n" % (url(i).encode(), len(content)) + content + b"\n")
    path.write_bytes(out.getvalue())
    return Built(path, offsets, [], [body(i) for i in range(n)])


@dataclass
class Imported:
    proc_returncode: int
    report: dict | None
    stderr: str
    captures: list[dict]


def do_import(cli: Cli, path: Path) -> Imported:
    proc = cli.run("import", str(path), "--json", check=False, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    report = json.loads(proc.stdout) if proc.returncode == 0 else None
    caps: list[dict] = []
    if proc.returncode == 0:
        caps = [c for c in cli.json("captures") if c["run_id"] == report["run_id"]]  # type: ignore[index,union-attr]
    return Imported(proc.returncode, report, proc.stderr, caps)


def reextract_survives(cli: Cli) -> dict:
    proc = cli.run("reextract", "--all", "--json", "--workers", "1", check=False, timeout=120)
    assert proc.returncode in (0, 2), proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "provcrawl: error:" not in proc.stderr, proc.stderr[-3000:]
    out = json.loads(proc.stdout)  # it finished and reported
    assert out["errors"] == [], out["errors"]  # every kept capture is readable
    return out


def assert_kept(imp: Imported, built: Built, indexes: list[int]) -> None:
    assert imp.proc_returncode == 0, imp.stderr
    got = {c["url"]: c for c in imp.captures}
    assert sorted(got) == sorted(url(i) for i in indexes), sorted(got)
    for i in indexes:
        c = got[url(i)]
        assert c["status"] == 200
        assert (c["sha256"], c["length"]) == (hashlib.sha256(built.bodies[i]).hexdigest(), len(built.bodies[i]))


def assert_problem_at(imp: Imported, path: Path, offset: int) -> None:
    problems = imp.report["problems"] if imp.report else []
    hits = [p for p in problems if path.name in p and re.search(rf"(?<![0-9]){offset}(?![0-9])", p)]
    assert hits, f"no problem names {path.name} at offset {offset}: {problems}"


# -- intact files in other shapes -----------------------------------------------------------------
def test_uncompressed_warc(cli: Cli, tmp_path: Path) -> None:
    built = warcio_warc(tmp_path / "plain.warc", gz=False)
    imp = do_import(cli, built.path)
    assert_kept(imp, built, [0, 1, 2])
    assert imp.report and imp.report["problems"] == []
    assert [c["warc_offset"] for c in sorted(imp.captures, key=lambda c: c["url"])] == built.offsets
    reextract_survives(cli)


def test_warc_1_0(cli: Cli, tmp_path: Path) -> None:
    built = warcio_warc(tmp_path / "old.warc.gz", gz=True, version="1.0")
    assert b"WARC/1.0\r\n" in gzip.decompress(built.path.read_bytes())[:20]
    imp = do_import(cli, built.path)
    assert_kept(imp, built, [0, 1, 2])
    assert imp.report and imp.report["problems"] == []
    reextract_survives(cli)


def test_arc_file(cli: Cli, tmp_path: Path) -> None:
    built = arc_file(tmp_path / "old.arc")
    imp = do_import(cli, built.path)
    assert_kept(imp, built, [0, 1])
    assert imp.report and imp.report["problems"] == []
    assert [c["warc_offset"] for c in sorted(imp.captures, key=lambda c: c["url"])] == built.offsets
    out = reextract_survives(cli)
    assert out["extractions_added"] + out["skipped_identical"] >= 2


# -- damaged files -----------------------------------------------------------------------------
def test_truncated_last_gzip_member(cli: Cli, tmp_path: Path) -> None:
    built = provcrawl_warc(tmp_path)
    damaged = tmp_path / "truncated.warc.gz"
    damaged.write_bytes(built.path.read_bytes()[:built.offsets[2] + built.lengths[2] // 2])
    imp = do_import(cli, damaged)
    assert_kept(imp, built, [0, 1])
    assert_problem_at(imp, damaged, built.offsets[2])
    reextract_survives(cli)


def test_truncated_uncompressed_record(cli: Cli, tmp_path: Path) -> None:
    built = warcio_warc(tmp_path / "plain.warc", gz=False)
    damaged = tmp_path / "plain-truncated.warc"
    data = built.path.read_bytes()
    damaged.write_bytes(data[:built.offsets[2] + (len(data) - built.offsets[2]) // 2])
    imp = do_import(cli, damaged)
    assert_kept(imp, built, [0, 1])  # a record cut short is not a capture with a wrong hash
    assert_problem_at(imp, damaged, built.offsets[2])
    reextract_survives(cli)


def test_garbage_between_records(cli: Cli, tmp_path: Path) -> None:
    built = provcrawl_warc(tmp_path)
    data = built.path.read_bytes()
    at = built.offsets[1]
    damaged = tmp_path / "garbage.warc.gz"
    damaged.write_bytes(data[:at] + b"\x00garbage that is neither gzip nor WARC\r\n\r\n" * 20 + data[at:])
    imp = do_import(cli, damaged)
    assert_kept(imp, built, [0, 1, 2])  # the records after the garbage are readable: keep them
    assert_problem_at(imp, damaged, at)
    reextract_survives(cli)


def test_corrupt_member_in_the_middle(cli: Cli, tmp_path: Path) -> None:
    built = provcrawl_warc(tmp_path)
    data = bytearray(built.path.read_bytes())
    start = built.offsets[1]
    for k in range(start + 20, start + built.lengths[1] - 20, 7):
        data[k] ^= 0x5A
    damaged = tmp_path / "corrupt.warc.gz"
    damaged.write_bytes(bytes(data))
    imp = do_import(cli, damaged)
    assert_kept(imp, built, [0, 2])
    assert_problem_at(imp, damaged, start)
    reextract_survives(cli)


def test_empty_file(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    imp = do_import(cli, empty)
    if imp.proc_returncode == 2:
        assert len(imp.stderr.strip().splitlines()) == 1, imp.stderr
    else:
        assert imp.proc_returncode == 0 and imp.captures == []
    cli.run("import", str(provcrawl_warc(tmp_path).path), "--json")  # the DB still works
    reextract_survives(cli)


def test_not_a_warc(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "notes.warc"
    junk.write_bytes(b"hello world, this is not a WARC file at all\nsecond line\n" * 10)
    imp = do_import(cli, junk)
    if imp.proc_returncode == 2:
        lines = imp.stderr.strip().splitlines()
        assert len(lines) == 1 and "notes.warc" in lines[0], imp.stderr
    else:
        assert imp.proc_returncode == 0 and imp.captures == [], imp.captures
        assert_problem_at(imp, junk, 0)
    reextract_survives(cli)


def test_png_is_not_a_warc(cli: Cli, tmp_path: Path) -> None:
    png = tmp_path / "image.warc.gz"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    imp = do_import(cli, png)
    if imp.proc_returncode == 2:
        assert len(imp.stderr.strip().splitlines()) == 1, imp.stderr
    else:
        assert imp.proc_returncode == 0 and imp.captures == []
        assert_problem_at(imp, png, 0)
    reextract_survives(cli)
