"""A deterministic static news site for loopback crawl benchmarks (issue 8), written as plain files.

    .venv/bin/python bench/make_site.py --out /tmp/site-2k                 # N = 2,000 articles
    .venv/bin/python bench/make_site.py --out /tmp/site-20k --pages 20000

What it writes (serve it with ``bench/serve_nginx.sh DIR PORT``):

* ``N`` article pages, 25-60 KB each, with the boilerplate of a real news site: a mega-menu of ~100
  links (the same site-wide, as on real sites), breadcrumbs, an inline ``<style>``, analytics and
  consent ``<script>``s, JSON-LD, share buttons, tag links, "related" links, a "latest news" sidebar
  (site-wide) and a "most read" sidebar (varies), a comment thread (0-15 comments), a comment form
  and a footer with ~30 links. About 6 % of articles are Russian, encoded windows-1251 with the
  charset only in ``<meta http-equiv>`` (nginx sends ``Content-Type: text/html`` with no charset).
* ~100 section pages (what the menu links to), listing that section's newest 40 articles;
  archive pages ``/archive/page-K.html`` (40 articles each, prev/next and page links), a few static
  pages (about, contacts, ...), ``robots.txt`` (allow all, names the sitemap), ``sitemap.xml``
  (every page) and ``feed.xml`` (RSS 2.0, newest 50 articles).
* Every page is reachable by following ``<a href>`` links from ``/`` (the archive chain alone
  reaches every article; articles also link to their neighbours and to related articles).
  No ``<img>``, external CSS or JS: a recursive wget and provcrawl fetch the same set of URLs.

Text comes from the labelled expected texts in ``bench/extraction_set/`` (English and Russian
sentence pools). Same ``--pages``/``--seed`` → byte-identical files. ``manifest.json`` lists the counts.
"""

from __future__ import annotations

import argparse
import html as htmllib
import json
import random
import re
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

EXTRACTION_SET = Path(__file__).resolve().parent / "extraction_set"
GENERATOR_VERSION = 1
PER_LIST = 40
RU_SHARE = 0.06
DEFAULT_BASE = "http://127.0.0.1:8089"

TOP_SECTIONS = ["politics", "world", "russia", "economy", "defense", "diplomacy", "energy", "arctic", "asia",
                "europe", "americas", "middle-east"]
SUB_TOPICS = ["analysis", "interviews", "statements", "briefings", "documents", "opinion", "sanctions", "trade",
              "nuclear", "space", "security", "elections", "media", "history", "culture", "science", "society",
              "military", "navy", "army", "air-force", "veterans", "congress", "climate", "health", "education",
              "technology", "business", "markets", "africa", "un", "brics", "nato", "eu", "china", "india", "iran",
              "turkey", "ukraine", "syria", "korea", "japan", "latin-america", "caucasus", "central-asia",
              "baltic", "balkans", "nordic", "gulf", "israel", "egypt", "pakistan", "afghanistan", "arms-control",
              "cyber", "terrorism", "migration", "food", "finance", "oil-gas", "shipping", "aviation", "railways",
              "sport", "travel", "religion", "law", "courts", "police", "protests", "parliament", "government",
              "regions", "moscow", "st-petersburg", "siberia", "far-east", "crimea", "belarus", "kazakhstan",
              "armenia", "azerbaijan", "georgia", "moldova", "serbia", "hungary"]
SECTIONS = TOP_SECTIONS + SUB_TOPICS  # 100
STATIC_PAGES = ["about", "contacts", "editorial-policy", "privacy", "terms", "advertise", "careers", "rss-help"]
AUTHORS = ["Anna Petrova", "John Miller", "Ivan Sokolov", "Maria Garcia", "Ahmed Karimi", "Laura Chen",
           "Pavel Orlov", "Emily Stone", "Sergei Volkov", "David Brown", "Olga Ivanova", "Mark Taylor"]
COMMENTERS = ["Ivan", "observer42", "Jane D.", "PeaceNow", "realist", "Alex K.", "northern_light", "Tom",
              "Nadia", "old_sailor", "M. Dubois", "Pietro", "kremlinwatcher", "anon", "Sasha", "Elena R."]


# ------------------------------------------------------------------------------------ text pools

_SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[A-ZА-ЯЁ\"“«])")


