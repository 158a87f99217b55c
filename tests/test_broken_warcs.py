"""Broken WARCs in: `provcrawl import` keeps every readable record and reports every unreadable one.

Files are built with storage.warc.WarcWriter (gzip per record) or warcio, then damaged. For each:
`provcrawl import FILE --json` must not crash (exit 0; exit 1 and no run row when nothing at all
was imported), must keep every readable record (with the exact payload hash), and must report
each unreadable or truncated stretch with the file and the offset where it starts; `provcrawl
reextract --all` afterwards must not die, and `verify --all` must pass over what was kept.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storage.warc import Exchange, WarcWriter
from tests.conftest import Cli

pytestmark = [pytest.mark.sqlite_only, pytest.mark.e2e]

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


def warcio_warc(path: Path, *, gz: bool, version: str = "1.1", n: int = 3, pad: int = 0) -> Built:
    """``pad``: bytes of incompressible comment added to each body."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz, warc_version=version)
    offsets, bodies = [], []
    for i in range(n):
        data = body(i) + (b"<!-- " + random.Random(i).randbytes(pad).hex().encode() + b" -->" if pad else b"")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url(i), "response", payload=io.BytesIO(data), http_headers=http)
        offsets.append(buf.tell())
        writer.write_record(rec)
        bodies.append(data)
    path.write_bytes(buf.getvalue())
    return Built(path, offsets, [], bodies)


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
    assert "Traceback" not in proc.stderr and "provcrawl: error" not in proc.stderr, proc.stderr[-3000:]
    report = json.loads(proc.stdout) if proc.returncode in (0, 1) else None
    caps: list[dict] = []
    if report and report["run_id"] is not None:
        caps = [c for c in cli.json("captures") if c["run_id"] == report["run_id"]]  # type: ignore[index,union-attr]
    return Imported(proc.returncode, report, proc.stderr, caps)


def verify_passes(cli: Cli) -> None:
    proc = cli.run("verify", "--all", "--json", check=False)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["ok"], out["problems"]


