"""A synthetic, deterministic WARC of N distinct news pages, imported into a fresh data dir.

The pages are variations of the 19 labelled pages in ``bench/extraction_set/`` (nine source platforms):

* text nodes get their sentences reordered and a few words substituted; some paragraphs are dropped,
  new ones (sentences from the labelled texts of the same language) are inserted;
* every page gets its own URL in the form its source uses (so the registry's cleanup rules apply,
  as in a real re-extraction), with the template's URL and post ids replaced throughout the page;
* most pages get realistic boilerplate: a ~100-link site menu after ``<body>`` and a "latest news"
  list before ``</body>``; short pages are padded with that list so pages are 20-80 KB;
* mid.ru Russian pages stay windows-1251 (half of them with the charset only in ``<meta>``), and
  about 30 % of all bodies are stored gzip-compressed with ``Content-Encoding: gzip``.

Responses are written as request/response pairs with :class:`storage.warc.WarcWriter`, then the file
is adopted with :func:`crawler.evidence.importer.import_warcs` (captures only; no extraction is run), so the
data dir looks like one after ``provcrawl import``. Same ``--pages``/``--seed`` → same pages, URLs,
headers and record ids (the warcinfo record carries the host name, so the file bytes differ by host).

    .venv/bin/python bench/make_warc.py --data-dir /tmp/reextract-bench            # 2,000 pages
    .venv/bin/python bench/make_warc.py --data-dir /tmp/rb --pages 500 --seed 7 --force
"""

from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import random
import re
import shutil
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.evidence.importer import import_warcs  # noqa: E402
from storage.db import Database, sqlite_url  # noqa: E402
from storage.warc import Exchange, WarcWriter  # noqa: E402

EXTRACTION_SET = Path(__file__).resolve().parent / "extraction_set"
GENERATOR_VERSION = 1
MANIFEST = "bench-manifest.json"
DB_NAME = "provenance.sqlite"  # what `provcrawl --data-dir` opens by default
MIN_SIZE, MAX_SIZE = 20_000, 80_000
GZIP_SHARE = 0.3

# --------------------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    name: str
    platform: str
    url: str
    content_type: str
    encoding: str
    lang: str
    html: str  # decoded


def load_templates() -> list[Template]:
    index = json.loads((EXTRACTION_SET / "index.json").read_text(encoding="utf-8"))
    out = []
    for e in index["pages"]:
        enc = e["encoding"]
        out.append(Template(e["file"].removesuffix(".html"), e["platform"], e["url"], e["content_type"], enc,
                            e["lang"], (EXTRACTION_SET / e["file"]).read_bytes().decode(enc)))
    return out


_SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁ\"“«])")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]{4,}")


def language_pools() -> dict[str, tuple[list[str], list[str]]]:
    """lang → (sentences, words) from the labelled expected texts."""
    index = json.loads((EXTRACTION_SET / "index.json").read_text(encoding="utf-8"))
    sents: dict[str, list[str]] = {}
    words: dict[str, list[str]] = {}
    for e in index["pages"]:
        text = (EXTRACTION_SET / e["expected"]).read_text(encoding="utf-8")
        for line in text.splitlines():
            for s in _SENT_SPLIT.split(line.strip()):
                if 40 <= len(s) <= 400:
                    sents.setdefault(e["lang"], []).append(s)
        words.setdefault(e["lang"], []).extend(w for w in _WORD.findall(text))
    return {lang: (sorted(set(sents[lang])), sorted(set(words[lang]))) for lang in sents}


# --------------------------------------------------------------------------------------- URLs

