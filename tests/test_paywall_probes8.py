"""Probes of the paywall classifier (round 8): the boundary between soft (whole body delivered, gated in the
client), preview (a server-cut lead, then the wall), hard (no body) and free, as paywall vendors (Piano,
Zephr, Poool, Arc XP, Pelcro, AMP), platforms (Substack, Ghost, Medium, Patreon, WordPress membership
plugins) and national publishers in thirteen languages mark it up, and the free pages that look like them
(contribution appeals, Plus badges on other stories, an article about paywalls, dormant templates...).

The pages (tests/paywall_probe8_pages.py) are written from how those pages are built, not taken from the
labelled set; each says what it expects and why, and runs through :func:`crawler.analysis.analyze.analyze`
as a capture does. Below them, the rules round 8 added, each beside its counter-case."""

from __future__ import annotations

import json

import pytest

from crawler.analysis.analyze import analyze
from tests.paywall_probe_pages import HTML, classify_all, probe_params
from tests.paywall_probe8_pages import (AMP_HEAD, NOT_FIXED, NOT_FREE, PROBES, SUB, Probe, cut_page, div, page,
                                        prose, text_of, whole_div)

# not fixed in round 8, each a strict xfail: Arc XP's Fusion.globalContent holding the story one paragraph per
# content element (summing them turned a preview page of the development set soft); a subscribers' badge over
# a whole body; "Subscribe to read more" / "Want to read more?", the words of subscription promos under free
# stories too
KNOWN_MISSES = NOT_FIXED


@pytest.fixture(scope="module")
def verdicts() -> dict[str, object]:
    return classify_all(PROBES)


@pytest.mark.parametrize("probe", probe_params(PROBES, KNOWN_MISSES))
def test_probe(probe: Probe, verdicts: dict) -> None:
    v = verdicts[probe.name]
    assert v.status == probe.expected, (probe.why, [e.as_dict() for e in v.evidence])


def test_every_status_of_the_boundary_is_probed() -> None:
    counts = {s: sum(p.expected == s for p in PROBES) for s in ("soft", "preview", "hard", "free")}
    assert min(counts.values()) >= 9 and len({p.name for p in PROBES}) == len(PROBES), counts


# ----------------------------------------------------------------------------- the rules, each beside its counter-case


def verdict(html: str):
    return analyze(html.encode("utf-8"), url=Probe("x", "", "", "").url, status=200, headers=HTML).verdict


def status(html: str) -> str:
    return verdict(html).status


WALL = div("paywall-prompt", "<h3>Subscribe to continue reading</h3>" + SUB)


def test_a_german_plus_wall_is_read_for_any_brand_and_a_plus_badge_beside_another_story_is_none() -> None:
    for line in ("Weiterlesen mit RND+", "Lesen Sie mehr mit SZ Plus", "Jetzt weiterlesen mit KStA PLUS",
                 "Um diesen Artikel lesen zu können, benötigen Sie ein WELTplus-Abo."):
        assert status(page(lang="de", article=whole_div("de", 200) + div("paywall", f"<p>{line}</p>"
                                                                          "<a href='/abo'>Jetzt testen</a>"))) == "preview", line
    badge = ('<div class="teaser-box"><a href="/politik/streit-im-rat-a-123.html">Streit im Rat</a>'
             "<p>Weiterlesen mit SPIEGEL+</p></div>")
    assert status(page(lang="de", article=whole_div("de")[:-6] + badge + prose("de", 200, 4) + "</div>")) == "free"
    # the same words in a box that also offers a subscription stay this story's wall
    offer = badge.replace("</div>", "<a href='/abo'>Jetzt für 1 € testen</a></div>")
    assert status(page(lang="de", article=whole_div("de", 200) + offer)) == "preview"
    assert status(page(lang="de", article=whole_div("de") + "<p>Lesen Sie mehr mit unserer App.</p>")) == "free"


def test_paid_walls_in_spanish_italian_korean_and_medium_and_their_look_alikes() -> None:
    for lang, line in (("es", "Suscríbete para seguir leyendo"), ("es", "Contenido exclusivo para suscriptores"),
                       ("it", "Contenuto riservato agli abbonati"), ("ko", "이 기사는 유료 회원 전용 기사입니다."),
                       ("en", "Upgrade to instantly unlock this story plus other member-only benefits.")):
        assert status(page(lang=lang, article=whole_div(lang, 220) + div("wall", f"<p>{line}</p><a href='/s'>Go</a>"))) \
            == "preview", line
    newsletter = ("<p>Suscríbete a nuestra newsletter para seguir leyendo lo mejor de la semana.</p><form><input"
                  " type='email'><button>Enviar</button></form>")
    assert status(page(lang="es", article=whole_div("es") + div("newsletter", newsletter))) == "free"
    assert status(page(lang="ko", article=whole_div("ko") + div("event", "<p>회원 전용 이벤트에 참여하세요</p>"))) == "free"


