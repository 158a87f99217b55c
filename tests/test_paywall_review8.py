"""Review 8 of the paywall classifier's version 7 rules: free pages that carry what real free pages carry
near the new rules (Plus badges on other stories' teaser cards, "lesen mit F+" promos, quotations in German
guillemets, paid lines for a story's audio or an ad-free read, editors' unlock notes, AMP sections of a page
declared free, front pages and topic lists), beside real walls of each kind (tests/paywall_review8_pages.py).
Below them, each rule the review added beside its counter-case: the same words as a wall are still a wall."""

from __future__ import annotations

import pytest

from crawler.analysis.analyze import analyze
from tests.paywall_probe_pages import HTML, Probe, classify_all, probe_params
from tests.paywall_review8_pages import (AMP_SUBS, DE_LONG_SUMMARY, DE_SUMMARY, EN_URL, FREE, NOT_FREE, PROBES,
                                         SPIEGEL_WALL, TEASER_DE, article, de_url, doc, en_page, teaser_article, text)

# round 3, against the fixes too: cards whose class names the subscription their story needs, stories whose
# slugs hold an offer's words ("plan", "free", "start", "digital", "access": version 7 took such links for offers,
# so the badge beside them became a wall), the page's own headline box, a Plus story in a "premium" section
SLUGS = ("city-plan-for-harbour-delayed", "free-school-meals-start-in-january", "local-authorities-open-digital-access")


def _card_page(card_html: str, words: int = 500) -> str:
    return doc(lang="de", site="S", title="Bundesrat stoppt Reform",
               body=article("Bundesrat stoppt Reform", text("de", words, 1) + card_html))


def _href(slug: str) -> str:
    return f"https://www.spiegel.de/politik/deutschland/{slug}-a-5c3e9f0a"