def run_rows(cli: Cli) -> int:
    engine = create_engine(cli.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM crawl_run")).scalar_one()
    finally:
        engine.dispose()


def assert_nothing_imported(cli: Cli, imp: Imported, path: Path) -> None:
    """Exit 1, a problem naming the file, and no run row left behind (item 14)."""
    assert imp.proc_returncode == 1 and imp.report is not None, (imp.proc_returncode, imp.stderr)
    assert imp.report["run_id"] is None and imp.report["captures"] == 0
    assert any(path.name in p for p in imp.report["problems"]), imp.report["problems"]
    assert run_rows(cli) == 0
    text_mode = cli.run("import", str(path), check=False)
    assert text_mode.returncode == 1 and "nothing imported" in text_mode.stderr, text_mode.stderr
    assert len(text_mode.stderr.strip().splitlines()) == 1, text_mode.stderr


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
    assert_nothing_imported(cli, imp, empty)
    cli.run("import", str(provcrawl_warc(tmp_path).path), "--json")  # the DB still works
    reextract_survives(cli)


def test_not_a_warc(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "notes.warc"
    junk.write_bytes(b"hello world, this is not a WARC file at all\nsecond line\n" * 10)
    imp = do_import(cli, junk)
    assert_nothing_imported(cli, imp, junk)
    assert_problem_at(imp, junk, 0)


def test_import_copy_leaves_no_copy_that_no_capture_uses(cli: Cli, tmp_path: Path) -> None:
    # `import --copy` copied a file into warc/imported/ before reading it, and kept the copy when
    # nothing came of it: junk, or records the archive already holds
    junk = tmp_path / "notes.warc"
    junk.write_bytes(b"hello world, this is not a WARC file at all\n" * 10)
    proc = cli.run("import", str(junk), "--copy", check=False)
    assert proc.returncode == 1 and "nothing imported" in proc.stderr, proc.stderr
    imported = cli.data_dir / "warc" / "imported"
    assert not (imported.exists() and list(imported.iterdir()))
    built = warcio_warc(tmp_path / "good.warc.gz", gz=True)
    cli.run("import", str(built.path))  # in place
    cli.run("import", str(built.path), "--copy")  # every record known already: nothing to copy
    assert not list(imported.iterdir())
    cli.run("import", str(warcio_warc(tmp_path / "new.warc.gz", gz=True, version="1.0").path), "--copy")
    assert [f.name for f in imported.iterdir()] == ["new.warc.gz"]  # what the rows point at stays
    verify_passes(cli)


def test_png_is_not_a_warc(cli: Cli, tmp_path: Path) -> None:
    png = tmp_path / "image.warc.gz"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    imp = do_import(cli, png)
    assert_nothing_imported(cli, imp, png)
    assert_problem_at(imp, png, 0)


# -- files that mark their own records as cut short, or hold them in one gzip stream ---------------
def response_record(writer: WARCWriter, target: str, payload: bytes, *, http_length: int | None = None,
                    warc_headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    headers = [("Content-Type", "text/html; charset=utf-8"),
               ("Content-Length", str(len(payload) if http_length is None else http_length))]
    return writer.create_warc_record(target, "response", payload=io.BytesIO(payload), length=len(payload),
                                     http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                                     warc_headers_dict=warc_headers or {})


def test_records_marked_truncated_are_refused(cli: Cli, tmp_path: Path) -> None:
    """WARC-Truncated (the archiving tool kept part of the response), and an HTTP body shorter than
    its own Content-Length (the digests were computed over what was received): not captures."""
    path = tmp_path / "marked.warc.gz"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    offsets = []
    for rec in (response_record(writer, url(0), body(0)),
                response_record(writer, url(1), body(1)[:300], warc_headers={"WARC-Truncated": "length"}),
                response_record(writer, url(2), body(2)[:300], http_length=len(body(2)))):
        offsets.append(buf.tell())
        writer.write_record(rec)
    path.write_bytes(buf.getvalue())
    imp = do_import(cli, path)
    assert_kept(imp, Built(path, offsets, [], [body(0), b"", b""]), [0])
    assert_problem_at(imp, path, offsets[1])
    assert_problem_at(imp, path, offsets[2])
    assert all("truncated" in p for p in imp.report["problems"]), imp.report["problems"]  # type: ignore[index]
    verify_passes(cli)


def test_one_gzip_stream_is_imported_from_an_unpacked_copy(cli: Cli, tmp_path: Path) -> None:
    """`gzip file.warc` makes one gzip member of all records: valid, but no record has an offset of its
    own in it. This used to stop the import with `OSError: [Errno 22] Invalid argument`."""
    built = warcio_warc(tmp_path / "plain.warc", gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(built.path.read_bytes()))
    imp = do_import(cli, whole)
    assert_kept(imp, built, [0, 1, 2])
    assert any("whole.warc.gz" in p and "one gzip stream" in p for p in imp.report["problems"])  # type: ignore[index]
    assert {c["warc_file"] for c in imp.captures} == {"warc/imported/whole.warc"}
    verify_passes(cli)
    reextract_survives(cli)


def test_corrupt_gzip_stream_keeps_what_is_readable(cli: Cli, tmp_path: Path) -> None:
    built = warcio_warc(tmp_path / "plain.warc", gz=False, n=6, pad=40_000)  # records of ~40 KB compressed
    packed = bytearray(gzip.compress(built.path.read_bytes(), compresslevel=1))
    at = len(packed) * 3 // 4
    for k in range(at, at + 40):
        packed[k] ^= 0xFF
    damaged = tmp_path / "corrupt-stream.warc.gz"
    damaged.write_bytes(bytes(packed))
    imp = do_import(cli, damaged)
    assert imp.proc_returncode == 0, imp.stderr
    assert imp.captures, "the records before the damage are readable"
    got = {c["url"]: c for c in imp.captures}
    for i, b in enumerate(built.bodies):
        if url(i) in got:
            assert got[url(i)]["sha256"] == hashlib.sha256(b).hexdigest()
    assert url(5) not in got
    problems = imp.report["problems"]  # type: ignore[index]
    assert any(re.search(r"corrupt-stream\.warc\.gz:\d+: corrupt gzip data", p) for p in problems), problems
    verify_passes(cli)


def test_target_uri_with_spaces(cli: Cli, tmp_path: Path) -> None:
    """A web URI with spaces is imported as warcio and pywb read it (spaces %20-encoded, which is
    how a browser sends it); a record that is not a web capture (file:) is skipped and said so."""
    path = tmp_path / "spaces.warc.gz"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    writer.write_record(response_record(writer, "http://example.org/a page?q=x y", body(0)))
    writer.write_record(writer.create_warc_record(
        "file:///home/me/saved page.png", "resource", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"), length=8,
        warc_content_type="image/png"))
    path.write_bytes(buf.getvalue())
    imp = do_import(cli, path)
    assert imp.proc_returncode == 0, imp.stderr
    assert [c["url"] for c in imp.captures] == ["http://example.org/a%20page?q=x%20y"]
    skipped = imp.report["skipped"]  # type: ignore[index]
    assert len(skipped) == 1 and "file:///home/me/saved%20page.png" in skipped[0] and "spaces.warc.gz" in skipped[0]
    verify_passes(cli)


def test_one_gzip_stream_with_a_large_first_record(cli: Cli, tmp_path: Path) -> None:
    """The first record alone is larger than the look-ahead: still recognised, never given the
    garbage length warcio computes for a record that shares its gzip member."""
    built = warcio_warc(tmp_path / "plain.warc", gz=False, n=2, pad=700_000)  # ~1.4 MB a record
    whole = tmp_path / "big.warc.gz"
    whole.write_bytes(gzip.compress(built.path.read_bytes(), compresslevel=1))
    imp = do_import(cli, whole)
    assert_kept(imp, built, [0, 1])
    verify_passes(cli)


def test_an_interrupted_import_is_marked_so_and_importing_again_completes_it(cli: Cli, tmp_path: Path,
                                                                             monkeypatch) -> None:
    # Ctrl-C during an import left its run 'running' for ever, and importing the file again called
    # every stored record 'already imported' and never extracted the text of those it had stored
    import sqlite3

    from crawler.evidence import importer
    from storage.db import Database

    first, second = warcio_warc(tmp_path / "a.warc.gz", gz=True), warcio_warc(tmp_path / "b.warc.gz", gz=True)
    cli.data_dir.mkdir(parents=True)
    db = Database(cli.database_url)
    real = importer._import_file

    def stopped_at_the_second_file(db_, path, recorded, report):  # type: ignore[no-untyped-def]
        if path.name == "b.warc.gz":
            raise KeyboardInterrupt
        real(db_, path, recorded, report)

    monkeypatch.setattr(importer, "_import_file", stopped_at_the_second_file)
    with pytest.raises(KeyboardInterrupt):
        importer.import_warcs(db, cli.data_dir, [first.path, second.path], copy=False, command="test")
    db.dispose()
    with sqlite3.connect(cli.data_dir / "provenance.sqlite") as con:
        assert con.execute("SELECT status, captures_count FROM crawl_run").fetchall() == [("interrupted", 3)]
        assert con.execute("SELECT count(*) FROM extraction").fetchone() == (0,)  # stopped before the text
    monkeypatch.undo()
    out = json.loads(cli.run("import", str(first.path), str(second.path), "--json").stdout)
    assert out["captures"] == 3 and out["already_imported"] == 3 and out["extractions"] == 6, out
    assert all(cli.json("text", url(i))["text"] for i in range(3))
    verify_passes(cli)
