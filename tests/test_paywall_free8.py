"""FREE pages of every common kind against the paywall classifier (issue 18): an independent check will run it
on many real pages, most of them free articles, and a free page called paywalled or ``unknown`` is an error.

The pages (tests/paywall_free8_pages.py, tests/paywall_free8_more.py) are whole documents as sites serve them,
written from how those pages are built: news with contribution appeals, dormant metered walls and meters,
consent dialogs, app prompts and collapsed mobile bodies; blogs, docs, recipes, products, forums, Q&A,
encyclopedia, press releases; pages that are no article (``unknown``) and real walls as controls. Each says
what it expects and why, and runs through :func:`crawler.analysis.analyze.analyze` as a capture does. Below
them, the rules this round added, each beside its counter-case."""

from __future__ import annotations

import pytest

from crawler.analysis.analyze import analyze
from tests.paywall_free8_more import PROBES_MORE
from tests.paywall_free8_round2 import (PROBES_ROUND2, PROBES_ROUND3, PROBES_ROUND4, PROBES_ROUND5,
                                        PROBES_ROUND6, PROBES_ROUND7)
from tests.paywall_free8_pages import (FREE, HIDDEN, PROBES_DIALOGS, PROBES_LANG, PROBES_METERED, PROBES_NEWS,
                                       _n, free_page, related)
from tests.paywall_probe_pages import HTML, Probe, classify_all, probe_params

PROBES = (PROBES_NEWS + PROBES_METERED + PROBES_LANG + PROBES_DIALOGS + PROBES_MORE + PROBES_ROUND2
          + PROBES_ROUND3 + PROBES_ROUND4 + PROBES_ROUND5 + PROBES_ROUND6
          + PROBES_ROUND7)
# not fixed, a strict xfail: a comment thread laid out in a table, each comment in div.comment (as Hacker News
# serves it) - trafilatura drops comment-named boxes as boilerplate, so only 54 words of main text reach the
# classifier, and counting the page's own words instead would make every listing an article; a wordCount that
# holds characters on a page declaring nothing (800 words of "5200"): the length check alone reads a cut, as a
# server-cut lead without wall markup reads (tests/test_paywall.py::test_length_check_alone_is_preview)
# a live blog with no markup, each entry a long <article> under a headline outside them: markup alone does not
# tell it from an archive of whole posts
KNOWN_MISSES = {"hn-thread", "wordcount-chars", "liveblog-undeclared"}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, object]:
    return classify_all(PROBES)


@pytest.mark.parametrize("probe", probe_params(PROBES, KNOWN_MISSES))
def test_probe(probe: Probe, verdicts: dict) -> None:
    v = verdicts[probe.name]
    assert v.status == probe.expected, (probe.why, [e.as_dict() for e in v.evidence])


def test_the_probes_are_mostly_free_with_non_articles_and_walls_beside_them() -> None:
    counts = {s: sum(p.expected == s for p in PROBES) for s in ("free", "unknown", "soft", "preview", "hard",
                                                                "registration")}
    assert counts["free"] >= 60 and counts["unknown"] >= 8 and len({p.name for p in PROBES}) == len(PROBES), counts
    assert all(counts[s] >= 1 for s in ("soft", "preview", "hard", "registration")), counts


# ----------------------------------------------------------------------------- the rules, each beside its counter-case


def verdict(p: Probe):
    return analyze(p.html.encode("utf-8"), url=p.url, status=200, headers=HTML).verdict


WALL = ("<div class='paywall-box'{hidden}><p>Has alcanzado el límite de artículos gratuitos. Suscríbete para seguir"
        " leyendo.</p><a href='/suscripciones/'>Suscríbete</a></div>")


