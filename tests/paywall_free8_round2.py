"""Round 2 of the free probes (tests/test_paywall_free8.py): free pages built to sit closer to a wall than
round 1's - the rest of a mobile body hidden behind "Continue reading", pay-or-consent dialogs in French and
Italian whose words are a paywall's, subscription promos in the flow of the story, "Member-only" and lock badges
on other posts, undeclared story pages beside a teaser grid, embeds that ask to log in."""

from __future__ import annotations

from tests.paywall_free8_pages import HIDDEN, SUBSCRIBE, _n, art, doc, free_page, ld, news_ld, prose, related
from tests.paywall_probe_pages import Probe

MOBILE_REST = ("<div class='article-body'>{lead}<div class='article-rest' id='rest'" + HIDDEN + ">{rest}</div>"
               "<button class='show-more' onclick=\"document.getElementById('rest').style.display='block'\">"
               "Continue reading</button></div>")
FR_CONSENT = ("<div class='gdpr-lmd-wall' role='dialog' aria-modal='true' style='position:fixed;inset:0;z-index:99999'>"
              "<h2>Le Monde et ses partenaires utilisent des cookies</h2><p>Pour continuer à lire cet article,"
              " acceptez les cookies ou abonnez-vous pour lire sans publicité.</p><button>Accepter et continuer"
              "</button><a href='/abonnement/sans-pub'>S'abonner : 1 € le premier mois</a><p>Déjà abonné ? <a href="
              "'/connexion'>Se connecter</a></p></div>")
IT_CONSENT = ("<div class='cmp-paywall' role='dialog' style='position:fixed;inset:0'><h2>Accetta i cookie o"
              " abbonati</h2><p>Per continuare a leggere puoi accettare i cookie di profilazione oppure abbonarti"
              " e navigare senza pubblicità a 1 € al mese.</p><button>Accetta e continua</button><a href="
              "'/abbonati/senza-pubblicita'>Abbonati</a></div>")
FAZ_PROMO = ("<div class='paywall-promo-inline'><p>Zugang zu allen F+ Artikeln</p><p>Jetzt 30 Tage kostenfrei testen"
             "</p><a href='https://abo.faz.net/fplus'>Jetzt testen</a></div>")
CBC_AD = "<p class='ad-text'>Story continues below advertisement</p>"
INDY_NL = ("<div class='newsletter-inline'><p>Sign up for our free Breaking News email for all the latest news</p>"
           "<form><input type='email' placeholder='Enter your email address'><button>SIGN UP</button></form><p>"
           "I would like to be emailed about offers, events and updates from The Independent. Read our privacy"
           " notice</p><p>Article continues below</p></div>")
MEDIUM_MORE = ("<div class='more-from'><h2>More from the writer</h2>" + "".join(
    f"<div class='card'><span>Member-only story</span><a href='/@writer/post-{i}'><h3>Harbour diary part {i}</h3>"
    f"</a><p>{i + 3} min read</p></div>" for i in range(4)) + "</div>")
SUBSTACK_FOOT = ("<div class='post-footer'><p>This post is public so feel free to share it.</p><a href='/subscribe"
                 "?plan=paid'>Upgrade to paid</a><a href='?action=share'>Share</a></div><div class='archive'><h3>"
                 "Recent posts</h3>" + "".join(f"<div class='post-preview'><a href='/p/note-{i}'>Note {i} from the"
                                               f" quay</a><span class='audience-lock'>🔒 Paid</span></div>"
                                               for i in range(4)) + "</div>")
INSTAGRAM = ("<blockquote class='instagram-media' data-instgrm-permalink='https://www.instagram.com/p/Cx1/'><a href="
             "'https://www.instagram.com/p/Cx1/'>View this post on Instagram</a><p>A post shared by Harbour Cafe"
             " (@harbourcafe)</p></blockquote><blockquote class='twitter-tweet'><p>The vote is tonight.</p>&mdash;"
             " Port Watch (@portwatch) <a href='https://twitter.com/portwatch/status/1'>December 7, 2026</a>"
             "</blockquote>")
GIFT_BANNER = ("<div class='gift-banner'><p>This article was gifted to you by a subscriber. Subscribe for unlimited"
               " access to our journalism.</p><a href='/subscribe?gift=1'>Subscribe</a></div>")
