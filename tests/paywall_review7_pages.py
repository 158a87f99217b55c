"""Pages for the review of the registration-wall rules (tests/test_paywall_review7.py): free pages as
WordPress, Ghost, Substack, Medium, forum, recipe and news sites serve them, each with the account,
newsletter, comment, app, event or donation asks real free pages carry near their article, in nine
languages; a few real registration walls as controls. Written from how such sites mark pages up, not
taken from the labelled set."""

from __future__ import annotations

from tests.paywall_probe_pages import Probe, body, ld, overlay, story, whole

URL = "https://news.example.com/2026/11/30/harbour-plan-faces-new-delay"


def wp(article: str, *, lang: str = "en", title: str = "Harbour plan faces new delay", sidebar: str = "",
       after: str = "", site: str = "Coastline Chronicle") -> str:
    """A WordPress theme's single post: masthead, entry content, comments, a widget sidebar, colophon."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} &#8211; {site}</title>'
            f'<meta property="og:type" content="article"><meta property="og:title" content="{title}"></head>'
            f'<body class="single single-post"><div id="page" class="site"><header id="masthead" class="site-header">'
            f'<div class="site-branding"><a href="/">{site}</a></div><nav id="site-navigation"><ul><li><a href="/">'
            f'Home</a></li><li><a href="/category/news">News</a></li></ul></nav></header><div id="content" class="site-content">'
            f'<div id="primary" class="content-area"><main id="main" class="site-main"><article id="post-4411" class="post-4411'
            f' post type-post status-publish"><header class="entry-header"><h1 class="entry-title">{title}</h1></header>'
            f'<div class="entry-content">{article}</div><footer class="entry-footer"><span class="cat-links">Posted in'
            f' <a href="/category/news">News</a></span></footer></article>{after}</main></div>'
            f'<aside id="secondary" class="widget-area">{sidebar}</aside></div><footer id="colophon" class="site-footer">'
            f'<p>Proudly powered by WordPress</p></footer></div></body></html>')


def para(lang: str, words: int, seed: int = 0) -> str:
    return body(lang, words, seed)


def free_story(extra: str, *, lang: str = "en", where: str = "inside", words: int = 650, **kw: object) -> str:
    """A whole free story on a news page with ``extra`` in the body's middle, at its end or after it."""
    text = para(lang, words)
    cut_at = text.find("</p>", len(text) // 2) + 4
    if where == "inside":
        article = f'<div class="article-body">{text[:cut_at]}{extra}{text[cut_at:]}</div>'
        return story(lang=lang, article=article, **kw)  # type: ignore[arg-type]
    if where == "end":
        return story(lang=lang, article=f'<div class="article-body">{text}{extra}</div>', **kw)  # type: ignore[arg-type]
    return story(lang=lang, article=f'<div class="article-body">{text}</div>', after=extra, **kw)  # type: ignore[arg-type]


def related(cards: list[tuple[str, str]], heading: str = "More stories") -> str:
    items = "".join(f'<li class="card"><span class="badge">{badge}</span><a href="/2026/11/{i}/story-{i}">{t}</a>'
                    f'<p class="teaser">Officials met again on Monday. <a href="/2026/11/{i}/story-{i}">Read more</a></p></li>'
                    for i, (badge, t) in enumerate(cards))
    return f'<section class="related"><h3>{heading}</h3><ul class="cards">{items}</ul></section>'


# ----------------------------------------------------------------------------- free pages (English)

FREE_EN = [
    Probe("en-want-to-keep-reading-newsletter", "free", "newsletter ask worded as 'Want to keep reading?'",
          free_story('<div class="inline-newsletter"><p><strong>Want to keep reading? Sign up for The Download,'
                     " our daily newsletter.</strong></p><form action='/newsletters'><input type='email'"
                     " placeholder='Email'><button>Sign up</button></form></div>")),
    Probe("en-best-stories-inbox-register-free", "free", "'register for free' for stories in an inbox",
          free_story('<aside class="promo"><h4>Get the best stories in your inbox — register for free</h4>'
                     "<a href='/register'>Register</a></aside>", where="end")),
    Probe("en-free-account-alerts", "free", "a free account for alerts",
          free_story('<div class="alerts-promo"><p>Create a free account to get alerts when we publish on this'
                     " topic.</p><a href='/register'>Create account</a></div>")),
    Probe("en-comment-restricted-registered", "free", "commenting restricted to registered users",
          free_story('<section id="comments"><h3>Comments</h3><p>Commenting on this article is restricted to'
                     " registered users. <a href='/login'>Log in</a> or <a href='/register'>register</a>.</p>"
                     "</section>", where="after")),
    Probe("en-pdf-version-registered", "free", "a PDF version, not the article, for registered users",
          free_story("<p class='pdf-note'>A PDF version of this article is available to registered users."
                     " <a href='/register'>Register</a></p>", where="end")),
    Probe("en-narrated-audio-subscribers", "free", "the narrated audio is a subscriber perk; the text is free",
          story(article='<div class="audio-player"><button>Listen to this article</button><p>The narrated'
                        " version of this article is available to subscribers only. <a href='/subscribe'>Subscribe"
                        "</a></p></div>" + whole())),
    Probe("en-sign-in-continue-where-left", "free", "a reading-history rail asking to sign in",
          free_story('<section class="continue-rail"><h3>Continue reading</h3><p>Sign in to continue reading'
                     " where you left off, on any device.</p><a href='/signin'>Sign in</a></section>",
                     where="after")),
    Probe("en-log-in-ad-free", "free", "log in for an ad-free read",
          story(article='<div class="adfree-bar"><p>Log in to read this article without ads.</p><a'
                        " href='/login'>Log in</a></div>" + whole())),
    Probe("en-webinar-register-now-its-free", "free", "an event in the story: 'Register now, it's free'",
          free_story("<p><strong>Join our webinar on the harbour plan on 12 December. Register now, it's free."
                     "</strong> <a href='/events/harbour-webinar'>Details</a></p>")),
    Probe("en-event-box-free-registration-stories", "free", "webinar box named for registration",
          free_story('<div class="event-registration"><h4>Webinar: the future of local news</h4><p>Free'
                     " registration required.</p><p>Hear how three newsrooms grew their audience with fewer,"
                     " better stories.</p><a href='/events/register'>Register</a></div>", where="end")),
    Probe("en-report-lead-magnet", "free", "a downloadable report for an e-mail",
          wp(para("en", 700), sidebar='<section class="widget lead-magnet"><h3>2026 Ports Outlook</h3>'
             "<p>Enter your email to get access to the full report.</p><form><input type='email'><button>"
             "Download</button></form></section>")),
    Probe("en-report-register-now-access", "free", "'Register now for free access to this report' for a PDF",
          free_story("<div class='whitepaper'><p>Download our salary guide. Register now for free access to this"
                     " report.</p><a href='/whitepapers/salary-guide'>Get the guide</a></div>", where="end")),
    Probe("en-register-free-read-epaper", "free", "a sidebar promo for the e-paper",
          wp(para("en", 700), sidebar='<section class="widget"><h3>Digital edition</h3><p>Register for free to'
             " read our weekly e-paper on any device.</p><a href='/register'>Register</a></section>")),
    Probe("en-forum-logged-in-attachment", "free", "a forum thread hiding attachments from guests",
          '<!DOCTYPE html><html><head><title>Harbour crane noise at night - Coastline Forum</title></head><body>'
          '<div id="wrap"><div class="topic"><h2 class="topic-title">Harbour crane noise at night</h2>'
          + "".join(f'<div class="post" id="p{i}"><div class="postbody"><p class="author">by user{i}</p>'
                    f'<div class="content">{para("en", 120, i)}</div>'
                    + ('<dl class="attachbox"><dt>Attachments</dt><dd>You must be logged in to view this'
                       " attachment.</dd></dl>" if i == 1 else "") + "</div></div>" for i in range(5))
          + '<p class="jumpbox">Log in or register to reply to this topic.</p></div></div></body></html>',
          url="https://forum.example.org/viewtopic.php?t=3312"),
    Probe("en-forum-logged-in-link", "free", "a forum post hiding a link from guests",
          '<!DOCTYPE html><html><head><title>Best route to the old harbour? | Travel Forum</title></head><body>'
          '<div class="thread">' + "".join(
              f'<article class="message"><div class="message-body">{para("en", 130, i)}'
              + ("<p>Here is the map: <span class='hidden-link'>You must be logged in to see this link.</span></p>"
                 if i == 0 else "") + "</div></article>" for i in range(4))
          + '<div class="reply-box"><p>You must log in or register to reply here.</p></div></div></body></html>',
          url="https://forum.example.org/threads/best-route-to-the-old-harbour.9981/"),
    Probe("en-tutorial-code-snippet", "free", "a tutorial showing a wall's markup in code",
          wp(para("en", 500) + "<pre><code>&lt;div class=\"regwall\"&gt;\n  &lt;h3&gt;Register to continue"
             " reading&lt;/h3&gt;\n  &lt;a href=\"/register\"&gt;Sign up free&lt;/a&gt;\n&lt;/div&gt;</code></pre>"
             + para("en", 200, 7), title="How to build a registration wall in WordPress")),
    Probe("en-ux-article-list-of-wordings", "free", "an article listing wall wordings as examples",
          wp(para("en", 400) + "<p>The wordings we tested:</p><ul><li>Register to continue reading</li><li>Sign up"
             " for free to read the rest of this story</li><li>Create a free account to keep reading</li></ul>"
             + para("en", 300, 5), title="Which registration wall copy works best?")),
    Probe("en-ux-subheading-wall", "free", "a subheading naming a wall in an article about walls",
          wp(para("en", 300) + "<h2>Log in to keep reading: the rise of the registration wall</h2>"
             + para("en", 400, 3), title="Why publishers want your e-mail address")),
    Probe("en-related-cards-registered-only", "free", "other stories' cards badged for registered users",
          free_story(related([("Available to registered users", "Port strike talks resume"),
                              ("Free", "New ferry timetable"), ("Available to registered users",
                                                                 "Council budget explained")]), where="after")),
    Probe("en-keep-reading-next-story-signup", "free", "a 'Keep reading' box with the next story and a sign-up",
          free_story('<div class="read-next"><h3>Keep reading</h3><a href="/2026/11/29/how-the-harbour-was-built">'
                     "Next: How the harbour was built</a><p>Get stories like this in your inbox every Friday.</p>"
                     "<a class='btn' href='/register'>Sign up</a></div>", where="after")),
    Probe("en-recipe-save", "free", "a recipe with a free sign-up to save recipes",
          wp('<div class="wprm-recipe"><h2>Harbour fish stew</h2><p>Sign up for free to save recipes and build'
             " your meal plan.</p><a href='/register'>Sign up</a><h3>Ingredients</h3><ul><li>500 g white fish"
             "</li><li>2 onions</li></ul><h3>Instructions</h3>" + para("en", 500) + "</div>",
             title="Harbour fish stew")),
    Probe("en-app-keep-reading-offline", "free", "an app promo",
          free_story('<div class="app-promo"><p>Download the app to keep reading offline.</p><a href="/app">'
                     "Get the app</a></div>")),
    Probe("en-donation-become-member", "free", "a donation appeal",
          free_story('<div class="contribution-epic"><h3>Become a member to support our journalism — it\'s free to'
                     " read</h3><p>We keep every story free for everyone.</p><a href='/join'>Become a member</a></div>",
                     where="end")),
    Probe("en-substack-free-post", "free", "a Substack free post",
          '<!DOCTYPE html><html><head><title>Notes on the harbour - by A. Writer</title><meta property="og:type"'
          ' content="article">' + ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline":
                                      "Notes on the harbour", "isAccessibleForFree": True}) + '</head><body>'
          '<div class="post-header"><h1 class="post-title">Notes on the harbour</h1></div><div class="available-content">'
          '<div class="body markup">' + para("en", 700) + '</div></div><div class="subscription-widget-wrap"><div'
          ' class="subscription-widget"><p>Subscribe for free to receive new posts and support my work.</p><form'
          ' class="form"><input type="email" placeholder="Type your email..."><button>Subscribe</button></form></div>'
          '</div><div class="post-footer"><p>Already have an account? <a href="/sign-in">Sign in</a></p></div>'
          '<script>window._preloads = {"post":{"audience":"everyone","wordcount":700}}</script></body></html>',
          url="https://awriter.substack.com/p/notes-on-the-harbour"),
    Probe("en-ghost-free-post", "free", "a Ghost free post with portal sign-up boxes",
          '<!DOCTYPE html><html><head><title>Notes on the harbour</title><meta property="og:type" content="article">'
          '</head><body class="post-template"><main class="site-main"><article class="article post">'
          '<header class="article-header"><h1>Notes on the harbour</h1></header><section class="gh-content">'
          + para("en", 650) + '</section></article><section class="footer-cta"><h3>Sign up for more like this.</h3>'
          '<a href="#/portal/signup" data-portal="signup">Enter your email</a><a href="#/portal/signin">Subscribe</a>'
          '</section></main></body></html>', url="https://harbournotes.ghost.io/notes-on-the-harbour/"),
    Probe("en-medium-free-story", "free", "a Medium free story with its sign-up banners",
          story(site="Medium", title="What the harbour taught me", article=whole(), after=(
              '<div class="ab"><h2>Sign up to discover human stories that deepen your understanding of the world.'
              "</h2><a href='/m/signin?operation=register'>Sign up for free</a></div>" + related(
                  [("Member-only story", "Ten lessons from shipping"), ("Member-only story", "On cranes")],
                  "More from A. Writer"))),
          url="https://medium.com/@awriter/what-the-harbour-taught-me-8d1e2f"),
]