def test_a_wall_kept_hidden_on_a_page_declared_free_gates_nothing_but_shown_or_undeclared_it_does() -> None:
    def story(declared: dict | None, hidden: str) -> Probe:
        return free_page("x", "", "EL PAÍS", "https://elpais.com/x.html", "<div class='a_c'>" + _n(1, 700)
                         + "</div>" + WALL.format(hidden=hidden), lang="es", declared=declared)
    for hidden in (HIDDEN, " hidden"):
        v = verdict(story(FREE, hidden))
        assert v.status == "free" and not any(e.signal.startswith("cta.") for e in v.evidence), hidden
    # shown, it is this story's wall whatever the declaration; hidden on a page not declared free, too
    assert verdict(story(FREE, "")).status != "free"
    assert verdict(story(None, HIDDEN)).status != "free"
    assert verdict(story({"isAccessibleForFree": False}, HIDDEN)).status != "free"


CARDS = "".join(f"<div class='teaser'><h3><a href='/2026/12/0{i % 9 + 1}/story-{i}'>Story {i} on the harbour</a></h3>"
                f"<p>{_n(80 + i, 30)[3:-4]}</p></div>" for i in range(12))


def _undeclared(main: str, url: str = "https://www.ledger.example/world") -> Probe:
    from tests.paywall_free8_pages import doc
    return Probe("x", "", "", doc(site="Ledger", title="World", url=url, otype="website", main=main), url)


def test_a_page_of_title_linked_teasers_is_a_listing_but_a_story_beside_such_a_grid_is_not() -> None:
    v = verdict(_undeclared("<h1>World</h1>" + CARDS))
    assert v.status == "unknown" and v.evidence[0].signal == "page.listing", [e.as_dict() for e in v.evidence]
    # the same grid under 300 words of undeclared story text: an article with its related teasers
    story = "<div class='content'><h1>Harbour plan</h1>" + _n(3, 300) + "</div>"
    assert verdict(_undeclared(story + CARDS, "https://www.ledger.example/harbour-plan")).status == "free"
    # a long list of single links in a sidebar box (a docs page's table of contents) beside the text
    toc = "<div class='toc'><ul>" + "".join(f"<li><a href='/docs/p{i}'>Part {i} of the guide</a></li>"
                                            for i in range(40)) + "</ul></div>"
    assert verdict(_undeclared(toc + "<div class='doc'>" + _n(4, 250) + "</div>", "https://d.example/x")).status \
        == "free"
    # a forum thread's posts link their authors and permalinks: no post is a teaser
    posts = "".join(f"<div class='post'><a href='/u/{i}'>user {i} here</a><a href='/t/1/p{i}'>posted 2 h ago</a>"
                    f"{_n(90 + i, 60)}</div>" for i in range(8))
    assert verdict(_undeclared(posts, "https://forum.example/t/1")).status == "free"
    # the related box of a declared article never matters
    assert verdict(free_page("x", "", "L", "https://l.example/a", _n(5, 200), rel=related(12))).status == "free"


def test_one_article_element_holding_the_headline_is_a_short_article_but_not_one_among_several() -> None:
    def shaped(main: str) -> str:
        return verdict(_undeclared(main, "https://blog.example/2026/12/short-post")).status
    post = "<article class='post'><h1>Short post</h1>" + _n(6, 90) + "</article>"
    assert shaped(post) == "free"
    # the same words without the <article> element, or beside another <article>, or under 50 words: no article
    assert shaped(post.replace("article", "div")) == "unknown"
    assert shaped(post + post.replace("<h1>Short post</h1>", "<h2>Other</h2>")) == "unknown"
    assert shaped("<article class='post'><h1>Short post</h1>" + _n(6, 30) + "</article>") == "unknown"
    # a headline outside it (a page title over a card) makes it a card
    assert shaped("<h1>Blog</h1>" + post.replace("h1", "h2")) == "unknown"


