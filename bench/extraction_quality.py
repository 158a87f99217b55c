"""Extraction quality on the labelled set in bench/extraction_set/ (local files only, no network).

For every page, token precision / recall / F1 of the extracted main text against NAME.expected.txt, for

  stock        trafilatura.extract(html) with its defaults, on the page decoded exactly as ours decodes it
  ours         crawler.analysis.extraction.extract(body, url=..., content_type=...) with default ExtractionSettings
  precision    ours with favor_precision=True
  recall       ours with favor_recall=True
  no_tables    ours with include_tables=False
  comments     ours with include_comments=True
  fast         ours with fast=True (no fallback extractors)

Tokens: lower-cased ``\\w+`` matches (Unicode-aware); the score is multiset (bag-of-words) overlap,
overlap = |Counter(extracted) & Counter(expected)|, P = overlap/|extracted|, R = overlap/|expected|.
An empty extraction scores P = R = F1 = 0. "micro" sums overlaps and lengths over all pages (long
pages weigh more); "macro" is the mean of per-page F1.

Run from the repository root:

    .venv/bin/python bench/extraction_quality.py             # tables
    .venv/bin/python bench/extraction_quality.py --json      # machine-readable
    .venv/bin/python bench/extraction_quality.py --residue ours   # lines kept that are not main text
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.analysis.decoding import decode_content, decode_html  # noqa: E402
from crawler.analysis.extraction import ExtractionSettings, extract  # noqa: E402
from crawler.sources import rules_for_url  # noqa: E402

DEFAULT_SET = Path(__file__).resolve().parent / "extraction_set"
TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    return TOKEN.findall((text or "").lower())


@dataclass
class Page:
    name: str
    platform: str
    source: str
    url: str
    content_type: str
    title: str
    body: bytes
    expected: str
    meta: dict


def load_set(directory: Path) -> list[Page]:
    index = json.loads((directory / "index.json").read_text(encoding="utf-8"))
    pages = []
    for entry in index["pages"]:
        pages.append(Page(
            name=entry["file"].removesuffix(".html"), platform=entry["platform"], source=entry["source"],
            url=entry["url"], content_type=entry["content_type"], title=entry["title"],
            body=(directory / entry["file"]).read_bytes(),
            expected=(directory / entry["expected"]).read_text(encoding="utf-8"), meta=entry,
        ))
    return pages


# --- extractors -------------------------------------------------------------------------------

def _stock(page: Page) -> tuple[str, str | None]:
    html, _ = decode_html(decode_content(page.body, None), page.content_type)  # the same str ours sees
    return trafilatura.extract(html) or "", None


def _ours_rules(settings: ExtractionSettings):
    """What a crawl stores: default settings plus the source's cleanup rules from the registry."""
    def run(page):
        r = extract(page.body, url=page.url, content_type=page.content_type, settings=settings,
                    rules=rules_for_url(page.url))
        return r.text or "", r.title

    return run


def _ours(settings: ExtractionSettings):
    def run(page: Page) -> tuple[str, str | None]:
        r = extract(page.body, url=page.url, content_type=page.content_type, settings=settings)
        return r.text or "", r.title
    return run


CONFIGS: dict[str, tuple[str, object]] = {
    "stock": ("trafilatura.extract(html) defaults", _stock),
    "ours": ("extract(), default ExtractionSettings", _ours(ExtractionSettings())),
    "ours+rules": ("extract(), defaults + the source's registry cleanup rules (what crawls store)",
                   _ours_rules(ExtractionSettings())),
    "precision": ("ours, favor_precision=True", _ours(ExtractionSettings(favor_precision=True))),
    "recall": ("ours, favor_recall=True", _ours(ExtractionSettings(favor_recall=True))),
    "no_tables": ("ours, include_tables=False", _ours(ExtractionSettings(include_tables=False))),
    "comments": ("ours, include_comments=True", _ours(ExtractionSettings(include_comments=True))),
    "fast": ("ours, fast=True", _ours(ExtractionSettings(fast=True))),
}


# --- scoring ----------------------------------------------------------------------------------

def score(extracted: str, expected: str) -> dict:
    got, want = Counter(tokens(extracted)), Counter(tokens(expected))
    overlap = sum((got & want).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    p = overlap / n_got if n_got else 0.0
    r = overlap / n_want if n_want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "overlap": overlap, "extracted_tokens": n_got, "expected_tokens": n_want}