_SECTIONS = {
    "liferay_mid": ["foreign_policy/news", "foreign_policy/international_safety", "press_service/minister_speeches",
                    "foreign_policy/economic_diplomacy", "press_service/spokesman", "foreign_policy/un",
                    "consular_services", "about/structure", "foreign_policy/rso", "foreign_policy/energy"],
    "tass": ["politics", "world", "russia", "economy", "defense", "society", "science", "emergencies", "sports"],
    "irna": ["service/politics", "service/world", "service/economy", "service/sport", "service/society",
             "service/culture", "service/photo", "service/video"],
    "wordpress_duran": ["category/news", "category/analysis", "category/politics", "category/world",
                        "category/europe", "category/russia", "category/usa", "category/middle-east"],
    "arcxp_militarytimes": ["news/your-military", "news/pentagon-congress", "flashpoints", "news/your-army",
                            "news/your-navy", "news/your-air-force", "off-duty", "veterans", "pay-benefits"],
    "ghost_eir": ["tag/asia", "tag/strategic", "tag/economics", "tag/europe", "tag/americas", "tag/science",
                  "tag/history", "tag/culture"],
    "substack": ["archive", "about", "p/notes", "podcast", "leaderboard", "subscribe"],
    "blogger": ["search/label/Russia", "search/label/Navy", "search/label/Arctic", "search/label/Military",
                "search/label/Economy", "search/label/Books", "2021/", "2022/", "2023/"],
    "wordpress_saker": ["category/analyses", "category/interviews", "category/news", "category/translations",
                        "category/guest-analysis", "category/sitreps", "category/russia", "category/europe"],
}
_MENU_WORDS = ["Politics", "World", "Russia", "Economy", "Business", "Defense", "Security", "Diplomacy", "Energy",
               "Arctic", "Asia", "Europe", "Americas", "Middle East", "Africa", "Opinion", "Analysis", "Interviews",
               "Video", "Photo", "Podcasts", "Archive", "Documents", "Statements", "Briefings", "Press releases",
               "Culture", "Science", "Sport", "Society", "Technology", "History", "Military", "Navy", "Army",
               "Air Force", "Veterans", "Congress", "Elections", "Sanctions", "Trade", "Nuclear", "Space",
               "Climate", "Health", "Media", "Education", "Travel", "Regions", "About", "Contacts"]


def _slug(words: list[str], rng: random.Random, n: tuple[int, int] = (4, 9)) -> str:
    k = rng.randint(*n)
    picked = [w.lower() for w in rng.sample(words, k)]
    return re.sub(r"[^a-z0-9-]+", "", "-".join(picked)) or "post"


def make_url(t: Template, i: int, rng: random.Random, en_words: list[str], when: datetime) -> str:
    slug = _slug(en_words, rng)
    p = t.platform
    if p == "liferay_mid":
        lang = "ru" if t.lang == "ru" else "en"
        if "asset_publisher" in t.url and rng.random() < 0.5:
            return f"https://www.mid.ru/{lang}/foreign_policy/news/-/asset_publisher/cKNonkJE02Bw/content/id/{4_600_000 + i * 7}"
        return f"https://www.mid.ru/{lang}/foreign_policy/news/{1_800_000 + i * 3}/"
    if p == "tass":
        return f"https://tass.com/{rng.choice(['politics', 'world', 'russia', 'defense', 'economy'])}/{1_500_000 + i * 11}"
    if p == "irna":
        return f"https://en.irna.ir/news/{83_000_000 + i * 13}/{slug.replace('-', ' ').title().replace(' ', '-')}"
    if p == "wordpress_duran":
        return f"https://theduran.com/{slug}/"
    if p == "arcxp_militarytimes":
        sec = rng.choice(["news/your-military", "news/pentagon-congress", "flashpoints", "news/your-navy"])
        return f"https://www.militarytimes.com/{sec}/{when:%Y/%m/%d}/{slug}/"
    if p == "ghost_eir":
        return f"https://eir.news/{slug}/"
    if p == "substack":
        return f"https://karlof1.substack.com/p/{slug}"
    if p == "blogger":
        return f"https://smoothiex12.blogspot.com/{when:%Y/%m}/{slug}.html"
    if p == "wordpress_saker":
        return f"https://thesaker.is/{slug}/"
    raise ValueError(p)


# --------------------------------------------------------------------------------------- page variation

_SCRIPTISH = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->)", re.S | re.I)
_TEXT_NODE = re.compile(r">([^<>]{60,})<")
_PARA = re.compile(r"(<p\b[^>]*>)((?:(?!</p>).){80,}?)</p>", re.S | re.I)
_WORD_IN_TEXT = re.compile(r"(?<![&#\w])[A-Za-zА-Яа-яЁё]{4,}(?![\w;])")
_ID_ATTR = re.compile(r"\s+id=(\"[^\"]*\"|'[^']*')")
_TAGS = re.compile(r"<[^>]+>")


def _vary_text(text: str, rng: random.Random, words: list[str]) -> str:
    parts = _SENT_SPLIT.split(text.strip())
    if len(parts) >= 2 and rng.random() < 0.5:
        rng.shuffle(parts)
    out = " ".join(parts)
    if rng.random() < 0.6:
        out = _WORD_IN_TEXT.sub(lambda m: rng.choice(words) if rng.random() < 0.04 else m.group(0), out)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return lead + out + trail


def _outside_scripts(html: str, fn) -> str:  # type: ignore[no-untyped-def]
    pieces = _SCRIPTISH.split(html)
    return "".join(p if k % 2 else fn(p) for k, p in enumerate(pieces))