# ----------------------------------------------------------------------------- free pages (other languages)

FREE_LOCAL = [
    Probe("de-kommentare-lesen", "free", "de: register to read the comments",
          free_story("<div class='kommentare'><p>Registrieren Sie sich kostenlos, um alle Kommentare zu lesen und"
                     " mitzudiskutieren.</p><a href='/registrierung'>Registrieren</a></div>", lang="de",
                     where="after")),
    Probe("de-epaper-lesen", "free", "de: register to read the e-paper",
          free_story("<aside class='epaper-teaser'><p>Registrieren Sie sich jetzt kostenlos und lesen Sie unser"
                     " E-Paper am Sonntag.</p><a href='/registrierung'>Jetzt registrieren</a></aside>", lang="de",
                     where="after")),
    Probe("fr-lire-gratuitement-journal", "free", "fr: an account to read the e-paper for free",
          free_story("<aside class='promo-journal'><p>Créez votre compte pour lire gratuitement le journal du"
                     " dimanche en version numérique.</p><a href='/inscription'>Créer un compte</a></aside>",
                     lang="fr", where="after")),
    Probe("fr-related-inscrits", "free", "fr: other stories' cards badged for registered readers",
          free_story(related([("Article réservé aux inscrits", "La grève du port continue"),
                              ("Article réservé aux inscrits", "Le budget expliqué")], "À lire aussi"),
                     lang="fr", where="after")),
    Probe("es-related-registrados", "free", "es: other stories' cards badged for registered readers",
          free_story(related([("Contenido exclusivo para registrados", "La huelga del puerto"),
                              ("Contenido exclusivo para registrados", "El presupuesto")], "Más noticias"),
                     lang="es", where="after")),
    Probe("it-salva-articolo-riservata", "free", "it: saving articles is for registered users",
          free_story("<div class='salva'><p>La funzione salva articolo è riservata agli utenti registrati.</p>"
                     "<a href='/registrazione'>Registrati</a></div>", lang="it")),
    Probe("it-leggere-tutto-giornale", "free", "it: register to read the digital paper",
          free_story("<aside class='edicola'><p>Registrati per leggere tutto il giornale digitale in anteprima.</p>"
                     "<a href='/registrazione'>Registrati</a></aside>", lang="it", where="after")),
    Probe("nl-registreer-krant", "free", "nl: register to read the digital paper",
          free_story("<aside class='krant-promo'><p>Registreer je gratis en lees de zaterdagkrant digitaal.</p>"
                     "<a href='/registreren'>Registreren</a></aside>", lang="nl", where="after")),
    Probe("pt-ler-mais-tarde", "free", "pt: sign up to read later",
          free_story("<div class='salvar'><p>Cadastre-se para ler mais tarde e salvar suas matérias favoritas.</p>"
                     "<a href='/cadastro'>Cadastre-se</a></div>", lang="pt")),
    Probe("pl-komentarz-przeczytac", "free", "pl: log in to read a hidden comment",
          free_story("<section class='komentarze'><p>Zaloguj się, aby przeczytać ten komentarz.</p><a"
                     " href='/logowanie'>Zaloguj się</a></section>", lang="pl", where="after")),
    Probe("ja-save-follow", "free", "ja: a free sign-up for saving and following",
          free_story("<div class='kaiin-promo'><p>無料会員登録で、記事の保存や記者のフォローができます。</p><a"
                     " href='/register'>無料会員登録</a></div>", lang="ja", where="end")),
    Probe("ja-comments-tsuzuki", "free", "ja: the rest of the comments for members",
          free_story("<section class='comments'><p>コメントの続きは無料会員登録でご覧いただけます。</p><a"
                     " href='/register'>無料会員登録</a></section>", lang="ja", where="after")),
]