def sentence_pools() -> dict[str, list[str]]:
    index = json.loads((EXTRACTION_SET / "index.json").read_text(encoding="utf-8"))
    pools: dict[str, set[str]] = {}
    for e in index["pages"]:
        for line in (EXTRACTION_SET / e["expected"]).read_text(encoding="utf-8").splitlines():
            for s in _SENT_SPLIT.split(line.strip()):
                if 40 <= len(s) <= 400 and "|" not in s:
                    pools.setdefault(e["lang"], set()).add(s)
    out = {lang: sorted(v) for lang, v in pools.items()}
    # Russian text must survive windows-1251
    out["ru"] = [s for s in out["ru"] if _cp1251_ok(s)]
    return out


def _cp1251_ok(s: str) -> bool:
    try:
        s.encode("cp1251")
        return True
    except UnicodeEncodeError:
        return False


def esc(s: str) -> str:
    return htmllib.escape(s, quote=True)


# ------------------------------------------------------------------------------------ the site model


class Article:
    __slots__ = ("i", "lang", "section", "when", "title", "slug", "path", "author")

    def __init__(self, i: int, lang: str, section: str, when: datetime, title: str, author: str) -> None:
        self.i, self.lang, self.section, self.when, self.title, self.author = i, lang, section, when, title, author
        words = re.findall(r"[a-z0-9]+", title.lower()) if lang == "en" else []
        self.slug = "-".join(words[:7]) or "news"
        if lang == "ru":
            self.path = f"/ru/{when:%Y/%m}/{i:06d}.html"
        else:
            self.path = f"/{when:%Y/%m/%d}/{self.slug}-{i:06d}.html"


def plan(n: int, seed: int, pools: dict[str, list[str]]) -> list[Article]:
    rng = random.Random(f"{seed}:plan")
    base = datetime(2021, 1, 1, 6, 0, tzinfo=UTC)
    arts = []
    for i in range(n):
        lang = "ru" if rng.random() < RU_SHARE else "en"
        sent = rng.choice(pools[lang])
        words = sent.split()
        title = " ".join(words[: rng.randint(6, 13)]).rstrip(",.;:—-")
        arts.append(Article(i, lang, rng.choice(SECTIONS), base + timedelta(minutes=47 * i + rng.randint(0, 40)),
                            title, rng.choice(AUTHORS)))
    return arts


def section_url(sec: str) -> str:
    return f"/section/{sec}/"


def archive_url(k: int) -> str:
    return "/" if k == 0 else f"/archive/page-{k}.html"


# ------------------------------------------------------------------------------------ page parts

STYLE = """<style>
:root{--brand:#b3001b;--ink:#1d1d1f;--muted:#6e6e73;--bg:#fff;--line:#e5e5ea}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 Georgia,serif;color:var(--ink);background:var(--bg)}
.site-header{border-bottom:3px solid var(--brand);padding:8px 16px;display:flex;gap:24px;align-items:center}
.site-logo{font:700 28px/1 Helvetica,Arial,sans-serif;color:var(--brand);text-decoration:none}
.mega-menu{display:grid;grid-template-columns:repeat(6,1fr);gap:4px 16px;padding:8px 16px;background:#fafafa}
.mega-menu ul{list-style:none;margin:0;padding:0}.mega-menu a{color:var(--ink);font:13px Helvetica,sans-serif}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:32px;max-width:1200px;margin:0 auto;padding:16px}
.article-header h1{font-size:36px;line-height:1.15;margin:.3em 0}.byline{color:var(--muted);font-size:14px}
.article-body p{margin:0 0 1em}.tags a{display:inline-block;margin:0 6px 6px 0;padding:2px 8px;border:1px solid var(--line)}
.share{display:flex;gap:8px}.share a{padding:4px 10px;background:#eee;border-radius:3px;font-size:13px}
.sidebar .widget{border-top:2px solid var(--ink);margin-bottom:24px}.sidebar li{margin:.4em 0;font-size:14px}
.comments{border-top:1px solid var(--line);margin-top:32px}.comment{padding:12px 0;border-bottom:1px solid var(--line)}
.comment .meta{font-size:12px;color:var(--muted)}.comment.reply{margin-left:32px}
.site-footer{background:#111;color:#ccc;padding:24px 16px;font-size:13px}.site-footer a{color:#ccc}
.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:12px}
@media (max-width:800px){.layout{grid-template-columns:1fr}.mega-menu{grid-template-columns:repeat(2,1fr)}}
</style>"""

