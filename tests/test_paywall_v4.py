"""Classifier version 4: where else a gated page delivers its body (JSON state scripts, a recipe's
steps), gate markup around a delivered body (a .paywall wrapper, a rendered Piano offer, a meter's
message), hidden templates that are not walls, and a page that declares itself both free and not.
Each rule came from a development-split page of bench/paywall_set; each test has the trap beside it."""

from __future__ import annotations

import json

from crawler.analysis.paywall import classify

HTML = {"content-type": "text/html; charset=utf-8"}
BODY = " ".join(f"Sentence {i} of a long article body about the harbour and its people." for i in range(40))
LEAD = "The harbour reopened on Monday after a week of storms, and the ferries ran again."


def verdict(html: str, text: str | None = None):  # noqa: ANN201
    return classify(status=200, headers=HTML, html=html, text=text)


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


def jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


GATED_PART = jsonld({"@type": "NewsArticle", "isAccessibleForFree": "False",
                     "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": "False",
                                 "cssSelector": ".paywall"}})


def test_body_in_a_json_state_script_makes_a_cut_looking_page_soft() -> None:
    state = json.dumps({"body": "<p>" + BODY.replace(". ", ".</p><p>") + "</p>", "id": "x"})
    html = page(GATED_PART, f"<article><p>{LEAD}</p></article>"
                f'<script type="application/json" data-component-props="ArticleBody">{state}</script>')
    v = verdict(html, LEAD)
    assert v.status == "soft"
    assert any(e.signal == "script.json-body" for e in v.evidence)
    # the same page without the state script: the server cut it
    cut = verdict(page(GATED_PART, f"<article><p>{LEAD}</p></article>"), LEAD)
    assert cut.status in ("hard", "preview")


def test_a_short_json_string_is_not_a_body() -> None:
    state = json.dumps({"title": LEAD, "tags": ["a", "b"], "pad": "x" * 300})
    html = page(GATED_PART, f'<article><p>{LEAD}</p></article><script type="application/json">{state}</script>')
    assert verdict(html, LEAD).status in ("hard", "preview")


RECIPE_STEPS = [{"@type": "HowToStep", "text": f"Step {i}: stir the pot gently and season the sauce to taste."}
                for i in range(6)]


def test_member_recipe_with_its_steps_delivered_is_soft() -> None:
    head = jsonld({"@type": "Recipe", "name": "Salad", "recipeInstructions": RECIPE_STEPS})
    steps = " ".join(s["text"] for s in RECIPE_STEPS)
    html = page(head, "<div><p>Member Recipe</p><p>Become a member to unlock this recipe!</p>"
                      f"<a>Start Your Free Trial</a></div><div class='method'><p>{steps}</p></div>")
    v = verdict(html, steps)
    assert v.status == "soft"
    assert [e.signal for e in v.evidence][:2] == ["cta.paid", "schema.recipeInstructions"]


def test_recipe_declared_not_free_with_steps_is_soft_not_unknown() -> None:
    head = jsonld({"@type": "Recipe", "isAccessibleForFree": False, "recipeInstructions": RECIPE_STEPS})
    steps = " ".join(s["text"] for s in RECIPE_STEPS) + " " + BODY
    assert verdict(page(head, f"<div><p>{steps}</p></div>"), steps).status == "soft"


def test_a_hidden_template_of_a_registration_box_is_dormant() -> None:
    tmpl = ('<div id="ticklePrefixTemplate" style="display:none"><span>Article Preview — For full access, </span>'
            '<a href="#lastVisibleParagraph">register below, it\'s free</a></div>'
            '<div style="display:none" id="bottomTickle"><strong>To keep reading, '
            '<a href="/Registration.aspx?dest=#{articleUrl}">click here, it\'s free</a></strong></div>')
    html = page('<meta property="og:type" content="article">', f"<article><p>{BODY}</p></article>{tmpl}")
    assert verdict(html, BODY).status == "free"
    # the same box shown to the reader is a registration wall
    live = page('<meta property="og:type" content="article">',
                f"<article><p>{BODY}</p></article><div><a href='#r'>register below, it's free</a></div>")
    assert verdict(live, BODY).status == "registration"


