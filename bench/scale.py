"""Scale benchmarks of issue 8: crawl throughput, full-pipeline throughput, provenance look-up, memory.

Everything runs on this machine: a static site from ``bench/make_site.py`` served by nginx on
127.0.0.1 (``bench/serve_nginx.sh``), crawled by ``provcrawl`` as a user would run it (a subprocess
of the installed CLI), and by GNU wget for comparison. Runs are bounded (each tool fetches the
site once per repetition, the site is finite) and stop by themselves.

  1  crawl    provcrawl crawl --start / -s EXTRACTION_ENABLED=False (fetch + WARC + provenance DB,
              links followed)  vs  wget --recursive --level=inf --warc-file; pages/s, goal >= 0.6x.
              1b: distributed mode (`crawl --redis --db postgresql` + one `provcrawl worker`, with
              redis-server and a throw-away PostgreSQL on loopback) if the CLI has `worker`, else
              "not measured"; goal >= 1.0x of wget.
  2  pipeline provcrawl crawl with default settings (+ extraction + paywall verdict)  vs  bare
              trafilatura.extract over the same pages' HTML in a 2-process multiprocessing.Pool;
              goal >= 0.5x.
  3  re-extraction: see bench/reextract_speed.py (pointer only).
  4  look-up  a SQLite DB with 1,000,000 captures: `provcrawl provenance URL --json` end to end
              (median of 20; goal < 1 s), `provcrawl --version` (context), and the query alone
              in-process (captures_of + with_changes, median and p95 of 200; goal median < 20 ms).
  5  memory   (--memory) VmRSS of a 20,000-page crawl every 0.5 s; peak and RSS at 25/50/75/100 %
              of pages; goal: flat and under 400 MB.

Repetitions are interleaved (a b, b a, a b ...) so a noisy neighbour hurts both sides alike; the
table shows medians, ratios first. The other processes' CPU use during each run is measured from
/proc and shown, with the busiest other processes at start and end. When a goal fails, a py-spy
profile (if py-spy is available; ``--py-spy PATH``, or cProfile otherwise) of one provcrawl run
is printed: the functions with the most inclusive and self time.

    .venv/bin/python bench/scale.py                       # 1, 1b, 2, 4 (~8 min on 2 cores; +8 min
                                                               #   the first time, to build the 1M-capture DB)
    .venv/bin/python bench/scale.py --only memory         # 5 alone (~7 min)
    .venv/bin/python bench/scale.py --reps 5 --json out.json
    .venv/bin/python bench/scale.py --only lookup --lookup-captures 200000   # quick look
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import make_site  # noqa: E402
from machine_load import Load, busiest_others, measure_load, proc_table  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PROVCRAWL = str(VENV_BIN / "provcrawl") if (VENV_BIN / "provcrawl").exists() else "provcrawl"
WGET = shutil.which("wget") or "/usr/bin/wget"

GOAL_CRAWL = 0.6        # provcrawl / wget pages/s, one process
GOAL_CRAWL_2W = 1.0     # with two worker processes (distributed mode)
GOAL_PIPELINE = 0.5     # full pipeline / bare trafilatura Pool(2)
GOAL_QUERY_MS = 20.0    # in-process provenance query, median
GOAL_CLI_S = 1.0        # `provcrawl provenance URL --json`, median wall
GOAL_RSS_MB = 400.0
GOAL_RSS_GROWTH = 0.15  # "flat": RSS at 100 % of pages at most 15 % above RSS at 25 %
BARE_CHUNKSIZE = 16


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(0.95 * len(s)) - 1))]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)




def source_fingerprint(root: Path = ROOT) -> str:
    """A hash of the project's Python sources: the run measured one version of the code, or says it did not."""
    import hashlib

    h = hashlib.sha256()
    for d in ("crawler", "spiders", "storage"):
        for f in sorted((root / d).rglob("*.py")):
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def machine_info() -> dict:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    versions = {}
    for mod in ("scrapy", "trafilatura", "sqlalchemy", "lxml", "twisted"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001
            versions[mod] = "?"
    wget_v = subprocess.run([WGET, "--version"], capture_output=True, text=True).stdout.split("\n", 1)[0]
    nginx_v = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    return {"nproc": os.cpu_count(), "cpu": model, "mem_gb": round(int(mem) / 1024 / 1024, 1),
            "python": platform.python_version(), "kernel": platform.release(), **versions,
            "wget": wget_v, "nginx": nginx_v, "loadavg": os.getloadavg()}


# --------------------------------------------------------------------------------------- nginx


class Nginx:
    """bench/serve_nginx.sh DIR PORT as a child; one SIGTERM stops it (and removes its temp dir)."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Nginx:
        self.proc = subprocess.Popen(["bash", str(HERE / "serve_nginx.sh"), str(self.root), str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        import urllib.request

        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/robots.txt", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                self.__exit__()
                raise SystemExit(f"nginx did not start on 127.0.0.1:{self.port}: {err.strip()[-500:]}")
            time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


# --------------------------------------------------------------------------------------- crawls


@dataclass
class Run:
    name: str
    wall: float
    pages: int
    load: Load
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


def provcrawl_cmd(url: str, data_dir: Path, extraction: bool) -> list[str]:
    cmd = [PROVCRAWL, "crawl", "--start", url, "--data-dir", str(data_dir), "--json", "-s", "LOG_LEVEL=WARNING"]
    if not extraction:
        cmd[6:6] = ["-s", "EXTRACTION_ENABLED=False"]
    return cmd


def run_provcrawl(url: str, data_dir: Path, extraction: bool, name: str, timeout: float) -> Run:
    shutil.rmtree(data_dir, ignore_errors=True)
    with measure_load() as ld:
        p = subprocess.run(provcrawl_cmd(url, data_dir, extraction), capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise SystemExit(f"provcrawl crawl failed ({p.returncode}): {p.stderr[-2000:]}")
    info = json.loads(p.stdout)
    inner = (datetime.fromisoformat(info["finished_at"]) - datetime.fromisoformat(info["started_at"])).total_seconds()
    warnings = [ln for ln in p.stderr.splitlines() if "WARNING" in ln and "ExtractionPipeline" not in ln
                and "deprecat" not in ln.lower()]
    return Run(name, ld.wall, info["captures"], ld, {"run_seconds": inner, "errors": info["errors"],
                                                       "extracted": info.get("extracted"), "warnings": warnings[:5],
                                                       "warc_bytes": info["bytes_written"]})


def count_warc_responses(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            n += rec.rec_type == "response"
    return n


def run_wget(url: str, work: Path, timeout: float) -> Run:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cmd = [WGET, "--recursive", "--level=inf", f"--warc-file={work / 'site'}", "--no-verbose",
           "-P", str(work / "files"), url]
    with measure_load() as ld:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if p.returncode not in (0, 8):  # 8: some 404s (none expected on this site)
        raise SystemExit(f"wget failed ({p.returncode}): {p.stderr[-2000:]}")
    warc = work / "site.warc.gz"
    return Run("wget", ld.wall, count_warc_responses(warc), ld, {"warc_bytes": warc.stat().st_size,
                                                                  "exit": p.returncode})


# --------------------------------------------------------------------------------------- bare trafilatura


def _bare(html: str) -> int:
    import trafilatura

    return len(trafilatura.extract(html) or "")


def site_html(site: Path) -> list[str]:
    """Every HTML page of the site, decoded as its <meta> says (not timed)."""
    out = []
    for p in sorted(site.rglob("*.html")):
        raw = p.read_bytes()
        enc = "cp1251" if b"charset=windows-1251" in raw[:600] else "utf-8"
        out.append(raw.decode(enc))
    return out


def run_bare2(htmls: list[str]) -> Run:
    import trafilatura  # noqa: F401  (imported before the fork, as a warm pool would have it)

    with measure_load() as ld:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            for _ in pool.imap_unordered(_bare, htmls, chunksize=BARE_CHUNKSIZE):
                pass
    return Run("bare-2", ld.wall, len(htmls), ld)


# --------------------------------------------------------------------------------------- profiles


def _frame_key(frame: str) -> str:
    m = re.match(r"(.*) \((.*?):\d+\)$", frame)
    if not m:
        return frame
    fn, path = m.groups()
    path = re.sub(r".*/site-packages/", "", path)
    path = re.sub(rf"^{re.escape(str(ROOT))}/", "", path)
    path = re.sub(r".*/lib/python3\.\d+/", "", path)
    return f"{path}:{fn}"


def summarize_collapsed(path: Path, top: int = 25) -> list[str]:
    incl: collections.Counter[str] = collections.Counter()
    self_: collections.Counter[str] = collections.Counter()
    procs: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        total += int(n)
        frames = stack.split(";")
        proc = "main process"
        heads = []
        while frames and frames[0].startswith("process "):  # py-spy --subprocesses: process frames first
            head = frames.pop(0)
            while frames and not head.endswith('"'):  # a ';' in the command line split the frame
                head += ";" + frames.pop(0)
            heads.append(head)
        if len(heads) > 1 or any("spawn_main" in h for h in heads):
            proc = "extraction worker processes"
        procs[proc] += int(n)
        keys = [_frame_key(f) for f in frames] or ["(no Python frame)"]
        for k in set(keys):
            incl[k] += int(n)
        self_[keys[-1]] += int(n)
    boring = re.compile(r"(runpy|typer/|click/|asyncio/(base_events|events)|twisted/internet/asyncioreactor|"
                        r"crawler/__main__|crawler/cli/(__init__|capture).py:(main|crawl|worker|_run)$|crawler/orchestration/runner|scrapy/crawler|"
                        r"scrapy/utils/(asyncio|asyncgen|defer|python|decorators|signal)|scrapy/core/spidermw|"
                        r"scrapy/spidermiddlewares/base|scrapy/signalmanager|pydispatch|twisted/python/(log|context)|"
                        r"threading.py:Thread._bootstrap|multiprocessing/(spawn|process).py|concurrent/futures/process|"
                        r"^<string>:<module>$)")
    lines = [f"py-spy: {total} samples (100 Hz, active time only) of the crawl process and its children: "
             + ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in procs.most_common(4)),
             f"top {top} by inclusive time (framework entry points left out):"]
    for k, v in [(k, v) for k, v in incl.most_common() if not boring.search(k)][:top]:
        lines.append(f"  {100 * v / total:5.1f} %  {k}")
    lines.append(f"top {top} by self time:")
    for k, v in self_.most_common(top):
        lines.append(f"  {100 * v / total:5.1f} %  {k}")
    return lines


def profile_crawl(url: str, data_dir: Path, extraction: bool, py_spy: str | None, out: Path) -> list[str]:
    shutil.rmtree(data_dir, ignore_errors=True)
    cmd = provcrawl_cmd(url, data_dir, extraction)
    py = str(VENV_BIN / "python")
    if py_spy:
        raw = out.with_suffix(".collapsed.txt")
        subprocess.run([py_spy, "record", "--subprocesses", "--format", "raw", "-r", "100", "-o", str(raw), "--", py,
                        "-m", "crawler",
                        *cmd[1:]], capture_output=True, text=True, timeout=3600)
        svg = out.with_suffix(".svg")
        lines = summarize_collapsed(raw)
        lines.append(f"(collapsed stacks: {raw}; flame graph: {py_spy} record -o {svg} -- ... )")
        return lines
    prof = out.with_suffix(".prof")
    subprocess.run([py, "-m", "cProfile", "-o", str(prof), "-m", "crawler", *cmd[1:]], capture_output=True,
                   text=True, timeout=3600)
    import io
    import pstats

    buf = io.StringIO()
    pstats.Stats(str(prof), stream=buf).sort_stats("cumulative").print_stats(25)
    return ["cProfile, top 25 cumulative:"] + buf.getvalue().splitlines()


# --------------------------------------------------------------------------------------- distributed


def distributed_available() -> tuple[bool, str]:
    p = subprocess.run([PROVCRAWL, "worker", "--help"], capture_output=True, text=True)
    if p.returncode == 0:
        return True, ""
    return False, (p.stderr.strip().splitlines() or ["?"])[-2 if len(p.stderr.strip().splitlines()) > 1 else -1]


def measure_distributed(url: str, work: Path, reps: int, timeout: float, workers: int = 1,
                        idle_exit: float = 2.0, py_spy: str | None = None) -> dict:
    """``provcrawl crawl --start URL --redis R --db PG`` (publishes the job and crawls too) plus
    ``workers`` x ``provcrawl worker --redis R --db PG``: 1 + workers crawling processes, sharing a
    Redis frontier (redis-server on loopback) and a PostgreSQL DB (a throw-away cluster on loopback).

    Time: from starting the processes to the last new capture row (the DB is polled every 0.25 s);
    the processes then leave after ``--idle-exit`` quiet seconds (not counted, shown as context).
    With ``py_spy``, each process runs under ``py-spy record`` (profiles in work/distributed-profile-*).
    """
    import sqlalchemy

    redis = shutil.which("redis-server")
    pg_dirs = sorted(Path("/usr/lib/postgresql").glob("*/bin")) if Path("/usr/lib/postgresql").exists() else []
    initdb = str(pg_dirs[-1] / "initdb") if pg_dirs else shutil.which("initdb")
    pg_ctl = str(pg_dirs[-1] / "pg_ctl") if pg_dirs else shutil.which("pg_ctl")
    if not (redis and initdb and pg_ctl):
        return {"note": "not measured: redis-server or PostgreSQL binaries missing"}
    root = work / "distributed"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    pgdata = root / "pg"
    rport, pport = 16379 + os.getpid() % 1000, 25432 + os.getpid() % 1000
    as_pg = os.geteuid() == 0  # initdb refuses to run as root
    if as_pg:
        shutil.chown(root, "postgres")

    def pg(*argv: str) -> subprocess.CompletedProcess:
        full = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in argv)] if as_pg else list(argv)
        return subprocess.run(full, capture_output=True, text=True)

    redis_p = subprocess.Popen([redis, "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs: list[Run] = []
    pg_started = False
    try:
        r = pg(initdb, "-D", str(pgdata), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        if r.returncode:
            return {"note": f"not measured: initdb failed: {r.stderr[-300:]}"}
        r = pg(pg_ctl, "-D", str(pgdata), "-l", str(pgdata / "log"), "-w", "-o",
               f"-p {pport} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        if r.returncode:
            return {"note": f"not measured: PostgreSQL did not start: {r.stderr[-300:]}"}
        pg_started = True
        db = f"postgresql+psycopg://postgres@127.0.0.1:{pport}/postgres"
        rurl = f"redis://127.0.0.1:{rport}/0"
        for i in range(reps):
            eng = sqlalchemy.create_engine(db)
            with eng.begin() as c:
                c.execute(sqlalchemy.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            subprocess.run(["redis-cli", "-p", str(rport), "FLUSHALL"], capture_output=True)
            common = ["--redis", rurl, "--db", db, "--idle-exit", str(idle_exit), "--json",
                      "-s", "EXTRACTION_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]
            procs: list[subprocess.Popen] = []

            def spy(name: str, argv: list[str]) -> list[str]:
                if not py_spy:
                    return argv
                return [py_spy, "record", "--subprocesses", "--format", "raw", "-r", "100",
                        "-o", str(work / f"distributed-profile-{name}.txt"), "--", str(VENV_BIN / "python"), "-m",
                        "crawler", *argv[1:]]

            with measure_load() as ld:
                t_start = time.monotonic()
                for k in range(workers):  # they wait for the job the crawl command publishes
                    procs.append(subprocess.Popen(spy(f"worker{k}", [PROVCRAWL, "worker", *common, "--data-dir",
                                                                     str(root / f"w{i}-{k}")]),
                                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                procs.append(subprocess.Popen(spy("crawl", [PROVCRAWL, "crawl", "--start", url, *common,
                                                            "--data-dir", str(root / f"c{i}")]),
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                outs: dict[int, tuple[str, str]] = {}
                threads = [threading.Thread(target=lambda k=k, p=p: outs.__setitem__(k, p.communicate()), daemon=True)
                           for k, p in enumerate(procs)]
                for t in threads:
                    t.start()
                last, last_change, deadline = 0, t_start, t_start + timeout
                while time.monotonic() < deadline and any(p.poll() is None for p in procs):
                    time.sleep(0.25)
                    try:
                        with eng.connect() as c:
                            n = c.execute(sqlalchemy.text("SELECT count(*) FROM capture")).scalar() or 0
                    except sqlalchemy.exc.SQLAlchemyError:
                        n = 0
                    if n != last:
                        last, last_change = n, time.monotonic()
                for p in procs:
                    if p.poll() is None:
                        p.send_signal(signal.SIGINT)
                for t in threads:
                    t.join(timeout=60)
                t_exit = time.monotonic()
            with eng.connect() as c:
                total, distinct = c.execute(sqlalchemy.text("SELECT count(*), count(DISTINCT url) FROM capture")).one()
                per_run = c.execute(sqlalchemy.text("SELECT run_id, count(*) FROM capture GROUP BY run_id "
                                                    "ORDER BY run_id")).all()
            eng.dispose()
            bad = [(k, p.returncode, outs.get(k, ("", ""))[1][-300:]) for k, p in enumerate(procs) if p.returncode]
            if total == 0 or bad:
                return {"note": f"not measured: distributed run failed (exit codes / stderr: {bad})", "runs": runs}
            runs.append(Run(f"provcrawl-{1 + workers}p", last_change - t_start, total, ld,
                            {"until_exit": t_exit - t_start, "distinct_urls": distinct,
                             "per_process": [n for _, n in per_run]}))
            log(f"distributed rep {i + 1}: {total} captures ({distinct} distinct URLs, per process "
                f"{[n for _, n in per_run]}) in {last_change - t_start:.1f} s; all exited after {t_exit - t_start:.1f} s")
    finally:
        if pg_started:
            pg(pg_ctl, "-D", str(pgdata), "-m", "fast", "stop")
        redis_p.terminate()
        redis_p.wait(timeout=10)
        shutil.rmtree(pgdata, ignore_errors=True)
    return {"runs": runs}


# --------------------------------------------------------------------------------------- look-up DB

HOSTS = [("https://www.mid.ru", "/en/foreign_policy/news/{n}/", "mid_ru_en"),
         ("https://tass.com", "/politics/{n}", "tass"),
         ("https://en.irna.ir", "/news/{n}/{slug}", "irna"),
         ("https://theduran.com", "/{slug}/", "theduran"),
         ("https://www.militarytimes.com", "/news/your-military/{y}/{m:02d}/{d:02d}/{slug}/", "militarytimes"),
         ("https://eir.news", "/{slug}/", "eir"),
         ("https://karlof1.substack.com", "/p/{slug}", "karlof1"),
         ("https://smoothiex12.blogspot.com", "/{y}/{m:02d}/{slug}.html", "martyanov"),
         ("https://thesaker.is", "/{slug}/", "saker"),
         ("https://www.rt.com", "/news/{n}-{slug}/", None)]
WORDS = ("lavrov blinken kerry pompeo arctic council reykjavik pyongyang dialogue sanctions security treaty "
         "missile navy fleet northern base summit ministers talks statement briefing nuclear strategy europe "
         "asia pacific korea iran ukraine crimea baltic energy gas pipeline trade economy election congress "
         "pentagon kremlin moscow washington beijing tehran alliance nato brics forum press conference").split()
LOOKUP_VERSION = 1


def lookup_urls(n_urls: int, seed: int) -> list[str]:
    rng = random.Random(f"{seed}:urls")
    urls, seen = [], set()
    base = datetime(2016, 1, 1, tzinfo=UTC)
    while len(urls) < n_urls:
        host, pattern, _ = HOSTS[len(urls) % len(HOSTS)]
        when = base + timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 10))
        slug = "-".join(rng.sample(WORDS, rng.randint(3, 8)))
        u = host + pattern.format(n=rng.randint(1_000_000, 99_999_999), slug=slug, y=when.year, m=when.month,
                                  d=when.day)
        if u not in seen:
            seen.add(u)
            urls.append(u)
    return urls


def build_lookup_db(path: Path, n_captures: int, seed: int = 1) -> dict:
    """1,000,000 (n_captures) captures of ~n/4 URLs over 10 hosts, with one extraction per 2xx page."""
    from sqlalchemy import insert

    from storage.db import Database, sqlite_url
    from storage.models import Capture, CrawlRun, Extraction
    from storage.urlkey import url_key

    mf = path.with_suffix(".json")
    if path.exists() and mf.exists():
        m = json.loads(mf.read_text())
        if m.get("captures") == n_captures and m.get("seed") == seed and m.get("version") == LOOKUP_VERSION:
            return m
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    mf.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    db = Database(sqlite_url(path))
    rng = random.Random(f"{seed}:captures")
    n_urls = max(1, n_captures // 4)
    urls = lookup_urls(n_urls, seed)
    keys = [url_key(u) for u in urls]
    log(f"lookup DB: {n_urls} URLs and their url_keys in {time.perf_counter() - t0:.0f} s")
    pools = make_site.sentence_pools()["en"]
    # several captures per URL (1-8, mean ~4), each URL captured in runs spread over ~3 years
    counts = [1 + min(7, int(rng.expovariate(1 / 3.0))) for _ in range(n_urls)]
    while sum(counts) < n_captures:
        counts[rng.randrange(n_urls)] += 1
    while sum(counts) > n_captures:
        k = rng.randrange(n_urls)
        if counts[k] > 1:
            counts[k] -= 1
    n_runs = 400
    base = datetime(2023, 1, 1, tzinfo=UTC)
    run_start = [base + timedelta(days=2.7 * r) for r in range(n_runs)]
    with db.engine.begin() as c:
        c.execute(insert(CrawlRun), [{"id": r + 1, "command": "provcrawl crawl --all", "spider": "site",
                                      "software_version": "provcrawl 0.1.0", "versions": {}, "started_at": run_start[r],
                                      "finished_at": run_start[r] + timedelta(hours=3), "status": "finished",
                                      "finish_reason": "finished"} for r in range(n_runs)])
    # captures in time order: (run, url index) pairs
    plan = []
    for k, cnt in enumerate(counts):
        first = rng.randrange(n_runs)
        runs = sorted({min(n_runs - 1, first + rng.randrange(0, 60) * j) for j in range(cnt)})
        while len(runs) < cnt:
            runs = sorted(set(runs) | {rng.randrange(n_runs)})
        plan.extend((r, k) for r in runs[:cnt])
    plan.sort()
    log(f"lookup DB: planned {len(plan)} captures in {time.perf_counter() - t0:.0f} s; inserting")
    chunk, cid, eid = 20_000, 0, 0
    last_sha: dict[int, str] = {}
    texts = [" ".join(rng.sample(pools, 6)) for _ in range(500)]
    for start in range(0, len(plan), chunk):
        caps, exts = [], []
        for r, k in plan[start:start + chunk]:
            cid += 1
            url = urls[k]
            status = 200 if rng.random() < 0.93 else rng.choice([301, 404, 403, 503])
            fetched = run_start[r] + timedelta(seconds=rng.randint(0, 10_000), microseconds=rng.randint(0, 999_999))
            prev = last_sha.get(k)
            changed = prev is None or rng.random() < 0.3
            sha = f"{rng.getrandbits(256):064x}" if changed else prev
            last_sha[k] = sha
            revisit = status == 200 and not changed
            length = rng.randint(20_000, 120_000)
            caps.append({
                "id": cid, "run_id": r + 1, "url": url, "final_url": url, "fetched_at": fetched, "status": status,
                "content_type": "text/html; charset=utf-8", "sha256": sha, "length": length,
                "payload_digest": f"sha1:{rng.getrandbits(160):040X}",
                "warc_file": f"warc/provcrawl-{run_start[r]:%Y%m%d%H%M%S}000-{1 + cid // 5000:05d}-bench-1.warc.gz",
                "warc_offset": rng.randint(0, 10**9), "warc_length": length // 4,
                "warc_record_id": f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>",
                "warc_request_record_id": f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>",
                "ip_address": f"203.0.113.{k % 250 + 1}", "redirect_location": None,
                "paywall_status": rng.choice(["free", "free", "free", "unknown", "preview"]),
                "paywall_evidence": [], "source": HOSTS[k % len(HOSTS)][2], "url_key": keys[k],
                "record_type": "revisit" if revisit else "response", "revisit_of_id": None,
                "change": "new" if prev is None else ("changed" if changed else "unchanged"),
                "etag": f'"{rng.getrandbits(48):x}"', "last_modified": None,
            })
            if status == 200:
                eid += 1
                text = texts[rng.randrange(len(texts))]
                exts.append({"id": eid, "capture_id": cid, "extractor": "trafilatura", "extractor_version": "2.3.1",
                             "settings_hash": "0" * 64, "settings": {}, "extracted_at": fetched, "status": "ok",
                             "encoding": "utf-8", "title": text[:80], "author": None, "published": None,
                             "language": "en", "text": text, "text_sha256": sha, "paywall_status": "free"})
        with db.engine.begin() as c:
            c.execute(insert(Capture), caps)
            c.execute(insert(Extraction), exts)
        if (start // chunk) % 10 == 9:
            log(f"lookup DB: {cid} captures ({time.perf_counter() - t0:.0f} s)")
    with db.engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    db.dispose()
    m = {"version": LOOKUP_VERSION, "captures": cid, "extractions": eid, "urls": n_urls, "seed": seed,
         "build_seconds": round(time.perf_counter() - t0), "bytes": path.stat().st_size}
    mf.write_text(json.dumps(m, indent=2))
    return m


def measure_lookup(data_dir: Path, n_captures: int, cli_reps: int, query_reps: int) -> dict:
    from storage.db import Database, sqlite_url
    from storage.queries import captures_of, with_changes

    db_path = data_dir / "provenance.sqlite"
    m = build_lookup_db(db_path, n_captures)
    urls = lookup_urls(m["urls"], m["seed"])
    rng = random.Random("lookup-sample")
    # --version: interpreter + typer start-up
    version_t = []
    for _ in range(cli_reps):
        t = time.perf_counter()
        subprocess.run([PROVCRAWL, "--version"], capture_output=True, check=True)
        version_t.append(time.perf_counter() - t)
    cli_t, cli_caps = [], []
    for u in rng.sample(urls, cli_reps):
        t = time.perf_counter()
        p = subprocess.run([PROVCRAWL, "provenance", u, "--json", "--data-dir", str(data_dir)], capture_output=True,
                           text=True)
        cli_t.append(time.perf_counter() - t)
        if p.returncode != 0:
            raise SystemExit(f"provcrawl provenance failed: {p.stderr[-500:]}")
        cli_caps.append(len(json.loads(p.stdout)["captures"]))
    db = Database(sqlite_url(db_path))
    q_t, q_caps = [], []
    sample = rng.sample(urls, query_reps)
    first = None
    for u in sample:
        t = time.perf_counter()
        with db.session() as s:
            out = with_changes(captures_of(s, u))
        dt = time.perf_counter() - t
        first = dt if first is None else first
        q_t.append(dt)
        q_caps.append(len(out))
    db.dispose()
    return {"db": m, "version_s": version_t, "cli_s": cli_t, "cli_captures": cli_caps, "query_s": q_t,
            "query_first_s": first, "query_captures": q_caps}


# --------------------------------------------------------------------------------------- memory


def vm_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"VmRSS:\s+(\d+)", status)
    return int(m.group(1)) / 1024 if m else 0.0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for child, (ppid, _, _) in proc_table().items():
        children.setdefault(ppid, []).append(child)
    out, stack = [], list(children.get(pid, ()))
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(children.get(p, ()))
    return out


def measure_memory(url: str, data_dir: Path, extraction: bool, expected_pages: int, timeout: float,
                   interval: float = 0.5) -> dict:
    shutil.rmtree(data_dir, ignore_errors=True)
    cmd = provcrawl_cmd(url, data_dir, extraction)
    samples: list[tuple[float, float, int, float]] = []  # (t, crawl process RSS MB, captures, tree RSS MB)
    dbfile = data_dir / "provenance.sqlite"
    with measure_load() as ld:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        conn = None
        last_count = 0
        out_err: dict[str, str] = {}

        def drain() -> None:
            out_err["out"], out_err["err"] = proc.communicate()

        th = threading.Thread(target=drain, daemon=True)
        th.start()
        while proc.poll() is None and time.perf_counter() - t0 < timeout:
            rss = vm_rss_mb(proc.pid)
            if rss is None:
                break
            tree = rss + sum(vm_rss_mb(c) or 0.0 for c in descendants(proc.pid))
            try:
                if conn is None and dbfile.exists():
                    conn = sqlite3.connect(f"file:{dbfile}?mode=ro", uri=True, timeout=0.2)
                if conn is not None:
                    last_count = conn.execute("SELECT count(*) FROM capture").fetchone()[0]
            except sqlite3.Error:
                pass
            samples.append((time.perf_counter() - t0, rss, last_count, tree))
            time.sleep(interval)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        th.join(timeout=120)
        if conn is not None:
            conn.close()
    info = json.loads(out_err.get("out") or "{}") if proc.returncode == 0 else {}
    pages = info.get("captures") or (samples[-1][2] if samples else 0)
    at = {}
    for frac in (0.25, 0.5, 0.75, 1.0):
        want = frac * pages
        hit = next((s for s in samples if s[2] >= want), samples[-1] if samples else (0, 0, 0, 0))
        at[f"{int(frac * 100)}%"] = {"t": round(hit[0], 1), "rss_mb": round(hit[1], 1), "captures": hit[2],
                                     "tree_mb": round(hit[3], 1)}
    peak = max((s[1] for s in samples), default=0.0)
    peak_tree = max((s[3] for s in samples), default=0.0)
    return {"pages": pages, "expected": expected_pages, "wall": ld.wall, "peak_mb": peak, "peak_tree_mb": peak_tree,
            "at": at,
            "samples": len(samples), "other_cores": ld.other_cores, "extraction": extraction,
            "returncode": proc.returncode, "stderr_tail": (out_err.get("err") or "")[-600:] if proc.returncode else "",
            "series": [(round(t, 1), round(r, 1), c, round(tr, 1)) for t, r, c, tr in
                       samples[:: max(1, len(samples) // 60)]]}


# --------------------------------------------------------------------------------------- main


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"



def compare(ours: list[Run], theirs: list[Run]) -> tuple[float, float, float, float, float]:
    """Median pages/s of each side, their ratio, and each side's median CPU ms per page."""
    ours_rate, their_rate = median([r.rate for r in ours]), median([r.rate for r in theirs])
    return (ours_rate, their_rate, ours_rate / their_rate,
            median([r.load.own_cpu / r.pages * 1000 for r in ours]),
            median([r.load.own_cpu / r.pages * 1000 for r in theirs]))

def main() -> None:  # noqa: C901
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000, help="articles in the test site (default 2000)")
    ap.add_argument("--reps", "-R", type=int, default=3, help="repetitions per configuration (median)")
    ap.add_argument("--port", type=int, default=8089)
    ap.add_argument("--work", type=Path, default=Path("/tmp/provcrawl-scale-bench"),
                    help="scratch dir: sites, data dirs, the look-up DB (kept between runs)")
    ap.add_argument("--only", default="crawl,pipeline,lookup",
                    help="comma list of: crawl, distributed, pipeline, lookup, memory (default: crawl,pipeline,lookup;"
                         " distributed runs with crawl)")
    ap.add_argument("--memory", action="store_true", help="also run the 20,000-page memory crawl (long)")
    ap.add_argument("--memory-pages", type=int, default=20000)
    ap.add_argument("--memory-no-extraction", action="store_true",
                    help="memory crawl with EXTRACTION_ENABLED=False (default: default settings)")
    ap.add_argument("--lookup-captures", type=int, default=1_000_000)
    ap.add_argument("--cli-reps", type=int, default=20)
    ap.add_argument("--query-reps", type=int, default=200)
    ap.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                    help="profile a provcrawl run when its goal fails (auto), always, or never")
    ap.add_argument("--py-spy", default=shutil.which("py-spy") or shutil.which("py-spy", path=str(VENV_BIN)) or "",
                    help="py-spy binary for profiles (default: on PATH; else cProfile)")
    ap.add_argument("--timeout", type=float, default=1800, help="per crawl, seconds")
    ap.add_argument("--json", type=Path, help="write all measurements here")
    ap.add_argument("--code", type=Path, default=None,
                    help="run provcrawl from this source tree (PYTHONPATH), e.g. to compare two branches")
    args = ap.parse_args()
    if args.code is not None:  # the console script then imports crawler/ and storage/ from there
        os.environ["PYTHONPATH"] = str(args.code.resolve())
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    if args.memory:
        only.add("memory")
    if "crawl" in only:
        only.add("distributed")
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine_info(), "args": {k: str(v) for k, v in vars(args).items()}}
    m = results["machine"]
    log(f"machine: {m['nproc']} x {m['cpu']}, load average {m['loadavg']}")
    results["others_start"] = busiest_others()
    results["source_start"] = source_fingerprint(args.code.resolve() if args.code else ROOT)
    log(f"code: {args.code.resolve() if args.code else ROOT} (sources {results['source_start']})")
    table: list[tuple[str, str, str, str]] = []  # (figure, ratio/value, goal, verdict)
    context: list[str] = []
    profiles: dict[str, list[str]] = {}
    base = f"http://127.0.0.1:{args.port}"

    need_site = only & {"crawl", "pipeline", "distributed"}
    if need_site:
        site = work / f"site-{args.pages}"
        sm = make_site.ensure_site(site, args.pages, 1, base)
        log(f"site: {sm['html_pages']} HTML pages ({sm['html_bytes'] / 1e6:.0f} MB, median {sm['html_kb_median']} KB)"
            f" in {site}")
        results["site"] = sm
        with Nginx(site, args.port) as ng:
            prov: list[Run] = []
            wget: list[Run] = []
            if "crawl" in only:
                for i in range(args.reps):
                    order = ("p", "w") if i % 2 == 0 else ("w", "p")
                    for o in order:
                        if o == "p":
                            r = run_provcrawl(ng.url, work / "crawl-data", False, "provcrawl", args.timeout)
                            prov.append(r)
                        else:
                            r = run_wget(ng.url, work / "wget", args.timeout)
                            wget.append(r)
                        log(f"crawl rep {i + 1} {r.name}: {r.pages} pages in {r.wall:.1f} s = {r.rate:.1f} pages/s "
                            f"(others used {r.load.other_cores:.2f} cores)")
                p_rate, w_rate, ratio, p_cpu, w_cpu = compare(prov, wget)
                results["crawl"] = {"provcrawl": [vars(r) | {"load": vars(r.load)} for r in prov],
                                    "wget": [vars(r) | {"load": vars(r.load)} for r in wget], "ratio": ratio}
                table.append(("1. crawl, 1 process: provcrawl / wget pages/s", f"{ratio:.2f}x", f">= {GOAL_CRAWL}x",
                              verdict(ratio >= GOAL_CRAWL)))
                table.append(("1. same, by CPU time per page: wget / provcrawl", f"{w_cpu / p_cpu:.2f}x "
                              f"({p_cpu:.1f} vs {w_cpu:.1f} ms)", "(context)", ""))
                context.append(f"1. provcrawl (extraction off) {p_rate:.1f} pages/s [{', '.join(f'{r.rate:.1f}' for r in prov)}]"
                               f" = {median([r.pages for r in prov]):.0f} pages in {median([r.wall for r in prov]):.1f} s wall"
                               f" ({median([r.extra['run_seconds'] for r in prov]):.1f} s inside the run row);"
                               f" wget {w_rate:.1f} pages/s [{', '.join(f'{r.rate:.1f}' for r in wget)}]"
                               f" = {median([r.pages for r in wget]):.0f} pages in {median([r.wall for r in wget]):.1f} s;"
                               f" provcrawl CPU {median([r.load.own_cpu for r in prov]):.1f} s (incl. nginx),"
                               f" wget CPU {median([r.load.own_cpu for r in wget]):.1f} s; other processes"
                               f" {median([r.load.other_cores for r in prov + wget]):.2f} cores")
                if ratio < GOAL_CRAWL and args.profile != "never" or args.profile == "always":
                    log("profiling a provcrawl crawl (extraction off)")
                    profiles["crawl"] = profile_crawl(ng.url, work / "profile-crawl", False, args.py_spy or None,
                                                      work / "profile-crawl")
            if "distributed" in only:
                ok, why = distributed_available()
                label = "1b. crawl, 2 processes (crawl + worker): provcrawl / wget"
                if not ok:
                    table.append((label, "not measured", f">= {GOAL_CRAWL_2W}x", "-"))
                    context.append(f"1b. not measured: distributed mode not available (`provcrawl worker --help`: {why})")
                else:
                    d = measure_distributed(ng.url, work, args.reps, args.timeout)
                    if d.get("runs") and "note" not in d:
                        if not wget:
                            wget = [run_wget(ng.url, work / "wget", args.timeout) for _ in range(args.reps)]
                        w_rate = median([r.rate for r in wget])
                        d_rate = median([r.rate for r in d["runs"]])
                        table.append((label, f"{d_rate / w_rate:.2f}x", f">= {GOAL_CRAWL_2W}x",
                                      verdict(d_rate / w_rate >= GOAL_CRAWL_2W)))
                        if prov:
                            table.append(("1c. crawl, 2 processes / 1 process (provcrawl)",
                                          f"{d_rate / median([r.rate for r in prov]):.2f}x (best rep "
                                          f"{max(r.rate for r in d['runs']) / median([r.rate for r in prov]):.2f}x)",
                                          "(context)", ""))
                        context.append(f"1b. distributed, `crawl --redis --db postgresql` + 1 `worker` (redis-server and"
                                       f" PostgreSQL on loopback, fsync off), extraction off: {d_rate:.1f} pages/s"
                                       f" [{', '.join(f'{r.rate:.1f}' for r in d['runs'])}] ="
                                       f" {median([r.pages for r in d['runs']]):.0f} captures"
                                       f" ({median([r.extra['distinct_urls'] for r in d['runs']]):.0f} distinct URLs;"
                                       f" per process {d['runs'][0].extra['per_process']}) until the last capture row in"
                                       f" {median([r.wall for r in d['runs']]):.1f} s (all processes gone after"
                                       f" {median([r.extra['until_exit'] for r in d['runs']]):.1f} s with --idle-exit 2);"
                                       f" other processes {median([r.load.other_cores for r in d['runs']]):.2f} cores")
                        results["distributed"] = [vars(r) | {"load": vars(r.load)} for r in d["runs"]]
                        if (d_rate / w_rate < GOAL_CRAWL_2W and args.profile != "never" or args.profile == "always") \
                                and args.py_spy:
                            log("profiling a distributed crawl (py-spy on both processes)")
                            measure_distributed(ng.url, work, 1, args.timeout, py_spy=args.py_spy)
                            for name in ("crawl", "worker0"):
                                f = work / f"distributed-profile-{name}.txt"
                                if f.exists():
                                    profiles[f"distributed, {name} process"] = summarize_collapsed(f, top=15)
                    else:
                        table.append((label, "not measured", f">= {GOAL_CRAWL_2W}x", "-"))
                        context.append(f"1b. {d['note']}")
            if "pipeline" in only:
                htmls = site_html(site)
                full, bare = [], []
                for i in range(args.reps):
                    order = ("p", "b") if i % 2 == 0 else ("b", "p")
                    for o in order:
                        if o == "p":
                            r = run_provcrawl(ng.url, work / "pipeline-data", True, "provcrawl-full", args.timeout)
                            full.append(r)
                        else:
                            r = run_bare2(htmls)
                            bare.append(r)
                        log(f"pipeline rep {i + 1} {r.name}: {r.pages} pages in {r.wall:.1f} s = {r.rate:.1f} pages/s "
                            f"(others used {r.load.other_cores:.2f} cores)")
                f_rate, b_rate, ratio, f_cpu, b_cpu = compare(full, bare)
                results["pipeline"] = {"provcrawl": [vars(r) | {"load": vars(r.load)} for r in full],
                                       "bare2": [vars(r) | {"load": vars(r.load)} for r in bare], "ratio": ratio}
                table.append(("2. full pipeline / bare trafilatura Pool(2) pages/s", f"{ratio:.2f}x",
                              f">= {GOAL_PIPELINE}x", verdict(ratio >= GOAL_PIPELINE)))
                table.append(("2. same, by CPU time per page: bare / pipeline", f"{b_cpu / f_cpu:.2f}x "
                              f"({f_cpu:.1f} vs {b_cpu:.1f} ms)", "(context)", ""))
                context.append(f"2. provcrawl default settings {f_rate:.1f} pages/s [{', '.join(f'{r.rate:.1f}' for r in full)}]"
                               f" = {median([r.pages for r in full]):.0f} pages ({median([r.extra['extracted'] or 0 for r in full]):.0f}"
                               f" with text) in {median([r.wall for r in full]):.1f} s; bare trafilatura.extract Pool(2)"
                               f" {b_rate:.1f} pages/s [{', '.join(f'{r.rate:.1f}' for r in bare)}] = {len(htmls)} pages"
                               f" in {median([r.wall for r in bare]):.1f} s; other processes"
                               f" {median([r.load.other_cores for r in full + bare]):.2f} cores")
                if ratio < GOAL_PIPELINE and args.profile != "never" or args.profile == "always":
                    log("profiling a provcrawl crawl (default settings)")
                    profiles["pipeline"] = profile_crawl(ng.url, work / "profile-pipeline", True, args.py_spy or None,
                                                         work / "profile-pipeline")
    table.append(("3. re-extraction", "not measured here", "", "see bench/reextract_speed.py"))

    if "lookup" in only:
        log(f"look-up: building or reusing a {args.lookup_captures:,}-capture DB")
        lk = measure_lookup(work / f"lookup-{args.lookup_captures}", args.lookup_captures, args.cli_reps,
                            args.query_reps)
        results["lookup"] = lk
        q_med, q95 = median(lk["query_s"]) * 1000, p95(lk["query_s"]) * 1000
        cli_med, ver_med = median(lk["cli_s"]), median(lk["version_s"])
        table.append(("4a. provenance query in-process, median (p95)", f"{q_med:.1f} ms ({q95:.1f} ms)",
                      f"< {GOAL_QUERY_MS:.0f} ms", verdict(q_med < GOAL_QUERY_MS)))
        table.append(("4b. `provcrawl provenance URL --json` wall, median", f"{cli_med:.2f} s", f"< {GOAL_CLI_S:.0f} s",
                      verdict(cli_med < GOAL_CLI_S)))
        table.append(("4c. `provcrawl --version` wall, median", f"{ver_med:.2f} s", "(context)", ""))
        db = lk["db"]
        context.append(f"4. DB: {db['captures']:,} captures of {db['urls']:,} URLs on 10 hosts, {db['extractions']:,}"
                       f" extractions, {db['bytes'] / 1e9:.2f} GB SQLite (built in {db['build_seconds']} s);"
                       f" captures per looked-up URL: median {median(lk['query_captures']):.0f},"
                       f" max {max(lk['query_captures'])}; first (cold) query {lk['query_first_s'] * 1000:.1f} ms;"
                       f" CLI runs [{', '.join(f'{x:.2f}' for x in lk['cli_s'][:5])} ...] s")

    if "memory" in only:
        msite = work / f"site-{args.memory_pages}"
        mport = args.port + 1
        sm = make_site.ensure_site(msite, args.memory_pages, 1, f"http://127.0.0.1:{mport}")
        log(f"memory: {sm['html_pages']} pages; crawling (extraction {'off' if args.memory_no_extraction else 'on'})")
        with Nginx(msite, mport) as ng:
            mem = measure_memory(ng.url, work / "memory-data", not args.memory_no_extraction, sm["html_pages"],
                                 timeout=args.timeout * 4)
        results["memory"] = mem
        at = mem["at"]
        growth = (at["100%"]["rss_mb"] - at["25%"]["rss_mb"]) / max(1.0, at["25%"]["rss_mb"])
        flat = growth <= GOAL_RSS_GROWTH
        table.append(("5. memory, 20k-page crawl: peak RSS, crawl process", f"{mem['peak_mb']:.0f} MB",
                      f"< {GOAL_RSS_MB:.0f} MB", verdict(mem["peak_mb"] < GOAL_RSS_MB)))
        table.append(("5. memory: peak RSS, crawl process + its children", f"{mem['peak_tree_mb']:.0f} MB",
                      "(context)", ""))
        table.append(("5. memory: RSS at 25/50/75/100 % of pages",
                      " / ".join(f"{at[k]['rss_mb']:.0f}" for k in ("25%", "50%", "75%", "100%")) + " MB"
                      + " (tree " + " / ".join(f"{at[k]['tree_mb']:.0f}" for k in ("25%", "50%", "75%", "100%")) + ")",
                      f"flat (+<= {GOAL_RSS_GROWTH:.0%})", verdict(flat)))
        context.append(f"5. {mem['pages']} pages in {mem['wall']:.0f} s ({mem['pages'] / mem['wall']:.1f} pages/s,"
                       f" extraction {'on' if mem['extraction'] else 'off'}); RSS 25->100 %: {growth:+.0%};"
                       f" {mem['samples']} samples; other processes {mem['other_cores']:.2f} cores")

    results["others_end"] = busiest_others()
    results["source_end"] = source_fingerprint(args.code.resolve() if args.code else ROOT)
    results["table"] = table
    results["profiles"] = profiles
    # ------------------------------------------------------------------ print
    print()
    print(f"provcrawl scale benchmarks ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC) on {m['nproc']} x {m['cpu']},"
          f" {m['mem_gb']} GB; Python {m['python']}, Scrapy {m['scrapy']}, trafilatura {m['trafilatura']},"
          f" SQLAlchemy {m['sqlalchemy']}; {m['wget']}; {m['nginx']}")
    if need_site:
        s = results["site"]
        print(f"site: {s['html_pages']} HTML pages ({s['articles_ru_cp1251']} windows-1251), median {s['html_kb_median']}"
              f" KB; medians of {args.reps} interleaved runs")
    if results["source_start"] == results["source_end"]:
        print(f"sources (crawler/, spiders/, storage/ *.py): {results['source_start']}, unchanged during the run")
    else:
        print(f"WARNING: the sources changed during the run ({results['source_start']} -> {results['source_end']});"
              " runs may have measured different code")
    print()
    w = max(len(r[0]) for r in table) + 2
    vw = max(len(r[1]) for r in table) + 2
    print(f"{'figure':<{w}}{'measured':>{vw}}  {'goal':<18}result")
    print("-" * (w + vw + 28))
    for fig, val, goal, res in table:
        print(f"{fig:<{w}}{val:>{vw}}  {goal:<18}{res}")
    print()
    print("context:")
    for c in context:
        print(f"  {c}")
    print("  3. re-extraction speed (documents/s from WARC vs bare trafilatura): bench/reextract_speed.py")
    print("other processes at start (cores over 2 s):")
    for line in results["others_start"]:
        print(f"  {line}")
    print("other processes at end:")
    for line in results["others_end"]:
        print(f"  {line}")
    for name, lines in profiles.items():
        print(f"\nprofile of one provcrawl run ({name}):")
        for line in lines:
            print(f"  {line}")
    if "memory" in results:
        print("\nmemory series (time: crawl-process RSS / with children, at captures so far):")
        series = results["memory"]["series"]
        for k in range(0, len(series), 6):
            print("  " + "  ".join(f"{t:5.0f}s {r:4.0f}/{tr:4.0f} MB @{c:>6}" for t, r, c, tr in series[k:k + 6]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
