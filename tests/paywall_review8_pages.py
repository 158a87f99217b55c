"""Pages for review 8 of the paywall classifier (tests/test_paywall_review8.py): free pages that carry
what real free pages carry near version 7's new rules (Plus badges on other stories' teasers in many
layouts, subscription promos, state objects holding other stories, login-state classes, AMP sections),
short pages that are no article, and real walls of each kind as controls. Written from how those sites
build their pages, not taken from the labelled set."""

from __future__ import annotations

import json

from tests.paywall_probe_pages import Probe, ld
from tests.paywall_probe8_pages import prose, text_of

_DA = (["Byrådet", "Selskabets ledelse", "Fagforeningens repræsentanter", "Ministeriet", "Beboerne i kvarteret"],
       ["sagde tirsdag, at", "understregede i en udtalelse, at", "advarede i sidste uge om, at"],
       ["de nye regler skal gælde inden nytår", "udgifterne er steget kraftigt siden foråret",
        "planen stadig skal godkendes af bestyrelsen", "flere hundrede job kan blive berørt"])


def text(lang: str, words: int, seed: int = 0) -> str:
    """Paragraphs of about ``words`` words (Danish here, the other languages from the probe modules)."""
    if lang != "da":
        return prose(lang, words, seed)
    s, v, c = _DA
    out = [f"{s[i % 5]} {v[(i // 5) % 3]} {c[(i * 3) % 4]}." for i in range(seed, seed + words // 11 + 1)]
    return "".join(f"<p>{' '.join(out[i:i + 4])}</p>" for i in range(0, len(out), 4))


def doc(*, lang: str, site: str, title: str, body: str, head: str = "", header: str = "", footer: str = "",
        declared: dict | None = None, og: str = "article", kind: str = "NewsArticle", html_attrs: str = "") -> str:
    """A whole page: head (title, og, description, JSON-LD unless ``kind`` is empty), the site's own
    header and footer around ``body``."""
    data = {"@context": "https://schema.org", "@type": kind, "headline": title, "datePublished": "2026-12-06T07:30:00+01:00",
            "author": [{"@type": "Person", "name": "Jana Beispiel"}], "publisher": {"@type": "Organization", "name": site},
            **(declared or {})}
    return (f'<!DOCTYPE html><html lang="{lang}"{html_attrs}><head><meta charset="utf-8"><title>{title} - {site}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><meta property="og:type" content="{og}">'
            f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">'
            f'{ld(data) if kind else ""}{head}</head><body>{header}{body}{footer}</body></html>')


def article(title: str, inner: str, lang: str = "de", cls: str = "article-body") -> str:
    byline = {"de": "Von Jana Beispiel", "es": "Por Jana Beispiel", "it": "di Jana Beispiel",
              "nl": "Door Jana Beispiel", "pt": "Por Jana Beispiel", "da": "Af Jana Beispiel",
              "no": "Av Jana Beispiel", "sv": "Av Jana Beispiel"}.get(lang, "By Jana Beispiel")
    return (f'<main id="main"><article class="article"><header class="article__header"><h1>{title}</h1>'
            f'<p class="byline">{byline}</p></header><div class="{cls}">{inner}</div></article></main>')


# ----------------------------------------------------------------------------- German, Austrian, Swiss chrome

SPIEGEL_HEADER = ('<header class="header"><a href="/" class="logo">DER SPIEGEL</a><nav aria-label="Ressorts"><ul>'
                  '<li><a href="/politik/">Politik</a></li><li><a href="/wirtschaft/">Wirtschaft</a></li>'
                  '<li><a href="/plus/">SPIEGEL+</a></li></ul></nav><a class="btn" href="https://abo.spiegel.de/">'
                  'Jetzt SPIEGEL+ testen</a><a href="https://gruppenkonto.spiegel.de/">Anmelden</a></header>')
SPIEGEL_FOOTER = ('<footer class="footer"><ul><li><a href="/plus/">Alle SPIEGEL+-Artikel</a></li><li><a href="/impressum">'
                  'Impressum</a></li><li><a href="/datenschutz">Datenschutz</a></li></ul></footer>')


def de_url(slug: str) -> str:
    return f"https://www.spiegel.de/politik/deutschland/{slug}-a-5c3e9f0a-2b7d-4e1f-8a6c-0d9b4f2e7a13"


def teaser_article(slug: str, title: str, summary: str, badge: str) -> str:
    """A teaser card in its own <article> (how many German sites mark up a related story)."""
    return (f'<article class="teaser"><a href="{de_url(slug)}"><h3 class="teaser__title">{title}</h3></a>'
            f'<p class="teaser__summary">{summary}</p><span class="teaser__badge">{badge}</span></article>')


DE_SUMMARY = ("Die Koalition streitet seit Wochen über den Haushalt, nun droht der nächste Konflikt mit den Ländern. "
              "Was hinter dem Streit steckt und wer am Ende zahlen muss.")
DE_LONG_SUMMARY = ("Die Koalition streitet seit Wochen über den Haushalt, nun droht der nächste Konflikt mit den Ländern, "
                   "die mehr Geld für Schulen, Kliniken und den Nahverkehr verlangen. Was hinter dem Streit steckt, wer "
                   "am Ende zahlen muss und warum die Kommunen schon jetzt ihre Investitionen zurückfahren.")

# ----------------------------------------------------------------------------- other languages' chrome

ES_HEADER = ('<header class="cabecera"><a href="/" class="logo">El Diario Global</a><nav><ul><li><a href="/espana/">'
             'España</a></li><li><a href="/economia/">Economía</a></li></ul></nav><a class="btn" href="/suscripciones/">'
             'Suscríbete</a><a href="/login">Iniciar sesión</a></header>')
IT_HEADER = ('<header class="testata"><a href="/" class="logo">Il Quotidiano</a><nav><ul><li><a href="/cronaca/">Cronaca'
             '</a></li><li><a href="/economia/">Economia</a></li></ul></nav><a href="/abbonamenti/">Abbonati</a></header>')
NEWSLETTER_EN = ('<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>The day\'s top stories in your inbox '
                 'every weekday.</p><form action="/newsletters/subscribe"><input type="email" name="email">'
                 '<button>Sign up</button></form></div>')


def state_feed(var: str, n: int = 6, words: int = 260) -> str:
    """A Redux/Apollo store a script assigns, holding a feed of OTHER stories with their whole text."""
    feed = [{"id": f"s{i}", "url": f"/2026/12/0{i % 9 + 1}/story-number-{i}-of-the-feed",
             "headline": f"Story {i} of the feed", "body": text_of("en", words, i * 7)} for i in range(n)]
    state = {"router": {"location": {"pathname": "/"}}, "feed": {"items": feed}, "user": {"loggedIn": False}}
    return f'<script>window.{var} = {json.dumps(state)};</script>'


def fusion(content_elements: list[str], restricted: bool = False, related_words: int = 0) -> str:
    content = {"_id": "ZX81", "type": "story", "headlines": {"basic": "Harbour plan"},
               "content_restrictions": {"content_code": "premium" if restricted else "free"},
               "content_elements": [{"type": "text", "content": p} for p in content_elements],
               "related_content": {"basic": [{"type": "story", "headlines": {"basic": "Other"},
                                              "description": {"basic": text_of("en", related_words, 11)}}]
                                   if related_words else []}}
    return (f'<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion||{{}};'
            f'Fusion.globalContent={json.dumps(content, ensure_ascii=False)};Fusion.spa=false;</script>')


AMP_SUBS = ('<script async custom-element="amp-subscriptions" src="https://cdn.ampproject.org/v0/amp-subscriptions-0.1.js">'
            '</script><script type="application/json" id="amp-subscriptions">{"services": [{"authorizationUrl": '
            '"https://www.ledger.example/amp/authorize?rid=READER_ID", "actions": {"login": "https://www.ledger.example/'
            'login", "subscribe": "https://www.ledger.example/subscribe"}}]}</script>')
AMP_ACCESS = ('<script async custom-element="amp-access" src="https://cdn.ampproject.org/v0/amp-access-0.1.js"></script>'
              '<script id="amp-access" type="application/json">{"authorization": "https://www.ledger.example/amp-access?'
              'rid=READER_ID", "pingback": "https://www.ledger.example/amp-ping", "login": {"sign-in": '
              '"https://www.ledger.example/login?rid=READER_ID"}, "authorizationFallbackResponse": {"subscriber": false,'
              ' "loggedIn": false}}</script>')


def en_page(body: str, *, title: str = "Harbour plan faces new delay", head: str = "", declared: dict | None = None,
            site: str = "The Ledger", html_attrs: str = "", kind: str = "NewsArticle") -> str:
    header = ('<header class="site-header"><a href="/" class="logo">The Ledger</a><nav><ul><li><a href="/news">News</a>'
              '</li><li><a href="/sport">Sport</a></li></ul></nav><a class="btn" href="/subscribe">Subscribe</a></header>')
    footer = ('<footer class="site-footer"><a href="/about">About</a> <a href="/subscribe">Subscriptions</a> '
              '<a href="/privacy">Privacy</a></footer>')
    return doc(lang="en", site=site, title=title, body=body, head=head, header=header, footer=footer,
               declared=declared, html_attrs=html_attrs, kind=kind)


EN_URL = "https://www.ledger.example/2026/12/06/harbour-plan-faces-new-delay"


# ============================================================================= free German, Austrian, Swiss pages


def de_free(name: str, why: str, extra: str = "", *, before: str = "", words: int = 520, header: str = SPIEGEL_HEADER,
            footer: str = SPIEGEL_FOOTER, site: str = "DER SPIEGEL", head: str = "", url: str = "",
            title: str = "Bundesrat stoppt Reform der Grundsteuer") -> Probe:
    """A free German article with ``extra`` inside its body after the prose (``before`` ahead of it)."""
    body = article(title, before + text("de", words, 3) + extra)
    return Probe(name, "free", why, doc(lang="de", site=site, title=title, body=body, header=header, footer=footer,
                                       head=head), url or de_url("bundesrat-stoppt-reform-der-grundsteuer"))


FREE_DE = [
    de_free("de-teaser-cards-in-own-article", "Mehr zum Thema: three SPIEGEL+ teasers, each its own <article> card",
            '<section class="related"><h2>Mehr zum Thema</h2>' + "".join(
                teaser_article(f"haushalt-streit-{i}-koalition", f"Haushaltsstreit, Teil {i}", DE_SUMMARY,
                               "Weiterlesen mit SPIEGEL+") for i in range(3)) + "</section>"),
    de_free("de-one-teaser-card-in-flow", "one Plus story's teaser card (<article>) in the text's flow",
            teaser_article("haushalt-streit-koalition", "Haushaltsstreit", DE_SUMMARY, "Weiterlesen mit SPIEGEL+")
            + text("de", 120, 9)),
    de_free("de-teaser-long-summary-div", "a Z+ teaser in a div card whose summary is over 40 words",
            f'<div class="teaser-small"><a href="https://www.zeit.de/politik/2026-12/haushalt-streit-laender">'
            f'<h3>Haushaltsstreit</h3></a><p>{DE_LONG_SUMMARY}</p><p class="zplus">Weiterlesen mit Z+</p></div>',
            site="ZEIT ONLINE", url="https://www.zeit.de/politik/2026-12/grundsteuer-bundesrat-reform"),
    de_free("de-teaser-image-link-only", "a Krone+ teaser whose only link is on its picture, three levels up",
            '<div class="teaser"><div class="teaser__media"><a href="https://www.krone.at/3598123-haushalt-laender'
            '-streit"><img src="/i.jpg" alt=""></a></div><div class="teaser__body"><div class="teaser__meta">'
            '<span class="plus">Weiterlesen mit Krone+</span></div><h3>Haushalt: Länder fordern mehr Geld</h3>'
            '</div></div>', site="Kronen Zeitung", url="https://www.krone.at/3598001-grundsteuer-reform-gestoppt"),
    de_free("de-plus-list-items", "a list of Plus teasers (li) with the badge outside the links",
            '<aside class="more"><h3>Mehr zum Thema</h3><ul>' + "".join(
                f'<li><a href="{de_url(f"story-{i}-haushalt-koalition")}">Haushaltsstreit {i}</a>'
                f'<span>Weiterlesen mit SPIEGEL+</span></li>' for i in range(3)) + "</ul></aside>"),
    de_free("de-card-is-link", "a Plus teaser whose card is one link holding the badge",
            f'<a class="inline-teaser" href="{de_url("haushalt-streit-koalition")}"><span>SPIEGEL+</span>'
            '<strong>Haushaltsstreit</strong><span class="cta">Weiterlesen mit SPIEGEL+</span></a>'),
    de_free("de-prose-mention-sz-plus", "a short cross-promo line in the prose: the interview is in SZ Plus",
            "<p>Das vollständige Interview mit der Ministerin lesen Sie mit SZ Plus.</p>" + text("de", 80, 5),
            site="Süddeutsche Zeitung", url="https://www.sueddeutsche.de/politik/grundsteuer-bundesrat-1.7012345"),
    de_free("de-quote-guillemets", "an article about paywalls quoting a wall in German guillemets",
            "<p>Unter dem Text steht dann nur noch: »Weiterlesen mit SPIEGEL+«.</p>" + text("de", 80, 6)),
    de_free("de-offer-box-alle-artikel", "a promo box under the story: read every article with F+, test it",
            '<div class="offer-box"><h3>Alle Artikel lesen mit F+</h3><p>Jetzt 30 Tage kostenlos testen, danach '
            '2,95 € pro Woche.</p><a class="btn" href="https://www.faz.net/f-plus/angebote/">Jetzt testen</a></div>',
            site="FAZ.NET", url="https://www.faz.net/aktuell/politik/inland/grundsteuer-bundesrat-110012345.html"),
    de_free("de-offer-box-unbegrenzt", "a promo box: unlimited reading with Kleine+ (an offer, not a wall)",
            '<div class="abo-promo"><p>Unbegrenzt lesen mit Kleine+</p><p>4 Wochen gratis testen</p>'
            '<a href="https://abo.kleinezeitung.at/angebote">Jetzt testen</a></div>', site="Kleine Zeitung",
            url="https://www.kleinezeitung.at/politik/6512345/grundsteuer-reform-gestoppt"),
    de_free("de-offer-box-mehr-lesen", "a Blick+ promo box: read more with Blick+",
            '<div class="promo-box"><p>Mehr lesen mit Blick+</p><a href="/abo">Abo ab 1 Fr. im ersten Monat</a></div>',
            site="Blick", url="https://www.blick.ch/politik/grundsteuer-reform-gestoppt-id20212345.html"),
    de_free("de-abo-box", "'Jetzt abonnieren', 'Abo ab 1 €' under a free story",
            '<div class="subscription-teaser"><h3>Jetzt abonnieren</h3><p>Digital-Abo ab 1 € im ersten Monat, '
            'jederzeit kündbar.</p><a href="/abo">Zum Angebot</a></div>', site="Tages-Anzeiger",
            url="https://www.tagesanzeiger.ch/grundsteuer-reform-gestoppt-123456789012"),
    de_free("de-page-two", "page 1 of a story over two pages: 'Weiterlesen' links to page 2",
            '<p class="pagination"><a href="?page=2">Weiterlesen auf Seite 2</a></p>'),
    de_free("de-header-footer-plus", "only the site's header button and footer link name SPIEGEL+",
            "", header=SPIEGEL_HEADER.replace("<header", '<div role="banner"').replace("</header>", "</div>")),
    de_free("de-weltplus-inline", "a WELTplus story's teaser box in the flow, link and badge with a 45-word summary",
            f'<aside class="c-inline-teaser"><span class="c-inline-teaser__label">WELTplus</span><a href="https://www.'
            f'welt.de/politik/deutschland/plus251234567/Haushalt-Laender.html"><h4>Haushalt: Länder fordern mehr</h4>'
            f'</a><p>{DE_LONG_SUMMARY}</p><p>Weiterlesen mit WELTplus</p></aside>' + text("de", 100, 7),
            site="WELT", url="https://www.welt.de/politik/deutschland/article251230001/Grundsteuer.html"),
]

# ============================================================================= free pages in other languages


def other_free(name: str, lang: str, why: str, extra: str, *, site: str, url: str, header: str = "",
               title: str = "", words: int = 480, head: str = "") -> Probe:
    title = title or {"es": "El Gobierno aplaza la reforma fiscal", "it": "Il governo rinvia la riforma fiscale",
                      "nl": "Kabinet stelt belastinghervorming uit", "pt": "Governo adia a reforma tributária",
                      "da": "Regeringen udskyder skattereformen", "no": "Regjeringen utsetter skattereformen",
                      "sv": "Regeringen skjuter upp skattereformen", "ko": "정부, 세제 개편 연기"}[lang]
    body = article(title, text(lang, words, 2) + extra, lang)
    return Probe(name, "free", why, doc(lang=lang, site=site, title=title, body=body, header=header, head=head), url)


def cards(items: list[tuple[str, str]], label: str, summary: str) -> str:
    return '<section class="relacionadas">' + "".join(
        f'<article class="card"><a href="{href}"><h3>{t}</h3></a><p>{summary}</p><span class="card__label">{label}'
        f'</span></article>' for href, t in items) + "</section>"


FREE_OTHER = [
    other_free("es-cards-exclusivo", "es", "related <article> cards labelled 'Contenido exclusivo para suscriptores'",
               cards([("https://elpais.example/economia/2026-12-05/la-banca-gana-mas.html", "La banca gana más"),
                      ("https://elpais.example/espana/2026-12-05/el-pacto-fiscal.html", "El pacto fiscal")],
                     "Contenido exclusivo para suscriptores", "Las claves de una negociación que se alarga."),
               site="El Diario Global", header=ES_HEADER, url="https://elpais.example/economia/2026-12-06/reforma.html"),
    other_free("es-promo-and-newsletter", "es", "a subscription promo and a newsletter box under a free story",
               '<div class="suscripcion-promo"><p>Suscríbete y lee sin límites</p><p>1 € el primer mes</p>'
               '<a href="/suscripciones/">Suscríbete</a></div><div class="newsletter"><p>Recibe cada mañana el '
               'boletín con las noticias del día.</p><a href="/newsletters/">Apúntate</a></div>',
               site="El Diario Global", header=ES_HEADER, url="https://elpais.example/economia/2026-12-06/reforma.html"),
    other_free("it-cards-riservato", "it", "related <article> cards labelled 'Contenuto riservato agli abbonati'",
               cards([("https://www.quotidiano.example/economia/25_dicembre_05/la-manovra-e-le-banche.shtml", "La manovra"),
                      ("https://www.quotidiano.example/politica/25_dicembre_05/il-patto-di-stabilita.shtml", "Il patto")],
                     "Contenuto riservato agli abbonati", "Le tappe di una trattativa che si allunga."),
               site="Il Quotidiano", header=IT_HEADER,
               url="https://www.quotidiano.example/economia/25_dicembre_06/riforma-fiscale.shtml"),
    other_free("it-promo-abbonati", "it", "'Abbonati' promo box and a newsletter box under a free story",
               '<div class="box-abbonamento"><p>Leggi senza limiti: abbonati a 1 € al mese per 3 mesi.</p>'
               '<a href="/abbonamenti/">Abbonati</a></div><div class="newsletter"><p>Iscriviti alla newsletter del '
               'mattino.</p></div>', site="Il Quotidiano", header=IT_HEADER,
               url="https://www.quotidiano.example/economia/25_dicembre_06/riforma-fiscale.shtml"),
    other_free("nl-premium-list-and-promo", "nl", "premium teasers in a list and an 'abonneer' promo",
               '<ul class="gerelateerd"><li><a href="https://www.krant.example/binnenland/kabinet-en-de-boeren~b1a2c3/">'
               'Kabinet en de boeren</a> <span>Lees het hele artikel met een abonnement</span></li><li><a href="'
               'https://www.krant.example/economie/de-woningmarkt-koelt-af~b4d5e6/">De woningmarkt</a></li></ul>'
               '<div class="abonneer-promo"><p>Lees onbeperkt met een digitaal abonnement.</p><a href="/abonneren">'
               'Abonneer nu</a></div>', site="De Krant", url="https://www.krant.example/politiek/kabinet-stelt-uit~b9f8e7/"),
    other_free("nl-card-article-lees-verder", "nl", "a related <article> card: 'Lees verder met een abonnement'",
               cards([("https://www.krant.example/binnenland/kabinet-en-de-boeren~b1a2c3/", "Kabinet en de boeren")],
                     "Lees verder met een abonnement", "Waarom het overleg opnieuw vastloopt."),
               site="De Krant", url="https://www.krant.example/politiek/kabinet-stelt-uit~b9f8e7/"),
    other_free("pt-cards-assinantes", "pt", "related <article> cards labelled 'Conteúdo exclusivo para assinantes'",
               cards([("https://www.jornal.example/economia/2026/12/bancos-lucram-mais.shtml", "Bancos lucram mais")],
                     "Conteúdo exclusivo para assinantes", "Os detalhes de uma negociação que se arrasta."),
               site="Jornal", url="https://www.jornal.example/economia/2026/12/governo-adia-reforma.shtml"),
    other_free("pt-promo-assine", "pt", "an 'Assine' promo box and a newsletter under a free story",
               '<div class="promo-assinatura"><p>Assine o Jornal e continue lendo sem limites: R$ 1,90 no primeiro mês.'
               '</p><a href="/assine">Assine</a></div><div class="newsletter"><p>Receba a newsletter no seu e-mail.</p>'
               '</div>', site="Jornal", url="https://www.jornal.example/economia/2026/12/governo-adia-reforma.shtml"),
    other_free("da-card-forbeholdt", "da", "a related <article> card: 'Denne artikel er forbeholdt abonnenter'",
               cards([("https://politik.avis.example/art10123456/Skattereformen-og-kommunerne", "Skattereformen")],
                     "Denne artikel er forbeholdt abonnenter", "Hvorfor forhandlingerne trækker ud."),
               site="Avisen", url="https://politik.avis.example/art10123999/Regeringen-udskyder-skattereformen"),
    other_free("da-promo-abonnement", "da", "a Danish 'Bliv abonnent' promo under a free story",
               '<div class="abonnement-promo"><p>Bliv abonnent og få adgang til alle artikler for 1 kr. den første '
               'måned.</p><a href="/abonnement">Køb abonnement</a></div>', site="Avisen",
               url="https://politik.avis.example/art10123999/Regeringen-udskyder-skattereformen"),
    other_free("no-card-kun-for-abonnenter", "no", "a teaser div with a long summary: 'Denne saken er kun for abonnenter'",
               '<div class="teaser"><a href="https://www.avis.example/nyheter/i/Xa9bC1/skattereformen-og-kommunene">'
               '<h3>Skattereformen og kommunene</h3></a><p>Bystyret sa tirsdag at de nye reglene skal gjelde før nyttår, '
               'men kostnadene har steget kraftig siden våren og flere hundre arbeidsplasser kan bli berørt av '
               'endringen, advarer fagforeningen i en uttalelse til avisen.</p><p>Denne saken er kun for abonnenter</p>'
               '</div>', site="Avisen", url="https://www.avis.example/nyheter/i/Qw3eR4/regjeringen-utsetter-skattereformen"),
    other_free("sv-card-prenumeranter", "sv", "a related <article> card: 'Den här artikeln är endast för prenumeranter'",
               cards([("https://www.tidning.example/sverige/skattereformen-och-kommunerna/", "Skattereformen")],
                     "Den här artikeln är endast för prenumeranter", "Varför förhandlingarna drar ut på tiden."),
               site="Tidningen", url="https://www.tidning.example/sverige/regeringen-skjuter-upp-skattereformen/"),
    other_free("ko-card-members", "ko", "a related <article> card with a paid-members-only badge",
               cards([("https://news.sinmun.example/article/2026/12/05/tax-reform-local-budgets", "세제 개편과 지방 재정")],
                     "유료회원 전용 기사", "협상이 길어지는 이유."),
               site="신문", url="https://news.sinmun.example/article/2026/12/06/government-delays-tax-reform"),
]

# ============================================================================= free English pages


def en_free(name: str, why: str, extra: str = "", *, before: str = "", words: int = 520, head: str = "",
            declared: dict | None = None, html_attrs: str = "", after: str = "", url: str = EN_URL) -> Probe:
    body = article("Harbour plan faces new delay", before + text("en", words, 1) + extra, "en") + after
    return Probe(name, "free", why, en_page(body, head=head, declared=declared, html_attrs=html_attrs), url)


FREE = {"isAccessibleForFree": True}
SHORT_BRIEF = ("<p>The coastal road between Millport and Eastbay will close overnight on Tuesday and Wednesday for "
               "resurfacing, the county said. Diversions will be signposted via the inland route, adding about fifteen "
               "minutes to journeys. Buses will run to a revised timetable and the last ferry connection will leave ten "
               "minutes earlier than usual. The county expects the work to finish on Thursday morning.</p>")

FREE_EN = [
    en_free("en-unlock-note", "an editor's note: usually for subscribers, unlocked for every reader",
            before="<p class='editors-note'><em>Editor's note: This article is exclusive to subscribers, but we are making "
                   "it free to all readers as a public service during the storm.</em></p>"),
    en_free("en-audio-for-subscribers", "an audio version of the free story is for paying subscribers",
            before="<p class='audio-promo'>An audio version of this story is available to paying subscribers.</p>"),
    en_free("en-podcast-premium", "the ad-free episode is for premium members; the transcript is free",
            before="<div class='episode-note'><p>This episode is available to premium members without ads.</p></div>"),
    en_free("en-next-data-related", "a Next.js free article whose page state holds related stories' whole text",
            head='<script id="__NEXT_DATA__" type="application/json">' + json.dumps({"props": {"pageProps": {
                "related": [{"slug": f"story-{i}", "body": text_of("en", 400, i)} for i in range(3)]}}}) + "</script>"),
    en_free("en-initial-state-feed", "a free article whose Redux store holds a feed of other stories",
            head=state_feed("__INITIAL_STATE__")),
    en_free("en-arc-free-story", "an Arc XP free story, Fusion.globalContent holding its paragraphs and a related summary",
            head=fusion([p for p in text_of("en", 520, 1).split("\n\n")], related_words=300), declared=FREE),
    en_free("en-login-state-free", "a newsletter box .show-for-anonymous, a thank-you .show-for-subscribers",
            '<div class="show-for-anonymous">' + NEWSLETTER_EN + '</div><p class="show-for-subscribers">Thanks for '
            'subscribing to The Ledger. <a href="/account">Manage your account</a></p>'),
    en_free("en-login-state-comments", "comments shown to logged-in readers (.show-for-logged-in), a log-in prompt to others",
            after='<section class="comments show-for-logged-in"><h2>Comments</h2>' + text("en", 200, 4) + "</section>"
                  '<section class="comments-cta show-for-anonymous"><p>Log in to join the conversation.</p>'
                  '<a href="/login">Log in</a></section>'),
    en_free("en-amp-ads-access", "an AMP free article: amp-access hides ads from subscribers and offers an ad-free read",
            '<div amp-access="NOT subscriber" class="ad-slot"><amp-ad width="300" height="250" type="doubleclick" '
            'data-slot="/123/ledger"></amp-ad><p>Go ad-free: subscribe to read this article without ads.</p>'
            '<a href="/subscribe">Subscribe</a></div>', head=AMP_ACCESS, html_attrs=" amp"),
    en_free("en-amp-comment-login", "an AMP free article: amp-access shows a comment log-in",
            after='<section amp-access="NOT loggedIn" amp-access-hide><p>Log in to comment on this story.</p>'
                  '<button on="tap:amp-access.login-sign-in">Log in</button></section>', head=AMP_ACCESS,
            html_attrs=" amp"),
    en_free("en-amp-subscriptions-declared-free", "an AMP story declared free: amp-subscriptions grants it, its "
            "not-granted section is never shown",
            '<section subscriptions-section="content-not-granted"><p>Subscribe to continue reading.</p>'
            '<button subscriptions-action="subscribe" subscriptions-display="true">Subscribe</button></section>',
            before='<section subscriptions-section="content">' + text("en", 450, 8) + "</section>", words=0,
            head=AMP_SUBS, html_attrs=" amp", declared=FREE),
    en_free("en-brief-with-promo", "a 70-word brief with a subscription promo after it",
            '<div class="subscribe-promo"><p>Support local journalism. Subscribe today for $1 a week.</p>'
            '<a href="/subscribe">Subscribe</a></div>', before=SHORT_BRIEF, words=0),
    en_free("en-memberful-footer", "a free post whose footer promo links to a Memberful checkout",
            '<div class="membership-promo"><p>Members get the weekly bonus episode and the archive.</p><a href="https://'
            'ledger.memberful.com/checkout?plan=48213">Become a member</a></div>'),
    en_free("en-medium-free", "a free Medium story with member-only stories in 'More from' and a membership promo",
            '<div class="more-from"><h2>More from Jana Beispiel</h2><div class="card"><a href="https://medium.com/@jana/'
            'the-harbour-and-the-city-3f9a1b2c4d5e"><h3>The harbour and the city</h3></a><span>Member-only story</span>'
            '</div></div><div class="upsell"><p>Become a Medium member to read every story.</p><a href="https://medium.com/'
            'plans">Upgrade</a></div>', url="https://medium.com/@jana/harbour-plan-faces-new-delay-8c7d6e5f4a3b"),
]

# ============================================================================= pages that are no article

FRONT_CARDS = "".join(teaser_article(f"thema-{i}-des-tages-streit", f"Thema {i} des Tages", DE_SUMMARY,
                                     "Weiterlesen mit SPIEGEL+" if i % 2 else "") for i in range(8))
NOT_ARTICLES = [
    Probe("front-page-de-cards-state", "unknown", "a front page: Plus teaser cards and a store holding other stories",
          doc(lang="de", site="DER SPIEGEL", title="DER SPIEGEL | Nachrichten", og="website", kind="",
              header=SPIEGEL_HEADER, footer=SPIEGEL_FOOTER, head=state_feed("__PRELOADED_STATE__"),
              body=f'<main><section class="topnews">{FRONT_CARDS}</section></main>'), "https://www.spiegel.de/"),
    Probe("section-es-cards", "unknown", "a section front of cards, some for subscribers",
          doc(lang="es", site="El Diario Global", title="Economía", og="website", kind="", header=ES_HEADER,
              body="<main>" + cards([(f"https://elpais.example/economia/2026-12-0{i}/noticia-numero-{i}.html",
                                      f"Noticia {i}") for i in range(1, 7)], "Contenido exclusivo para suscriptores",
                                    "Las claves de una negociación.") + "</main>"),
          "https://elpais.example/economia/"),
    Probe("not-found-de-recommendations", "unknown", "a 404 page served with 200, recommending Plus stories",
          doc(lang="de", site="DER SPIEGEL", title="Seite nicht gefunden", og="website", kind="",
              header=SPIEGEL_HEADER, footer=SPIEGEL_FOOTER,
              body='<main><h1>Seite nicht gefunden</h1><p>Die angeforderte Seite existiert nicht.</p>'
                   + FRONT_CARDS[:3000] + "</main>"), "https://www.spiegel.de/politik/gibt-es-nicht"),
    Probe("front-page-next-feed", "unknown", "a Next.js front page whose state holds the feed's stories",
          doc(lang="en", site="The Ledger", title="The Ledger - News", og="website", kind="",
              head='<script id="__NEXT_DATA__" type="application/json">' + json.dumps({"props": {"pageProps": {
                  "feed": [{"body": text_of("en", 500, i)} for i in range(4)]}}}) + "</script>",
              body='<main><ul class="feed">' + "".join(
                  f'<li><a href="/2026/12/06/story-number-{i}-today">Story {i}</a> <span>Subscribe to read the full '
                  'story</span></li>' for i in range(6)) + "</ul></main>"), "https://www.ledger.example/"),
]

# ============================================================================= walls (controls)

ABO_LINK = ("https://abo.spiegel.de/de/c/spiegel-plus?b=SPOND&requestAccessToken=true&targeturl=https%3A%2F%2Fwww.spiegel"
            ".de%2Fpolitik%2Fdeutschland%2Fbundesrat-stoppt-reform-a-5c3e9f0a.html")
SPIEGEL_WALL = ('<div data-area="paywall" class="paywall-box"><h3>Weiterlesen mit SPIEGEL+</h3><p>Mehr Perspektiven, mehr '
                f'verstehen.</p><a class="btn" href="{ABO_LINK}">Jetzt für 1 € testen</a></div>')
TEASER_DE = ("<p>Die Länder blockieren die Reform. Was das für Mieter und Eigentümer bedeutet, und warum der Bund nun "
             "nachverhandeln muss.</p>")


def wall(name: str, expected: str, why: str, lang: str, body: str, *, head: str = "", declared: dict | None = None,
         url: str = EN_URL, site: str = "The Ledger", html_attrs: str = "") -> Probe:
    title = "Harbour plan faces new delay"
    return Probe(name, expected, why, doc(lang=lang, site=site, title=title, body=body, head=head, declared=declared,
                                          html_attrs=html_attrs), url)


NOT_FREE = {"isAccessibleForFree": False}
WALLS = [
    wall("wall-spiegel-offer-targeturl", "preview", "a SPIEGEL+ wall whose only button carries the story's URL as targeturl",
         "de", article("Bundesrat stoppt Reform", text("de", 200, 1)) + SPIEGEL_WALL, url=de_url("bundesrat-stoppt-reform")),
    wall("wall-spiegel-declared", "preview", "the same wall with a log-in link, declared not free", "de",
         article("Bundesrat stoppt Reform", text("de", 200, 1) + SPIEGEL_WALL.replace(
             "</div>", '<a href="https://gruppenkonto.spiegel.de/authenticate?targetUrl=x">Anmelden</a></div>')),
         declared=NOT_FREE, url=de_url("bundesrat-stoppt-reform")),
    wall("wall-spiegel-short-article-headline-link", "hard", "a teaser only, its headline linking to itself, then the wall",
         "de", '<main><article><h1><a href="' + de_url("bundesrat-stoppt-reform") + '">Bundesrat stoppt Reform</a></h1>'
         + TEASER_DE + '<div class="paywall"><p>Weiterlesen mit SPIEGEL+</p><a href="/abo/">Jetzt testen</a></div>'
         '</article></main>', url=de_url("bundesrat-stoppt-reform")),
    wall("wall-sz-plus-hard", "hard", "'Lesen Sie mehr mit SZ Plus' after a teaser", "de",
         article("Grundsteuer", TEASER_DE) + '<div class="sz-paywall"><p>Lesen Sie mehr mit SZ Plus</p><a href="https://'
         'abo.sueddeutsche.de/angebote">Jetzt 1 Monat gratis</a></div>',
         url="https://www.sueddeutsche.de/politik/grundsteuer-bundesrat-1.7012345"),
    wall("wall-weltplus-preview", "preview", "a WELTplus-Abo wall after a lead", "de",
         article("Grundsteuer", text("de", 220, 2)) + '<div class="c-paywall"><p>Um diesen Artikel lesen zu können, '
         'benötigen Sie ein WELTplus-Abo.</p><a href="https://www.welt.de/angebote">Jetzt testen</a></div>',
         url="https://www.welt.de/politik/deutschland/plus251230001/Grundsteuer.html"),
    wall("wall-es-suscribete", "preview", "'Suscríbete para seguir leyendo' after a lead", "es",
         article("Reforma", text("es", 220, 2), "es") + '<div class="paywall"><p>Suscríbete para seguir leyendo</p>'
         '<p>Lee sin límites</p><a href="/suscripciones/">Suscríbete</a></div>',
         url="https://elpais.example/economia/2026-12-06/reforma.html"),
    wall("wall-it-riservato", "preview", "'Contenuto riservato agli abbonati' after a lead", "it",
         article("Riforma", text("it", 220, 2), "it") + '<div class="paywall"><p>Contenuto riservato agli abbonati</p>'
         '<a href="/abbonamenti/">Abbonati a 1 €</a></div>',
         url="https://www.quotidiano.example/economia/25_dicembre_06/riforma-fiscale.shtml"),
    wall("wall-da-forbeholdt", "preview", "'Denne artikel er forbeholdt abonnenter' after a lead", "da",
         article("Skattereform", text("da", 220, 2), "da") + '<div class="paywall"><p>Denne artikel er forbeholdt '
         'abonnenter</p><a href="/abonnement">Køb abonnement</a></div>',
         url="https://politik.avis.example/art10123999/Regeringen-udskyder-skattereformen"),
    wall("wall-nl-abonnement", "preview", "'Lees verder met een abonnement' after a lead", "nl",
         article("Belasting", text("nl", 220, 2), "nl") + '<div class="paywall"><p>Lees verder met een abonnement</p>'
         '<a href="/abonneren">Word abonnee</a></div>', url="https://www.krant.example/politiek/kabinet-stelt-uit~b9f8e7/"),
    wall("wall-medium-member-only", "preview", "a Medium member-only story cut after its lead", "en",
         article("Harbour plan", text("en", 220, 2), "en") + '<div class="meteredContent-wall"><p>The author made this '
         'story available to Medium members only.</p><p>Upgrade to instantly unlock this story plus other member-only '
         'benefits.</p><a href="https://medium.com/plans">Upgrade</a></div>',
         url="https://medium.com/@jana/harbour-plan-faces-new-delay-8c7d6e5f4a3b"),
    wall("wall-amp-subscriptions-soft", "soft", "an AMP story declared not free: the whole body in its content section",
         "en", '<main><article><h1>Harbour plan</h1><section subscriptions-section="content">' + text("en", 600, 2)
         + '</section><section subscriptions-section="content-not-granted"><p>Subscribe to continue reading.</p>'
         '<button subscriptions-action="subscribe">Subscribe</button></section></article></main>', head=AMP_SUBS,
         declared=NOT_FREE, html_attrs=" amp"),
    wall("wall-login-state-soft", "soft", "a teaser for anonymous readers, the whole story for subscribers", "en",
         '<main><article><h1>Harbour plan</h1><div class="show-for-anonymous">' + text("en", 60, 2) + '<div class='
         '"paywall"><p>Subscribe to continue reading.</p><a href="/subscribe">Subscribe</a></div></div><div class='
         '"show-for-subscribers article-body">' + text("en", 600, 2) + "</div></article></main>"),
    wall("wall-arc-fusion-soft", "soft", "an Arc XP lead and wall, the whole story in Fusion.globalContent", "en",
         article("Harbour plan", text("en", 200, 2), "en") + '<div class="paywall"><p>Subscribe to continue reading.</p>'
         '<a href="/subscribe">Subscribe</a></div>', head=fusion([text_of("en", 700, 2).replace("\n\n", " ")], True)),
]

# ----------------------------------------------------------------------------- round 2: against the fixes too

LEAD_LINKED = ('<div class="article__teaser"><p>' + " ".join(["Die Länder blockieren die Reform der Grundsteuer."] * 6)
               + ' Schon im Herbst hatte der <a href="' + de_url("bundesrat-vertagt-grundsteuer") + '">Bundesrat die '
               'Entscheidung vertagt</a>, nun fordern die Kommunen eine Lösung bis zum Frühjahr. '
               + " ".join(["Was das für Mieter bedeutet, ist offen."] * 4) + '</p><p class="plus-cta">Weiterlesen mit '
               'SPIEGEL+</p></div>')
ROUND2 = [
    de_free("de-card-bookmark-button", "a SPIEGEL+ card with a long summary and a bookmark button",
            '<section class="more"><article class="teaser"><a href="' + de_url("haushalt-streit-laender") + '"><h3>'
            f'Haushaltsstreit</h3></a><p>{DE_LONG_SUMMARY}</p><span>Weiterlesen mit SPIEGEL+</span><button '
            'class="bookmark">Merken</button></article><article class="teaser"><a href="' + de_url("rente-reform-plan")
            + '"><h3>Rente</h3></a></article></section>'),
    de_free("de-inline-teaser-title-paragraph", "an inline Plus teaser whose title link stands alone in a paragraph",
            f'<div class="inline-teaser"><p class="title"><a href="{de_url("haushalt-streit-laender")}">Haushaltsstreit'
            f'</a></p><p>{DE_LONG_SUMMARY}</p><p>Weiterlesen mit SPIEGEL+</p></div>' + text("de", 90, 4)),
    other_free("es-brief-promo", "es", "a 90-word brief and a subscription box after it",
               '<div class="suscripcion"><p>Hazte suscriptor: 1 € el primer mes.</p><a href="/suscripciones/">'
               'Suscríbete</a></div>', words=90, site="El Diario Global", header=ES_HEADER,
               url="https://elpais.example/espana/2026-12-06/corte-de-trafico.html"),
    en_free("en-unlock-note-registered-words", "'available to subscribers only', but made free for everyone",
            before="<p class='note'>This story is available to subscribers only, but it has been made free for everyone "
                   "during the emergency.</p>"),
    en_free("en-comments-for-paid", "commenting on the free story is for paid subscribers",
            after='<section class="comments"><p>Commenting on this article is for paid subscribers only.</p>'
                  '<a href="/subscribe">Subscribe</a></section>'),
]
NOT_ARTICLES += [
    Probe("tag-listing-de", "unknown", "a topic page: list items of Plus teasers",
          doc(lang="de", site="DER SPIEGEL", title="Haushalt - alle Artikel", og="website", kind="",
              header=SPIEGEL_HEADER, footer=SPIEGEL_FOOTER, body='<main><h1>Haushalt</h1><ul>' + "".join(
                  f'<li><a href="{de_url(f"haushalt-meldung-{i}-des-tages")}"><h2>Meldung {i}</h2></a><p>{DE_SUMMARY}'
                  '</p><span>Weiterlesen mit SPIEGEL+</span></li>' for i in range(5)) + "</ul></main>"),
          "https://www.spiegel.de/thema/haushalt/"),
    Probe("front-page-login-state", "unknown", "a front page with login-state variants of its welcome box",
          en_page('<main><div class="show-for-anonymous"><p>Subscribe to continue reading our best stories.</p><a '
                  'href="/subscribe">Subscribe</a></div><div class="show-for-subscribers">' + text("en", 200, 3)
                  + '</div><ul>' + "".join(f'<li><a href="/2026/12/06/story-number-{i}">Story {i}</a></li>'
                                           for i in range(8)) + "</ul></main>", kind=""), "https://www.ledger.example/"),
]
WALLS += [
    wall("wall-teaser-named-lead-linked", "preview", "a cut lead in a 'teaser' box linking an older story from its prose",
         "de", '<main><article><h1>Bundesrat stoppt Reform</h1>' + LEAD_LINKED + '<div class="offer"><a href="https://'
         'abo.spiegel.de/">Jetzt für 1 € testen</a></div></article></main>', url=de_url("bundesrat-stoppt-reform")),
    wall("wall-nested-article", "hard", "a teaser in an <article> inside the story's <article>, then the wall",
         "de", '<main><article class="story"><h1>Bundesrat stoppt Reform</h1><article class="story__body">' + TEASER_DE
         + '<div class="paywall"><p>Weiterlesen mit SPIEGEL+</p><a href="/abo/">Jetzt testen</a></div></article>'
         '</article></main>', url=de_url("bundesrat-stoppt-reform")),
    wall("wall-offer-card", "preview", "the wall drawn as an offer card", "de",
         article("Bundesrat stoppt Reform", text("de", 220, 3)) + '<div class="card paywall-card"><h3>Weiterlesen mit '
         'SPIEGEL+</h3><a href="' + de_url("warum-wir-spiegel-plus-anbieten") + '">Warum wir SPIEGEL+ anbieten</a></div>',
         url=de_url("bundesrat-stoppt-reform")),
    wall("wall-free-trial", "preview", "'exclusive to subscribers' over a free trial", "en",
         article("Harbour plan", text("en", 220, 3), "en") + '<div class="paywall"><p>This article is exclusive to '
         'subscribers. Start your free trial, free for 14 days.</p><a href="/subscribe">Start trial</a></div>'),
    wall("wall-audio-and-read", "preview", "a wall that also offers the audio", "en",
         article("Harbour plan", text("en", 220, 3), "en") + '<div class="paywall"><p>Subscribe to continue reading and '
         'listen to the audio version of every story.</p><a href="/subscribe">Subscribe</a></div>'),
]

PROBES = [*FREE_DE, *FREE_OTHER, *FREE_EN, *ROUND2, *NOT_ARTICLES, *WALLS]