# ----------------------------------------------------------------------------- real walls (controls)

WALLS = [
    Probe("en-postmedia-reading-experience", "registration", "Postmedia's 'continue with your reading experience'",
          story(article=whole(), after=(
              '<div class="regwall-modal" role="dialog" aria-modal="true"><h2>Create an account or sign in to'
              " continue with your reading experience.</h2><ul><li>Access articles from across Canada with one"
              " account.</li><li>Share your thoughts and join the conversation in the comments.</li></ul><a"
              " href='/register'>Create an account</a> <a href='/signin'>Sign in</a></div>"))),
    Probe("en-sign-in-or-create-free-continue", "registration", "a cut lead under 'sign in or create a free account'",
          story(article=f'<div class="article-body">{para("en", 180)}</div>' + (
              "<div class='article-wall'><h3>This article is free to read with an account</h3><p>Sign in or create"
              " a free account to continue.</p><a href='/register'>Create free account</a> <a href='/signin'>Sign"
              " in</a></div>"))),
    Probe("en-wp-members-restricted", "registration", "WP-Members' blocked-content message",
          wp(para("en", 120) + '<div id="wpmem_restricted_msg"><p>This content is restricted to site members. If'
             " you are an existing user, please log in. New users may register below.</p></div><div"
             " id=\"wpmem_reg\"><form><legend>New User Registration</legend><input name='user_email'></form></div>")),
    Probe("ja-asahi-kaiin-kiji", "registration", "ja: a members' article, free sign-up for the rest",
          story(lang="ja", article=f'<div class="article-body">{para("ja", 200)}</div>' + (
              "<div class='member-box'><p>この記事は会員記事です。無料会員登録で全文をお読みいただけます。</p><a"
              " href='/register'>無料会員登録</a> <a href='/login'>ログイン</a></div>"))),
]