_SELF = de_url("bundesrat-stoppt-reform")
ROUND3 = [
    Probe("de-card-class-abo", "free", "a Plus teaser <article> card whose class names the subscription",
          _card_page("<section>" + teaser_article("haushalt-streit-laender", "H", DE_SUMMARY, "Weiterlesen mit SPIEGEL+")
                     .replace('class="teaser"', 'class="teaser teaser--abo"') + "</section>"), _SELF),
    Probe("de-card-class-subscriber", "free", "a teaser card named card--subscriber-only with a long summary",
          _card_page(f'<div class="card card--subscriber-only"><a href="{_href("haushalt-streit-laender")}"><h3>H</h3>'
                     f'</a><p>{DE_LONG_SUMMARY}</p><p>Weiterlesen mit SPIEGEL+</p></div>'), _SELF),
    *[Probe(f"de-card-slug-{i}", "free", f"a Plus teaser card linking a story whose slug is {slug!r}",
            _card_page("<section>" + teaser_article("x", "H", DE_SUMMARY, "Weiterlesen mit SPIEGEL+")
                       .replace(de_url("x"), _href(slug)) + "</section>"), _SELF) for i, slug in enumerate(SLUGS)],
    *[Probe(f"de-badge-box-slug-{i}", "free", f"a short badge box linking a story whose slug is {slug!r}",
            _card_page(f'<div class="related"><a href="{_href(slug)}">Haushalt</a><p>Weiterlesen mit SPIEGEL+</p></div>'),
            _SELF) for i, slug in enumerate(SLUGS)],
    Probe("de-card-premium-section", "free", "a teaser card linking a story in a /premium/ section",
          _card_page("<section>" + teaser_article("x", "H", DE_SUMMARY, "Weiterlesen mit KURIER+").replace(
              de_url("x"), "https://kurier.at/premium/politik/haushalt-streit-der-laender/402345678") + "</section>"),
          "https://kurier.at/politik/inland/grundsteuer-reform-gestoppt/402345001"),
    *[Probe(f"de-item-{cls}", "free", f"a Plus story's item named {cls!r}: title link first, a long summary",
            _card_page(f'<div class="{cls}"><a href="{_href("haushalt-streit-laender")}"><h3>Haushaltsstreit</h3></a>'
                       f'<p>{DE_LONG_SUMMARY}</p><p>Weiterlesen mit SPIEGEL+</p></div>'), _SELF)
      for cls in ("story-item", "c-article-preview", "stream__entry")],
    Probe("en-item-headline-words", "free", "an item whose headline holds account words, badged for subscribers",
          en_page(article("Harbour plan", text("en", 500, 1) + '<div class="story-item"><a href="/2026/12/05/council-'
                          'members-join-protest"><h3>Council members join protest</h3></a><p>Why the strike spread.</p>'
                          "<p>This story is exclusive to subscribers</p></div>", "en")), EN_URL),
    Probe("wall-lead-opens-with-linked-subheading", "preview", "a two-paragraph cut lead opening with a linked "
          "subheading, the wall's words after it, its offer outside", doc(
              lang="de", site="S", title="Bundesrat stoppt Reform", body='<main><article><h1>Bundesrat stoppt Reform'
              f'</h1><div class="text"><h2><a href="{_href("bundesrat-vertagt-grundsteuer")}">Was bisher geschah</a>'
              f'</h2>{text("de", 80, 2)}<p>Weiterlesen mit SPIEGEL+</p></div><div class="offer"><a href="https://abo.'
              'spiegel.de/">Jetzt testen</a></div></article></main>'), _SELF),
    Probe("wall-headline-box-self-link", "hard", "the headline (linking the page itself) and a teaser in one box, the "
          "wall's words in it, its offer outside", doc(
              lang="de", site="S", title="Bundesrat stoppt Reform", head=f'<link rel="canonical" href="{_SELF}">',
              body=f'<main><article><div class="article-teaser"><h1><a href="{_SELF}">Bundesrat stoppt Reform</a></h1>'
                   f'{TEASER_DE}<p>Weiterlesen mit SPIEGEL+</p></div><div class="offer"><a href="https://abo.spiegel.de/">'
                   'Jetzt testen</a></div></article></main>'), _SELF),
    Probe("wall-offer-link-ends-in-story-url", "preview", "a SPIEGEL+ wall whose only link, to abo.spiegel.de, carries "
          "the story's .html address as its targeturl (version 7 took it for a story link: a badge)",
          _card_page('<div class="plus-box"><p>Weiterlesen mit SPIEGEL+</p><a href="https://abo.spiegel.de/de/c/spiegel-'
                     'plus?b=SPOND&targeturl=https%3A%2F%2Fwww.spiegel.de%2Fpolitik%2Fdeutschland%2Fbundesrat-stoppt-'
                     'reform-a-5c3e9f0a.html">Jetzt testen</a></div>', 200), _SELF),
    Probe("wall-box-offer-slug", "preview", "a wall box whose only link is an offer page with a slug of offer words",
          _card_page('<div class="plus-box"><p>Weiterlesen mit SPIEGEL+</p><a href="https://www.spiegel.de/'
                     'start-your-free-trial-today">Jetzt testen</a></div>', 220), _SELF),
]
ALL = [*PROBES, *ROUND3]

# not fixed in review 8, each a strict xfail: a cut lead of about 90 words in a box named "teaser" (version 7
# reads such a box as a standfirst, not the story's own paragraphs, so the page is called hard, not preview; the
# wall itself is found); a topic page of five story items with summaries, no article markup and 160 words of
# main text, is called free by the main-text rule (telling such lists from articles by their story items was
# tried: it turned four free pages of the development set unknown); a Plus badge on a card whose story sits in
# a "/premium/" section (a path segment with an offer's word is read as an offer page, as in version 7)
KNOWN_MISSES = {"wall-teaser-named-lead-linked", "tag-listing-de", "de-card-premium-section"}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, object]:
    return classify_all(ALL)


@pytest.mark.parametrize("probe", probe_params(ALL, KNOWN_MISSES))
def test_probe(probe, verdicts: dict) -> None:
    v = verdicts[probe.name]
    assert v.status == probe.expected, (probe.why, [e.as_dict() for e in v.evidence[:4]])


