"""Full-text search at scale (issue 19): query median/p95, index size and build time, SQLite and PostgreSQL.

Generates N extraction rows (default 1,000,000) of article length, mixed English and Russian, on
N/2 URLs captured twice each (a recrawl: 80 % identical text, 20 % with one sentence rewritten),
loads them into a fresh provenance database, then times ``provcrawl search --reindex``'s rebuild
(:func:`storage.search_index.reindex`) and :func:`storage.search.search` itself (grouping and the
phrase check included) for three kinds of query, each run --queries times on a warm cache:

  phrase   a 4-8 word run copied from a random stored text, with its typography changed
           (case, curly quotes): the "where did this quote come from" case
  words    two words, one common and one rarer, from a random text (ranked word search)
  absent   a phrase of real words in an order no text has

Texts: word frequencies follow Zipf's law over a vocabulary that starts with the words of the
seed texts (English: /work/shared/seeds and bench/extraction_set; Russian: the Russian pages of
bench/extraction_set and the demo site) and goes on with made-up words (120,000 English-looking,
120,000 Cyrillic), so rare words are rare as in real news; sentences of 6-30 words, 180-700 words a
text (about 2.4 KB), curly quotes, «ёлочки», dashes and ё sprinkled in. Seeded: reruns are identical.

    .venv/bin/python bench/search.py --rows 1000000                       # SQLite in a temp dir
    .venv/bin/python bench/search.py --rows 100000 --db postgresql+psycopg://postgres@127.0.0.1:55433/bench_search
    .venv/bin/python bench/search.py --rows 20000 --queries 50 --json out.json   # a quick look
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from storage.db import Database  # noqa: E402
from storage.models import Capture, CrawlRun, Extraction  # noqa: E402
from storage.search import search  # noqa: E402
from storage.search_index import reindex  # noqa: E402

SEEDS = Path("/work/shared/seeds")
WORD = re.compile(r"[^\W\d_]+")
CYR = re.compile(r"[а-яё]")


def _seed_words() -> tuple[list[str], list[str]]:
    """Seed words by frequency, English and Russian."""
    files = list(SEEDS.glob("*.txt")) + list((ROOT / "bench/extraction_set").glob("*.expected.txt"))
    en: dict[str, int] = {}
    ru: dict[str, int] = {}
    for f in files:
        for w in WORD.findall(f.read_text(encoding="utf-8", errors="replace").lower()):
            bucket = ru if CYR.search(w) else en
            bucket[w] = bucket.get(w, 0) + 1
    def ranked(d: dict[str, int]) -> list[str]:
        return sorted(d, key=lambda w: -d[w])
    return ranked(en), ranked(ru)


def _made_up(rng: random.Random, syllables: list[str], n: int, seen: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


class TextGen:
    """Zipf-distributed words in sentences, one language per text."""

    def __init__(self, seed: int = 19) -> None:
        self.rng = random.Random(seed)
        en, ru = _seed_words()
        en_syl = [a + b for a in "bcdfghklmnprstvwz" for b in ("a", "e", "i", "o", "u", "ou", "ea")]
        ru_syl = [a + b for a in "бвгдзклмнпрстфхчш" for b in ("а", "е", "и", "о", "у", "ы", "я", "ё")]
        self.vocab = {"en": en + _made_up(self.rng, en_syl, 120_000, set(en)),
                      "ru": ru + _made_up(self.rng, ru_syl, 120_000, set(ru))}
        self.cum = {k: list(itertools.accumulate(1.0 / (i + 2.7) for i in range(len(v)))) for k, v in self.vocab.items()}

    def words(self, lang: str, k: int) -> list[str]:
        return self.rng.choices(self.vocab[lang], cum_weights=self.cum[lang], k=k)

    def sentence(self, lang: str) -> str:
        ws = self.words(lang, self.rng.randint(6, 30))
        r = self.rng.random()
        if r < 0.08 and len(ws) > 6:  # a quotation, typeset as that language's press does
            a = self.rng.randint(1, len(ws) - 5)
            b = a + self.rng.randint(2, 4)
            opening, closing = ("«", "»") if lang == "ru" else ("“", "”")
            ws[a] = opening + ws[a]
            ws[b] = ws[b] + closing + ","
        elif r < 0.15:
            ws.insert(self.rng.randint(1, len(ws) - 1), "—")
        s = " ".join(ws)
        return s[0].upper() + s[1:] + self.rng.choice(".....?!")

    def text(self, lang: str) -> str:
        n_words = self.rng.randint(180, 700)
        sentences: list[str] = []
        count = 0
        while count < n_words:
            s = self.sentence(lang)
            sentences.append(s)
            count += s.count(" ") + 1
        paragraphs, i = [], 0
        while i < len(sentences):
            k = self.rng.randint(2, 6)
            paragraphs.append(" ".join(sentences[i:i + k]))
            i += k
        return "\n".join(paragraphs)

    def edited(self, body: str, lang: str) -> str:
        """The same text with one sentence rewritten (a recrawl after an edit)."""
        parts = body.split(". ")
        parts[self.rng.randrange(len(parts))] = self.sentence(lang).rstrip(".!?")
        return ". ".join(parts)


def load(db: Database, rows: int, gen: TextGen, batch: int = 5000) -> dict[str, Any]:
    """Insert the captures and extractions (no index yet); returns timing and text volume."""
    t0 = time.monotonic()
    fetched = datetime(2021, 1, 1, tzinfo=UTC)
    chars = 0
    with db.session() as s:
        run = CrawlRun(command="bench", software_version="bench", started_at=fetched)
        s.add(run)
        s.flush()
        run_id = run.id
    caps: list[dict[str, Any]] = []
    exs: list[dict[str, Any]] = []

    def flush() -> None:
        with db.engine.begin() as conn:
            conn.execute(insert(Capture.__table__), caps)
            conn.execute(insert(Extraction.__table__), exs)
        caps.clear()
        exs.clear()

    for u in range(rows // 2):
        lang = "ru" if gen.rng.random() < 0.4 else "en"
        body = gen.text(lang)
        url = f"https://{'www.mid.ru' if lang == 'ru' else 'news.example.org'}/{u // 1000}/{u}.html"
        for visit in (0, 1):
            cid = u * 2 + visit + 1
            if visit == 1 and gen.rng.random() < 0.2:
                body = gen.edited(body, lang)
            at = fetched + timedelta(minutes=u, days=30 * visit)
            caps.append({"id": cid, "run_id": run_id, "url": url, "url_key": url, "fetched_at": at, "status": 200,
                         "paywall_status": "free", "source": f"bench_{lang}", "record_type": "response"})
            exs.append({"id": cid, "capture_id": cid, "extractor": "bench", "extractor_version": "1",
                        "settings_hash": "bench", "settings": {}, "extracted_at": at, "status": "ok",
                        "text": body, "language": lang})
            chars += len(body)
        if len(caps) >= batch:
            flush()
    if caps:
        flush()
    return {"load_s": round(time.monotonic() - t0, 1), "rows": rows, "text_chars": chars,
            "mean_text_chars": round(chars / max(rows, 1))}


def index_size(db: Database) -> int:
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return int(conn.execute(text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")).scalar() or 0)
        return int(conn.execute(text("SELECT pg_total_relation_size('search_document')")).scalar() or 0)


def queries(db: Database, gen: TextGen, n: int, rows: int) -> dict[str, list[str]]:
    """Query texts drawn from stored rows (the same draw for every engine: seeded)."""
    rng = random.Random(2021)
    ids = [rng.randint(1, rows) for _ in range(n * 2)]
    with db.engine.connect() as conn:
        texts = [conn.execute(text("SELECT text FROM extraction WHERE id = :i"), {"i": i}).scalar() for i in ids]
    phrase, words, absent = [], [], []
    for i, body in enumerate(texts[:n]):
        ws = body.split()
        k = rng.randint(4, 8)
        start = rng.randrange(0, len(ws) - k)
        q = " ".join(ws[start:start + k])
        q = q.upper() if i % 3 == 0 else q.replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"')
        phrase.append(q)
    for body in texts[n:]:
        ws = sorted(set(WORD.findall(body.lower())), key=lambda w: (len(w), w))
        words.append(f"{ws[rng.randrange(len(ws) // 4)]} {ws[-1 - rng.randrange(len(ws) // 4)]}")
        absent.append(" ".join(rng.sample(ws, 5)))
    return {"phrase": phrase, "words": words, "absent": absent}


def time_queries(db: Database, qs: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with db.session() as s:
        for q in qs["phrase"][:5]:  # warm the cache
            search(s, q)
        for kind, items in qs.items():
            times, hits = [], []
            for q in items:
                t = time.perf_counter()
                r = search(s, q, mode="words" if kind == "words" else "phrase", limit=50)
                times.append((time.perf_counter() - t) * 1000)
                hits.append(len(r))
            times.sort()
            out[kind] = {"n": len(times), "median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1),
                         "found_share": round(sum(1 for h in hits if h) / len(hits), 3),
                         "median_urls": statistics.median(hits)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="extraction rows (two captures per URL)")
    ap.add_argument("--db", help="database URL (default: a new SQLite file in a temp dir); a PostgreSQL "
                                 "database is emptied first")
    ap.add_argument("--queries", type=int, default=200, help="queries of each kind")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
    url = args.db or f"sqlite:///{Path(tmp.name) / 'provenance.sqlite'}"
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine
        admin_url, name = url.rsplit("/", 1)
        admin = create_engine(admin_url + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    db = Database(url)
    gen = TextGen()
    report: dict[str, Any] = {"engine": db.engine.dialect.name, "started": datetime.now(UTC).isoformat(timespec="seconds")}
    report.update(load(db, args.rows, gen))
    print(f"loaded {args.rows} rows in {report['load_s']} s", file=sys.stderr, flush=True)
    t = time.monotonic()
    with db.engine.begin() as conn:
        indexed = reindex(conn, batch=5000,
                          progress=lambda n: n % 100_000 < 5000 and print(f"  indexed {n}", file=sys.stderr, flush=True))
    report["index_build_s"] = round(time.monotonic() - t, 1)
    report["indexed"] = indexed
    report["index_bytes"] = index_size(db)
    if url.startswith("sqlite"):
        report["db_file_bytes"] = Path(url[len("sqlite:///"):]).stat().st_size
    else:
        with db.engine.connect() as conn:
            report["db_bytes"] = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())
    report["queries"] = time_queries(db, queries(db, gen, args.queries, args.rows))
    db.dispose()
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    tmp.cleanup()


if __name__ == "__main__":
    main()