def div_cards(badge: str) -> str:
    """Cards of other stories as linked blocks, each badge inside its story's link."""
    return ('<section class="more"><h3>More from the Ledger</h3>' + "".join(
        f'<div class="card"><a href="/2026/11/{i}/story-{i}"><span class="label">{badge}</span><h4>Story {i}'
        " about the port</h4></a></div>" for i in range(3)) + "</section>")


# round 2: asks for more stories (not this one), saved articles, an archive, cards as linked blocks,
# a 'Keep reading' box holding the next story or an app's buttons
ROUND2 = [
    Probe("r2-more-stories-like-this", "free", "register to read more stories like this one",
          free_story("<div class='promo'><p>Enjoying this article? Register for free to read more stories like"
                     " this.</p><a href='/register'>Register</a></div>", where="end")),
    Probe("r2-gift-article-read-more", "free", "a gifted article's banner asks to register to read more articles",
          story(article="<div class='gift-banner'><p>This article was gifted to you by a subscriber. Register for"
                        " free to read more articles from the Ledger.</p><a href='/register'>Register</a></div>"
                        + whole())),
    Probe("r2-de-mehr-artikel", "free", "de: register to read more articles like this one",
          free_story("<div class='promo'><p>Registrieren Sie sich kostenlos, um mehr Artikel wie diesen zu lesen.</p>"
                     "<a href='/registrierung'>Registrieren</a></div>", lang="de", where="end")),
    Probe("r2-es-boletin-correo", "free", "es: register to get the day's story by mail",
          free_story("<div class='promo'><p>Regístrate gratis para leer la noticia del día en tu correo con nuestro"
                     " boletín.</p><a href='/registro'>Regístrate</a></div>", lang="es", where="end")),
    Probe("r2-saved-articles", "free", "an account to read one's saved articles",
          free_story("<div class='promo'><p>Create a free account to continue reading your saved articles on any"
                     " device.</p><a href='/register'>Create account</a></div>")),
    Probe("r2-story-archive", "free", "a login for the archive",
          free_story("<div class='archive-promo'><p>Log in to view the full story archive from 1890 to today.</p>"
                     "<a href='/login'>Log in</a></div>", where="end")),
    Probe("r2-fr-div-cards", "free", "fr: badges inside other stories' links",
          free_story(div_cards("Article réservé aux inscrits"), lang="fr", where="after")),
    Probe("r2-en-div-cards-paid", "free", "paid badges inside other stories' links",
          free_story(div_cards("Subscribe to read the full story"), where="after")),
    Probe("r2-app-banner-continue-reading", "free", "a fixed app banner headed 'Continue reading'",
          story(article=whole(), after="<div class='app-banner' style='position:fixed;bottom:0'><h3>Continue reading"
                                       "</h3><p>Get the app for the best experience.</p><a href='/app'>Open in app</a>"
                                       " <a href='/signup'>Sign up</a></div>")),
    Probe("r2-keep-reading-for-free-next-story", "free", "'Keep reading for free' over the next story's link",
          free_story("<section class='keep'><h3>Keep reading for free</h3><a href='/2026/11/29/harbour'>How the"
                     " harbour was built</a><a href='/register'>Create a free account</a></section>", where="after")),
    Probe("r2-wall-read-more-articles-overlay", "registration", "a meter's modal: register to read N more articles",
          story(article=whole(), after=overlay("<h3>You've read your free article this month.</h3><p>Register for"
                                               " free to read 3 more articles every month.</p><a href='/register'>"
                                               "Register</a>", "meter-modal"))),
]