SCRIPTS = """<script>
window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}
gtag('js',new Date());gtag('config','G-BENCH0000',{anonymize_ip:true,page_path:location.pathname});
(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});
var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-BENCH');
</script>
<script>
var consent={version:3,purposes:["analytics","ads","personalisation"],vendors:[1,2,3,4,5,6,7,8,9,10,11,12],
text:{title:"We value your privacy",body:"We and our partners use cookies to store and access information on your device."}};
function showConsent(){if(document.cookie.indexOf('consent=')<0){document.body.classList.add('consent-open');}}
document.addEventListener('DOMContentLoaded',showConsent);
</script>"""

FOOTER_LINKS = [("/", "Home")] + [(f"/{p}.html", p.replace("-", " ").title()) for p in STATIC_PAGES] + \
    [(section_url(s), s.replace("-", " ").title()) for s in TOP_SECTIONS] + \
    [("/archive/page-1.html", "Archive"), ("/feed.xml", "RSS")] + \
    [(section_url(s), s.replace("-", " ").title()) for s in SUB_TOPICS[:8]]


def menu_html() -> str:
    cols = []
    for g in range(0, len(SECTIONS), 17):
        items = "".join(f'<li class="menu-item menu-item-{10000 + k}"><a href="{section_url(s)}">'
                        f'{esc(s.replace("-", " ").title())}</a></li>\n' for k, s in enumerate(SECTIONS[g:g + 17], g))
        cols.append(f'<div class="menu-column"><ul class="sub-menu">\n{items}</ul></div>')
    return ('<nav class="mega-menu main-navigation" id="site-navigation" aria-label="Main menu">\n'
            '<button class="menu-toggle" aria-expanded="false" aria-controls="primary-menu">Menu</button>\n'
            + "\n".join(cols) + "\n</nav>\n")


MENU = menu_html()


def header_html(lang: str) -> str:
    sub = ('<a class="lang" href="/">English</a>' if lang == "ru" else '<a class="lang" href="/ru/">Русский</a>')
    return (f'<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
            f'<header class="site-header"><a class="site-logo" href="/">Bench News</a>\n'
            f'<form class="search-form" role="search" action="/search"><input type="search" name="q" '
            f'placeholder="Search"><button type="submit">Search</button></form>\n{sub}\n'
            f'<a class="subscribe-button" href="/advertise.html">Subscribe</a></header>\n{MENU}')


def footer_html() -> str:
    links = " ".join(f'<a href="{u}">{esc(t)}</a>' for u, t in FOOTER_LINKS)
    return (f'<footer class="site-footer"><nav class="footer-nav">{links}</nav>\n'
            '<p>© 2021-2024 Bench News. All rights reserved. Reproduction in whole or in part without '
            'permission is prohibited. Registered as a mass medium, certificate No. 000-00000.</p>\n'
            '<p class="contact">Editorial office: 1 Example Street, Example City. Phone: +0 000 000 00 00. '
            'E-mail: <a href="mailto:editor@example.org">editor@example.org</a></p></footer>\n'
            '<div class="cookie-banner" id="cookie-banner">This site uses cookies to improve your experience. '
            'By continuing to browse you agree to our <a href="/privacy.html">privacy policy</a>. '
            '<button onclick="document.cookie=\'consent=1\'">Accept</button></div>\n')


def head_html(title: str, lang: str, canonical: str, extra: str = "") -> str:
    if lang == "ru":
        charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    else:
        charset = '<meta charset="utf-8">'
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{charset}\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(title)} | Bench News</title>\n<link rel="canonical" href="{canonical}">\n'
            f'<meta property="og:title" content="{esc(title)}">\n<meta property="og:site_name" content="Bench News">\n'
            f'<link rel="alternate" type="application/rss+xml" title="Bench News" href="/feed.xml">\n'
            f'{extra}{STYLE}\n{SCRIPTS}\n</head>\n')