def _paragraphs(segment: str, rng: random.Random, sents: list[str], n_insert: int, drop: float) -> str:
    matches = list(_PARA.finditer(segment))
    if not matches:
        return segment
    inserts = set(rng.sample(range(len(matches)), min(n_insert, len(matches))))
    can_drop = len(matches) >= 6
    out, last = [], 0
    for k, m in enumerate(matches):
        out.append(segment[last:m.start()])
        last = m.end()
        if can_drop and rng.random() < drop:
            continue
        out.append(m.group(0))
        if k in inserts:
            new = " ".join(htmllib.escape(s, quote=False) for s in rng.sample(sents, rng.randint(2, 5)))
            out.append("\n" + _ID_ATTR.sub("", m.group(1)) + new + "</p>")
    out.append(segment[last:])
    return "".join(out)


def _menu(host: str, platform: str, rng: random.Random, n_links: int) -> str:
    sections = _SECTIONS[platform]
    items = []
    for k in range(n_links):
        label = rng.choice(_MENU_WORDS)
        sec = rng.choice(sections)
        sub = re.sub(r"[^a-z0-9]+", "-", label.lower())
        cls = f"menu-item menu-item-type-taxonomy menu-item-{10_000 + k * 17}"
        items.append(f'<li class="{cls}"><a href="https://{host}/{sec}/{sub}/">{htmllib.escape(label)}</a></li>')
    # in groups, like a mega-menu
    groups = ["\n".join(items[g:g + 12]) for g in range(0, len(items), 12)]
    cols = "\n".join(f'<div class="menu-column"><ul class="sub-menu">\n{g}\n</ul></div>' for g in groups)
    return (f'\n<nav class="site-navigation main-menu" id="site-navigation" aria-label="Main menu">\n'
            f'<button class="menu-toggle" aria-expanded="false">Menu</button>\n{cols}\n</nav>\n')


def _latest(host: str, rng: random.Random, sents: list[str], n: int, when: datetime) -> str:
    items = []
    for k in range(n):
        words = rng.choice(sents).split()
        head = htmllib.escape(" ".join(words[: rng.randint(6, 14)]).rstrip(",.;:"), quote=False)
        day = when - timedelta(hours=rng.randint(1, 400))
        items.append(f'<li class="latest-news__item"><a class="latest-news__link" href="https://{host}/news/'
                     f'{rng.randint(10**6, 10**7)}/">{head}</a> <time datetime="{day:%Y-%m-%dT%H:%M}">'
                     f'{day:%d %B %Y, %H:%M}</time></li>')
    return ('\n<aside class="widget latest-news" id="latest-news"><h3 class="widget-title">Latest news</h3>\n'
            '<ul class="latest-news__list">\n' + "\n".join(items) + "\n</ul></aside>\n")


def _insert_after_body(html: str, block: str) -> str:
    m = re.search(r"<body\b[^>]*>", html, re.I)
    return html[:m.end()] + block + html[m.end():] if m else block + html


def _insert_before_body_end(html: str, block: str) -> str:
    k = html.lower().rfind("</body>")
    return html[:k] + block + html[k:] if k >= 0 else html + block


def vary_page(t: Template, url: str, i: int, rng: random.Random,
              pools: dict[str, tuple[list[str], list[str]]], when: datetime) -> str:
    sents, words = pools.get(t.lang, pools["en"])
    html = t.html
    # URL and ids
    html = html.replace(t.url, url).replace(t.url.replace("http://", "https://"), url)
    old_path, new_path = urlsplit(t.url).path, urlsplit(url).path
    if len(old_path) > 10:
        html = html.replace(old_path, new_path)
    m = re.search(r"\d{5,}", t.url)
    n = re.search(r"\d{5,}", url)
    if m and n:
        html = re.sub(rf"\b{m.group(0)}\b", n.group(0), html)
    if pm := re.search(r"postid-(\d+)", html):  # WordPress: the post's own id in body class and article id
        post_id = str(60_000 + i * 7)
        html = html.replace(f"postid-{pm.group(1)}", f"postid-{post_id}")
        html = html.replace(f'id="post-{pm.group(1)}"', f'id="post-{post_id}"')
    # text and paragraphs
    n_insert = rng.randint(0, 6)
    drop = rng.choice([0.0, 0.0, 0.05, 0.1])

    def body_fn(seg: str) -> str:
        seg = _paragraphs(seg, rng, sents, n_insert, drop)
        return _TEXT_NODE.sub(lambda mm: ">" + _vary_text(mm.group(1), rng, words) + "<", seg)

    html = _outside_scripts(html, body_fn)
    # boilerplate
    host = urlsplit(url).hostname or "example.org"
    enc = "cp1251" if t.encoding == "cp1251" else "utf-8"

    def size(h: str) -> int:
        return len(h.encode(enc, "xmlcharrefreplace"))

    if rng.random() < 0.85 and size(html) < MAX_SIZE - 16_000:
        html = _insert_after_body(html, _menu(host, t.platform, rng, rng.randint(80, 120)))
    if rng.random() < 0.6 and size(html) < MAX_SIZE - 10_000:
        html = _insert_before_body_end(html, _latest(host, rng, sents, rng.randint(10, 30), when))
    target = MIN_SIZE + rng.randint(0, 12_000)
    if size(html) < target:
        need = (target - size(html)) // 190 + 1
        html = _insert_before_body_end(html, _latest(host, rng, sents, need, when))
    return html


