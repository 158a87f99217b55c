"""Paywall verdict quality on real pages: bench/paywall_set/ (labels.csv + gzipped pages).

Runs each page through the same path a capture takes (``crawler.analysis.analyze.analyze``: decode,
extract, classify) and compares the verdict with the hand label, separately for the
development and the test split (split by site, see bench/paywall_set/README.md). A verdict with
``blocked`` set counts as the label ``blocked``; otherwise its status is the prediction.

    python bench/paywall_quality.py                # dev and test tables
    python bench/paywall_quality.py --split dev    # one split; --errors lists the wrong pages
    python bench/paywall_quality.py --json

Tune on dev only: --errors refuses to list test-split pages unless --show-test-errors is given.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.analysis.analyze import analyze  # noqa: E402
from crawler.analysis.paywall import CLASSIFIER_VERSION  # noqa: E402

SET_DIR = ROOT / "bench" / "paywall_set"
LABELS = ("free", "soft", "preview", "registration", "hard", "unknown", "blocked")
PAYWALLED = {"soft", "preview", "registration", "hard"}
HEADERS = {"content-type": "text/html"}


def load(split: str | None) -> list[dict[str, str]]:
    with open(SET_DIR / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [r for r in rows if split in (None, r["split"])]


def predict(row: dict[str, str]) -> tuple[str, float]:
    payload = gzip.decompress((SET_DIR / "pages" / row["file"]).read_bytes())
    start = time.perf_counter()
    verdict = analyze(payload, url=row["url"] or None, status=200, headers=HEADERS).verdict
    elapsed = time.perf_counter() - start
    return ("blocked" if verdict.blocked else verdict.status), elapsed


def score(pairs: list[tuple[str, str]]) -> dict[str, object]:
    n = len(pairs)
    confusion = Counter(pairs)
    per: dict[str, dict[str, float | int | None]] = {}
    for lab in LABELS:
        tp = confusion[(lab, lab)]
        gold = sum(v for (g, _), v in confusion.items() if g == lab)
        pred = sum(v for (_, p), v in confusion.items() if p == lab)
        per[lab] = {"n": gold, "predicted": pred,
                    "precision": round(tp / pred, 3) if pred else None,
                    "recall": round(tp / gold, 3) if gold else None}
    return {
        "pages": n,
        "accuracy": round(sum(confusion[(x, x)] for x in LABELS) / n, 3) if n else None,
        "per_status": per,
        "confusion": {g: {p: confusion[(g, p)] for p in LABELS} for g in LABELS},
        "free_called_paywalled": sum(v for (g, p), v in confusion.items() if g == "free" and p in PAYWALLED),
        "blocked_called_paywalled": sum(v for (g, p), v in confusion.items() if g == "blocked" and p in PAYWALLED),
    }


def print_table(name: str, s: dict) -> None:
    print(f"\n== {name}: {s['pages']} pages, accuracy {s['accuracy']}  (classifier version {CLASSIFIER_VERSION})")
    print(f"   free called paywalled: {s['free_called_paywalled']}   blocked called paywalled: "
          f"{s['blocked_called_paywalled']}")
    print(f"   {'status':<13}{'n':>4}{'pred':>6}{'prec':>7}{'recall':>8}")
    for lab, v in s["per_status"].items():
        fmt = lambda x: "-" if x is None else f"{x:.2f}"  # noqa: E731
        print(f"   {lab:<13}{v['n']:>4}{v['predicted']:>6}{fmt(v['precision']):>7}{fmt(v['recall']):>8}")
    print("   confusion (rows = label, columns = verdict):")
    print("   " + " " * 13 + "".join(f"{p[:6]:>7}" for p in LABELS))
    for g in LABELS:
        print(f"   {g:<13}" + "".join(f"{s['confusion'][g][p]:>7}" for p in LABELS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test"), help="only one split (default: both, reported apart)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--errors", action="store_true", help="list the misclassified dev pages")
    ap.add_argument("--show-test-errors", action="store_true", help="also list test-split errors (not for tuning)")
    args = ap.parse_args(argv)
    out: dict[str, object] = {"classifier_version": CLASSIFIER_VERSION}
    for split in ([args.split] if args.split else ["dev", "test"]):
        rows = load(split)
        pairs, errors, seconds = [], [], 0.0
        for row in rows:
            pred, took = predict(row)
            seconds += took
            pairs.append((row["label"], pred))
            if pred != row["label"]:
                errors.append({"file": row["file"], "label": row["label"], "verdict": pred})
        s = score(pairs)
        s["seconds_analyze"] = round(seconds, 2)
        if args.errors and (split == "dev" or args.show_test_errors):
            s["errors"] = errors
        out[split] = s
        if not args.json:
            print_table(split, s)
            for e in s.get("errors", []):
                print(f"   wrong: {e['file']}: label {e['label']}, verdict {e['verdict']}")
    if args.json:
        print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
