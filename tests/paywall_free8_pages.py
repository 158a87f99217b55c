"""FREE pages of every common kind for the paywall probes of issue 18 (tests/test_paywall_free8.py): news as
US/UK, metered, German/French/Spanish/Italian/Russian and ministry sites serve it, with their dormant walls,
contribution appeals, meters, consent dialogs and app prompts. Written from how those pages are built, not
taken from the labelled set or any held-out corpus; bodies are filler prose. The rest of the kinds (blogs,
docs, recipes, forums, non-articles and wall controls) are in tests/paywall_free8_more.py."""

from __future__ import annotations

import json

from tests.paywall_probe_pages import Probe, body

_RU = (["Министерство", "Представители компании", "Губернатор области", "Эксперты банка", "Жители района",
        "Пресс-служба ведомства"],
       ["заявили во вторник, что", "подчеркнули в заявлении, что", "на прошлой неделе предупредили, что",
        "сообщили журналистам, что"],
       ["новые правила вступят в силу до конца года", "расходы заметно выросли с весны",
        "план ещё должен утвердить совет директоров", "под угрозой могут оказаться сотни рабочих мест",
        "переговоры с соседними регионами возобновятся в марте", "бюджет оставляет мало места для новых проектов"])


def prose(lang: str, words: int, seed: int = 0) -> str:
    """Filler paragraphs of about ``words`` words (Russian here, the rest from tests/paywall_probe_pages.py)."""
    if lang != "ru":
        return body(lang, words, seed)
    subj, verbs, clauses = _RU
    out = [f"{subj[i % 6]} {verbs[(i // 6) % 4]} {clauses[(i * 5 + i // 3) % 6]}." for i in range(seed, seed + words // 11)]
    return "".join(f"<p>{' '.join(out[i:i + 4])}</p>" for i in range(0, len(out), 4))


def plain(lang: str, words: int, seed: int = 0) -> str:
    return prose(lang, words, seed).replace("</p><p>", "\n\n").removeprefix("<p>").removesuffix("</p>")


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def news_ld(title: str, site: str, typ: str = "NewsArticle", **extra: object) -> dict:
    return {"@context": "https://schema.org", "@type": typ, "headline": title, "datePublished":
            "2026-12-07T09:30:00Z", "author": [{"@type": "Person", "name": "Sam Carter"}],
            "publisher": {"@type": "Organization", "name": site}, **extra}


NAV = ("<nav class='site-nav'><ul><li><a href='/world'>World</a></li><li><a href='/politics'>Politics</a></li>"
       "<li><a href='/business'>Business</a></li><li><a href='/tech'>Tech</a></li><li><a href='/sport'>Sport</a>"
       "</li><li><a href='/culture'>Culture</a></li></ul></nav>")


def related(n: int = 6, heading: str = "More stories", badge: str = "", lang: str = "en") -> str:
    titles = ["Rail strike talks resume", "Markets close higher on rate hopes", "Storm warning for the coast",
              "New museum wing opens", "Council backs housing plan", "Striker signs new contract",
              "Budget row deepens", "Airport expansion delayed"]
    cards = "".join(f"<li class='card'><a href='/2026/12/0{i + 1}/story-{i}'><img src='/img/{i}.jpg' alt=''>"
                    f"<h3>{titles[i % 8]}</h3></a>{badge if i % 2 else ''}</li>" for i in range(n))
    return f"<aside class='related'><h2>{heading}</h2><ul>{cards}</ul></aside>"


FOOTER = ("<footer class='site-footer'><ul><li><a href='/about'>About us</a></li><li><a href='/contact'>Contact"
          "</a></li><li><a href='/terms'>Terms of use</a></li><li><a href='/privacy'>Privacy policy</a></li><li>"
          "<a href='/cookies'>Cookie settings</a></li><li><a href='/newsletters'>Newsletters</a></li></ul>"
          "<p>&copy; 2026 {site}. All rights reserved.</p></footer>")


def doc(*, site: str, title: str, main: str, url: str, lang: str = "en", head: str = "", data: dict | None = None,
        account: str = "<a href='/login'>Sign in</a>", otype: str = "article", after: str = "", html_attrs: str = "",
        description: str = "") -> str:
    """A whole document as a site serves it: head with meta/og/JSON-LD, header, the page's main part, footer."""
    meta = (f"<meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title} | {site}</title><meta name='description' content='{description or title}'>"
            f"<link rel='canonical' href='{url}'><meta property='og:type' content='{otype}'><meta property="
            f"'og:title' content='{title}'><meta property='og:site_name' content='{site}'><meta property='og:url'"
            f" content='{url}'>" + (ld(data) if data else "") + head)
    return (f"<!DOCTYPE html><html lang='{lang}'{html_attrs}><head>{meta}</head><body><header class='masthead'>"
            f"<a class='logo' href='/'>{site}</a>{NAV}<div class='account'>{account}</div></header>"
            f"<main id='main'>{main}</main>{after}{FOOTER.format(site=site)}</body></html>")


def art(title: str, inner: str, byline: str = "By Sam Carter, 7 December 2026", cls: str = "article") -> str:
    return f"<article class='{cls}'><h1>{title}</h1><p class='byline'>{byline}</p>{inner}</article>"


def free_page(name: str, why: str, site: str, url: str, inner: str, *, lang: str = "en", head: str = "",
              declared: dict | None = None, typ: str = "NewsArticle", account: str = "<a href='/login'>Sign in</a>",
              after: str = "", rel: str | None = None, title: str = "Harbour plan faces new delay",
              expected: str = "free") -> Probe:
    data = news_ld(title, site, typ, **(declared or {}))
    main = art(title, inner) + (related() if rel is None else rel)
    return Probe(name, expected, why, doc(site=site, title=title, main=main, url=url, lang=lang, head=head,
                                           data=data, account=account, after=after), url)


FREE = {"isAccessibleForFree": True}
SUBSCRIBE = "<a href='/login'>Log in</a><a class='btn' href='/subscribe'>Subscribe</a>"
HIDDEN = " style='display:none'"

# ----------------------------------------------------------------------------- US/UK news, free by default

GUARDIAN_EPIC = (
    "<div id='contributions-epic' class='epic'><h2>I hope you appreciated this article. Before you move on, I was"
    " hoping you would consider taking the step of supporting the Guardian's journalism.</h2><p>We have no"
    " shareholders and no billionaire owner. Our journalism is free and open for all, funded by readers like"
    " you.</p><p>Support us from just £2. It only takes a minute. Thank you.</p><a class='cta' href='https://"
    "support.theguardian.com/contribute?acquisitionData=epic'>Support once</a><a class='cta' href='https://support"
    ".theguardian.com/contribute?type=monthly'>Support monthly</a><p>Remind me in January</p></div>")
VOX_ASK = ("<div class='contribution-ask'><p class='count'>You've read 1 article in the last month</p><p>Here at"
           " Vox, we believe in helping everyone understand our complicated world. Will you support our work with"
           " a gift today? Any amount helps.</p><ul><li><button>$5/month</button></li><li><button>$10/month</button>"
           "</li><li><button>Other</button></li></ul><a href='https://www.vox.com/pages/support-now'>Yes, I'll"
           " give</a><p>We accept credit card, Apple Pay, and Google Pay.</p></div>")
HUFFPOST_ASK = ("<div class='support-huffpost'><h3>Support HuffPost</h3><p>At HuffPost, we believe that everyone"
                " needs high-quality journalism, but we understand that not everyone can afford to pay for expensive"
                " news subscriptions. That is why we are committed to providing deeply reported news, free for"
                " everyone.</p><a href='/support?amount=2'>Contribute $2</a><a href='/support'>Support HuffPost</a>"
                "<p>Already contributed? <a href='/login?redirect=/support'>Log in to hide these messages.</a></p>"
                "</div>")
NPR_ASK = ("<aside class='donate-ask'><p>NPR's journalism is made possible by supporters like you. Stand with us"
           " and keep public media strong.</p><a class='btn' href='https://donate.npr.org/'>Donate</a></aside>")
REUTERS_NL = ("<div class='sign-up'><p>Sign up here.</p><p>The Daily Briefing newsletter provides all the news you"
              " need to start your day. <a href='/newsletters/daily-briefing'>Sign up here.</a></p></div>")
FOX_APP = "<p><strong><a href='https://www.foxnews.com/apps-products'>CLICK HERE TO GET THE FOX NEWS APP</a></strong></p>"
POLITICO_PRO = ("<div class='pro-promo'><p>POLITICO Pro subscribers received this news first. Pro is a subscription"
                " service for policy professionals. <a href='https://www.politicopro.com/request-a-demo'>Request a"
                " demo</a> to learn more about POLITICO Pro.</p></div>")
AXIOS_NL = ("<div class='newsletter-signup'><p>Get more local stories in your inbox with Axios Denver.</p><form>"
            "<input type='email' placeholder='Email address'><button>Subscribe</button></form></div>")
DM_COMMENTS = ("<div id='reader-comments'><h3>Share or comment on this article</h3><p>Comments are moderated."
               " <a href='/registration/login'>Sign in to comment</a> or <a href='/registration'>register</a>"
               " to join the debate.</p></div>")
INDY_ASK = ("<div class='support-box'><h3>Support free-thinking journalism and attend Independent events</h3><p>"
            "Our mission is to deliver unbiased, fact-based reporting that holds power to account. Your support"
            " makes all the difference.</p><a href='/donations'>Support Now</a></div><div class='reg-thanks'"
            + HIDDEN + "><p>Thank you for registering</p><p>Please refresh the page or navigate to another page"
            " on the site to be automatically logged in.</p></div>")


def _n(i: int, w: int = 650) -> str:
    return prose("en", w, i)


PROBES_NEWS = [
    free_page("cnn", "no gate; header sign-in only", "CNN", "https://edition.cnn.com/2026/12/07/world/harbour-delay",
              "<div class='article__content'>" + _n(1, 800).replace("<p>", "<p class='paragraph'>") + "</div>",
              account="<a href='/account/log-in'>Sign in</a><a href='/audio'>Listen</a><a href='/live-tv'>Watch</a>"),
    free_page("bbc", "no gate; Sign in and 'Get BBC News in your inbox'", "BBC News",
              "https://www.bbc.co.uk/news/articles/c0harbour7dlo", "".join(
                  f"<div data-component='text-block'>{prose('en', 120, i)}</div>" for i in range(6)),
              typ="ReportageNewsArticle", account="<a href='https://session.bbc.co.uk/session'>Sign in</a>"),
    free_page("guardian-epic", "isAccessibleForFree true; contribution epic asks for money but gates nothing",
              "The Guardian", "https://www.theguardian.com/uk-news/2026/dec/07/harbour-plan-delay",
              "<div class='article-body-commercial-selector'>" + _n(2, 900) + "</div>" + GUARDIAN_EPIC,
              declared=FREE, account="<a href='https://support.theguardian.com'>Support the Guardian</a>"
              "<a href='https://profile.theguardian.com/signin'>Sign in</a>"),
    free_page("reuters", "header Register/Sign in and an inline newsletter 'Sign up here.'", "Reuters",
              "https://www.reuters.com/world/europe/harbour-plan-delay-2026-12-07/", "".join(
                  f"<div data-testid='paragraph-{i}'>{prose('en', 60, i)}</div>" for i in range(9)) + REUTERS_NL,
              account="<a href='/account/register/'>Register</a><a href='/account/sign-in/'>Sign In</a>"),
    free_page("ap", "AP, a donate link in the header", "AP News", "https://apnews.com/article/harbour-delay-1f2e3d",
              "<div class='RichTextStoryBody'>" + _n(3, 700) + "</div>",
              account="<a href='https://apnews.com/donate'>Donate</a><a href='/login'>Sign in</a>"),
    free_page("npr", "donation ask after a whole story", "NPR", "https://www.npr.org/2026/12/07/harbour-delay",
              "<div id='storytext'>" + _n(4, 750) + "</div>" + NPR_ASK,
              account="<a href='https://donate.npr.org/'>Donate</a><a href='/login'>Sign in</a>"),
    free_page("fox", "app promo lines inside the body", "Fox News",
              "https://www.foxnews.com/politics/harbour-plan-delay", "<div class='article-body'>" + _n(5, 400)
              + FOX_APP + _n(6, 300) + "</div>", account="<a href='/login'>Login</a><a href='/signup'>Sign Up</a>"
              "<a href='https://nation.foxnews.com/'>Fox Nation</a>"),
    free_page("usatoday", "Subscribe button in the header, newsletter box", "USA TODAY",
              "https://www.usatoday.com/story/news/2026/12/07/harbour-delay/7712/", "<div class='gnt_ar_b'>"
              + _n(7, 600) + "</div>" + AXIOS_NL.replace("Axios Denver", "USA TODAY's Daily Briefing"),
              account=SUBSCRIBE),
    free_page("independent", "support box and a hidden registration-thanks message", "The Independent",
              "https://www.independent.co.uk/news/uk/harbour-plan-delay-b2601.html", "<div id='main'>"
              + _n(8, 700) + "</div>" + INDY_ASK, account="<a href='/register'>Register</a><a href='/login'>Log"
              " in</a>"),
    free_page("dailymail", "long story, comments need a login", "Daily Mail",
              "https://www.dailymail.co.uk/news/article-1234567/Harbour-plan-delay.html", "<div itemprop="
              "'articleBody'>" + _n(9, 1300) + "</div>" + DM_COMMENTS, account="<a href='/registration/login'>"
              "Login</a>"),
    free_page("politico", "a Pro subscription promo that is not this story's wall", "POLITICO",
              "https://www.politico.com/news/2026/12/07/harbour-plan-delay-00123", "<div class='story-text'>"
              + _n(10, 650) + POLITICO_PRO + "</div>"),
    free_page("thehill", "plain free story", "The Hill", "https://thehill.com/policy/harbour-plan-delay/",
              "<div class='article__text'>" + _n(11, 500) + "<p>Copyright 2026 Nexstar Media Inc.</p></div>"),
    free_page("axios-short", "short smart-brevity story, 190 words, newsletter box", "Axios",
              "https://www.axios.com/local/denver/2026/12/07/harbour-plan-delay", "<div class='story'>"
              + _n(12, 190) + "<ul><li>Why it matters: costs rose.</li><li>What's next: a vote in March.</li></ul>"
              "</div>" + AXIOS_NL),
    free_page("vox-ask", "contribution ask with an article count; asks for a gift, gates nothing", "Vox",
              "https://www.vox.com/politics/2026/12/7/harbour-plan-delay", "<div class='c-entry-content'>"
              + _n(13, 900) + "</div>" + VOX_ASK),
    free_page("huffpost-ask", "support box, 'Log in to hide these messages'", "HuffPost",
              "https://www.huffpost.com/entry/harbour-plan-delay_n_6571", "<div class='entry__content-list'>"
              + _n(14, 600) + "</div>" + HUFFPOST_ASK),
    free_page("ap-brief", "a 90-word brief declared NewsArticle", "AP News",
              "https://apnews.com/article/harbour-brief-9a8b", "<div class='RichTextStoryBody'>" + _n(15, 95)
              + "</div>"),
]

# ----------------------------------------------------------------------------- metered sites, page free

NYT_DOCK = ("<div id='gateway-content'></div><div id='dock-container' class='css-dock'></div><div id='standalone-"
            "footer'></div>")
WAPO_PROMO = ("<div data-qa='subscribe-promo' class='subscribe-promo' hidden><p>Get one year for $40</p><a href="
              "'/subscribe/signin/'>Subscribe</a></div>")
METER_HIDDEN = ("<div class='meter-banner' aria-hidden='true'" + HIDDEN + "><p>You have <span class='meter-count'>"
                "</span> free articles left this month.</p><a href='/subscribe'>Subscribe for unlimited access</a>"
                "</div>")
PIANO_FREE = ("<script src='https://cdn.tinypass.com/api/tinypass.min.js'></script><script>tp=window.tp||[];"
              "tp.push(['setAid','Xk2Pq9']);tp.push(['setTags',['free','world']]);tp.push(['setContentIsNative',"
              "false]);tp.push(['init',function(){tp.experience.init()}]);</script>")
ZEPHR = ("<script src='https://assets.zephr.com/zephr-browser/1.6.2/zephr-browser.umd.js'></script>"
         "<meta property='article:content_tier' content='free'>")
ZEPHR_SLOT = "<div id='zephr-paywall-anchor' data-zephr-feature='article-paywall'></div>"
POOOL = ("<script src='https://assets.poool.fr/audit.min.js'></script><script>poool('init','155PF-L7Q6Q-EB2GG-"
         "04TF8');poool('config','cookies_enabled',true);poool('send','page-view','free');</script>")
POOOL_SLOT = "<div id='poool-widget'></div>"
BLOOMBERG_TOUT = ("<div class='paywall-inline-tout' hidden><p>Subscribe now for uninterrupted access.</p></div>")
TELEGRAPH_HEAD = ("<script>tp=window.tp||[];tp.push(['setTags',['free','news']]);</script><meta name="
                  "'tmgads.premium' content='false'>")

PROBES_METERED = [
    free_page("nyt-free", "isAccessibleForFree true, empty gateway/dock containers, Subscribe in header",
              "The New York Times", "https://www.nytimes.com/2026/12/07/nyregion/harbour-plan-delay.html",
              "<section name='articleBody'>" + _n(16, 1000) + "</section>" + NYT_DOCK, declared=FREE,
              account="<a href='https://www.nytimes.com/subscription'>Subscribe for $1/week</a><a href='https://"
              "myaccount.nytimes.com/auth/login'>Log in</a>"),
    free_page("wapo-free", "declared free, a hidden subscribe promo", "The Washington Post",
              "https://www.washingtonpost.com/politics/2026/12/07/harbour-plan-delay/", "<div class='article-body'>"
              + _n(17, 850) + "</div>" + WAPO_PROMO, declared=FREE, account=SUBSCRIBE),
    free_page("atlantic-meter-hidden", "meter template hidden (no count filled)", "The Atlantic",
              "https://www.theatlantic.com/ideas/archive/2026/12/harbour-plan-delay/680001/",
              "<section class='article-body'>" + _n(18, 1100) + "</section>" + METER_HIDDEN, declared=FREE,
              account=SUBSCRIBE),
    free_page("wired-paywall-class", "declared free; body in Condé Nast's 'paywall' grid class", "WIRED",
              "https://www.wired.com/story/harbour-plan-delay/", "<div class='body__inner-container paywall'>"
              + _n(19, 900) + "</div>", declared=FREE, account=SUBSCRIBE,
              head="<script src='https://www.wired.com/verso/static/paywall.js'></script>"),
    free_page("bloomberg-free", "declared free, hidden inline tout", "Bloomberg",
              "https://www.bloomberg.com/news/articles/2026-12-07/harbour-plan-delay", "<div class='body-content'>"
              + _n(20, 700) + "</div>" + BLOOMBERG_TOUT, declared=FREE, account=SUBSCRIBE),
    free_page("ft-free-to-read", "'Free to read' label, declared free, Subscribe in header", "Financial Times",
              "https://www.ft.com/content/0a1b2c3d-harbour", "<p class='o-labels'>Free to read</p><div class="
              "'article-body n-content-body'>" + _n(21, 800) + "</div><p>Explore the FT's range of newsletters"
              " <a href='/newsletters'>here</a></p>", declared=FREE, account=SUBSCRIBE),
    free_page("telegraph-free", "declared free as a string, Piano tags 'free'", "The Telegraph",
              "https://www.telegraph.co.uk/news/2026/12/07/harbour-plan-delay/", "<div data-test='article-body-"
              "text'>" + _n(22, 750) + "</div>", declared={"isAccessibleForFree": "True"}, head=TELEGRAPH_HEAD,
              account="<a class='btn' href='/customer/subscribe/'>Subscribe now Free for one month</a><a href="
              "'/customer/secure/login/'>Log in</a>"),
    free_page("zephr-tier-free", "content_tier=free, Zephr script and an empty feature slot", "The Herald",
              "https://www.heraldnews.example/news/2026/12/07/harbour-plan-delay", "<div class='article-body'>"
              + _n(23, 600) + "</div>" + ZEPHR_SLOT, head=ZEPHR + PIANO_FREE, account=SUBSCRIBE),
    free_page("poool-free", "Poool page-view free, empty widget", "Ouest Actu",
              "https://www.ouest-actu.example/economie/2026/12/07/le-port", "<div class='article-body'>"
              + prose("fr", 600, 3) + "</div>" + POOOL_SLOT, lang="fr", head=POOOL, declared=FREE,
              account="<a href='/abonnement'>S'abonner</a><a href='/connexion'>Se connecter</a>",
              rel=related(lang="fr", heading="À lire aussi")),
]

# ----------------------------------------------------------------------------- other languages

LEMONDE_COMMENTS = ("<section class='comments'><p>L'espace des contributions est réservé aux abonnés. <a href="
                    "'/abonnement/'>Abonnez-vous</a> pour accéder à ce lieu d'échange et contribuer à la discussion."
                    "</p></section><div class='lmd-modal' hidden><p>Lecture du Monde en cours sur un autre appareil."
                    "</p><p>Vous ne pouvez lire Le Monde que sur un seul appareil à la fois.</p></div>")
LEMONDE_BADGE = "<span class='icon__premium'>Article réservé aux abonnés</span>"
ZEIT_BADGE = "<span class='zplus-badge'>Z+ (abopflichtiger Inhalt)</span>"
RIA_TG = ("<div class='article__text'><a href='https://t.me/rian_ru'>Подписывайтесь на РИА Новости в Telegram</a>"
          "</div>")

PROBES_LANG = [
    free_page("tagesschau", "public broadcaster, no accounts", "tagesschau.de",
              "https://www.tagesschau.de/inland/hafen-plan-100.html", prose("de", 600, 1).replace(
                  "<p>", "<p class='textabsatz'>"), lang="de", account="<a href='/suche'>Suche</a>",
              rel=related(heading="Mehr zum Thema")),
    free_page("zeit-free", "free story, Z+ badges on related cards only, Abo/Anmelden in header", "ZEIT ONLINE",
              "https://www.zeit.de/politik/2026-12/hafen-plan-verzoegerung", "<div class='article-body'>"
              + prose("de", 750, 2) + "</div>", lang="de", declared=FREE, account="<a href='https://abo.zeit.de/'>"
              "Abo</a><a href='https://meine.zeit.de/anmelden'>Anmelden</a>",
              rel=related(heading="Mehr aus Politik", badge=ZEIT_BADGE)),
    free_page("lemonde-free", "free story; subscribers' badges on other cards, comments for subscribers",
              "Le Monde", "https://www.lemonde.fr/economie/article/2026/12/07/le-port_6123_3234.html",
              "<section class='article__content'>" + prose("fr", 800, 3) + "</section>" + LEMONDE_COMMENTS,
              lang="fr", declared=FREE, account="<a href='/abonnement/'>S'abonner</a><a href='/connexion/'>Se"
              " connecter</a>", rel=related(heading="Sur le même sujet", badge=LEMONDE_BADGE)),
    free_page("elpais-free", "declared free; the counter box is hidden", "EL PAÍS",
              "https://elpais.com/economia/2026-12-07/el-puerto.html", "<div class='a_c'>" + prose("es", 700, 4)
              + "</div><div id='ctn_freemium_article'" + HIDDEN + "><p>Has alcanzado el límite de artículos"
              " gratuitos. Suscríbete para seguir leyendo.</p></div>", lang="es", declared=FREE,
              account="<a href='/suscripciones/'>Suscríbete</a><a href='/login/'>Iniciar sesión</a>"),
    free_page("repubblica-free", "free story, Rep: badge on related", "la Repubblica",
              "https://www.repubblica.it/economia/2026/12/07/news/il_porto-4201/", "<div class='story__text'>"
              + prose("it", 650, 5) + "</div>", lang="it", account="<a href='/abbonati'>Abbonati</a><a href="
              "'/login'>Accedi</a>", rel=related(heading="Leggi anche", badge="<span class='rep'>Rep:</span>")),
    free_page("ria", "Telegram subscribe line", "РИА Новости", "https://ria.ru/20261207/port-1987654321.html",
              prose("ru", 450, 1) + RIA_TG, lang="ru", account="<a href='/auth'>Войти</a>",
              rel=related(heading="Читайте также")),
    free_page("tass-short", "short wire item, 120 words", "ТАСС", "https://tass.ru/ekonomika/22501234",
              "<div class='text-content'>" + prose("ru", 130, 2) + "</div>", lang="ru",
              account="<a href='/login'>Вход</a>"),
    Probe("midru", "free", "ministry statement; no og:type article, no JSON-LD",
          doc(site="МИД России", title="Заявление официального представителя МИД России", url="https://mid.ru/ru/"
              "foreign_policy/news/1987654/", lang="ru", otype="website", account="<a href='/ru/en'>EN</a>",
              main="<div class='announce__text text article-content'><h1>Заявление официального представителя МИД"
              " России</h1><p class='date'>07.12.2026 12:15</p>" + prose("ru", 500, 3) + "</div><div class="
              "'docs'><a href='/upload/doc.pdf'>Скачать PDF</a></div>"), "https://mid.ru/ru/foreign_policy/news/1987654/"),
    free_page("irna", "English wire story with dateline", "IRNA English",
              "https://en.irna.ir/news/85301234/Harbour-plan", "<div class='item-text'><p>TEHRAN, Dec. 7 (IRNA) -"
              "</p>" + _n(24, 400) + "</div>", account="<a href='/fa'>فارسی</a>"),
]

# ----------------------------------------------------------------------------- dialogs and prompts over free stories

COOKIE_WALL = ("<div id='onetrust-consent-sdk'><div class='onetrust-pc-dark-filter' style='position:fixed;inset:0;"
               "z-index:2147483646'></div><div id='onetrust-banner-sdk' role='dialog' aria-modal='true' style="
               "'position:fixed;inset:0;z-index:2147483647'><h2>We value your privacy</h2><p>We and our 842 partners"
               " store and access information on your device, such as cookies, to personalise content and ads."
               " You can accept or manage your choices.</p><button id='onetrust-accept-btn-handler'>Accept all"
               "</button><button>Reject all</button><button>Manage preferences</button></div></div>")
PUR_WALL = ("<div id='sp_message_container_812' style='position:fixed;inset:0;z-index:2147483647' role='dialog'>"
            "<div class='message'><h2>Werbung und Tracking zustimmen oder werbefrei lesen</h2><p>Nutzen Sie unser"
            " Angebot wie gewohnt mit Werbung und Tracking. Mit Ihrer Zustimmung können Sie weiterlesen.</p><button>"
            "Zustimmen und weiterlesen</button><p>Oder lesen Sie werbefrei mit dem PUR-Abo für 2,99 € im Monat."
            "</p><a href='https://abo.example-zeitung.de/pur'>Jetzt PUR-Abo abschließen</a><p>Bereits PUR-Abonnent?"
            " <a href='/login'>Hier anmelden</a></p></div></div>")
CONTENTPASS = ("<div class='cmp-layer' style='position:fixed;inset:0' role='dialog'><p>Mit Werbung weiterlesen"
               "</p><button>Akzeptieren und weiterlesen</button><p>Oder: Jetzt werbefrei mit contentpass lesen"
               " für 3,99 € im Monat. <a href='https://www.contentpass.net/'>Mit contentpass weiter</a></p></div>")
NEWSLETTER_MODAL = ("<div class='newsletter-modal' role='dialog' aria-modal='true' style='position:fixed;inset:0;"
                    "z-index:1000'><h2>Don't miss a story</h2><p>Get the best of our journalism in your inbox every"
                    " morning. Sign up for our free daily newsletter.</p><form action='/newsletters/subscribe'><input"
                    " type='email' name='email' placeholder='Your email'><button>Sign up</button></form><button"
                    " class='close'>No thanks, continue reading</button></div>")
DONATE_BANNER = ("<div class='donate-banner' style='position:fixed;bottom:0;left:0;right:0'><h3>Before you go"
                 "</h3><p>We are a nonprofit newsroom. Our journalism is free to read, and we rely on readers"
                 " like you. Will you make a gift of $15 today?</p><a href='/donate?amount=15'>Donate now</a>"
                 "<button>Maybe later</button></div>")
APP_INTERSTITIAL = ("<div class='app-interstitial' role='dialog' style='position:fixed;inset:0;z-index:9999'>"
                    "<img src='/app-icon.png' alt=''><h2>Read this story in the app</h2><p>Get breaking news"
                    " alerts and a faster experience.</p><a class='btn' href='https://apps.apple.com/app/id123'>Open"
                    " in app</a><button class='dismiss'>Continue reading in browser</button></div>")
MOBILE_EXPAND = ("<div class='article-body is-collapsed' style='max-height:600px;overflow:hidden'>{}</div><div"
                 " class='expand-gradient'></div><button class='read-more-button' aria-expanded='false'>Continue"
                 " reading</button>")
PAGINATION = ("<nav class='pagination'><span>Page 1 of 3</span><a rel='next' href='?page=2'>Next page</a>"
              "<a class='read-more' href='?page=2'>Read more &rarr;</a></nav>")

PROBES_DIALOGS = [
    free_page("cookie-wall-onetrust", "consent dialog over the whole page is no paywall", "The Courier",
              "https://www.courier.example/news/2026/12/07/harbour-plan-delay", "<div class='article-body'>"
              + _n(25, 700) + "</div>", after=COOKIE_WALL),
    free_page("cookie-wall-pur", "pay-or-consent dialog (PUR-Abo) asks for consent, not for the story",
              "Rheinische Nachrichten", "https://www.rn-zeitung.example/politik/hafen-plan-verzoegerung",
              "<div class='article-body'>" + prose("de", 700, 6) + "</div>", lang="de", after=PUR_WALL,
              account="<a href='/abo'>Abo</a><a href='/login'>Anmelden</a>", rel=related(heading="Mehr zum Thema")),
    free_page("cookie-wall-contentpass", "contentpass consent layer: 'Mit Werbung weiterlesen'", "Stadtanzeiger",
              "https://www.stadtanzeiger.example/lokales/hafen-123.html", "<div class='article-body'>"
              + prose("de", 600, 7) + "</div>", lang="de", after=CONTENTPASS, rel=related(heading="Mehr")),
    free_page("newsletter-modal", "newsletter modal with an e-mail field, 'No thanks, continue reading'",
              "Metro Daily", "https://www.metrodaily.example/2026/12/07/harbour-plan-delay",
              "<div class='entry-content'>" + _n(26, 650) + "</div>", after=NEWSLETTER_MODAL),
    free_page("donation-banner", "nonprofit donation banner fixed at the bottom", "The Civic Desk",
              "https://www.civicdesk.example/2026/12/07/harbour-plan-delay", "<div class='article-body'>"
              + _n(27, 900) + "</div>", after=DONATE_BANNER),
    free_page("app-interstitial", "app-install interstitial over the story: 'Continue reading in browser'",
              "City Herald", "https://m.cityherald.example/news/harbour-plan-delay-123",
              "<div class='article-body'>" + _n(28, 600) + "</div>", after=APP_INTERSTITIAL),
    free_page("mobile-continue", "collapsed mobile body with a 'Continue reading' expand button; body all here",
              "Valley News", "https://m.valleynews.example/2026/12/07/harbour-plan-delay",
              MOBILE_EXPAND.format(_n(29, 800))),
    free_page("read-more-pagination", "page 1 of 3 with 'Read more' pagination; no gate", "Travel Weekly",
              "https://www.travelweekly.example/features/harbour-towns", "<div class='article-body'>"
              + _n(30, 380) + "</div>" + PAGINATION),
]