PIANO_EMPTY = ("<script>tp=window.tp||[];tp.push(['setAid','Xk2Pq9']);tp.push(['setTags',['news','harbour']]);"
               "</script><script src='https://cdn.tinypass.com/api/tinypass.min.js'></script>")
YOAST = {"@context": "https://schema.org", "@graph": [
    {"@type": "Article", "headline": "Harbour plan", "isPartOf": {"@id": "https://blog.example/#webpage"}},
    {"@type": "WebPage", "@id": "https://blog.example/#webpage", "name": "Harbour plan"},
    {"@type": "WebSite", "name": "Blog", "potentialAction": {"@type": "SearchAction"}},
    {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Home"}]}]}
GRID = "<section class='more-news'><h2>More news</h2>" + "".join(
    f"<div class='teaser'><h3><a href='/news/story-{i}'>Story {i} on the harbour</a></h3><p>{_n(80 + i, 30)[3:-4]}"
    "</p></div>" for i in range(12)) + "</section>"
HN = "<table class='comment-tree'>" + "".join(
    f"<tr class='comtr'><td><span class='comhead'><a href='user?id=u{i}'>u{i}</a> <a href='item?id={900 + i}'>2 hours"
    f" ago</a></span><div class='comment'>{prose('en', 70, 100 + i)}<a href='reply?id={900 + i}'>reply</a></div></td>"
    "</tr>" for i in range(10)) + "</table>"


def undeclared(name: str, why: str, url: str, main: str, site: str = "Ledger") -> Probe:
    return Probe(name, "free", why, doc(site=site, title="Harbour plan", url=url, otype="website", main=main), url)


PROBES_ROUND2 = [
    free_page("mobile-rest-hidden", "the rest of the body hidden inline behind 'Continue reading'; no gate",
              "Valley News", "https://m.valleynews.example/2026/12/07/harbour-rest", MOBILE_REST.format(
                  lead=_n(60, 150), rest=_n(61, 700))),
    free_page("consent-fr", "pay-or-consent layer: 'Pour continuer à lire cet article, acceptez ... ou abonnez-vous'",
              "Le Monde", "https://www.lemonde.fr/planete/article/2026/12/07/le-port_6125_3244.html",
              "<div class='article__content'>" + prose("fr", 700, 9) + "</div>", lang="fr", after=FR_CONSENT,
              rel=related(heading="Sur le même sujet")),
    free_page("consent-it", "pay-or-consent layer in Italian: 'Per continuare a leggere ... accettare ... oppure"
              " abbonarti'", "Il Quotidiano", "https://www.ilquotidiano.example/cronaca/2026/12/07/porto",
              "<div class='story__text'>" + prose("it", 650, 10) + "</div>", lang="it", after=IT_CONSENT,
              rel=related(heading="Leggi anche")),
    free_page("faz-inline-promo", "F+ promo box in the flow of a free story, the story goes on after it",
              "FAZ", "https://www.faz.net/aktuell/politik/hafen-plan-110123.html", "<div class='atc-Text'>"
              + prose("de", 350, 11) + FAZ_PROMO + prose("de", 450, 12) + "</div>", lang="de",
              rel=related(heading="Mehr zum Thema")),
    free_page("story-continues", "'Story continues below advertisement' between paragraphs", "Global News",
              "https://globalnews.example/news/10123/harbour-plan/", "<div class='l-article__text'>" + "".join(
                  prose("en", 120, 62 + i) + CBC_AD for i in range(5)) + "</div>"),
    free_page("newsletter-inline", "newsletter box mid-body: 'Sign up ...', 'Article continues below'",
              "The Independent", "https://www.independent.co.uk/news/world/harbour-b2602.html", "<div id='main'>"
              + _n(63, 300) + INDY_NL + _n(64, 500) + "</div>"),
    free_page("medium-badges", "Medium free story; 'Member-only story' on other posts' cards", "Medium",
              "https://medium.com/@writer/harbour-free-9a1", "<div class='pw-post-body'>" + _n(65, 800) + "</div>",
              typ="BlogPosting", rel=MEDIUM_MORE, account="<a href='/m/signin'>Sign in</a>"),
    free_page("substack-upgrade", "public post; 'Upgrade to paid' and lock badges on archive posts",
              "Harbour Notes", "https://harbournotes.substack.com/p/public-note", "<div class='available-content'>"
              + _n(66, 700) + "</div>" + SUBSTACK_FOOT, typ="NewsArticle", rel="",
              head="<script>window._preloads = {\"post\":{\"audience\":\"everyone\"}}</script>"),
    free_page("embeds", "Instagram and X embeds in a free story", "Metro Daily",
              "https://www.metrodaily.example/2026/12/07/harbour-cafe", "<div class='article-body'>" + _n(67, 300)
              + INSTAGRAM + _n(68, 300) + "</div>"),
    free_page("gift-banner", "a gifted article: the whole body with a subscribe banner", "The Post",
              "https://www.thepost.example/2026/12/07/harbour-gift/", "<div class='article-body'>" + _n(69, 900)
              + "</div>", after=GIFT_BANNER, account=SUBSCRIBE),
    free_page("piano-no-paid-tag", "Piano loaded, tags name no paid tier, empty containers", "The Herald",
              "https://www.heraldnews.example/news/2026/12/07/harbour-piano", "<div class='article-body'>"
              + _n(70, 650) + "</div><div id='piano-inline'></div><div class='tp-container-inner'></div>",
              head=PIANO_EMPTY, account=SUBSCRIBE),
    free_page("free-flag-string", "isAccessibleForFree as 'true' text and as a schema URL", "The Courier",
              "https://www.courier.example/news/2026/12/07/harbour-flag", "<div class='article-body'>" + _n(71, 600)
              + "</div>", declared={"isAccessibleForFree": "http://schema.org/True"}),
    free_page("short-80", "an 80-word brief", "BBC News", "https://www.bbc.co.uk/news/articles/c0brief1",
              "<div data-component='text-block'>" + _n(72, 82) + "</div>"),
    Probe("yoast-graph", "free", "WordPress with Yoast's @graph (Article, WebPage, WebSite) and an unnamed body class",
          doc(site="Port Blog", title="Harbour plan", url="https://blog.example/harbour-plan/", data=YOAST,
              main="<div class='td-post-content tagdiv-type'>" + _n(73, 380) + "</div>" + related()),
          "https://blog.example/harbour-plan/"),
    undeclared("undeclared-story-grid", "og website, no JSON-LD, 300-word story and a grid of twelve teasers",
               "https://www.ledger.example/harbour-plan-delay", "<div class='content'><h1>Harbour plan</h1>"
               + _n(74, 300) + "</div>" + GRID),
    undeclared("hn-thread", "a comment thread in a table, each comment with user, permalink and reply links",
               "https://news.ycombinator.example/item?id=900", "<div class='fatitem'><a href='https://x.example/a'>"
               "Harbour plan faces new delay</a></div>" + HN),
    free_page("ru-kommersant", "ru story with a newsletter line and a Dzen subscribe link", "Коммерсантъ",
              "https://www.kommersant.ru/doc/7123456", "<div class='doc__body'>" + prose("ru", 550, 4)
              + "<p>Подпишитесь на рассылку «Коммерсанта»</p><p><a href='https://dzen.ru/kommersant'>Подписывайтесь"
              " на наш канал в Дзене</a></p></div>", lang="ru", rel=related(heading="Читайте также")),
]

ES_CONSENT = ("<div class='cmp-wall' role='dialog' style='position:fixed;inset:0'><h2>Tu privacidad es importante</h2>"
              "<p>Para seguir leyendo, acepta las cookies o suscríbete y navega sin publicidad por 1 € al mes.</p>"
              "<button>Aceptar y seguir leyendo</button><a href='/suscripciones/sin-publicidad'>Suscribirme</a></div>")
WIKI_APPEAL = ("<div id='siteNotice' class='frb-banner' style='position:fixed;top:0'><p>Please don't skip this 1-minute"
               " read. This Tuesday we ask you to support Wikipedia. If everyone reading this gave just $2.75, we"
               " would hit our goal in an hour.</p><a href='https://donate.wikimedia.org/'>Give $2.75</a><button>"
               "Maybe later</button></div>")
MEMBER_PRICE = ("<div class='member-price'><p>Members save 10%. <a href='/login?next=/p/kettle'>Sign in to see your"
                " member price</a> or <a href='/join'>join free</a>.</p></div>")
ATTACH = "<div class='attachments'><p>You must log in or register to view attachments.</p></div>"
ALERTS = ("<div class='alerts'><p>Register to receive press releases by email.</p><a href='/alerts/register'>Sign"
          " up for alerts</a></div>")

PROBES_ROUND3 = [
    free_page("consent-es", "pay-or-consent layer: 'Para seguir leyendo, acepta las cookies o suscríbete'",
              "Diario del Puerto", "https://www.diariodelpuerto.example/economia/2026/12/07/puerto.html",
              "<div class='article-body'>" + prose("es", 650, 13) + "</div>", lang="es", after=ES_CONSENT,
              rel=related(heading="Te puede interesar")),
    Probe("wiki-appeal", "free", "encyclopedia article under a fixed fundraising banner",
          doc(site="Wikipedia", title="Harbour of Example", url="https://en.wikipedia.org/wiki/Harbour_B",
              main="<div id='mw-content-text'><div class='mw-parser-output'>" + _n(75, 700) + "</div></div>",
              after=WIKI_APPEAL, otype="website"), "https://en.wikipedia.org/wiki/Harbour_B"),
    Probe("product-member-price", "free", "product page: 'Sign in to see your member price'",
          doc(site="KitchenShop", title="Harbour 3 Kettle", url="https://shop.example/p/kettle-3", otype="product",
              main="<div class='product'><h1>Harbour 3 Kettle</h1>" + MEMBER_PRICE + "<div class='description'>"
              + _n(76, 350) + "</div></div>"), "https://shop.example/p/kettle-3"),
    undeclared("forum-attachments", "phpBB-style thread; attachments need an account",
               "https://forum.example/viewtopic.php?t=77", "".join(
                   f"<div class='post'><h3><a href='viewtopic.php?p={i}#p{i}'>Re: Harbour fees</a></h3><p class="
                   f"'author'>by <a href='memberlist.php?u={i}'>sailor{i}</a></p><div class='content'>"
                   f"{_n(77 + i, 90)}</div></div>" for i in range(6)) + ATTACH),
    free_page("press-alerts", "press release with 'Register to receive press releases by email'",
              "Harbour Corp Newsroom", "https://newsroom.harbourcorp.example/2026-12-07-results",
              "<div class='release-body'>" + _n(83, 500) + "</div>" + ALERTS, typ="NewsArticle"),
]

GUARDIAN_NL = ("<aside class='newsletter-promo'><a href='#after-nl'>skip past newsletter promotion</a><p>Sign up to"
               " First Edition, our free daily newsletter - every weekday morning at 7am</p><form><input type="
               "'email'><button>Sign up</button></form><p>Privacy Notice: Newsletters may contain info about"
               " charities, online ads, and content funded by outside parties.</p><p id='after-nl'>after newsletter"
               " promotion</p></aside>")
NYT_PRINT = ("<p class='print-info'>A version of this article appears in print on Dec. 7, 2026, Section A, Page 1 of"
             " the New York edition with the headline: Harbour Plan Delayed. <a href='/reprints'>Order Reprints</a> |"
             " <a href='/todayspaper'>Today's Paper</a> | <a href='/subscription'>Subscribe</a></p>")
ECON_FOOT = ("<p class='article-footer'>This article appeared in the Britain section of the print edition under the"
             " headline \"Harbour blues\"</p><p>Subscribers to The Economist can sign up to our Opinion newsletter,"
             " which brings together the best of our leaders.</p>")
BBG_TERMINAL = ("<div class='terminal-tout'><p>Before it's here, it's on the Bloomberg Terminal.</p><a href='https://"
                "www.bloomberg.com/professional/'>LEARN MORE</a></div>")
ELPAIS_JOIN = ("<div class='a_s'><p>Únete a EL PAÍS para seguir toda la actualidad y leer sin límites.</p><a href="
               "'https://elpais.com/suscripciones/'>Suscríbete</a></div>")
DE_GIFT = ("<p class='gift-note'>Dieser Artikel wurde Ihnen von einem Abonnenten geschenkt. Jetzt Abo abschließen"
           " und alle Artikel lesen.</p>")
FR_OFFERT = ("<p class='article__status'>Article offert</p>")
ZEIT_END = ("<div class='zplus-promo'><p>Jetzt 4 Wochen gratis testen: Z+ lesen, alle Artikel auf zeit.de.</p><a"
            " href='https://abo.zeit.de/'>Jetzt testen</a></div>")

PROBES_ROUND3 += [
    free_page("guardian-newsletter", "Guardian newsletter promotion with 'skip past' markers inside the body",
              "The Guardian", "https://www.theguardian.com/world/2026/dec/07/harbour-nl", "<div class='article-"
              "body-commercial-selector'>" + _n(84, 350) + GUARDIAN_NL + _n(85, 450) + "</div>",
              declared={"isAccessibleForFree": True}),
    free_page("nyt-print-line", "declared free; print line ends 'Order Reprints | Today's Paper | Subscribe'",
              "The New York Times", "https://www.nytimes.com/2026/12/07/us/harbour-print.html", "<section name="
              "'articleBody'>" + _n(86, 900) + "</section>" + NYT_PRINT, declared={"isAccessibleForFree": True},
              account=SUBSCRIBE),
    free_page("economist-footer", "'Subscribers to The Economist can sign up to our newsletter' after the story",
              "The Economist", "https://www.economist.com/britain/2026/12/07/harbour-blues", "<div class='body'>"
              + _n(87, 800) + "</div>" + ECON_FOOT, account=SUBSCRIBE),
    free_page("bloomberg-terminal", "'Before it's here, it's on the Bloomberg Terminal. LEARN MORE'", "Bloomberg",
              "https://www.bloomberg.com/news/articles/2026-12-07/harbour-terminal", "<div class='body-content'>"
              + _n(88, 500) + BBG_TERMINAL + _n(89, 300) + "</div>", declared={"isAccessibleForFree": True}),
    free_page("elpais-join", "promo at the end of a free story: 'Únete a EL PAÍS ... leer sin límites'", "EL PAÍS",
              "https://elpais.com/internacional/2026-12-07/el-puerto-2.html", "<div class='a_c'>" + prose("es", 700, 14)
              + "</div>" + ELPAIS_JOIN, lang="es", declared={"isAccessibleForFree": True}),
    free_page("de-gift", "a gifted article: 'Dieser Artikel wurde Ihnen von einem Abonnenten geschenkt'",
              "Rheinische Nachrichten", "https://www.rn-zeitung.example/wirtschaft/hafen-geschenkt",
              "<div class='article-body'>" + DE_GIFT + prose("de", 700, 15) + "</div>", lang="de"),
    free_page("fr-offert", "'Article offert' label over a whole story", "Le Parisien",
              "https://www.leparisien.example/economie/le-port-07-12-2026.php", FR_OFFERT + "<div class='article-"
              "body'>" + prose("fr", 650, 16) + "</div>", lang="fr"),
    free_page("zeit-end-promo", "Z+ trial promo after a free story's end", "ZEIT ONLINE",
              "https://www.zeit.de/wirtschaft/2026-12/hafen-promo", "<div class='article-body'>" + prose("de", 700, 17)
              + "</div>" + ZEIT_END, lang="de", declared={"isAccessibleForFree": True}),
]

ITEMLIST = ld({"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
    {"@type": "ListItem", "position": i, "item": {"@type": "NewsArticle", "headline": f"Story {i}", "url":
                                                   f"https://www.x.example/s{i}", "isAccessibleForFree": False}}
    for i in range(1, 5)]})
MICRO_CARDS = "<div class='rel'>" + "".join(
    f"<div itemscope itemtype='https://schema.org/NewsArticle'><a itemprop='url' href='/s{i}'><span itemprop="
    f"'headline'>Story {i} on the port</span></a><meta itemprop='isAccessibleForFree' content='False'></div>"
    for i in range(4)) + "</div>"
X = "https://www.x.example/2026/12/07/harbour-"

PROBES_ROUND4 = [
    free_page("paginated-wordcount", "page 1 of 3 (rel=next) declaring the whole story's wordCount 2400",
              "X", X + "p1", "<div class='article-body'>" + _n(90, 800) + "</div><a rel='next' href='?page=2'>"
              "Next page</a>", declared={"wordCount": 2400}),
    free_page("free-wordcount-chars", "declared free; wordCount holds characters (5200) not words",
              "X", X + "chars-free", "<div class='article-body'>" + _n(91, 800) + "</div>",
              declared={"wordCount": 5200, "isAccessibleForFree": True}),
    free_page("wordcount-chars", "undeclared; wordCount holds characters (5200): length alone says cut",
              "X", X + "chars", "<div class='article-body'>" + _n(92, 800) + "</div>", declared={"wordCount": 5200}),
    free_page("related-itemlist-false", "an ItemList of other stories each isAccessibleForFree false", "X",
              X + "itemlist", "<div class='article-body'>" + _n(93, 700) + "</div>", head=ITEMLIST),
    free_page("related-microdata-false", "microdata cards of other stories each isAccessibleForFree False",
              "X", X + "micro", "<div class='article-body'>" + _n(94, 700) + "</div>", rel=MICRO_CARDS),
]

MICRO_TEASERS = "".join(
    f"<div class='teaser' itemscope itemtype='https://schema.org/NewsArticle'><h3 itemprop='headline'><a itemprop='url'"
    f" href='/world/story-{i}'>Story {i} on the port</a></h3><p itemprop='description'>{_n(80 + i, 30)[3:-4]}</p></div>"
    for i in range(12))
AMP_HEAD = ("<script async src='https://cdn.ampproject.org/v0.js'></script><script async custom-element="
            "'amp-subscriptions' src='https://cdn.ampproject.org/v0/amp-subscriptions-0.1.js'></script>")
EXCLUSIVES = "<section class='more'><h2>Subscriber exclusives</h2><ul>" + "".join(
    f"<li><a href='/premium/s{i}'>Premium story {i}: Subscribe to read the full investigation</a></li>"
    for i in range(4)) + "</ul></section>"
Y = "https://www.ledger.example/2026/12/07/"


def body_with(i: int, inner: str, words: int = 350) -> str:
    return "<div class='article-body'>" + _n(i, words) + inner + _n(i + 1, words) + "</div>"


PROBES_ROUND5 = [
    Probe("front-microdata-cards", "unknown", "section front whose twelve teasers each declare NewsArticle microdata",
          doc(site="L", title="World", url="https://www.ledger.example/world", otype="website",
              main="<h1>World</h1>" + MICRO_TEASERS), "https://www.ledger.example/world"),
    Probe("amp-free", "free", "AMP page declared free, amp-subscriptions loaded",
          doc(site="L", title="Harbour", url=Y + "amp", data=news_ld("Harbour", "L", isAccessibleForFree=True),
              html_attrs=" amp", head=AMP_HEAD, main=art("Harbour", "<div class='article-body'>" + _n(95, 700)
                                                         + "</div>")), Y + "amp"),
    Probe("noscript-body", "free", "a script app's server rendering of the story inside <noscript>",
          doc(site="L", title="Harbour", url=Y + "ns", data=news_ld("Harbour", "L"), main="<div id='root'></div>"
              "<noscript><article><h1>Harbour</h1>" + _n(96, 600) + "</article></noscript>"), Y + "ns"),
    free_page("subscriber-exclusives", "a list of other stories titled 'Subscribe to read the full investigation'",
              "L", Y + "excl", "<div class='article-body'>" + _n(97, 700) + "</div>" + EXCLUSIVES),
    free_page("video-for-subscribers", "an embedded video for subscribers only; the text is free", "L", Y + "vid",
              body_with(98, "<div class='video-player'><p>This video is available to subscribers. Sign in to watch."
                        "</p></div>")),
    free_page("puzzle-promo", "a crossword promo for subscribers in the flow", "L", Y + "pz", body_with(
        100, "<div class='promo'><p>Play today's crossword. Subscribers get unlimited access to our puzzles archive."
        "</p><a href='/subscribe/games'>Subscribe</a></div>")),
    free_page("continue-main-story", "'Continue reading the main story' marker between ads", "L", Y + "crm",
              body_with(102, "<div class='story-continues'><p>Continue reading the main story</p></div>")),
    free_page("syndicated", "'Read the original article on Business Insider'", "Yahoo News",
              "https://news.yahoo.example/harbour-1.html", "<div class='caas-body'>" + _n(104, 600) + "<p><a href="
              "'https://orig.example/story'>Read the original article on Business Insider</a></p></div>"),
    free_page("register-to-save", "'Create a free account to save articles and listen to stories'", "L", Y + "sv",
              body_with(105, "<div class='tools'><button>Save</button><p>Create a free account to save articles and"
                        " listen to stories.</p><a href='/register'>Register</a></div>")),
]

WP_POST = ("<article id='post-1' class='post-1 post type-post hentry'><header class='entry-header'><h1 class='entry-"
           "title'>Post</h1></header><div class='entry-content'>" + _n(110, 600) + "</div></article>")
B = "https://blog.example/2026/12/post/"


def wp(name: str, why: str, after: str, expected: str = "free") -> Probe:
    return Probe(name, expected, why, doc(site="B", title="Post", url=B, otype="website", main=WP_POST + after), B)


PROBES_ROUND6 = [
    wp("wp-long-comments", "undeclared post; WordPress comments each in <article class=comment-body>, 170 words",
       "<ol class='comment-list'>" + "".join(f"<li class='comment'><article class='comment-body'><b>Reader {i}</b>"
                                             f"<div class='comment-content'>{_n(111 + i, 170)}</div></article></li>"
                                             for i in range(3)) + "</ol>"),
    wp("wp-prev-post-nav", "undeclared post; the previous post's 160-word excerpt in its own <article>",
       "<nav class='post-navigation'><article class='post'><h2><a href='/prev/'>Previous</a></h2>" + _n(115, 160)
       + "</article></nav>"),
    wp("wp-related-long-excerpt", "undeclared post; a related post's excerpt in its own entry-content",
       "<div class='related-posts'><article class='post'><h2><a href='/prev/'>Previous</a></h2><div class='entry-"
       "content'>" + _n(116, 160) + "</div></article></div>"),
    wp("wp-long-bio", "undeclared post; a 160-word author bio in an entry-content box",
       "<div class='author-box'><div class='entry-content'>" + _n(117, 160) + "</div></div>"),
    Probe("liveblog-undeclared", "free", "a live blog with no markup: six 180-word entries each an <article>, the"
          " headline above them", doc(site="B", title="Live", url=B + "live", otype="website", main="<h1>Live:"
                                      " harbour vote</h1>" + "".join(f"<article class='live-entry'><h2>Update {i}"
                                                                     f"</h2>{_n(120 + i, 180)}</article>"
                                                                     for i in range(6))), B + "live"),
    Probe("archive-full-posts", "unknown", "a category archive showing three whole posts, each titled <h2>",
          doc(site="B", title="Category: harbour", url="https://blog.example/category/harbour/", otype="website",
              main="<h1>Category: harbour</h1>" + "".join(
                  f"<article class='post'><h2><a href='/p{i}/'>Post {i}</a></h2><div class='entry-content'>"
                  f"{_n(130 + i, 300)}</div></article>" for i in range(3))), "https://blog.example/category/harbour/"),
]

KB = "https://kettleblog.example/best-kettles/"
WP_EXCERPTS = "".join(
    f"<article class='post'><h2 class='entry-title'><a href='/2026/11/post-{i}/'>Post {i} about the harbour</a></h2>"
    f"<div class='entry-summary'><p>{' '.join(_n(140 + i, 60)[3:-4].split()[:55])} [&hellip;]</p></div><a class="
    f"'more-link' href='/2026/11/post-{i}/'>Continue reading</a></article>" for i in range(10))


def listicle(name: str, shop: str) -> Probe:
    items = "".join(f"<div class='item'><h2><a href='{shop}{i}'>Harbour Kettle {i} Deluxe</a></h2><p>"
                    f"{_n(140 + i, 100)[3:-4]}</p></div>" for i in range(10))
    return Probe(name, "free", f"an undeclared listicle: ten entries, each a heading link ({shop}) and a review",
                 doc(site="KB", title="The 10 best kettles", url=KB, otype="website", main="<h1>The 10 best"
                     " kettles</h1><p>" + _n(150, 60)[3:-4] + "</p>" + items), KB)


PROBES_ROUND7 = [
    listicle("listicle-shop-links", "https://www.amazon.example/dp/B0"),
    listicle("listicle-own-reviews", "/review/kettle-"),
    Probe("tag-page-wp-excerpts", "unknown", "a WordPress tag archive of 55-word excerpts with 'Continue reading'",
          doc(site="B", title="Tag: harbour", url="https://blog.example/tag/harbour/", otype="website",
              main="<h1>Tag: harbour</h1>" + WP_EXCERPTS), "https://blog.example/tag/harbour/"),
]
__all__ = ["PROBES_ROUND2", "PROBES_ROUND3", "PROBES_ROUND4", "PROBES_ROUND5", "PROBES_ROUND6",
           "PROBES_ROUND7", "ld", "news_ld"]