def link_list(arts: list[Article], cls: str) -> str:
    return "".join(f'<li class="{cls}__item"><a class="{cls}__link" href="{a.path}">{esc(a.title)}</a> '
                   f'<time datetime="{a.when:%Y-%m-%dT%H:%M}">{a.when:%d %b %Y, %H:%M}</time></li>\n' for a in arts)


def sidebar_html(latest: list[Article], most_read: list[Article]) -> str:
    return ('<aside class="sidebar" role="complementary">\n'
            '<section class="widget latest-news"><h3 class="widget-title">Latest news</h3>\n<ul>\n'
            + link_list(latest, "latest-news") + "</ul></section>\n"
            '<section class="widget most-read"><h3 class="widget-title">Most read</h3>\n<ol>\n'
            + link_list(most_read, "most-read") + "</ol></section>\n"
            '<section class="widget newsletter"><h3 class="widget-title">Newsletter</h3>'
            '<p>Get the day\'s top stories in your inbox every morning.</p><form action="/subscribe">'
            '<input type="email" name="email" placeholder="Your e-mail"><button>Sign up</button></form></section>\n'
            '<section class="widget ad" aria-label="Advertisement"><div class="ad-slot" data-slot="sidebar-1">'
            'Advertisement</div></section>\n</aside>\n')


def page(title: str, lang: str, canonical: str, main: str, sidebar: str, extra_head: str = "") -> str:
    return (head_html(title, lang, canonical, extra_head) + '<body class="site">\n' + header_html(lang)
            + f'<div class="layout" id="content">\n<main class="site-main">\n{main}</main>\n{sidebar}</div>\n'
            + footer_html() + "</body>\n</html>\n")


# ------------------------------------------------------------------------------------ articles


def article_html(a: Article, arts: list[Article], latest: list[Article], pools: dict[str, list[str]],
                 seed: int, base_url: str) -> str:
    rng = random.Random(f"{seed}:{a.i}")
    sents = pools[a.lang]
    n = len(arts)
    paras = []
    for _ in range(rng.randint(6, 18)):
        paras.append("<p>" + esc(" ".join(rng.sample(sents, rng.randint(2, 5)))) + "</p>")
    lead = esc(" ".join(rng.sample(sents, 2)))
    tags = rng.sample(SECTIONS, rng.randint(3, 7))
    related = [arts[j] for j in rng.sample(range(n), min(6, n))]
    most_read = [arts[j] for j in rng.sample(range(n), min(10, n))]
    nav = []
    if a.i > 0:
        nav.append(f'<a class="prev" rel="prev" href="{arts[a.i - 1].path}">← {esc(arts[a.i - 1].title)}</a>')
    if a.i + 1 < n:
        nav.append(f'<a class="next" rel="next" href="{arts[a.i + 1].path}">{esc(arts[a.i + 1].title)} →</a>')
    comments = []
    for k in range(rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 15])):
        reply = " reply" if k and rng.random() < 0.3 else ""
        when = a.when + timedelta(minutes=rng.randint(5, 5000))
        comments.append(f'<li class="comment{reply}" id="comment-{a.i * 100 + k}"><div class="meta">'
                        f'<span class="author">{esc(rng.choice(COMMENTERS))}</span> '
                        f'<time datetime="{when:%Y-%m-%dT%H:%M}">{when:%d %b %Y at %H:%M}</time> '
                        f'<a class="reply-link" href="#respond">Reply</a></div>'
                        f'<p>{esc(" ".join(rng.sample(sents, rng.randint(1, 3))))}</p></li>\n')
    comment_block = (f'<section class="comments" id="comments"><h2>{len(comments)} comments</h2>\n<ol class="comment-list">\n'
                     + "".join(comments) + '</ol>\n<div id="respond" class="comment-respond"><h3>Leave a Reply</h3>'
                     '<form action="/comment" method="post"><textarea name="comment" placeholder="Join the discussion"></textarea>'
                     '<input name="author" placeholder="Name"><input name="email" placeholder="Email">'
                     '<label><input type="checkbox" name="notify"> Notify me of follow-up comments</label>'
                     '<button type="submit">Post Comment</button></form></div></section>\n')
    url = base_url + a.path
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                     "datePublished": a.when.isoformat(), "author": {"@type": "Person", "name": a.author},
                     "publisher": {"@type": "Organization", "name": "Bench News"}, "mainEntityOfPage": url,
                     "articleSection": a.section, "keywords": tags}, ensure_ascii=False)
    extra = (f'<meta property="og:type" content="article">\n<meta property="article:published_time" '
             f'content="{a.when.isoformat()}">\n<meta name="author" content="{esc(a.author)}">\n'
             f'<script type="application/ld+json">{ld}</script>\n')
    sec = a.section.replace("-", " ").title()
    main = (f'<nav class="breadcrumbs"><a href="/">Home</a> › <a href="{section_url(a.section)}">{esc(sec)}</a></nav>\n'
            f'<article class="post type-post status-publish" id="post-{a.i}">\n<header class="article-header">'
            f'<h1 class="entry-title">{esc(a.title)}</h1>\n<p class="byline">By <a href="/about.html" rel="author">'
            f'{esc(a.author)}</a> · <time datetime="{a.when.isoformat()}">{a.when:%d %B %Y, %H:%M}</time> · '
            f'{rng.randint(100, 90000):,} views</p>\n<div class="share"><a href="#share-fb">Facebook</a>'
            f'<a href="#share-tw">Twitter</a><a href="#share-tg">Telegram</a><a href="#print">Print</a></div></header>\n'
            f'<div class="article-body entry-content">\n<p class="lead"><strong>{lead}</strong></p>\n'
            + "\n".join(paras) + "\n</div>\n"
            '<div class="tags">Tags: ' + " ".join(f'<a href="{section_url(t)}" rel="tag">{esc(t)}</a>' for t in tags)
            + '</div>\n<div class="post-nav">' + " ".join(nav) + "</div>\n</article>\n"
            '<section class="related"><h2>Read also</h2><ul>\n' + link_list(related, "related") + "</ul></section>\n"
            + comment_block)
    return page(a.title, a.lang, url, main, sidebar_html(latest, most_read), extra)


