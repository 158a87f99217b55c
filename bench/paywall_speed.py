"""The paywall verdict's share of analysis time, before and after the literal prefilters, in one run.

Analysis of a page = extraction (trafilatura, ``extract_html``) + verdict (``paywall.classify``).
"Before" is the same classifier with the prefilters switched off (every case-insensitive vendor /
key regex scans the whole script text, as classifier version 2 did), so both figures come from the
same pages, the same process and the same machine load. The two verdicts must be identical.

    python bench/paywall_speed.py                 # every page of bench/paywall_set/
    python bench/paywall_speed.py --every 3       # a third of them (quicker)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.analysis import paywall  # noqa: E402
from crawler.analysis.extraction import decode, extract_html  # noqa: E402
from crawler.analysis.paywall import signals  # noqa: E402

SET_DIR = ROOT / "bench" / "paywall_set"
HEADERS = {"content-type": "text/html"}


def _unfiltered_search_key(pattern, needle, text, pos=0):  # noqa: ANN001, ANN202 - signals._search_key
    """signals._search_key without its literal test (classifier version 2's cost)."""
    return pattern.search(text, pos)


def _classify(html: str, text: str | None, url: str | None) -> tuple[float, dict]:
    start = time.perf_counter()
    verdict = paywall.classify(status=200, headers=HEADERS, html=html, text=text, url=url)
    return time.perf_counter() - start, verdict.as_dict()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=int, default=1, help="use every n-th page of the set (default: all)")
    args = ap.parse_args(argv)
    with open(SET_DIR / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:: max(1, args.every)]
    extract_s = before_s = after_s = 0.0
    differ = []
    for row in rows:
        html, _ = decode(gzip.decompress((SET_DIR / "pages" / row["file"]).read_bytes()), "text/html", None)
        url = row["url"] or None
        start = time.perf_counter()
        result = extract_html(html, url=url)
        extract_s += time.perf_counter() - start
        # alternate the order so that neither variant always runs on a warm cache
        with mock.patch.object(signals, "_may_match", lambda folded, needles: True), \
                mock.patch.object(signals, "_search_key", _unfiltered_search_key):
            t_before, v_before = _classify(html, result.text, url)
        t_after, v_after = _classify(html, result.text, url)
        before_s += t_before
        after_s += t_after
        if v_before != v_after:
            differ.append(row["file"])
    n = len(rows)
    print(f"{n} pages of bench/paywall_set (classifier {paywall.CLASSIFIER} {paywall.CLASSIFIER_VERSION})")
    print(f"  extraction (trafilatura)      {extract_s:8.2f} s  {1000 * extract_s / n:7.1f} ms/page")
    for name, s in (("verdict before (no prefilter)", before_s), ("verdict after (prefilters)", after_s)):
        share = s / (s + extract_s)
        print(f"  {name:<30}{s:8.2f} s  {1000 * s / n:7.1f} ms/page  share of analysis {share:.2f}")
    print(f"  verdicts that differ between the two: {len(differ)}" + (f" {differ}" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
