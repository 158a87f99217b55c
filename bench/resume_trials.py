"""crawl --resume after SIGKILL, N times (issue 15, item 2): pages fetched twice, and the page limit.

    python bench/resume_trials.py --trials 10              # a 1,000-article site from bench/make_site.py

Each trial crawls a loopback copy of the site with --max-pages 1000, SIGKILLs the crawl a random
4-40 s after its first stored page (startup time varies with machine load, so the clock starts
there), runs ``crawl --resume 1`` and counts, from the provenance DB: URLs with two stored
records (robots.txt aside: each process fetches it) and distinct pages (must be <= 1000).
"""
import argparse, json, os, random, signal, sqlite3, subprocess, sys, tempfile, time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from crawler.demo.server import FixtureServer  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--trials", type=int, default=10)
ap.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "provcrawl-site-1k")
ap.add_argument("--kill-min", type=float, default=4.0)
ap.add_argument("--kill-max", type=float, default=40.0)
ap.add_argument("--seed", type=int, default=15)
opts = ap.parse_args()
subprocess.run([sys.executable, str(REPO / "bench" / "make_site.py"), "--out", str(opts.site), "--pages", "1000"],
               check=True)
SITE, TRIALS, PY, MAX = opts.site, opts.trials, sys.executable, 1000
rng = random.Random(opts.seed)
env = {**os.environ, "PYTHONPATH": str(REPO)}
env.pop("PROVCRAWL_DATA_DIR", None); env.pop("PROVCRAWL_DB", None)


def rows(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("select url, record_type, status from capture where record_type is not null").fetchall()
    finally:
        con.close()


results = []
for t in range(TRIALS):
    kill_at = rng.uniform(opts.kill_min, opts.kill_max)
    with FixtureServer(site=SITE) as srv, tempfile.TemporaryDirectory() as d:
        data = Path(d)
        cmd = [PY, "-m", "crawler", "crawl", "--start", srv.url("/"), "--max-pages", str(MAX), "--data-dir", str(data)]
        t0 = time.time()
        p = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        db = data / "provenance.sqlite"
        while p.poll() is None:  # the kill time counts from the first stored page (startup is slow under load)
            try:
                if rows(db):
                    break
            except sqlite3.Error:
                pass
            time.sleep(0.1)
        t0 = time.time()
        while time.time() - t0 < kill_at and p.poll() is None:
            time.sleep(0.05)
        finished_first = p.poll() is not None
        p.send_signal(signal.SIGKILL); p.wait()
        db = data / "provenance.sqlite"
        first = [r for r in rows(db) if not r[0].endswith("/robots.txt")]
        r = subprocess.run([PY, "-m", "crawler", "crawl", "--resume", "1", "--data-dir", str(data)], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=2400)
        allr = [r_ for r_ in rows(db) if not r_[0].endswith("/robots.txt")]
        c = Counter(u for u, _, _ in allr)
        twice = sum(1 for n in c.values() if n > 1)
        revisits = sum(1 for _, rt, _ in allr if rt == "revisit")
        res = dict(trial=t, kill_at=round(kill_at, 1), finished_before_kill=finished_first, stored_at_kill=len(first),
                   resume_rc=r.returncode, fetched_twice=twice, revisits=revisits, distinct=len(c))
        if r.returncode:
            res["stderr"] = r.stderr[-500:]
        print(json.dumps(res), flush=True)
        results.append(res)
if results:
    print("SUMMARY trials=%d with_refetch=%d refetched_pages=%s max_distinct=%d over_max=%d" % (
    len(results), sum(1 for r in results if r["fetched_twice"]), [r["fetched_twice"] for r in results],
    max(r["distinct"] for r in results), sum(1 for r in results if r["distinct"] > MAX)))