# ------------------------------------------------------------------------------------ list pages


def list_page(title: str, items: list[Article], latest: list[Article], most_read: list[Article], canonical: str,
              pager: str = "", intro: str = "") -> str:
    main = (f'<h1 class="page-title">{esc(title)}</h1>\n{intro}<ul class="article-list">\n'
            + "".join(f'<li class="article-list__item"><a href="{a.path}"><h2>{esc(a.title)}</h2></a>'
                      f'<p class="meta">{esc(a.author)} · {a.when:%d %b %Y}</p></li>\n' for a in items)
            + f"</ul>\n{pager}")
    return page(title, "en", canonical, main, sidebar_html(latest, most_read))


def archive_pager(k: int, pages: int) -> str:
    links = []
    if k > 1:
        links.append(f'<a rel="prev" href="{archive_url(k - 1) if k > 1 else "/"}">← Newer</a>')
    for p in sorted({1, 2, 3, 4, 5, k - 2, k - 1, k + 1, k + 2, pages - 1, pages}):
        if 1 <= p <= pages and p != k:
            links.append(f'<a class="page-numbers" href="{archive_url(p)}">{p}</a>')
    if k < pages:
        links.append(f'<a rel="next" class="next" href="{archive_url(k + 1)}">Older →</a>')
    return '<nav class="pagination">' + " ".join(links) + "</nav>\n"