# round 4: teasers of other stories in the text (a badge or an ask beside the other story's link)
ROUND4 = [
    Probe("r4-teaser-interview", "free", "a promo box: register to read another story (linked in the box)",
          free_story("<div class='promo'><h4>Exclusive interview</h4><p>Register for free to read the full interview"
                     " with the mayor.</p><a href='/2026/11/30/mayor-interview'>The mayor on the harbour</a> <a"
                     " href='/register'>Register</a></div>", where="end")),
    Probe("r4-fr-lire-aussi-badge", "free", "fr: 'Lire aussi' with the other story's badge beside its link",
          free_story("<p class='article__related'><span class='label'>Lire aussi</span> <span class='badge'>Article"
                     " réservé aux inscrits</span> <a href='/economie/article/2026/11/29/la-greve-du-port_6123.html'>"
                     "La grève du port continue</a></p>", lang="fr")),
    Probe("r4-es-lee-tambien", "free", "es: 'Lee también' with the other story's badge",
          free_story("<p class='relacionada'><strong>Lee también:</strong> <a href='/espana/2026-11-29/la-huelga-del"
                     "-puerto.html'>La huelga del puerto</a> <em>Contenido exclusivo para registrados</em></p>",
                     lang="es")),
    Probe("r4-wall-with-explainer-link", "registration", "a wall box with a 'Why register?' link",
          story(article=f'<div class="article-body">{para("en", 180)}</div>' + (
              "<div class='article-wall'><h3>Register for free to continue reading</h3><a href='/register'>Register"
              "</a> <a href='/help/why-register'>Why register?</a></div>"))),
]