def aggregate(rows: list[dict]) -> dict:
    overlap = sum(r["overlap"] for r in rows)
    got = sum(r["extracted_tokens"] for r in rows)
    want = sum(r["expected_tokens"] for r in rows)
    p = overlap / got if got else 0.0
    r = overlap / want if want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"micro_precision": p, "micro_recall": r, "micro_f1": f1,
            "macro_f1": sum(x["f1"] for x in rows) / len(rows) if rows else 0.0, "pages": len(rows)}


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def run(pages: list[Page], config_names: list[str]) -> dict:
    results: dict = {"configs": {c: CONFIGS[c][0] for c in config_names}, "pages": [], "overall": {}, "platforms": {}}
    texts: dict[tuple[str, str], str] = {}
    timings: dict[str, float] = {}
    for c in config_names:
        fn = CONFIGS[c][1]
        t0 = time.perf_counter()
        for page in pages:
            text, title = fn(page)
            texts[(page.name, c)] = text
            texts[(page.name, c, "title")] = title
        timings[c] = time.perf_counter() - t0
    for page in pages:
        row = {"page": page.name, "platform": page.platform, "source": page.source, "results": {}}
        for c in config_names:
            s = score(texts[(page.name, c)], page.expected)
            title = texts[(page.name, c, "title")]
            if c != "stock":
                s["title_ok"] = _norm(title) == _norm(page.title)
            row["results"][c] = s
        results["pages"].append(row)
    for c in config_names:
        rows = [p["results"][c] for p in results["pages"]]
        agg = aggregate(rows)
        agg["seconds"] = timings[c]
        if c != "stock":
            agg["titles_ok"] = sum(1 for r in rows if r.get("title_ok"))
        if c != "stock" and "stock" in config_names:
            stock = [p["results"]["stock"]["f1"] for p in results["pages"]]
            mine = [r["f1"] for r in rows]
            agg["pages_vs_stock"] = {"better": sum(m > s + 1e-9 for m, s in zip(mine, stock)),
                                     "equal": sum(abs(m - s) <= 1e-9 for m, s in zip(mine, stock)),
                                     "worse": sum(m < s - 1e-9 for m, s in zip(mine, stock))}
        results["overall"][c] = agg
    for plat in sorted({p.platform for p in pages}):
        results["platforms"][plat] = {}
        for c in config_names:
            rows = [p["results"][c] for p in results["pages"] if p["platform"] == plat]
            results["platforms"][plat][c] = aggregate(rows)
        best = max(config_names, key=lambda c: (round(results["platforms"][plat][c]["micro_f1"], 6), c == "ours"))
        results["platforms"][plat]["best"] = best
    results["_texts"] = texts
    return results


# --- residue ----------------------------------------------------------------------------------