def write_site(out: Path, n: int, seed: int, base_url: str) -> dict:
    pools = sentence_pools()
    arts = plan(n, seed, pools)
    newest_first = sorted(arts, key=lambda a: a.when, reverse=True)
    latest = newest_first[:15]
    rng = random.Random(f"{seed}:lists")
    files: dict[str, bytes] = {}

    def put(path: str, text: str, enc: str = "utf-8") -> None:
        rel = path.lstrip("/")
        if not rel or rel.endswith("/"):
            rel += "index.html"
        files[rel] = text.encode(enc, "xmlcharrefreplace")

    for a in arts:
        put(a.path, article_html(a, arts, latest, pools, seed, base_url), "cp1251" if a.lang == "ru" else "utf-8")
    pages = max(1, -(-n // PER_LIST))
    for k in range(1, pages + 1):
        items = newest_first[(k - 1) * PER_LIST:k * PER_LIST]
        put(archive_url(k), list_page(f"Archive, page {k}", items, latest, rng.sample(arts, min(10, n)),
                                      base_url + archive_url(k), archive_pager(k, pages)))
    by_section: dict[str, list[Article]] = {}
    for a in newest_first:
        by_section.setdefault(a.section, []).append(a)
    for s in SECTIONS:
        put(section_url(s), list_page(s.replace("-", " ").title(), by_section.get(s, [])[:PER_LIST], latest,
                                      rng.sample(arts, min(10, n)), base_url + section_url(s),
                                      '<nav class="pagination"><a href="/archive/page-1.html">All news</a></nav>\n'))
    ru = [a for a in newest_first if a.lang == "ru"][:PER_LIST]
    put("/ru/", list_page("Новости на русском", ru, latest, rng.sample(arts, min(10, n)), base_url + "/ru/"))
    for p in STATIC_PAGES:
        body = "".join(f"<p>{esc(s)}</p>\n" for s in rng.sample(pools["en"], 4))
        put(f"/{p}.html", list_page(p.replace("-", " ").title(), [], latest, rng.sample(arts, min(10, n)),
                                    base_url + f"/{p}.html", intro=body))
    intro = '<p class="intro">Top stories. <a href="/archive/page-1.html">Browse the archive</a>.</p>\n'
    put("/", list_page("Bench News", newest_first[:PER_LIST], latest, rng.sample(arts, min(10, n)), base_url + "/",
                       archive_pager(0, pages), intro))
    # robots, sitemap, feed
    html_paths = sorted("/" + (k[:-len("index.html")] if k.endswith("index.html") else k) for k in files)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n".encode()
    files["sitemap.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                            + "".join(f"<url><loc>{base_url}{p}</loc></url>\n" for p in html_paths)
                            + "</urlset>\n").encode()
    files["feed.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
                         f"<title>Bench News</title><link>{base_url}/</link><description>Latest news</description>\n"
                         + "".join(f"<item><title>{esc(a.title)}</title><link>{base_url}{a.path}</link>"
                                   f"<pubDate>{a.when:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
                                   f"<guid>{base_url}{a.path}</guid></item>\n" for a in newest_first[:50])
                         + "</channel></rss>\n").encode()
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for rel, data in files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    html_sizes = [len(v) for k, v in files.items() if k.endswith(".html")]
    manifest = {"generator_version": GENERATOR_VERSION, "pages": n, "seed": seed, "base_url": base_url,
                "html_pages": len(html_paths), "articles": n, "articles_ru_cp1251": sum(a.lang == "ru" for a in arts),
                "archive_pages": pages, "section_pages": len(SECTIONS), "files": len(files) + 1,
                "html_bytes": sum(html_sizes), "html_kb_min": min(html_sizes) // 1024,
                "html_kb_median": sorted(html_sizes)[len(html_sizes) // 2] // 1024,
                "html_kb_max": max(html_sizes) // 1024}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for p in tmp.rglob("*"):  # nginx workers run as nobody
        p.chmod(0o755 if p.is_dir() else 0o644)
    tmp.chmod(0o755)
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    return manifest


def ensure_site(out: Path, n: int, seed: int = 1, base_url: str = DEFAULT_BASE, *, force: bool = False) -> dict:
    """Build the site unless ``out`` already holds one made with the same parameters."""
    mf = out / "manifest.json"
    if mf.exists() and not force:
        m = json.loads(mf.read_text())
        if (m.get("generator_version"), m.get("pages"), m.get("seed"), m.get("base_url")) == \
                (GENERATOR_VERSION, n, seed, base_url):
            return m
    return write_site(out, n, seed, base_url)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="directory to write (replaced)")
    ap.add_argument("--pages", "-n", type=int, default=2000, help="number of articles (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base-url", default=DEFAULT_BASE, help="absolute base for canonical, sitemap and RSS links "
                    f"(default {DEFAULT_BASE}; in-page links are root-relative, so the site works on any port)")
    ap.add_argument("--force", action="store_true", help="rebuild even if the manifest matches")
    args = ap.parse_args()
    t0 = time.perf_counter()
    m = ensure_site(args.out, args.pages, args.seed, args.base_url.rstrip("/"), force=args.force)
    print(json.dumps(m, indent=2))
    print(f"{args.out}: {m['html_pages']} HTML pages in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