# round 5: membership plugins restricting a part of a free post, an e-mail box for a weekly letter, an
# offer line for a readers' panel
ROUND5 = [
    Probe("r5-rcp-bonus-download", "free", "Restrict Content's box over a bonus download; the post goes on",
          wp(para("en", 700) + "<div class='rcp_restricted'><p>This bonus download is restricted to registered"
             " users. <a href='/register'>Register</a></p></div>" + para("en", 150, 9))),
    Probe("r5-pmpro-bonus-video", "free", "PMPro's box over a bonus video; the post goes on",
          wp(para("en", 600) + "<div class='pmpro_content_message'>This bonus video is for Free Membership members"
             " only. <a href='/membership-checkout/?level=1'>Register</a></div>" + para("en", 200, 9))),
    Probe("r5-keep-reading-weekly-email", "free", "'Keep reading for free' over a weekly letter's e-mail field",
          free_story("<div class='box'><h3>Keep reading for free</h3><p>Get our best stories every Sunday.</p><form>"
                     "<input type='email'><button>Sign up</button></form></div>", where="after")),
    Probe("r5-offer-readers-panel", "free", "'Free registration required' to join a readers' panel",
          story(article=whole(), after="<div class='offer-box'><h4>Free registration required</h4><p>Register to"
                                       " join our readers' panel and share your views on stories.</p><a"
                                       " href='/register'>Register</a></div>")),
]

PROBES = FREE_EN + FREE_LOCAL + WALLS + ROUND2 + ROUND4 + ROUND5