def test_a_short_body_under_a_declared_word_count_is_no_cut_on_page_one_of_several_or_a_page_declared_free() -> None:
    def status(declared: dict, after: str = "") -> str:
        return verdict(free_page("x", "", "X", "https://x.example/a", "<div class='article-body'>" + _n(7, 800)
                                 + "</div>" + after, declared=declared)).status
    assert status({"wordCount": 2400}) == "preview"
    for nxt in ("<a rel='next' href='/a/2'>Next</a>", "<a href='/a?page=2'>2</a>", "<p>Page 1 of 3</p>"):
        assert status({"wordCount": 2400}, nxt) == "free", nxt
    assert status({"wordCount": 2400, "isAccessibleForFree": True}) == "free"
    # a page 1 behind a wall stays gated
    wall = "<div class='paywall'><p>Subscribe to continue reading</p><a href='/subscribe'>Subscribe</a></div>"
    assert status({"wordCount": 2400, "isAccessibleForFree": False}, wall + "<a rel='next' href='/a/2'>Next</a>") \
        == "preview"


def test_a_microdata_flag_on_another_storys_card_is_not_the_pages() -> None:
    from tests.paywall_free8_round2 import MICRO_CARDS
    page = free_page("x", "", "X", "https://x.example/a", "<div class='article-body'>" + _n(8, 700) + "</div>",
                     rel=MICRO_CARDS)
    assert verdict(page).status == "free"
    one = ("<div itemscope itemtype='https://schema.org/NewsArticle'><h2 itemprop='headline'>Port</h2><meta itemprop="
           "'isAccessibleForFree' content='False'><div class='article-body'>" + _n(8, 700) + "</div></div>")
    v = verdict(free_page("x", "", "X", "https://x.example/a", one))
    assert v.status == "soft" and any(e.signal == "schema.isAccessibleForFree" for e in v.evidence)
    # teasers declaring an article type side by side declare none for the page
    assert verdict(next(p for p in PROBES if p.name == "front-microdata-cards")).status == "unknown"


def test_of_several_long_boxes_the_headlines_is_the_article_only_when_far_longer_than_the_rest() -> None:
    def shaped(words: int, other: int) -> str:
        main = (f"<article class='post'><h1>Post</h1><div class='entry-content'>{_n(9, words)}</div></article>"
                f"<div class='author-box'><div class='entry-content'>{_n(10, other)}</div></div>")
        return verdict(_undeclared(main, "https://blog.example/2026/12/post/")).status
    assert shaped(600, 160) == "free"
    assert shaped(300, 250) == "unknown"  # two boxes alike: a listing's
    # the archive of whole posts, each under its own <h2>, stays a listing
    assert verdict(next(p for p in PROBES if p.name == "archive-full-posts")).status == "unknown"


def test_a_flag_on_the_sites_or_publishers_own_json_ld_node_is_not_the_pages() -> None:
    from tests.paywall_free8_pages import ld

    def status(node: dict, declared: dict | None = None) -> str:
        head = ld({"@context": "https://schema.org", **node, "isAccessibleForFree": False})
        return verdict(free_page("x", "", "X", "https://x.example/a", "<div class='article-body'>" + _n(11, 700)
                                 + "</div>", head=head, declared=declared)).status
    assert status({"@type": "WebSite", "name": "X"}, {"isAccessibleForFree": True}) == "free"  # was unknown
    assert status({"@type": "NewsMediaOrganization", "name": "X"}) == "free"  # was soft
    # the page's own nodes still declare it: a WebPage, or the article
    assert status({"@type": "WebPage", "name": "X"}) == "soft"
    assert status({"@type": ["NewsArticle", "Organization"], "headline": "X"}) == "soft"


def test_a_piano_tag_naming_a_paid_tier_gates_but_its_negation_does_not() -> None:
    def status(tags: str) -> str:
        head = f"<script>tp=window.tp||[];tp.push(['setTags',{tags}]);</script>"
        return verdict(free_page("x", "", "X", "https://x.example/a", "<div class='article-body'>" + _n(12, 700)
                                 + "</div>", head=head)).status
    for tags in ("['nonpremium']", "['premium:false']", "['not-premium','news']", "['unlocked']", "['metered:false']"):
        assert status(tags) == "free", tags  # each was soft
    for tags in ("['premium','politics']", "['news','subscriber-only']", "['is_premium']", "['paywall:locked']"):
        assert status(tags) == "soft", tags