def test_rendered_piano_offer_is_a_wall_even_on_a_page_declared_free() -> None:
    head = jsonld({"@type": "NewsArticle", "isAccessibleForFree": True})
    offer = ('<div class="paywall-selector"><div class="tp-container-inner"><iframe src="https://buy.tinypass.com'
             '/checkout/offer/show?displayMode=inline&amp;offerId=OF1"></iframe></div></div>')
    html = page(head, f"<article><p>{LEAD}</p>{offer}<div class='paywall'><p>{BODY}</p></div></article>")
    v = verdict(html, LEAD + " " + BODY)
    assert v.status == "soft" and v.evidence[0].signal == "piano.offer"
    # the Piano script alone, declared free: free
    plain = page(head + '<script src="https://cdn.tinypass.com/api/tinypass.min.js"></script>',
                 f"<article><p>{LEAD} {BODY}</p></article>")
    assert verdict(plain, LEAD + " " + BODY).status == "free"


def test_body_inside_paywall_markup_is_soft_unless_declared_free() -> None:
    body = f"<div class='ArticlePage-content paywall'><p>{BODY}</p></div>"
    assert verdict(page('<meta property="og:type" content="article">', body), BODY).status == "soft"
    free = page('<meta property="og:type" content="article"><meta property="article:content_tier" content="free">',
                body)
    assert verdict(free, BODY).status == "free"
    # a small .paywall box beside a free body is not a wrapper
    box = page('<meta property="og:type" content="article">',
               f"<article><p>{BODY}</p></article><div class='paywall modal-paywall'>Subscribe to our newsletter</div>")
    assert verdict(box, BODY).status == "free"


def test_a_meter_message_is_a_client_side_gate() -> None:
    meter = ("<div class='banner'>You’ve reached your free article limit. Special offer: 3 months for $10. "
             "<a>Subscribe</a></div>")
    html = page('<meta property="og:type" content="article">', f"<article><p>{BODY}</p></article>{meter}")
    v = verdict(html, BODY)
    assert v.status == "soft" and v.evidence[0].signal == "cta.meter"
    quoted = page('<meta property="og:type" content="article">',
                  f"<article><p>{BODY} Readers complained: you've reached your free article limit "
                  f"too soon, they said, and the paper changed its meter. {BODY}</p></article>")
    assert verdict(quoted, BODY).status == "free"


def test_a_page_declaring_itself_free_and_not_free_is_unknown() -> None:
    head = jsonld({"@type": "NewsArticle", "isAccessibleForFree": True}) + jsonld(
        {"@type": "Recipe", "isAccessibleForFree": "False"})
    v = verdict(page(head, f"<article><p>{BODY}</p></article>"), BODY)
    assert v.status == "unknown" and v.evidence[0].signal == "schema.conflict"


def test_a_tiny_container_beside_a_long_extracted_text_is_not_the_body() -> None:
    # a graphics story: the only <article> holds a caption, the text is elsewhere
    head = '<meta property="article:content_tier" content="metered">'
    html = page(head, f"<article><p>Chart: profits by year</p></article><div><p>{BODY}</p></div>")
    assert verdict(html, BODY).status == "soft"


def test_datadome_and_akamai_block_pages_are_blocked() -> None:
    datadome = ('<html><head><title>shopify.com</title></head><body><p id="cmsg">Please enable JS and disable any ad '
                "blocker</p><script>var dd={'rt':'c','host':'geo.captcha-delivery.com'}</script>"
                '<script src="https://ct.captcha-delivery.com/c.js"></script></body></html>')
    assert verdict(datadome).blocked == "datadome"
    akamai = ("<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have permission "
              "to access \"http&#58;&#47;&#47;example&#46;com&#47;\" on this server.<P>Reference&#32;&#35;18&#46;d36d655f"
              "<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;d36d655f</P></BODY></HTML>")
    assert verdict(akamai).blocked == "akamai"
    # an article that mentions the vendors is an article
    story = page('<meta property="og:type" content="article">',
                 f"<article><p>{BODY} DataDome serves its captcha from geo.captcha-delivery.com, and Akamai's "
                 f"errors.edgesuite.net pages say Access Denied. {BODY}</p></article>")
    v = verdict(story, BODY)
    assert v.blocked is None and v.status == "free"