def test_the_review_covers_what_its_brief_asks() -> None:
    free = [p for p in ALL if p.expected == "free"]
    walls = {p.expected for p in ALL if p.expected not in ("free", "unknown")}
    assert len(free) >= 45 and walls == {"soft", "preview", "hard"} and len({p.name for p in ALL}) == len(ALL)
    assert sum(p.expected == "unknown" for p in ALL) >= 5


# ----------------------------------------------------------------------------- each rule beside its counter-case


def status(html: str, url: str = "") -> str:
    return analyze(html.encode("utf-8"), url=url or de_url("bundesrat-stoppt-reform"), status=200, headers=HTML).verdict.status


def de(inner: str, words: int = 500, **kw) -> str:
    return doc(lang="de", site="DER SPIEGEL", title="Bundesrat stoppt Reform",
               body=article("Bundesrat stoppt Reform", text("de", words, 1) + inner), **kw)


def card(extra: str = "", title_link: bool = True) -> str:
    href = de_url("haushalt-streit-laender")
    title = f'<a href="{href}"><h3>Haushaltsstreit</h3></a>' if title_link else \
        f'<p>Der Streit, den <a href="{href}">der Bundesrat</a> vertagte, geht weiter.</p>'
    return (f'<div class="teaser">{title}<p>{DE_LONG_SUMMARY}</p><p>Weiterlesen mit SPIEGEL+</p>{extra}</div>')


def test_a_badge_on_a_teaser_card_is_that_storys_and_a_card_that_sells_or_a_lead_that_links_is_a_wall() -> None:
    assert status(de(card())) == "free"  # the summary makes the box over 40 words: a card, not a short box
    assert status(de(teaser_article("streit-im-rat-der-laender", "Streit", DE_LONG_SUMMARY,
                                    "Weiterlesen mit SPIEGEL+"))) == "free"  # its own <article> in the story
    # the same card with an offer in it, a wall box named "paywall", or prose linking a story: this story's wall
    assert status(de(card('<a href="https://abo.spiegel.de/">Jetzt für 1 € testen</a>'), 220)) == "preview"
    assert status(de(card().replace('class="teaser"', 'class="teaser paywall"'), 220)) == "preview"
    assert status(de(card(title_link=False), 220)) == "preview"
    # the page's own <article> is never a card, however short
    assert status(doc(lang="de", site="S", title="T", body="<main><article><h1><a href='" + de_url("t-x-y") + "'>T</a>"
                      "</h1><p>Kurz.</p>" + SPIEGEL_WALL + "</article></main>")) == "hard"


@pytest.mark.parametrize("line, wall", [
    ("Weiterlesen mit SPIEGEL+", True), ("Jetzt weiterlesen mit KStA PLUS", True), ("Lesen Sie mehr mit SZ Plus", True),
    ("Lesen Sie mit F+", True), ("Lesen Sie weiter mit RND+", True),
    ("Alle Artikel lesen mit F+", False), ("Unbegrenzt lesen mit Kleine+", False), ("Mehr lesen mit Blick+", False),
    ("Das vollständige Interview lesen Sie mit SZ Plus.", False),
])
def test_a_german_plus_wall_asks_to_read_on_and_a_promo_offers_everything(line: str, wall: bool) -> None:
    box = f'<div class="plus-box"><p>{line}</p><a href="/abo/">Jetzt testen</a></div>'
    assert status(de(box, 220 if wall else 500)) == ("preview" if wall else "free")


def test_a_wall_quoted_in_german_guillemets_is_a_quotation_and_after_a_french_closing_one_a_wall() -> None:
    assert status(de("<p>Darunter steht: »Weiterlesen mit SPIEGEL+«.</p>")) == "free"
    assert status(de("<p>Darunter steht: ›Weiterlesen mit SPIEGEL+‹.</p>")) == "free"
    fr = doc(lang="fr", site="Le Journal", title="T", body=article("T", text("fr", 220, 1)
                                                                  + "<div class='paywall'><p>« Le Journal » Cet article"
                                                                  " est réservé aux abonnés</p></div>", "fr"))
    assert status(fr, "https://www.journal.example/politique/article/2026/12/06/la-reforme_123.html") == "preview"


