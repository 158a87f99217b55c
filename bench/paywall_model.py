"""Learned-model trial for the paywall verdict (issue 18, item 3): does a small model over the signals the
classifier already computes beat the hand-written decision on pages it has never seen?

Every page of bench/paywall_set/labels.csv goes through the same path as bench/paywall_quality.py (decode,
trafilatura extract, ``classify`` with status 200, Content-Type text/html and the url column); its
features are what the classifier computes on the way (evidence lists of ``signals._collect``, signal
families, ``lengths._lengths``, body delivered elsewhere, declared article type, og:type item, front
page, blocked detection), plus, for the "+rules" variants, the hand-written verdict one-hot. No new
page rules.

Hyper-parameters are chosen only by grouped cross-validation on the dev split (GroupKFold on ``site``);
the chosen configuration of each model is then trained on all of dev and scored on the test split
once. Test errors are never listed. Needs the optional extra ``model`` (numpy, scikit-learn).

    python bench/paywall_model.py            # dev CV table, then the test split once
    python bench/paywall_model.py --json
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import time
from collections import Counter

os.environ.setdefault("OMP_NUM_THREADS", "1")  # a shared 2-core machine: one thread per fit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# the scorer's loader and figures; importing it puts the repository root on sys.path
from paywall_quality import HEADERS, LABELS, SET_DIR, load, score  # noqa: E402
from crawler.analysis.extraction import decode, extract_html  # noqa: E402
from crawler.analysis.paywall import classify  # noqa: E402
from crawler.analysis.paywall.decision import _article_like, _body_elsewhere, _home_page  # noqa: E402
from crawler.analysis.paywall.delivered import script_body_words  # noqa: E402
from crawler.analysis.paywall.lengths import _lengths  # noqa: E402
from crawler.analysis.paywall.page import _build_page  # noqa: E402
from crawler.analysis.paywall.scholarly import body_section  # noqa: E402
from crawler.analysis.paywall.blocked import _blocked  # noqa: E402
from crawler.analysis.paywall.signals import _collect  # noqa: E402

KINDS = ("registration", "server_gate", "client_gate", "vendors", "declared_false", "declared_free",
         "part_present", "part_missing")
# evidence signal families, read off signals.py (platform gate boxes share one family: each is rare)
PLATFORMS = ("ghost", "substack", "memberpress", "leaky-paywall", "pmpro", "patreon", "restrict-content")
FAMILIES = ("cta.paid", "cta.registration", "cta.meter", "schema.isAccessibleForFree", "schema.hasPart",
            "scholarly", "platform", "meta", "piano", "poool", "pigeon", "amp", "markup", "vendor")
# small grids; widened on dev CV alone where the first grid's best sat at an edge (C 0.03..3, leaf 3/10)
LR_GRID = [{"C": c} for c in (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)]
GB_GRID = [{"max_depth": d, "learning_rate": lr, "min_samples_leaf": m}
           for d in (2, 3) for lr in (0.05, 0.1) for m in (2, 3, 5)]


def _family(signal: str) -> str:
    head = signal.split(".", 1)[0]
    if head in PLATFORMS:
        return "platform"
    return signal if head in ("cta", "schema") else head


def _log(x: float | None) -> float:
    return math.log1p(max(x or 0, 0))


def page_features(row: dict[str, str]) -> tuple[dict[str, float], str]:
    """(features, hand-written verdict) of one labelled page, computed as a capture would be."""
    payload = gzip.decompress((SET_DIR / "pages" / row["file"]).read_bytes())
    url = row["url"] or None
    html, encoding = decode(payload, HEADERS["content-type"], None)
    text = extract_html(html, url=url, encoding=encoding).text
    verdict = classify(status=200, headers=HEADERS, html=html, text=text, url=url)
    rules = "blocked" if verdict.blocked else verdict.status
    f: dict[str, float] = {}
    page = _build_page(html) if html.strip() else None
    if page is None:
        return f, rules
    f["blocked"] = float(_blocked(200, dict(HEADERS), page) is not None)
    sig = _collect(page)
    for kind in KINDS:
        n = len(getattr(sig, kind))
        f[f"n.{kind}"], f[f"has.{kind}"] = _log(n), float(n > 0)
    fams = Counter(_family(e.signal) for kind in KINDS for e in getattr(sig, kind))
    for fam in FAMILIES:
        f[f"fam.{fam}"] = _log(fams[fam])
    ln = _lengths(page, text, sig)
    for name in ("body", "delivered", "declared", "text_words", "html_words"):
        f[f"len.{name}"] = _log(getattr(ln, name))
    f["len.has_declared"] = float(ln.declared is not None)
    f["len.ratio"] = min(ln.ratio, 3.0) if ln.ratio is not None else 0.0
    f["len.truncated"], f["len.full"] = float(ln.truncated), float(ln.full)
    f["len.containers"] = float(min(ln.containers, 5))
    f["len.no_container"] = float(ln.html_words is None)
    f["page_words"] = page.page_words / 150
    s = page.schema
    f["leak.article_body"], f["leak.recipe"] = _log(s.article_body_words), _log(s.recipe_words)
    f["leak.script"] = _log(script_body_words(page))
    f["leak.elsewhere"] = float(_body_elsewhere(page, ln) is not None)
    f["declared_article"] = float(bool(s.declared_article))
    f["og.article"] = float(page.og_type == "article")
    f["og.item"] = float(page.og_type.startswith(("video.", "music.")) or page.og_type in ("image", "photo"))
    f["url.home"] = float(_home_page(url) is not None)
    f["article_like"] = float(_article_like(page, ln)[0])
    f["scholarly.body"] = float(body_section(page) is not None)
    f["schema.conflict"] = float(any(not v for v, *_ in s.free_flags) and any(v for v, *_ in s.free_flags))
    return f, rules


def matrix(feats: list[dict[str, float]], rules: list[str], names: list[str], with_rules: bool):
    import numpy as np
    cols = names + ([f"rules.{lab}" for lab in LABELS] if with_rules else [])
    rows = [[f.get(n, 0.0) for n in names] + ([float(r == lab) for lab in LABELS] if with_rules else [])
            for f, r in zip(feats, rules)]
    return np.asarray(rows, dtype=float), cols


def make(kind: str, params: dict):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    if kind == "lr":
        return make_pipeline(StandardScaler(), LogisticRegression(C=params["C"], class_weight="balanced",
                                                                  max_iter=5000))
    return HistGradientBoostingClassifier(max_iter=150, early_stopping=False, random_state=0, **params)


def grouped_cv(kind: str, params: dict, X, y: list[str], groups: list[str], folds: int) -> list[str]:
    """Out-of-fold predictions on dev, folds grouped by site (no site on both sides of a fold)."""
    from sklearn.model_selection import GroupKFold
    pred = [""] * len(y)
    for train, held in GroupKFold(n_splits=folds).split(X, y, groups):
        model = make(kind, params).fit(X[train], [y[i] for i in train])
        for i, p in zip(held, model.predict(X[held])):
            pred[i] = str(p)
    return pred


def mcnemar(gold: list[str], a: list[str], b: list[str]) -> dict[str, float | int]:
    """Paired comparison of two predictors: pages only a gets right, only b gets right, exact two-sided p."""
    only_a = sum(x == g != y for g, x, y in zip(gold, a, b))
    only_b = sum(y == g != x for g, x, y in zip(gold, a, b))
    n, k = only_a + only_b, min(only_a, only_b)
    p = min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0
    return {"only_model_right": only_a, "only_rules_right": only_b, "p": round(p, 3)}


def summary(gold: list[str], pred: list[str]) -> dict:
    s = score(list(zip(gold, pred)))
    return {"accuracy": s["accuracy"], "free_called_paywalled": s["free_called_paywalled"],
            "blocked_called_paywalled": s["blocked_called_paywalled"],
            "recall": {lab: v["recall"] for lab, v in s["per_status"].items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5, help="GroupKFold folds over dev sites (default 5)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--dev-only", action="store_true",
                    help="dev cross-validation only; the test split is not scored")
    args = ap.parse_args(argv)
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        print(f"error: {exc.name} missing: pip install 'provcrawl[model]' (numpy, scikit-learn)",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    data = {}
    for split in ("dev",) if args.dev_only else ("dev", "test"):
        rows = load(split)
        feats, rules = zip(*(page_features(r) for r in rows))
        data[split] = {"y": [r["label"] for r in rows], "groups": [r["site"] for r in rows],
                       "feats": list(feats), "rules": list(rules)}
    names = sorted({n for f in data["dev"]["feats"] for n in f})  # column set from dev only
    dev, test = data["dev"], data.get("test")
    out: dict = {"features": len(names), "seconds_features": round(time.perf_counter() - start, 1),
                 "rules": {s: summary(d["y"], d["rules"]) for s, d in data.items()}, "models": {}}
    for kind, grid in (("lr", LR_GRID), ("gb", GB_GRID)):
        for with_rules in (False, True):
            Xd, _ = matrix(dev["feats"], dev["rules"], names, with_rules)
            tried = []
            for params in grid:
                cv = grouped_cv(kind, params, Xd, dev["y"], dev["groups"], args.folds)
                s = summary(dev["y"], cv)
                tried.append((-s["accuracy"], s["free_called_paywalled"], len(tried), params, s, cv))
            # best dev CV accuracy, then fewer free pages called paywalled, then the earlier (simpler) entry
            _, _, _, params, cv_s, cv_pred = min(tried, key=lambda t: t[:3])
            res = out["models"][f"{kind}{'+rules' if with_rules else ''}"] = {
                "params": params, "grid": [{**t[3], "cv_accuracy": t[4]["accuracy"]} for t in tried],
                "dev": cv_s, "dev_vs_rules": mcnemar(dev["y"], cv_pred, dev["rules"])}
            if test is None:
                continue
            # chosen on dev only; now fit on all of dev and score the test split once
            Xt, _ = matrix(test["feats"], test["rules"], names, with_rules)
            pred = [str(p) for p in make(kind, params).fit(Xd, dev["y"]).predict(Xt)]
            res["test"] = summary(test["y"], pred)
            res["test_vs_rules"] = mcnemar(test["y"], pred, test["rules"])
    out["seconds_total"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        report(out, {split: len(d["y"]) for split, d in data.items()})
    return 0


def _params(p: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in p.items() if k != "cv_accuracy")


def report(out: dict, pages: dict[str, int]) -> None:
    labs = [lab[:5] for lab in LABELS]
    print(f"{out['features']} features; pages {pages}; features {out['seconds_features']} s, "
          f"total {out['seconds_total']} s")
    for m, v in out["models"].items():
        grid = ", ".join(f"{_params(g)}: {g['cv_accuracy']}" for g in v["grid"])
        print(f"  {m} grid (dev CV accuracy): {grid}\n    chosen: {_params(v['params'])}")
    for split in pages:
        what = "dev: rules in-sample (tuned on dev), models out-of-fold" if split == "dev" else \
            "test: scored once, models fitted on all of dev"
        print(f"\n== {what}")
        print(f"   {'verdict':<10}{'acc':>6}{'free>paid':>10}{'blk>paid':>9}   recall "
              + " ".join(f"{x:>5}" for x in labs) + "   vs rules (model-only right / rules-only right, p)")
        rows = [("rules", out["rules"][split], None)]
        rows += [(m, v[split], v[f"{split}_vs_rules"]) for m, v in out["models"].items()]
        for name, s, vs in rows:
            rec = " ".join("    -" if s["recall"][lab] is None else f"{s['recall'][lab]:>5.2f}"
                           for lab in LABELS)
            cmp = f"{vs['only_model_right']:>3} /{vs['only_rules_right']:>3}, p={vs['p']}" if vs else ""
            print(f"   {name:<10}{s['accuracy']:>6.3f}{s['free_called_paywalled']:>10}"
                  f"{s['blocked_called_paywalled']:>9}          {rec}   {cmp}")


if __name__ == "__main__":
    raise SystemExit(main())