def test_paid_calls_to_action_in_other_languages() -> None:
    for cta in ("La suite de cet article est réservée à nos abonnés", "Seuls nos abonnés peuvent lire l'intégralité "
                "de cet article.", "Il vous reste 78 % de cet article à lire.", "Dieser Artikel ist nur für Abonnenten",
                "Weiterlesen mit SPIEGEL+", "Este contenido es exclusivo para suscriptores",
                "Articolo riservato agli abbonati", "本文共计1561字 订阅后继续阅读",
                "To continue reading this story, you will need to be a digital subscriber to Example.com."):
        html = page('<meta property="og:type" content="article">', f"<article><p>{LEAD}</p><p>{cta}</p></article>")
        v = verdict(html, LEAD)
        assert v.status == "hard" and v.evidence[0].signal == "cta.paid", (cta, v)
    # the comments section reserved for subscribers gates nothing
    comments = page('<meta property="og:type" content="article">',
                    f"<article><p>{BODY}</p></article><div>L'espace des contributions est réservé aux abonnés.</div>")
    assert verdict(comments, BODY).status == "free"


def test_body_inside_regwall_markup_is_a_registration_wall() -> None:
    body = "".join(f"<p class='articlecomponent text regwalled'>{s}.</p>" for s in BODY.split(". "))
    html = page('<meta property="og:type" content="article">', f"<section>{body}</section>")
    v = verdict(html, BODY)
    assert v.status == "registration" and v.evidence[0].signal == "markup.regwall-wrapper"


SCHOLARLY = ('<meta name="citation_title" content="On harbours"><meta name="citation_doi" content="10.1000/x1">'
             '<meta name="citation_journal_title" content="J. Harbours">')
ABSTRACT = "<section class='abstract'><h2>Abstract</h2><p>" + BODY + "</p></section>"


def test_an_abstract_behind_an_access_box_is_hard_and_with_body_sections_preview() -> None:
    box = "<div class='access'><h2>Access this article</h2><a>Log in via an institution</a><a>Buy article PDF</a></div>"
    hard = verdict(page(SCHOLARLY, f"<article><h1>On harbours</h1>{ABSTRACT}{box}</article>"), BODY)
    assert hard.status == "hard" and hard.evidence[0].signal == "scholarly.access"
    intro = f"<h2>1. Introduction</h2><p>{LEAD}</p>"
    assert verdict(page(SCHOLARLY, f"<article>{ABSTRACT}{intro}{box}</article>"), BODY).status == "preview"
    # open access (declared free): the same widget gates nothing
    oa = SCHOLARLY + jsonld({"@type": "ScholarlyArticle", "isAccessibleForFree": True})
    assert verdict(page(oa, f"<article>{ABSTRACT}{intro}<p>{BODY}</p>{box}</article>"), BODY).status == "free"
    # a news page with a "Buy article" line is not a scholarly landing page
    news = page('<meta property="og:type" content="article">', f"<article><p>{BODY}</p>{box}</article>")
    assert verdict(news, BODY).status == "free"


def test_one_video_or_picture_is_a_single_item_whatever_its_length() -> None:
    video = page('<meta property="og:type" content="video.other">', "<h1>Keynote</h1><p>A talk about the harbour.</p>")
    v = verdict(video, "Keynote. A talk about the harbour.")
    assert v.status == "free" and v.evidence[0].signal == "item.declared"
    # a short page declaring itself a website stays unknown (a home page, a listing)
    site = page('<meta property="og:type" content="website">', "<h1>Home</h1><p>A talk about the harbour.</p>")
    assert verdict(site, "Home. A talk about the harbour.").status == "unknown"


def test_registration_prompts_in_other_languages() -> None:
    for cta in ("Register to read the full article", "Jetzt kostenlos registrieren und weiterlesen",
                "Inscrivez-vous gratuitement pour lire la suite", "Regístrate gratis para seguir leyendo"):
        html = page('<meta property="og:type" content="article">', f"<article><p>{LEAD}</p><div>{cta}</div></article>")
        assert verdict(html, LEAD).status == "registration", cta
    # a newsletter box that only says "register" gates nothing
    box = page('<meta property="og:type" content="article">',
               f"<article><p>{BODY}</p></article><div>Kostenlos registrieren: unser Newsletter</div>")
    assert verdict(box, BODY).status == "free"


def test_cloudflare_interstitials_by_their_wording() -> None:
    for text in ("Checking if the site connection is secure", "Please complete the security check to access "
                 "example.org", "DDoS protection by Cloudflare", "Please turn JavaScript on and reload the page."):
        v = verdict(page("", f"<div><h1>example.org</h1><p>{text}</p><p>Ray ID: 7a1b2c3d4e5f</p></div>"))
        assert v.blocked in ("cloudflare", "js-challenge"), text
    turnstile = page('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js"></script>',
                     "<div><h1>example.org</h1><p>One moment.</p></div>")
    assert verdict(turnstile).blocked == "cloudflare"
    # an article about DDoS protection by Cloudflare is an article
    story = page('<meta property="og:type" content="article">',
                 f"<article><p>{BODY} The site now uses DDoS protection by Cloudflare. {BODY}</p></article>")
    assert verdict(story, BODY).blocked is None


