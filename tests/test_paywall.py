"""The paywall / access classifier: fixture pages per platform, false-positive traps, status-only
cases, and "never raises" on junk. Text comes from crawler.analysis.extraction, as in the crawl."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from crawler.analysis.decoding import decode_html
from crawler.analysis.extraction import extract
from crawler.analysis.paywall import BLOCKED, CLASSIFIER, CLASSIFIER_VERSION, STATUSES, Evidence, Verdict, classify
from crawler.analysis.paywall import decision as paywall_decision, page as paywall_page, signals as paywall_signals

FIXTURES = Path(__file__).parent / "paywall"
HTML = {"content-type": "text/html; charset=utf-8"}


def page(name: str) -> tuple[str, str | None]:
    """(decoded html, extracted main text) for one fixture, as the crawl computes them."""
    body = (FIXTURES / name).read_bytes()
    html, _ = decode_html(body, "text/html")
    return html, extract(body, content_type="text/html").text


def run(name: str, *, status: int | None = 200, headers: dict | None = None, url: str | None = None) -> Verdict:
    html, text = page(name)
    return classify(status=status, headers=HTML if headers is None else headers, html=html, text=text, url=url)


def signals(v: Verdict) -> set[str]:
    return {e.signal for e in v.evidence}


def article(paragraphs: int = 4, extra_head: str = "", extra_body: str = "", og: bool = True) -> str:
    """A plain free article (about 230 words) to plant traps in."""
    _, text = page("ghost_css_only.html")
    paras = "".join(f"<p>{p}</p>" for p in (text or "").split("\n")[1 : 1 + paragraphs])
    meta = '<meta property="og:type" content="article">' if og else ""
    return (f"<html><head><title>Arctic</title>{meta}{extra_head}</head><body><article><h1>Arctic</h1>"
            f"{paras * 2}</article>{extra_body}</body></html>")


# --------------------------------------------------------------------------- fixtures, one per case

CASES = [
    # file, expected status, blocked, a key evidence signal
    ("ghost_free.html", "free", None, "article.declared"),
    ("ghost_css_only.html", "free", None, "article.declared"),
    ("ghost_paid_hard.html", "hard", None, "ghost.upgrade-cta"),
    ("ghost_members_registration.html", "registration", None, "ghost.members-cta"),
    ("eir_paid_preview.html", "preview", None, "cta.paid"),
    ("substack_free.html", "free", None, "substack.audience"),
    ("substack_paid_preview.html", "preview", None, "substack.gate"),
    ("substack_paid_hard.html", "hard", None, "substack.gate"),
    ("wp_duran_patreon.html", "free", None, "article.declared"),
    ("wp_memberpress.html", "hard", None, "memberpress.gate"),
    ("wp_leaky_paywall.html", "hard", None, "leaky-paywall.gate"),
    ("wp_restrict_content.html", "hard", None, "cta.paid"),
    ("haspart_soft.html", "soft", None, "schema.hasPart"),
    ("piano_soft.html", "soft", None, "piano.paid-tag"),
    ("registration_wall.html", "registration", None, "cta.registration"),
    ("blogger_post.html", "free", None, "article.declared"),
    ("midru_liferay.html", "free", None, "article.container"),
    ("midru_tspd.html", "unknown", "f5-tspd", "block.f5-tspd"),
    ("cloudflare_challenge.html", "unknown", "cloudflare", "block.cloudflare"),
    ("irna_article.html", "free", None, "article.declared"),
    ("tass_article.html", "free", None, "article.declared"),
    ("listing.html", "unknown", None, "article.none"),
    ("not_found.html", "unknown", None, "page.not-found"),  # version 5 names why (was article.none)
]


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.html")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize("name,status,blocked,signal", CASES, ids=[c[0] for c in CASES])
def test_fixture(name: str, status: str, blocked: str | None, signal: str) -> None:
    v = run(name)
    assert (v.status, v.blocked) == (status, blocked), v.as_dict()
    assert signal in signals(v), v.as_dict()
    for e in v.evidence:
        assert len(e.snippet) <= 200 and e.signal and e.where


def test_ghost_hard_evidence_points_at_the_element() -> None:
    v = run("ghost_paid_hard.html")
    cta = next(e for e in v.evidence if e.signal == "ghost.upgrade-cta")
    assert cta.matched == "aside.gh-post-upgrade-cta" and cta.where == "css:aside.gh-post-upgrade-cta"
    assert "This post is for paying subscribers only" in cta.snippet


def test_eir_theme_cta_without_ghost_classes_is_found_by_its_text() -> None:
    v = run("eir_paid_preview.html")
    cta = next(e for e in v.evidence if e.signal == "cta.paid")
    assert "paying subscribers" in cta.matched and cta.where.startswith("text:h3")
    assert "ghost.upgrade-cta" not in signals(v)


def test_substack_paid_preview_records_the_word_ratio() -> None:
    v = run("substack_paid_preview.html")
    length = next(e for e in v.evidence if e.signal == "length.wordcount")
    assert "declared=2296" in length.matched and length.where == "script:wordcount"
    assert any(e.matched == '"audience":"only_paid"' for e in v.evidence)


def test_haspart_soft_reports_the_selector_as_present() -> None:
    v = run("haspart_soft.html")
    part = next(e for e in v.evidence if e.signal == "schema.hasPart")
    assert "present" in part.matched and part.where == "css:.meteredContent"


def test_cloudflare_by_header_and_status() -> None:
    headers = {"Content-Type": "text/html", "CF-Mitigated": "challenge", "Server": "cloudflare"}
    v = run("cloudflare_challenge.html", status=403, headers=headers)
    assert (v.status, v.blocked) == ("unknown", "cloudflare")
    assert v.evidence[0].where == "header:cf-mitigated"


def test_tspd_challenge_with_its_cookie_and_empty_body() -> None:
    headers = {"set-cookie": "TSPD_101=08eeb285a9ab28; path=/", "content-type": "text/html"}
    assert classify(status=200, headers=headers, html="", text=None).blocked == "f5-tspd"


def test_404_status_is_unknown_whatever_the_page() -> None:
    v = run("not_found.html", status=404)
    assert v.status == "unknown" and "http.404" in signals(v)
    v = run("ghost_free.html", status=404)  # even a full article body under a 404
    assert v.status == "unknown"


# --------------------------------------------------------------------------- false-positive traps


def test_ghost_members_css_alone_is_not_a_cta() -> None:
    v = run("ghost_css_only.html")
    assert v.status == "free" and not signals(v) & {"ghost.upgrade-cta", "cta.paid"}


def test_ghost_signup_form_and_subscribe_buttons_are_not_a_wall() -> None:
    v = run("ghost_free.html")
    assert v.status == "free" and not signals(v) & {"ghost.upgrade-cta", "cta.paid", "cta.registration"}


def test_patreon_appeal_comment_form_and_newsletter_are_not_a_wall() -> None:
    v = run("wp_duran_patreon.html")
    assert v.status == "free" and not any(s.startswith(("patreon", "cta.")) for s in signals(v))


def test_substack_related_paid_post_in_preloads_does_not_gate_a_free_post() -> None:
    v = run("substack_free.html")
    assert v.status == "free"
    assert [e.matched for e in v.evidence if e.signal == "substack.audience"] == ['"audience":"everyone"']


def test_listing_with_nested_article_json_ld_is_not_an_article() -> None:
    v = run("listing.html")
    assert v.status == "unknown" and "schema.isAccessibleForFree" not in signals(v)


def test_cloudflare_beacon_on_a_real_article_is_not_a_block() -> None:
    beacon = ("<script>(function(){function c(){var b=a.contentDocument||a.contentWindow.document;if(b){var "
              "d=b.createElement('script');d.innerHTML=\"window.__CF$cv$params={r:'8a27',t:'MTcy'};var a=document."
              "createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/scripts/jsd/7a55c9ccbaaa/main.js';"
              "\";}}})();</script>")
    v = classify(status=200, headers={"server": "cloudflare", "cf-ray": "8a27-AMS"}, html=article(extra_body=beacon),
                 text=None)
    assert (v.status, v.blocked) == ("free", None)


def test_tspd_script_on_a_real_midru_page_is_not_a_block() -> None:
    html, text = page("midru_liferay.html")
    html = html.replace("</head>", '<script type="text/javascript" src="/TSPD/08eeb285a9ab2000?type=9"></script></head>')
    v = classify(status=200, headers={"set-cookie": "TSPD_101=abc; path=/"}, html=html, text=text)
    assert (v.status, v.blocked) == ("free", None)


def test_cloudflare_words_inside_an_article_are_not_a_block() -> None:
    prose = "<p>Cloudflare shows a page titled Just a moment... and sets window._cf_chl_opt before it lets you in.</p>"
    v = classify(status=200, headers=None, html=article(extra_body=prose), text=None)
    assert (v.status, v.blocked) == ("free", None)


def test_cta_phrase_quoted_inside_a_paragraph_is_not_a_wall() -> None:
    quote = ("<p>Some publishers now greet readers with the line This post is for paying subscribers only, and "
             "others ask them to register for free to continue reading, which critics say fragments the record of "
             "what officials said and makes it harder for researchers to cite primary sources reliably.</p>")
    v = classify(status=200, headers=HTML, html=article(extra_body=quote), text=None)
    assert v.status == "free" and not signals(v) & {"cta.paid", "cta.registration"}


def test_subscribers_only_badges_on_related_links_are_not_a_wall() -> None:
    related = '<ul class="related"><li><a href="/x">Arctic sitrep</a> <span class="badge">Subscribers only</span></li></ul>'
    assert classify(status=200, headers=HTML, html=article(extra_body=related), text=None).status == "free"


def test_piano_script_without_a_paid_tag_is_not_a_wall() -> None:
    piano = ('<script>tp = window["tp"] || []; tp.push(["setAid", "AbC"]); tp.push(["setTags", ["world"]]);</script>'
             '<script async src="https://cdn.tinypass.com/api/tinypass.min.js"></script>')
    v = classify(status=200, headers=HTML, html=article(extra_head=piano), text=None)
    assert v.status == "free" and "vendor.piano" in signals(v) and "piano.paid-tag" not in signals(v)


def test_age_gate_modal_on_a_delivered_article_does_not_block_it() -> None:
    modal = '<div id="age-gate" hidden><p>Are you 18 or older?</p></div>'
    v = classify(status=200, headers=HTML, html=article(extra_body=modal), text=None)
    assert (v.status, v.blocked) == ("free", None)


# --------------------------------------------------------------------------- blocked pages


@pytest.mark.parametrize("html,blocked", [
    ("<html><head><title>Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>", "rate-limit"),
    ("<html><body><p>Please enable JavaScript and cookies to continue</p></body></html>", "js-challenge"),
    ('<html><body><div class="age-gate"><p>You must be 18 or older to enter.</p><button>Enter</button></div></body></html>',
     "age-gate"),
    ("<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your "
     "administrator.<br><br>Your support ID is: 1179043225</body></html>", "f5-asm"),
    ("<html><head><title>DDoS-Guard</title></head><body>Checking your browser</body></html>", "ddos-guard"),
])
def test_blocked_pages(html: str, blocked: str) -> None:
    v = classify(status=200, headers=HTML, html=html, text=None)
    assert (v.status, v.blocked) == ("unknown", blocked)


# --------------------------------------------------------------------------- HTTP status / headers only


def test_http_402_is_hard() -> None:
    v = classify(status=402, headers={}, html=None, text=None)
    assert v.status == "hard" and signals(v) == {"http.402"}


@pytest.mark.parametrize("location,status,signal", [
    ("/login?next=%2Fp%2Farticle", "registration", "http.redirect-login"),
    ("https://example.com/account/login?return=/news/1", "registration", "http.redirect-login"),
    ("https://example.com/wp-login.php?redirect_to=x", "registration", "http.redirect-login"),
    ("/subscribe?next=/p/article", "hard", "http.redirect-subscribe"),
    ("https://checkout.example.com/checkout/plans?ref=article", "hard", "http.redirect-subscribe"),
    ("https://example.com/news/2021/05/20/arctic/", "unknown", "http.redirect"),
])
def test_redirects(location: str, status: str, signal: str) -> None:
    v = classify(status=302, headers={"Location": location}, html="", text=None, url="https://example.com/p/article")
    assert v.status == status and signal in signals(v)
    assert v.blocked is None


def test_redirect_location_argument_wins_and_resolves_against_url() -> None:
    v = classify(status=301, headers={}, html=None, text=None, url="https://ex.com/a/b", redirect_location="../signin")
    assert v.status == "registration" and "https://ex.com/signin" in v.evidence[0].snippet


def test_http_429_is_a_rate_limit_not_a_paywall() -> None:
    v = classify(status=429, headers={"Retry-After": "60"}, html="<html><body>slow down</body></html>", text=None)
    assert (v.status, v.blocked) == ("unknown", "rate-limit")


def test_http_451_is_blocked() -> None:
    assert classify(status=451, headers=None, html=None, text=None).blocked == "http-451"


@pytest.mark.parametrize("code", [403, 410, 500, 503])
def test_error_statuses_are_unknown(code: int) -> None:
    html, text = page("ghost_paid_hard.html")
    v = classify(status=code, headers=HTML, html=html, text=text)
    assert (v.status, v.blocked) == ("unknown", None) and f"http.{code}" in signals(v)


def test_non_html_is_unknown() -> None:
    v = classify(status=200, headers={"Content-Type": "application/pdf"}, html="%PDF-1.4 ...", text="report")
    assert v.status == "unknown" and "http.content-type" in signals(v)


def test_scrapy_style_headers_bytes_and_lists() -> None:
    v = classify(status=403, headers={b"Cf-Mitigated": [b"challenge"]}, html=None, text=None)  # type: ignore[dict-item]
    assert v.blocked == "cloudflare"


# --------------------------------------------------------------------------- schema.org variants

TEASER = "<p>" + "Russia has moved to increase its presence in the region. " * 4 + "</p>"
LONG = "<p>" + "Russia has rebuilt and expanded facilities across the polar region, deploying assets. " * 40 + "</p>"
LEAD = "<p>" + "Russia has rebuilt and expanded facilities across the polar region, deploying assets. " * 20 + "</p>"


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def doc(head: str, body: str) -> str:
    return f"<html><head><title>t</title>{head}</head><body><article><h1>Arctic</h1>{body}</article></body></html>"


def test_graph_with_string_false_and_missing_haspart_element_is_hard() -> None:
    head = ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": ["NewsArticle"], "isAccessibleForFree": "False",
         "hasPart": [{"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paywalled-content"}]}]})
    v = classify(status=200, headers=HTML, html=doc(head, TEASER), text=None)
    assert v.status == "hard"
    assert any(e.signal == "schema.hasPart" and "missing" in e.matched for e in v.evidence)


def test_top_level_array_and_present_long_part_is_soft() -> None:
    head = ld([{"@type": "Organization", "name": "o"},
               {"@type": "Article", "isAccessibleForFree": False,
                "hasPart": [{"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".gone"},
                            {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"}]}])
    v = classify(status=200, headers=HTML, html=doc(head, f'<div class="paywall">{LONG}</div>'), text=None)
    assert v.status == "soft"


def test_microdata_haspart_present_is_soft_and_missing_is_preview() -> None:
    part = ('<div itemprop="hasPart" itemscope itemtype="https://schema.org/WebPageElement">'
            '<meta itemprop="isAccessibleForFree" content="False"><meta itemprop="cssSelector" content=".locked"></div>')
    body = f'<div itemscope itemtype="https://schema.org/NewsArticle">{part}<div class="locked">{LONG}</div></div>'
    v = classify(status=200, headers=HTML, html=doc("", body), text=None)
    assert v.status == "soft" and any(e.where == "css:.locked" for e in v.evidence)
    body = f'<div itemscope itemtype="https://schema.org/NewsArticle">{part}{LEAD}</div>'  # lead only, no .locked
    assert classify(status=200, headers=HTML, html=doc("", body), text=None).status == "preview"


def test_regwall_haspart_is_registration() -> None:
    head = ld({"@type": "NewsArticle", "isAccessibleForFree": False,
               "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".regwalled"}})
    assert classify(status=200, headers=HTML, html=doc(head, TEASER), text=None).status == "registration"


def test_declared_not_free_without_haspart() -> None:
    words = len(LONG.split()) - 1
    bare = ld({"@type": "NewsArticle", "isAccessibleForFree": False})
    # a body longer than any lead (LEAD_MAX_WORDS) came whole: the declared gate is a client-side one
    assert classify(status=200, headers=HTML, html=doc(bare, LONG), text=None).status == "soft"
    full = ld({"@type": "NewsArticle", "isAccessibleForFree": False, "wordCount": words})
    assert classify(status=200, headers=HTML, html=doc(full, LONG), text=None).status == "soft"
    cut = ld({"@type": "NewsArticle", "isAccessibleForFree": False, "wordCount": words * 5})
    assert classify(status=200, headers=HTML, html=doc(cut, LONG), text=None).status == "preview"
    assert classify(status=200, headers=HTML, html=doc(bare, TEASER), text=None).status == "hard"


def test_length_check_alone_is_preview() -> None:
    head = ld({"@type": "BlogPosting", "wordCount": 4000})
    v = classify(status=200, headers=HTML, html=doc(head, LONG), text=None)
    assert v.status == "preview" and "length.wordcount" in signals(v)
    head = ld({"@type": "BlogPosting", "wordCount": 400})
    assert classify(status=200, headers=HTML, html=doc(head, LONG), text=None).status == "free"


def test_unparsable_json_ld_still_counts() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false,,}</script>'
    v = classify(status=200, headers=HTML, html=doc(head, TEASER), text=None)
    assert v.status == "hard" and any(e.where == "json-ld (unparsed)" for e in v.evidence)


def test_content_tier_metered_with_body_is_soft_and_free_tier_is_free() -> None:
    meta = '<meta property="article:content_tier" content="metered">'
    assert classify(status=200, headers=HTML, html=doc(meta, LONG), text=None).status == "soft"
    meta = '<meta property="article:content_tier" content="free"><meta property="og:type" content="article">'
    assert classify(status=200, headers=HTML, html=doc(meta, LONG), text=None).status == "free"


def test_meta_written_with_value_and_name_is_read_like_content() -> None:
    # saved DOMs (e.g. postlight/parser fixtures of nytimes.com) write <meta value=.. name=..>
    meta = '<meta value="metered" name="article:content_tier">'
    assert classify(status=200, headers=HTML, html=doc(meta, LONG), text=None).status == "soft"
    v = classify(status=200, headers=HTML, html=doc('<meta value="article" name="og:type">', LONG), text=None)
    assert v.status == "free" and "article.declared" in signals(v)


def test_long_main_text_without_article_markup_is_free_but_a_listing_is_not() -> None:
    # a forum thread / lyrics page: no og:type, no <article>, only a long extracted text
    page_ = "<html><head><title>t</title></head><body><div id='thread'>" + LONG + "</div></body></html>"
    text = "Russia has rebuilt and expanded facilities across the polar region, deploying assets. " * 30
    v = classify(status=200, headers=HTML, html=page_, text=text)
    assert v.status == "free" and "article.text" in signals(v)
    assert classify(status=200, headers=HTML, html=page_, text=text[:200]).status == "unknown"
    two = "<html><body>" + ("<article>" + LONG + "</article>") * 2 + "</body></html>"
    assert classify(status=200, headers=HTML, html=two, text=text).status == "unknown"


def test_japanese_article_words_are_counted_without_spaces() -> None:
    # 3 sentences, 138 kana/kanji and no spaces: one \\w+ run each, but about 69 words of news
    para = "<p>" + "文化庁は一日、アート、エンターテインメント、アニメーションの部門で優れた作品を顕彰する今年度の賞を発表した。" * 3 + "</p>"
    html = doc('<meta property="og:type" content="article">', para)
    v = classify(status=200, headers=HTML, html=html, text=None)
    assert v.status == "free" and "article.declared" in signals(v)


def test_poool_premium_page_view_with_body_is_soft() -> None:
    head = ('<script src="https://assets.poool.fr/poool.min.js"></script>'
            '<script>poool("init", "ABC"); poool("send", "page-view", "premium");</script>')
    assert classify(status=200, headers=HTML, html=doc(head, LONG), text=None).status == "soft"


def test_extracted_text_alone_decides_hard_vs_preview_when_no_container() -> None:
    cta = '<div class="box"><h2>This post is for paying subscribers only</h2><a href="/s">Subscribe</a></div>'
    html = f"<html><body><div id='c'>{TEASER}</div>{cta}</body></html>"
    assert classify(status=200, headers=HTML, html=html, text=TEASER).status == "hard"
    long_text = "Russia has rebuilt and expanded facilities across the polar region. " * 30
    assert classify(status=200, headers=HTML, html=html, text=long_text).status == "preview"


# --------------------------------------------------------------------------- never raises


JUNK = [
    dict(status=None, headers=None, html=None, text=None),
    dict(status=None, headers=None, html="", text=""),
    dict(status=200, headers={}, html="   \n\t ", text="   "),
    dict(status=200, headers=HTML, html="\x00\xff\xfe\x89PNG\r\n\x1a\n" + "\ufffd" * 100, text=None),
    dict(status=200, headers=HTML, html="<" * 10_000, text=None),
    dict(status=200, headers=HTML, html="<?xml version='1.0' encoding='utf-8'?><html><body>x</body></html>", text=None),
    dict(status=200, headers=HTML, html="\ud800 lone surrogate <p>x</p>", text="\ud800"),
    dict(status=200, headers=HTML, html=doc(ld({"@type": "NewsArticle", "isAccessibleForFree": False,
                                                  "hasPart": {"isAccessibleForFree": False, "cssSelector": "::>>[["}}),
                                             TEASER), text=None),
    dict(status=200, headers=HTML, html=doc('<script type="application/ld+json">' + "[" * 100_000 + "</script>", TEASER),
         text=None),
    dict(status="garbage", headers=[("x", None), ("y",), 5], html=b"<html><body>bytes</body></html>", text=12),
    dict(status=302, headers={"location": "http://[::1"}, html=None, text=None),
]


@pytest.mark.parametrize("kwargs", JUNK, ids=range(len(JUNK)))
def test_never_raises_on_junk(kwargs: dict) -> None:
    v = classify(**kwargs)
    assert v.status in STATUSES and (v.blocked is None or v.blocked in BLOCKED)
    assert "error" not in signals(v), v.as_dict()  # handled, not caught by the last-resort guard


def test_deeply_nested_divs() -> None:
    html = "<html><body>" + "<div>" * 50_000 + "deep" + "</div>" * 50_000 + "</body></html>"
    start = time.monotonic()
    v = classify(status=200, headers=HTML, html=html, text="deep")
    assert v.status == "unknown" and time.monotonic() - start < 10


def test_huge_page_is_capped_and_fast() -> None:
    html, text = page("ghost_free.html")
    huge = html.replace("</body>", "<p>" + "filler words here " * 600_000 + "</p></body>")  # ~11 MB
    start = time.monotonic()
    v = classify(status=200, headers=HTML, html=huge, text=text)
    assert v.status in STATUSES and time.monotonic() - start < 20


def test_long_words_in_inline_json_do_not_make_the_scan_quadratic() -> None:
    """Inline JSON with long base64-like runs: the Piano host pattern tried every start in a run."""
    html, text = page("ghost_free.html")
    blob = '<script type="application/json">{"data": "' + ("A" * 20_000 + " ") * 100 + '"}</script>'
    start = time.monotonic()
    v = classify(status=200, headers=HTML, html=html.replace("</body>", blob + "</body>"), text=text)
    assert v.status in STATUSES and time.monotonic() - start < 5


def test_internal_failure_becomes_unknown_with_error_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> Verdict:
        raise RuntimeError("bug")

    monkeypatch.setattr(paywall_decision, "_decide", boom)
    v = classify(status=200, headers=HTML, html="<html></html>", text=None)
    assert v.status == "unknown" and v.evidence[0].signal == "error" and v.evidence[0].matched == "RuntimeError"


# --------------------------------------------------------------------------- interface


def test_as_dict_shape_and_json() -> None:
    v = run("ghost_paid_hard.html")
    d = v.as_dict()
    assert d["status"] == "hard" and d["blocked"] is None
    assert d["classifier"] == CLASSIFIER == "provcrawl-paywall" and d["version"] == CLASSIFIER_VERSION
    assert set(d["evidence"][0]) == {"signal", "matched", "snippet", "where"}
    assert json.loads(json.dumps(d)) == d
    assert Evidence("a", "b", "c", "d").as_dict() == {"signal": "a", "matched": "b", "snippet": "c", "where": "d"}


def test_statuses_are_exactly_the_spec() -> None:
    assert STATUSES == ("free", "hard", "soft", "preview", "registration", "unknown")


# -- the classifier's shortcuts must select exactly what the plain formulation selects ----------

_CONTAINER_UNION = (
    "//article[not(contains(@class, 'comment'))] | //*[contains(concat(' ', normalize-space(@itemprop), ' '),"
    " ' articleBody ')] | " + " | ".join(
        f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]" for c in sorted(paywall_page._CONTAINER_CLASSES)))


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_container_scan_selects_what_the_xpath_union_selects(name: str) -> None:
    html, _ = page(name)
    doc = paywall_page._parse(html)
    assert doc is not None
    assert paywall_page._containers(doc) == doc.xpath(_CONTAINER_UNION)


def test_container_scan_on_planted_containers() -> None:
    doc = paywall_page._parse(
        "<html><body><article class='comment-body'>c</article><div class=' x  post-body '>a</div>"
        "<section itemprop='text articleBody'>b</section><article>d</article>"
        "<div class='post-bodyx'>no</div><div class='post-content\u00a0wide'>nbsp</div>"
        "<div class='wide\tpost-content'>tab</div></body></html>")
    assert [e.text for e in paywall_page._containers(doc)] == ["a", "b", "d", "tab"]
    assert paywall_page._containers(doc) == doc.xpath(_CONTAINER_UNION)


def test_gate_xpaths_only_match_where_their_marker_is_in_the_source() -> None:
    """_collect skips a gate XPath when none of its markers occurs in the raw HTML."""
    assert set(paywall_signals._GATE_MARKERS) == {name for name, _, _ in paywall_signals._GATE_ELEMENTS}
    for name, xpath, _ in paywall_signals._GATE_ELEMENTS:
        for marker in paywall_signals._GATE_MARKERS[name]:
            assert marker in xpath, (name, marker)


@pytest.mark.parametrize("spelling", ["pmpro_content\x00_message", "pmpro&#95;content_message", "pmpro&lowbar;content_message",
                                      "pmpro_content&#x5f;message"])
def test_gate_found_however_its_class_is_spelled_in_the_source(spelling: str) -> None:
    """The marker pre-check reads the source as the parser does: NULs dropped, references decoded."""
    html = article(extra_body=f"<div class='{spelling}'>This content is for members only. Log in.</div>")
    plain = article(extra_body="<div class='pmpro_content_message'>This content is for members only. Log in.</div>")
    v = classify(status=200, headers=HTML, html=html, text=None, url=None)
    assert v.as_dict() == classify(status=200, headers=HTML, html=plain, text=None, url=None).as_dict()
    assert "pmpro.gate" in signals(v)