# --------------------------------------------------------------------------------------- HTTP


_SERVERS = {"liferay_mid": "nginx", "tass": "nginx/1.22.1", "irna": "Microsoft-IIS/10.0",
            "wordpress_duran": "cloudflare", "arcxp_militarytimes": "AmazonS3", "ghost_eir": "openresty",
            "substack": "cloudflare", "blogger": "GSE", "wordpress_saker": "LiteSpeed"}


def response_headers(t: Template, body_len: int, gz: bool, when: datetime, rng: random.Random,
                     content_type: str) -> list[tuple[bytes, bytes]]:
    h = [
        ("Date", when.strftime("%a, %d %b %Y %H:%M:%S GMT")),
        ("Server", _SERVERS[t.platform]),
        ("Content-Type", content_type),
        ("Cache-Control", rng.choice(["max-age=0, private, must-revalidate", "public, max-age=300", "no-cache"])),
        ("Vary", "Accept-Encoding"),
        ("Last-Modified", (when - timedelta(minutes=rng.randint(5, 600))).strftime("%a, %d %b %Y %H:%M:%S GMT")),
    ]
    if gz:
        h.append(("Content-Encoding", "gzip"))
    if t.platform in ("wordpress_duran", "substack"):
        h += [("CF-Cache-Status", rng.choice(["HIT", "DYNAMIC", "MISS"])), ("CF-RAY", f"{rng.getrandbits(64):016x}-FRA")]
    if t.platform == "liferay_mid":
        h.append(("Liferay-Portal", "Liferay Portal Community Edition 6.2 CE GA6 (Newton / Build 6205 / January 6, 2016)"))
    if t.platform == "wordpress_saker":
        h.append(("Link", '<https://thesaker.is/wp-json/>; rel="https://api.w.org/"'))
    h.append(("X-Content-Type-Options", "nosniff"))
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in h]


REQUEST_HEADERS = [
    (b"User-Agent", b"provcrawl/0.1 (+https://example.org/provcrawl; research crawler)"),
    (b"Accept", b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    (b"Accept-Language", b"en"),
    (b"Accept-Encoding", b"gzip, deflate, br"),
]


# --------------------------------------------------------------------------------------- main


@dataclass
class Built:
    url: str
    body: bytes
    decoded_len: int
    template: str
    encoding: str
    gzip: bool


def build_pages(n: int, seed: int) -> list[Built]:
    templates = load_templates()
    pools = language_pools()
    en_words = [w for w in pools["en"][1] if w.isascii()]
    base = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)
    order_rng = random.Random(seed)
    order: list[Template] = []
    seen: set[str] = set()
    out = []
    for i in range(n):
        if not order:  # every template once per round, in a seeded order: an even mix of platforms
            order = list(templates)
            order_rng.shuffle(order)
        t = order.pop()
        rng = random.Random(f"{seed}:{i}")
        when = base + timedelta(minutes=7 * i)
        url = make_url(t, i, rng, en_words, when)
        while url in seen:
            url = make_url(t, i, rng, en_words, when)
        seen.add(url)
        html = vary_page(t, url, i, rng, pools, when)
        enc = "cp1251" if t.encoding == "cp1251" else "utf-8"
        raw = html.encode(enc, "xmlcharrefreplace")
        gz = rng.random() < GZIP_SHARE
        body = gzip.compress(raw, compresslevel=6, mtime=0) if gz else raw
        out.append(Built(url, body, len(raw), t.name, enc, gz))
    return out


