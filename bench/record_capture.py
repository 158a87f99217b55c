"""CPU time to record one capture (WARC record + capture row + its log leaf or chain link), amortised.

Issue 17's target: <= 1 ms of CPU a page. Runs the crawl's own ``Recorder.record_exchange`` on
N synthetic 20 KB pages (one URL each, so no revisits), then ``close()`` (which flushes the last
batch and, with the Merkle log, makes the run's tree head), all in this process, and divides the
process CPU time by N. Run it against a code tree to compare before/after (the tree's `crawler`
and `storage` are imported from ``--code``):

    python bench/record_capture.py --code /work/main --captures 3000        # before (hash chain)
    python bench/record_capture.py --code . --captures 3000                 # after (Merkle log)
    python bench/record_capture.py --code . --profile                       # where the time goes
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--captures", type=int, default=3000)
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from crawler.capture.provenance import Recorder
    from storage.warc import Exchange

    assert Path(sys.modules["crawler"].__file__).resolve().is_relative_to(args.code.resolve())
    work = Path(tempfile.mkdtemp(prefix="record-bench-"))
    body = (b"<html><body>" + b"<p>Lavrov said the talks were constructive and frank.</p>" * 350 + b"</body></html>")
    rec = Recorder(work, args.db or f"sqlite:///{work / 'provenance.sqlite'}", spider="bench", command="bench",
                   run_id=None, writer_options={"prefix": "bench", "gzip_level": 3})
    exchanges = [Exchange(url=f"http://127.0.0.1:8089/page/{i}.html", method="GET",
                          request_headers=[(b"User-Agent", b"provcrawl/bench"), (b"Accept", b"*/*")],
                          status=200, reason="OK", protocol="HTTP/1.1",
                          response_headers=[(b"Content-Type", b"text/html; charset=utf-8"),
                                            (b"Server", b"nginx")],
                          body=body, fetched_at=datetime.now(UTC), ip_address="127.0.0.1")
                 for i in range(args.captures)]
    prof = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall: the machine is shared
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if prof:
        prof.enable()
    for ex in exchanges:
        rec.record_exchange(ex, "text/html; charset=utf-8", None)
    rec.close("finished")
    if prof:
        prof.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"code {args.code}: {args.captures} captures recorded (WARC + row + leaf/link, close included): "
          f"{cpu / args.captures * 1000:.3f} ms CPU and {wall / args.captures * 1000:.3f} ms wall a capture")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