def test_a_wall_in_an_amp_section_shown_by_entitlement_hides_a_whole_body_but_not_a_lead() -> None:
    def amp(words: int) -> str:
        return page(head=AMP_HEAD, declared=NOT_FREE, article=(
            f'<section subscriptions-section="content">{whole_div(words=words)}</section><section'
            f' subscriptions-section="content-not-granted"><h3>Subscribe to continue reading</h3>{SUB}</section>'))
    assert status(amp(700)) == "soft"
    assert status(amp(200)) == "preview"
    # the same box in the flow after a whole body, outside AMP's sections, may be a cut after a long lead
    assert status(page(declared=NOT_FREE, article=whole_div() + WALL)) == "preview"


def test_a_state_object_a_script_assigns_delivers_the_body_it_holds() -> None:
    def state(words: int) -> str:
        data = {"article": {"id": "a8f2", "body": prose("en", words)}, "ui": {"theme": "x" * 300}}
        return f"<script>window.__PRELOADED_STATE__ = {json.dumps(data)};</script>"
    v = verdict(page(declared=NOT_FREE, head=state(700), article=whole_div(words=120) + WALL))
    assert v.status == "soft" and any(e.signal == "script.json-body" for e in v.evidence)
    assert status(page(declared=NOT_FREE, head=state(150), article=whole_div(words=120) + WALL)) == "preview"
    # a script that only mentions such a name assigns nothing
    mention = "<script>if (window.__PRELOADED_STATE__) { render(); }" + " " * 300 + "</script>"
    assert status(page(declared=NOT_FREE, head=mention, article=whole_div(words=120) + WALL)) == "preview"


def test_a_short_gated_page_with_story_paragraphs_is_a_lead_but_a_standfirst_or_excerpt_is_a_teaser() -> None:
    assert status(page(declared=NOT_FREE, article=whole_div(words=90) + WALL)) == "preview"
    standfirst = text_of("en", 90)
    assert status(page(declared=NOT_FREE, article=f'<p class="standfirst">{standfirst}</p>{WALL}')) == "hard"
    # a teaser the page's description repeats is a standfirst whatever its class
    assert status(page(declared=NOT_FREE, description=standfirst, article=f"<p>{standfirst}</p>{WALL}")) == "hard"
    excerpt = (f'<div class="entry-content"><div class="mepr-unauthorized-excerpt">{prose("en", 80)}</div><div'
               ' class="mepr-unauthorized-message"><p>This content is for Premium members only.</p><a'
               ' href="/register/premium">Join now</a> for $9/month.</div></div>')
    assert status(page(article=excerpt)) == "hard"
    assert status(page(declared=NOT_FREE, article=whole_div(words=30) + WALL)) == "hard"


def test_a_body_in_a_login_state_variant_for_subscribers_was_delivered() -> None:
    teaser = div("article-teaser show-for-anonymous", prose("en", 70))
    full = div("article-body show-for-subscribers", prose("en", 700, 3))
    cta = div("subscribe-cta show-for-anonymous", "<h3>Subscribe to continue reading</h3>" + SUB)
    v = verdict(page(declared=NOT_FREE, article=teaser + full + cta))
    assert v.status == "soft" and any(e.signal == "markup.login-state" for e in v.evidence)
    # one state alone is no switch: a long lead and the wall shown to others stay a cut
    assert status(page(declared=NOT_FREE, article=whole_div(words=250) + cta)) == "preview"
    # a note for subscribers on a free story gates nothing
    note = div("hide-for-subscribers ad-slot", "<p>Advertisement</p>") + div("show-for-subscribers", "<p>Thanks!</p>")
    assert status(page(article=whole_div() + note)) == "free"


def test_a_members_only_line_is_paid_when_its_box_links_to_a_checkout_or_plan_not_to_a_free_subscribe() -> None:
    line = "<p>This post is for members only. <a href='{href}'>Become a member</a> or <a href='/login'>sign in</a>.</p>"
    for href in ("https://harbour.memberful.com/checkout?plan=1234", "/membership/plans/", "/pricing"):
        assert status(cut_page(div("members-box", line.format(href=href)))) == "preview", href
    for href in ("/subscribe", "#/portal/signup", "/register"):
        assert status(cut_page(div("members-box", line.format(href=href)))) == "registration", href


def test_more_paid_wordings_and_the_lines_beside_them_that_gate_nothing() -> None:
    for lang, line in (("en", "This article is exclusive to subscribers"), ("en", "Buy this article for $0.49."),
                       ("de", "Dieser Beitrag ist exklusiv für Mitglieder."), ("nl", "Lees verder met een abonnement"),
                       ("nl", "Word abonnee en lees verder"), ("pt", "Assine para continuar lendo"),
                       ("no", "Denne artikkelen er forbeholdt abonnenter.")):
        assert status(cut_page(div("wall", f"<p>{line}</p><a href='/s'>Go</a>"), lang)) == "preview", line
    for lang, line in (("en", "This offer is exclusive to subscribers: 20% off tickets."),
                       ("en", "Buy this print for $20 in our shop."),
                       ("de", "Dieser Beitrag ist für Mitglieder kostenlos."),
                       ("pt", "Assine nossa newsletter e receba as notícias do dia.")):
        assert status(page(lang=lang, article=whole_div(lang) + f"<p>{line}</p>")) == "free", line