def write_warc(pages: list[Built], path: Path, seed: int) -> None:
    templates = {t.name: t for t in load_templates()}
    id_rng = random.Random(f"{seed}:record-ids")
    base = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)
    tmp = path.parent / (path.name + ".tmpdir")
    shutil.rmtree(tmp, ignore_errors=True)
    writer = WarcWriter(tmp, prefix="bench", record_id=lambda: f"<urn:uuid:{uuid.UUID(int=id_rng.getrandbits(128), version=4)}>",
                        now=lambda: base, warcinfo={"description": f"provcrawl re-extraction benchmark, seed {seed}"})
    with writer:
        for i, p in enumerate(pages):
            t = templates[p.template]
            rng = random.Random(f"{seed}:{i}:headers")
            when = base + timedelta(minutes=7 * i, seconds=rng.randint(0, 59))
            ctype = t.content_type
            if t.encoding == "cp1251" and i % 2:
                ctype = "text/html; charset=windows-1251"
            writer.write_exchange(Exchange(
                url=p.url, method="GET", request_headers=REQUEST_HEADERS, status=200, reason="OK",
                protocol="HTTP/1.1", response_headers=response_headers(t, len(p.body), p.gzip, when, rng, ctype),
                body=p.body, fetched_at=when, ip_address=f"192.0.2.{1 + i % 250}"))
    files = sorted(tmp.glob("*.warc.gz"))
    assert len(files) == 1, files
    files[0].replace(path)
    shutil.rmtree(tmp)


def build_data_dir(data_dir: Path, n: int, seed: int, *, force: bool = False, quiet: bool = False) -> dict:
    """Create (or reuse, when its manifest matches) a data dir holding the WARC and its captures."""
    data_dir = data_dir.resolve()
    mf = data_dir / MANIFEST
    if mf.exists() and not force:
        manifest = json.loads(mf.read_text())
        if (manifest.get("pages"), manifest.get("seed"), manifest.get("generator")) == (n, seed, GENERATOR_VERSION):
            return manifest
        raise SystemExit(f"{data_dir} holds a different benchmark set ({manifest.get('pages')} pages, seed "
                         f"{manifest.get('seed')}); pass --force to rebuild it or use another --data-dir")
    if data_dir.exists():
        if any(data_dir.iterdir()) and not force and not mf.exists():
            raise SystemExit(f"{data_dir} exists and is not a benchmark data dir; refusing to touch it")
        for name in (MANIFEST, DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", "warc"):
            p = data_dir / name
            shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    (data_dir / "warc").mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    pages = build_pages(n, seed)
    t1 = time.perf_counter()
    warc = data_dir / "warc" / f"bench-reextract-{n}-s{seed}.warc.gz"
    write_warc(pages, warc, seed)
    t2 = time.perf_counter()
    db = Database(sqlite_url(data_dir / DB_NAME))
    report = import_warcs(db, data_dir, [warc], copy=False, command=f"bench/make_warc.py --pages {n} --seed {seed}")
    db.dispose()
    t3 = time.perf_counter()
    if report.problems or report.captures != n:
        raise SystemExit(f"import went wrong: {report.captures} captures of {n}; problems: {report.problems[:5]}")
    sizes = sorted(p.decoded_len for p in pages)
    by_template: dict[str, int] = {}
    for p in pages:
        by_template[p.template] = by_template.get(p.template, 0) + 1
    manifest = {
        "generator": GENERATOR_VERSION, "pages": n, "seed": seed, "warc": str(warc.relative_to(data_dir)),
        "warc_bytes": warc.stat().st_size, "db": DB_NAME, "run_id": report.run_id,
        "html_bytes": {"min": sizes[0], "median": sizes[len(sizes) // 2], "max": sizes[-1],
                       "mean": round(sum(sizes) / len(sizes))},
        "gzip_bodies": sum(p.gzip for p in pages), "windows_1251": sum(p.encoding == "cp1251" for p in pages),
        "distinct_bodies": len({p.body for p in pages}), "templates": by_template,
        "seconds": {"generate": round(t1 - t0, 1), "write_warc": round(t2 - t1, 1), "import": round(t3 - t2, 1)},
    }
    mf.write_text(json.dumps(manifest, indent=2) + "\n")
    if not quiet:
        print(f"built {data_dir}: {n} pages, HTML {sizes[0] / 1000:.0f}-{sizes[-1] / 1000:.0f} KB "
              f"(median {sizes[len(sizes) // 2] / 1000:.0f} KB), {manifest['gzip_bodies']} gzip, "
              f"{manifest['windows_1251']} windows-1251, WARC {manifest['warc_bytes'] / 1e6:.1f} MB; "
              f"generate {t1 - t0:.1f} s, write {t2 - t1:.1f} s, import {t3 - t2:.1f} s", file=sys.stderr)
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="created (or reused when it holds the same set)")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="rebuild even if the data dir holds this set")
    args = ap.parse_args()
    manifest = build_data_dir(args.data_dir, args.pages, args.seed, force=args.force)
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