@pytest.mark.parametrize("line, wall", [
    ("An audio version of this story is available to paying subscribers.", False),
    ("Go ad-free: subscribe to read this article without ads.", False),
    ("Commenting on this article is for paid subscribers only.", False),
    ("Subscribe to continue reading and listen to the audio version of every story.", True),
    ("Subscribe to read the full article, ad-free.", True),
    ("This article is for paid subscribers only.", True),
])
def test_a_paid_line_for_the_storys_audio_an_ad_free_read_or_the_comments_gates_no_story(line: str, wall: bool) -> None:
    html = en_page(article("Harbour plan", text("en", 220 if wall else 500, 1) + f"<div class='box'><p>{line}</p>"
                           "<a href='/subscribe'>Subscribe</a></div>", "en"))
    assert status(html, EN_URL) == ("preview" if wall else "free")


@pytest.mark.parametrize("line, wall", [
    ("This article is exclusive to subscribers, but we are making it free to all readers.", False),
    ("This story is available to subscribers only, but it has been made free for everyone.", False),
    ("This article is for paid subscribers only. We have unlocked it for all readers as a public service.", False),
    ("This article is exclusive to subscribers. Start your free trial, free for 14 days.", True),
    ("This article is for paid subscribers only. Your first month is free.", True),
])
def test_an_editors_unlock_note_is_no_wall_and_a_free_trial_is_no_unlock(line: str, wall: bool) -> None:
    html = en_page(article("Harbour plan", f"<p class='note'>{line}</p>" + text("en", 220 if wall else 500, 1), "en"))
    assert status(html, EN_URL) == ("preview" if wall else "free")


def test_amp_subscriptions_grant_a_page_declared_free_and_gate_one_declared_not_free() -> None:
    sections = ('<main><article><h1>Harbour plan</h1><section subscriptions-section="content">' + text("en", 600, 2)
                + '</section><section subscriptions-section="content-not-granted"><p>Subscribe to continue reading.</p>'
                '<button subscriptions-action="subscribe">Subscribe</button></section></article></main>')
    assert status(en_page(sections, head=AMP_SUBS, declared=FREE, html_attrs=" amp"), EN_URL) == "free"
    assert status(en_page(sections, head=AMP_SUBS, declared=NOT_FREE, html_attrs=" amp"), EN_URL) == "soft"
    assert status(en_page(sections, head=AMP_SUBS, html_attrs=" amp"), EN_URL) == "soft"


def test_a_front_page_is_unknown_whatever_its_boxes_say_and_the_same_box_on_a_story_is_a_wall() -> None:
    box = ('<div class="paywall"><p>Subscribe to continue reading.</p><a href="/subscribe">Subscribe</a></div>')
    html = en_page(article("Harbour plan", text("en", 220, 1) + box, "en"))
    assert status(html, "https://www.ledger.example/") == "unknown"
    assert status(html, EN_URL) == "preview"


@pytest.mark.parametrize("href, asks", [
    ("https://www.spiegel.de/politik/deutschland/city-plan-for-harbour-delayed-a-5c3e9f0a", False),
    ("/2026/12/05/local-authorities-open-digital-access", False),
    ("/2026/12/05/free-school-meals-start-in-january", False),
    ("https://www.spiegel.de/start-your-free-trial-today", True), ("/free-trial-offer", True), ("/plans", True),
    ("https://abo.spiegel.de/de/c/spiegel-plus", True), ("/checkout?plan=48213", True),
    ("/2026/12/05/harbour-story?utm_campaign=digital-access", True),
])
def test_an_address_asks_by_its_host_query_and_sections_and_by_a_slug_only_when_most_of_it_asks(href: str,
                                                                                                  asks: bool) -> None:
    from crawler.analysis.paywall.other_asks import asking_href
    assert asking_href(href) is asks
