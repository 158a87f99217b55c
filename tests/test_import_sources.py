"""Other tools' archives in: ARC files, wget's WARCs, WACZ bundles — imported, verified, exported.

Every file is built here (warcio, gzip, zipfile): no other suite's sample files.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import Cli
from tests.test_broken_warcs import arc_file, body, do_import, run_rows, url, verify_passes

pytestmark = [pytest.mark.sqlite_only, pytest.mark.e2e]


# -- ARC (item 11) -------------------------------------------------------------------------------
def arc_record(target: str, content: bytes, length: int | None = None) -> bytes:
    size = len(content) if length is None else length
    return b"%s 127.0.0.1 20040925001013 text/html %d\n" % (target.encode(), size) + content + b"\n"


def test_arc_captures_verify_and_are_not_imported_twice(cli: Cli, tmp_path: Path) -> None:
    """An ARC record has no record id: the row holds none, verify checks file, offset, URL and payload."""
    built = arc_file(tmp_path / "old.arc", n=3)
    imp = do_import(cli, built.path)
    assert imp.report and imp.report["captures"] == 3 and imp.report["problems"] == []
    assert {c["warc_record_id"] for c in imp.captures} == {None}
    verify_passes(cli)
    again = do_import(cli, built.path)
    assert again.report and again.report["captures"] == 0 and again.report["already_imported"] == 3
    assert again.proc_returncode == 0
    # one payload byte changed in place: with no digest in the file, the stored SHA-256 catches it
    built.path.write_bytes(built.path.read_bytes().replace(b"Paragraph 1", b"Paragraph 7", 1))
    proc = cli.run("verify", "--all", "--json", check=False)
    out = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [(p["url"], p["kind"]) for p in out["problems"]] == [(url(1), "altered")], out["problems"]


def test_arc_gz_verifies(cli: Cli, tmp_path: Path) -> None:
    plain = arc_file(tmp_path / "src.arc", n=2).path.read_bytes()
    header_end = plain.index(b"\n\n") + 2  # the filedesc record, then one member per record
    first = plain.index(url(0).encode())
    second = plain.index(url(1).encode())
    members = [gzip.compress(plain[:header_end]), gzip.compress(plain[first:second]), gzip.compress(plain[second:])]
    path = tmp_path / "old.arc.gz"
    path.write_bytes(b"".join(members))
    imp = do_import(cli, path)
    assert imp.report and imp.report["captures"] == 2 and imp.report["problems"] == []
    verify_passes(cli)


def test_arc_url_with_spaces_and_lf_headers(cli: Cli, tmp_path: Path) -> None:
    """Old ARCs: a URL line holding spaces (warcio reads the URL as everything before the last four
    fields) and HTTP headers stored with LF line ends while the ARC length counts CRLF. The HTTP
    message is whole by its own Content-Length: imported, with the spaces %20-encoded."""
    vb = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    page = b"<html><body><p>Bad Request, kept as served</p></body></html>"
    head = b"HTTP/1.1 400 Bad Request\nContent-Type: text/html\nContent-Length: %d\n\n" % len(page)
    crlf_length = len(head) + head.count(b"\n") + len(page)  # what the length said before LF rewriting
    data = (b"filedesc://spaces.arc 0.0.0.0 20040925000741 text/plain %d\n" % len(vb) + vb + b"\n"
            + arc_record("http://example.org/index.cfm?Title=Examples From The Web&x=1", head + page, crlf_length))
    path = tmp_path / "spaces.arc"
    path.write_bytes(data)
    imp = do_import(cli, path)
    assert imp.report and imp.report["problems"] == [], imp.report
    (cap,) = imp.captures
    assert cap["url"] == "http://example.org/index.cfm?Title=Examples%20From%20The%20Web&x=1"
    assert cap["status"] == 400 and cap["length"] >= len(page)
    verify_passes(cli)


# -- wget (item 9) -------------------------------------------------------------------------------
def wget_warc(path: Path) -> tuple[str, str]:
    """As wget 1.14+ writes: warcinfo, request, then the response naming it (WARC-Concurrent-To),
    then wget's own metadata records; gzipped per record unless ``path`` ends in .warc (wget
    --no-warc-compression). Returns (request id, response id)."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=path.suffix == ".gz", warc_version="1.0")
    w.write_record(w.create_warcinfo_record("wget.warc.gz", {"software": "Wget/1.21.4 (linux-gnu)"}))
    req = w.create_warc_record(url(0), "request", http_headers=StatusAndHeaders(
        "GET /page/0 HTTP/1.1", [("User-Agent", "Wget/1.21.4"), ("Host", "example.org")], is_http_request=True))
    w.write_record(req)
    req_id = req.rec_headers.get_header("WARC-Record-ID")
    resp = w.create_warc_record(url(0), "response", payload=io.BytesIO(body(0)), http_headers=StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body(0))))], protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Concurrent-To": req_id})
    w.write_record(resp)
    w.write_record(w.create_warc_record("metadata://gnu.org/software/wget/warc/wget.log", "resource",
                                        payload=io.BytesIO(b"log\n"), length=4, warc_content_type="text/plain"))
    path.write_bytes(buf.getvalue())
    return req_id, resp.rec_headers.get_header("WARC-Record-ID")