def _ngrams(toks: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def _covered(line_toks: list[str], other_toks: list[str], other_grams: set, other_joined: str) -> float:
    """Share of a line that occurs, in order, in the other text (trigrams; short lines: as a phrase)."""
    if len(line_toks) < 3:
        return 1.0 if f" {' '.join(line_toks)} " in other_joined else 0.0
    grams = [tuple(line_toks[i : i + 3]) for i in range(len(line_toks) - 2)]
    return sum(g in other_grams for g in grams) / len(grams)


def residue(page: Page, text: str, threshold: float = 0.5) -> tuple[list[str], list[str]]:
    """(extracted lines that are mostly not main text, expected lines that are mostly missing).

    A line counts as present in the other text when at least ``threshold`` of its word trigrams
    occur there (lines under three words: when the whole line occurs as a phrase). Word-set
    membership is not enough: on long pages common words make boilerplate look like main text.
    """
    want, got = tokens(page.expected), tokens(text)
    want_grams, got_grams = _ngrams(want, 3), _ngrams(got, 3)
    want_joined, got_joined = f" {' '.join(want)} ", f" {' '.join(got)} "
    extra = [line.strip() for line in text.splitlines()
             if tokens(line) and _covered(tokens(line), want, want_grams, want_joined) < threshold]
    missed = [line.strip() for line in page.expected.splitlines()
              if tokens(line) and _covered(tokens(line), got, got_grams, got_joined) < threshold]
    return extra, missed


# --- output -----------------------------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def print_tables(results: dict, config_names: list[str]) -> None:
    print("Configurations:")
    for c in config_names:
        print(f"  {c:11s} {results['configs'][c]}")
    print()
    print("Per page: P / R / F1 (%, bag-of-words tokens)")
    head = f"{'page':40s} " + " ".join(f"{c:>17s}" for c in config_names)
    print(head)
    print("-" * len(head))
    for row in results["pages"]:
        cells = []
        for c in config_names:
            r = row["results"][c]
            cells.append(f"{100 * r['precision']:5.1f} {100 * r['recall']:5.1f} {100 * r['f1']:5.1f}")
        print(f"{row['page'][:40]:40s} " + " ".join(f"{x:>17s}" for x in cells))
    print()
    print("Overall")
    print(f"{'config':11s} {'micro P':>8s} {'micro R':>8s} {'micro F1':>9s} {'macro F1':>9s} {'vs stock (better/equal/worse)':>30s} {'titles':>7s} {'seconds':>8s}")
    for c in config_names:
        a = results["overall"][c]
        vs = a.get("pages_vs_stock")
        vs_s = f"{vs['better']}/{vs['equal']}/{vs['worse']}" if vs else "-"
        titles = f"{a['titles_ok']}/{a['pages']}" if "titles_ok" in a else "-"
        print(f"{c:11s} {_pct(a['micro_precision']):>8s} {_pct(a['micro_recall']):>8s} {_pct(a['micro_f1']):>9s} "
              f"{_pct(a['macro_f1']):>9s} {vs_s:>30s} {titles:>7s} {a['seconds']:8.2f}")
    print()
    print("Per platform: micro F1 (%)  [micro P / micro R of ours]")
    head = f"{'platform':22s} {'pages':>5s} " + " ".join(f"{c:>10s}" for c in config_names) + f" {'best':>11s} {'ours P/R':>12s}"
    print(head)
    print("-" * len(head))
    for plat, res in results["platforms"].items():
        n = res[config_names[0]]["pages"]
        cells = " ".join(f"{_pct(res[c]['micro_f1']):>10s}" for c in config_names)
        o = res.get("ours")
        pr = f"{_pct(o['micro_precision'])}/{_pct(o['micro_recall'])}".replace(" ", "") if o else "-"
        print(f"{plat:22s} {n:5d} {cells} {res['best']:>11s} {pr:>12s}")
    if "ours" in config_names and "stock" in config_names:
        o, s = results["overall"]["ours"], results["overall"]["stock"]
        worse = [p for p, r in results["platforms"].items() if r["ours"]["micro_f1"] < r["stock"]["micro_f1"] - 1e-9]
        print()
        print(f"ours vs stock: micro F1 {100 * (o['micro_f1'] - s['micro_f1']):+.1f} points, "
              f"macro F1 {100 * (o['macro_f1'] - s['macro_f1']):+.1f} points; "
              f"platforms where ours is worse: {', '.join(worse) if worse else 'none'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="directory with index.json (default: bench/extraction_set)")
    ap.add_argument("--configs", default=",".join(CONFIGS), help=f"comma-separated subset of: {', '.join(CONFIGS)}")
    ap.add_argument("--platform", help="only pages of this platform")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    ap.add_argument("--residue", metavar="CONFIG", help="print, per page, kept non-main-text lines and missed lines for CONFIG")
    args = ap.parse_args(argv)
    config_names = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in config_names if c not in CONFIGS]
    if unknown:
        ap.error(f"unknown config(s): {', '.join(unknown)}")
    if args.residue and args.residue not in config_names:
        config_names.append(args.residue)
    pages = load_set(args.set)
    if args.platform:
        pages = [p for p in pages if p.platform == args.platform]
        if not pages:
            ap.error(f"no pages for platform {args.platform!r}")
    results = run(pages, config_names)
    texts = results.pop("_texts")
    if args.residue:
        out = []
        for page in pages:
            extra, missed = residue(page, texts[(page.name, args.residue)])
            out.append({"page": page.name, "platform": page.platform, "kept_not_main": extra, "missed": missed})
        if args.json:
            print(json.dumps({"config": args.residue, "residue": out}, indent=2, ensure_ascii=False))
            return 0
        for r in out:
            print(f"== {r['page']} ({r['platform']})")
            for line in r["kept_not_main"]:
                print(f"  + {line[:160]}")
            for line in r["missed"]:
                print(f"  - {line[:160]}")
        return 0
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print_tables(results, config_names)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