def test_a_free_membership_wall_with_its_own_words() -> None:
    wall = ("<div class='status'>Membership is required to access this how-to marketing article ... don't worry "
            "though, it's FREE!</div>")
    html = page('<meta property="og:type" content="article">', f"<article><p>{LEAD}</p>{wall}</article>")
    assert verdict(html, LEAD).status == "registration"


def test_a_front_page_is_not_one_article() -> None:
    front = page('<meta property="og:type" content="article">', f"<article><p>{BODY}</p></article>")
    v = classify(status=200, headers=HTML, html=front, text=BODY, url="https://news.example/")
    assert v.status == "unknown" and v.evidence[0].signal == "url.home"
    # the same page under an article's URL is an article; a front page's query is not the front page
    assert classify(status=200, headers=HTML, html=front, text=BODY, url="https://news.example/2021/x").status == "free"
    assert classify(status=200, headers=HTML, html=front, text=BODY, url="https://news.example/?p=42").status == "free"


def test_newsletter_and_membership_promos_gate_nothing() -> None:
    for promo in ("<aside><h3>Get our daily newsletter</h3><p>Sign up now - it's free!</p></aside>",
                  "<div>Sign up today, it's free.</div>", "<div>Become a member to access the full archive.</div>",
                  "<div>Become a member to see the benefits we offer.</div>"):
        html = page('<meta property="og:type" content="article">', f"<article><p>{BODY}</p></article>{promo}")
        assert verdict(html, BODY).status == "free", promo


def test_open_access_papers_and_site_wide_login_links_are_not_walls() -> None:
    header = "<header><a href='/login'>Log in via your institution</a></header>"
    body = "<h2>I. INTRODUCTION</h2><p>" + BODY + "</p><h2>II. RELATED WORK</h2><p>" + BODY + "</p>"
    html = page(SCHOLARLY, f"{header}<article>{ABSTRACT}{body}</article>")
    assert verdict(html, BODY).status == "free"
    # an access box in the article, but the paper carries an open licence
    box = "<div><h2>Access this article</h2></div>"
    licensed = page(SCHOLARLY + '<meta name="dc.rights" content="https://creativecommons.org/licenses/by/4.0/">',
                    f"<article>{ABSTRACT}{box}</article>")
    assert verdict(licensed, BODY).status != "hard"
    # Roman-numbered body sections make it a preview, not hard
    roman = page(SCHOLARLY, f"<article>{ABSTRACT}<h2>I. Introduction</h2><p>{LEAD}</p>{box}</article>")
    assert verdict(roman, BODY).status == "preview"


def test_a_piano_newsletter_offer_on_a_page_declared_free_is_no_wall() -> None:
    head = jsonld({"@type": "NewsArticle", "isAccessibleForFree": True})
    offer = ('<div class="newsletter-signup"><iframe src="https://buy.tinypass.com/checkout/offer/show?'
             'displayMode=inline&amp;containerSelector=.newsletter-signup"></iframe></div>')
    html = page(head, f"<article><p>{LEAD} {BODY}</p>{offer}</article>")
    assert verdict(html, LEAD + " " + BODY).status == "free"


def test_japanese_paid_article_walls() -> None:
    lead = "東京電力は" + "原子力発電所の再稼働について説明した。" * 20
    for wall in ("この記事は有料会員記事です。有料会員になると続きをお読みいただけます。", "この記事は有料記事です。"):
        html = page('<meta property="og:type" content="article">', f"<article><p>{lead}</p><div>{wall}</div></article>")
        assert verdict(html, lead).status == "preview", wall
    # a 有料 (paid) label on a link in a free article's sidebar gates nothing
    free = page('<meta property="og:type" content="article">',
                f"<article><p>{lead * 3}</p></article><aside><a>有料会員記事</a> 別の記事</aside>")
    assert verdict(free, lead * 3).status == "free"


def test_a_wall_class_on_body_is_not_a_wrapper() -> None:
    html = ('<html><head><meta property="og:type" content="article"></head>'
            f'<body class="regular paywall"><article><p>{BODY}</p></article></body></html>')
    assert verdict(html, BODY).status == "free"