@pytest.mark.parametrize("name", ["wget.warc.gz", "wget.warc"])
def test_wget_request_record_is_kept_and_exported(cli: Cli, tmp_path: Path, name: str) -> None:
    # an uncompressed WARC's records were copied into the bundle's data.warc.gz without their
    # separating blank lines, between gzip members: export failed (ArchiveLoadFailed, exit 2)
    from crawler.evidence.bundle_check import check_bundle

    req_id, resp_id = wget_warc(tmp_path / name)
    imp = do_import(cli, tmp_path / name)
    (cap,) = imp.captures
    assert cap["warc_record_id"] == resp_id and cap["warc_request_record_id"] == req_id
    out = tmp_path / "wget.wacz"
    cli.run("export", url(0), "--out", str(out), "--json")
    with zipfile.ZipFile(out) as z:
        warc = z.read("archive/data.warc.gz")
    kinds = {r.rec_headers.get_header("WARC-Record-ID"): r.rec_type for r in ArchiveIterator(io.BytesIO(warc))}
    assert kinds.get(req_id) == "request" and kinds.get(resp_id) == "response", kinds
    assert warc[:2] == b"\x1f\x8b" and len(gzip.decompress(warc)) > 0  # gzip members all through, as named
    failed = {c.name: c.detail for c in check_bundle(out, None).checks if c.ok is False}
    assert set(failed) <= {"tree head signature"}, failed  # no archive key in this test


# -- WACZ (item 10) ------------------------------------------------------------------------------
@pytest.fixture
def bundle(cli: Cli, site_server, tmp_path: Path, stored_once) -> tuple[Path, dict]:
    stored_once("snapshot", cli, lambda c: c.run("snapshot", site_server.url("/old-link")))  # each test its own copy
    out = tmp_path / "evidence.wacz"
    cli.run("export", site_server.url("/en/news/lavrov-blinken.html"), "--out", str(out))
    cap = cli.json("provenance", site_server.url("/en/news/lavrov-blinken.html"))["captures"][0]  # type: ignore[index]
    return out, cap


def test_wacz_is_imported_from_its_warcs(bundle, tmp_path: Path) -> None:
    wacz, original = bundle
    other = Cli(tmp_path / "elsewhere", None)
    imp = do_import(other, wacz)
    assert imp.proc_returncode == 0 and imp.report and imp.report["problems"] == [], imp.report
    got = {c["url"]: c for c in imp.captures}
    cap = got[original["url"]]
    assert (cap["sha256"], cap["warc_record_id"]) == (original["sha256"], original["warc_record_id"])
    assert cap["warc_file"] == "warc/imported/evidence.wacz/data.warc.gz"
    assert not any(".wacz" == Path(c["warc_file"]).suffix for c in imp.captures)
    verify_passes(other)
    again = do_import(other, wacz)  # the same bundle twice: nothing new, nothing duplicated
    assert again.proc_returncode == 0 and again.report and again.report["already_imported"] == len(got)


def test_altered_wacz_is_refused_in_one_line(bundle, tmp_path: Path) -> None:
    wacz, _ = bundle
    tampered = tmp_path / "tampered.wacz"
    with zipfile.ZipFile(wacz) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "archive/data.warc.gz":  # a re-packed WARC whose text says something else
                raw = gzip.decompress(data).replace(b"our presidents", b"the ministers")
                data = gzip.compress(raw)
            dst.writestr(info, data)
    other = Cli(tmp_path / "elsewhere", None)
    proc = other.run("import", str(tampered), check=False)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert "tampered.wacz" in lines[0] and "archive/data.warc.gz" in lines[0] and "datapackage.json" in lines[0]
    assert not (other.data_dir / "warc" / "imported" / "tampered.wacz").exists()
    assert run_rows(other) == 0
    expected = hashlib.sha256(zipfile.ZipFile(wacz).read("archive/data.warc.gz")).hexdigest()
    assert expected in lines[0]


def test_an_arc_capture_exports_as_a_warc_record(cli: Cli, tmp_path: Path) -> None:
    built = arc_file(tmp_path / "old.arc", n=1)
    (cap,) = do_import(cli, built.path).captures
    out = tmp_path / "arc.wacz"
    cli.run("export", url(0), "--out", str(out))
    with zipfile.ZipFile(out) as z:
        warc = z.read("archive/data.warc.gz")
    records = [(r.format, r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
               for r in ArchiveIterator(io.BytesIO(warc))]
    assert [r[:3] for r in records] == [("warc", "warcinfo", None), ("warc", "response", url(0))]
    assert hashlib.sha256(records[1][3]).hexdigest() == cap["sha256"]
