"""Probes of the paywall classifier (round 7): registration walls as publishers write them, in nine
languages, each with its body cut (lead + wall) and delivered whole under an overlay, and the pages
that must stay ``free`` beside them (newsletter boxes, comment logins, account links in the site's
header and footer, save-article and app promos, cookie banners, an article about registering to
vote, a member appeal under a free story); a few soft and preview pages check nothing else moved.

The pages are written from how walls are marked up on the web, not taken from the labelled set.
Each probe says what it expects and why; they run through :func:`crawler.analysis.analyze.analyze`
(trafilatura's text included), as a capture does."""

from __future__ import annotations

import pytest

from crawler.analysis.analyze import analyze
from tests.paywall_probe_pages import HTML, WHOLE_WORDS, Probe, body, lead, overlay, story, whole
from tests.paywall_probe_rounds import R2, R3, R4, R5, R6, R7


# ----------------------------------------------------------------------------- registration walls (English)

REG_EN = [
    Probe("trade-register-to-continue-cut", "registration", "lead cut at a box asking only to register",
          story(site="Plant Engineering Weekly", article=lead() + (
              '<div class="paywall-container registration-required"><div class="wall__inner">'
              "<h3>Register to continue reading</h3><p>Registered users get free access to our news, analysis"
              " and the daily briefing.</p><a class='btn btn-primary' href='/user/register'>Register for free</a>"
              "<p>Already registered? <a href='/user/login'>Log in</a></p></div></div>"))),
    Probe("magazine-free-account-keep-reading-overlay", "registration", "whole body under a free-account modal",
          story(site="Outdoor Living Magazine", article=whole(cls="article-body is-gated"), after=overlay(
              "<h2>Create a free account to keep reading</h2><p>Enjoy more stories, save your favourites and get"
              " our weekly picks.</p><form action='/account/signup'><input type='email' placeholder='Email address'>"
              "<button type='submit'>Continue</button></form><p>Already have an account? <a href='/signin'>Sign"
              " in</a></p>"))),
    Probe("signup-free-read-rest-cut", "registration", "lead cut; box asks to sign up for free to read the rest",
          story(site="The Midland Courier", article=lead() + (
              '<div class="article-gate"><p class="article-gate__title">Sign up for free to read the rest of this'
              " story</p><p>It only takes a minute. No credit card required.</p><a class='button' href='/signup'>"
              "Sign up free</a> <a href='/login'>Log in</a></div>"))),
    Probe("register-now-free-access-overlay", "registration", "whole body; overlay offers free access on registering",
          story(site="Network Computing Today", article=whole(), after=overlay(
              "<h2>Register now for free access to this article</h2><ul><li>Unlimited articles and analysis</li>"
              "<li>Our weekly newsletter</li></ul><a class='btn' href='/register'>Register</a>"
              "<p>Already a member? <a href='/login'>Sign in</a></p>", "registration-gate"))),
    Probe("read-your-free-article-register-more-overlay", "registration", "meter message asking for a free account",
          story(site="Valley Herald", article=whole(), after=overlay(
              "<h3>You've read your free article this month.</h3><p>Register for free to read 3 more articles"
              " every month.</p><a class='btn' href='/register'>Register for free</a><p>Already registered?"
              " <a href='/login'>Log in</a></p>", "meter-modal"))),
    Probe("law-free-registration-required-cut", "registration", "lead cut; 'free registration required' box",
          story(site="Bench & Bar Report", title="Appeals court narrows liability rule", article=lead() + (
              '<div class="paywall-login"><h3>Free registration required</h3><p>Please register or log in to'
              " read this article.</p><a class='btn' href='/account/register'>Register</a> <a class='btn'"
              " href='/account/login'>Log in</a></div>"))),
    Probe("unlock-by-registering-cut", "registration", "lead cut; unlock-by-registering box",
          story(site="Fleet Operator News", article=lead() + (
              '<aside class="content-lock"><h4>Unlock this article</h4><p>Unlock this article by registering for a'
              " free account.</p><a href='/register' class='btn'>Register</a><p>Already registered? <a"
              " href='/login'>Log in</a></p></aside>"))),
    Probe("nyt-create-free-account-overlay", "registration", "whole body in meteredContent; gateway asks free account",
          story(site="The New York Times", declared={"isAccessibleForFree": False, "hasPart": {
              "@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".meteredContent"}},
              article=('<section name="articleBody" class="meteredContent css-53u6y8">'
                       + body("en", WHOLE_WORDS) + "</section>"),
              after=('<div id="gateway-content" class="css-1mnl8ql"><div class="css-10xbhp3">'
                     "<h2 class='css-1rsye0x'>Create your free account or log in to continue reading.</h2>"
                     "<button>Continue with Google</button><button>Continue with Facebook</button>"
                     "<button>Continue with Apple</button><p>or</p><form><label>Email Address</label>"
                     "<input type='email'><button type='submit'>Continue</button></form></div></div>"))),
    Probe("economist-continue-with-free-account-cut", "registration", "lead cut; box offers a free account",
          story(site="The Economist", title="The harbour economy", article=lead() + (
              '<section data-test-id="regwall" class="css-2kl1z5"><h3>Continue reading with a free account</h3>'
              "<p>Get access to a limited number of articles each month, plus our newsletters.</p>"
              "<a href='/api/auth/login?register=true'>Register for free</a><p>Already have an account?"
              " <a href='/api/auth/login'>Log in</a></p></section>"))),
    Probe("linkedin-authwall-post", "registration", "post delivered; authwall asks to sign in or join (free)",
          story(site="LinkedIn", title="What we learned shipping the harbour app", article=lead(words=220),
                header='<header class="nav"><a href="/">LinkedIn</a><a href="/signup">Join now</a>'
                       '<a href="/login">Sign in</a></header>',
                after=('<div class="authwall-join-form" data-tracking="authwall"><h2 class="authwall-join-form__title">'
                       "Sign in to view more content</h2><p>Create your free account or sign in to continue your"
                       " search</p><a class='btn-primary' href='/login'>Sign in</a><p>or</p><a href='/signup'>Join"
                       " now</a><p>By clicking Continue to join or sign in, you agree to LinkedIn's User"
                       " Agreement.</p></div>")),
          url="https://www.linkedin.com/pulse/what-we-learned-shipping-harbour-app-a-writer"),
    Probe("medium-create-account-full-story-cut", "registration", "member story cut; asks to create an account",
          story(site="Medium", title="Why our harbour app failed", article=lead() + (
              '<div class="ab ca"><h2 class="pw-post-title">Create an account to read the full story.</h2>'
              "<p>The author made this story available to Medium members only.</p><p>If you're new to Medium,"
              " create a new account to read this story on us.</p><a href='/m/signin'>Continue in app</a>"
              "<p>Or, continue in mobile web</p><a href='/m/connect/google'>Sign up with Google</a>"
              "<a href='/m/signin?operation=register'>Sign up with Facebook</a><p>Already have an account?"
              " <a href='/m/signin'>Sign in</a></p></div>")),
          url="https://medium.com/@awriter/why-our-harbour-app-failed-3f2a1b"),
]


def local_header(site: str, login: str, register: str) -> str:
    return (f'<header class="site-header"><a href="/">{site}</a><nav><a href="/politik">Politik</a>'
            f'<a href="/wirtschaft">Wirtschaft</a></nav><a href="/login">{login}</a>'
            f'<a href="/register">{register}</a></header>')


# (lang, site, header login, header register, cut wall, overlay wall)
_REG_LOCAL = [
    ("de", "Neue Tageszeitung", "Anmelden", "Registrieren",
     '<div class="article-wall"><h3>Weiterlesen mit kostenloser Registrierung</h3><p>Registrieren Sie sich jetzt'
     " kostenlos und lesen Sie alle Artikel auf ntz.de.</p><a class='btn' href='/registrierung'>Kostenlos"
     " registrieren</a><p>Sie haben bereits ein Konto? <a href='/login'>Anmelden</a></p></div>",
     "<h2>Registrieren Sie sich kostenlos und lesen Sie diesen Artikel gratis.</h2><p>Mit Ihrem kostenlosen"
     " Konto erhalten Sie Zugang zu ausgewählten Artikeln.</p><a class='btn' href='/registrierung'>Jetzt"
     " registrieren</a><p>Bereits registriert? <a href='/login'>Anmelden</a></p>"),
    ("fr", "Le Quotidien du Sud", "Se connecter", "S'inscrire",
     '<div class="article-restricted"><p class="title">Article réservé aux inscrits</p><p>Créez un compte gratuit'
     " pour lire la suite de cet article.</p><a class='btn' href='/inscription'>Je crée mon compte</a><p>Déjà"
     " inscrit ? <a href='/connexion'>Se connecter</a></p></div>",
     "<h2>Inscrivez-vous gratuitement pour continuer à lire cet article</h2><p>Accès gratuit, sans engagement."
     "</p><a class='btn' href='/inscription'>S'inscrire gratuitement</a><p>Déjà un compte ? <a"
     " href='/connexion'>Se connecter</a></p>"),
    ("es", "Diario del Norte", "Iniciar sesión", "Regístrate",
     '<div class="bloqueo-registro"><h3>Este contenido es exclusivo para usuarios registrados</h3><p>Regístrate'
     " gratis y accede a todas las noticias.</p><a class='boton' href='/registro'>Regístrate gratis</a><p>¿Ya"
     " tienes cuenta? <a href='/acceso'>Inicia sesión</a></p></div>",
     "<h2>Has alcanzado el límite de artículos gratuitos</h2><p>Regístrate gratis para seguir leyendo.</p><a"
     " class='boton' href='/registro'>Crear cuenta gratuita</a><p>¿Ya estás registrado? <a href='/acceso'>Inicia"
     " sesión</a></p>"),
    ("it", "Gazzetta della Valle", "Accedi", "Registrati",
     '<div class="paywall-registrazione"><p>Per continuare a leggere questo articolo registrati gratis.</p><a'
     " class='btn' href='/registrazione'>Registrati gratis</a><p>Sei già registrato? <a href='/login'>Accedi</a>"
     "</p></div>",
     "<h2>Contenuto riservato agli utenti registrati</h2><p>Accedi o registrati gratuitamente per continuare"
     " a leggere.</p><a class='btn' href='/registrazione'>Registrati</a><a href='/login'>Accedi</a>"),
    ("nl", "Het Dagblad van het Oosten", "Inloggen", "Registreren",
     '<div class="artikel-muur"><h3>Maak een gratis account aan en lees dit artikel verder</h3><p>Gratis en'
     " zonder verplichtingen.</p><a class='knop' href='/registreren'>Gratis account aanmaken</a><p>Heb je al"
     " een account? <a href='/inloggen'>Inloggen</a></p></div>",
     "<h2>Registreer gratis en lees verder</h2><p>Met een gratis account lees je elke maand vijf"
     " artikelen.</p><a class='knop' href='/registreren'>Registreren</a><p>Al geregistreerd? <a"
     " href='/inloggen'>Log in</a></p>"),
    ("pt", "Jornal do Litoral", "Entrar", "Cadastre-se",
     '<div class="barreira-cadastro"><h3>Cadastre-se grátis para continuar lendo</h3><p>Tenha acesso a'
     " reportagens exclusivas e newsletters.</p><a class='botao' href='/cadastro'>Cadastre-se grátis</a><p>Já"
     " tem cadastro? <a href='/entrar'>Entrar</a></p></div>",
     "<h2>Este conteúdo é exclusivo para cadastrados</h2><p>Faça seu cadastro gratuito e continue lendo.</p><a"
     " class='botao' href='/cadastro'>Cadastrar grátis</a><p>Já é cadastrado? <a href='/entrar'>Entrar</a></p>"),
    ("ja", "東洋経済ウィークリー", "ログイン", "会員登録",
     '<div class="member-only-box"><p>続きを読むには無料会員登録が必要です</p><p>会員登録（無料）で全ての記事を'
     "お読みいただけます。</p><a class='btn' href='/register'>無料会員登録</a><p>会員の方は<a"
     " href='/login'>ログイン</a></p></div>",
     "<p>この記事は無料会員限定です。無料会員登録で続きをお読みいただけます。</p><a class='btn'"
     " href='/register'>無料会員登録はこちら</a><p>すでに会員の方は<a href='/login'>ログイン</a></p>"),
    ("pl", "Gazeta Pomorska Dziś", "Zaloguj się", "Zarejestruj się",
     '<div class="paywall-rejestracja"><h3>Zaloguj się lub załóż darmowe konto, aby przeczytać cały artykuł</h3>'
     "<a class='btn' href='/rejestracja'>Załóż konto</a><a href='/logowanie'>Zaloguj się</a></div>",
     "<h2>Ten artykuł jest dostępny tylko dla zarejestrowanych użytkowników</h2><p>Zarejestruj się za darmo i"
     " czytaj dalej.</p><a class='btn' href='/rejestracja'>Zarejestruj się</a><p>Masz już konto? <a"
     " href='/logowanie'>Zaloguj się</a></p>"),
]

REG_LOCAL = [
    p for lang, site, login, register, cut, over in _REG_LOCAL for p in (
        Probe(f"{lang}-registration-cut", "registration", f"{lang}: lead cut at a free-registration box",
              story(lang=lang, site=site, title="Hafenplan" if lang == "de" else "Harbour",
                    header=local_header(site, login, register), footer="<footer class='site-footer'>&copy; 2026</footer>",
                    article=lead(lang) + cut)),
        Probe(f"{lang}-registration-overlay", "registration", f"{lang}: whole body under a free-registration overlay",
              story(lang=lang, site=site, title="Hafenplan" if lang == "de" else "Harbour",
                    header=local_header(site, login, register), footer="<footer class='site-footer'>&copy; 2026</footer>",
                    article=whole(lang), after=overlay(over, "reg-layer"))),
    )
]


# ----------------------------------------------------------------------------- what must stay free

NEWSLETTER = ('<div class="newsletter-signup"><h3>Sign up for our free newsletter</h3><p>Get the day\'s top'
              " stories in your inbox every morning.</p><form action='/newsletters/subscribe'><input type='email'"
              " placeholder='Your email'><button>Sign up</button></form><p class='small'>By signing up you agree to"
              " our privacy policy.</p></div>")
COMMENTS = ('<section id="comments" class="comments"><h2>Comments</h2><p>You must be logged in to post a comment.'
            "</p><p><a href='/login'>Log in to comment</a> or <a href='/register'>register</a> to join the"
            " conversation.</p></section>")
SAVE_PROMO = ('<aside class="account-promo"><h4>Create a free account to save articles</h4><p>Follow topics,'
              " save stories for later and manage your newsletters.</p><a href='/register'>Create free"
              " account</a></aside>")
APP_PROMO = ('<div class="podcast-promo"><h4>Listen to The Morning Ledger</h4><p>Sign up for free in our app to'
             " get new episodes every weekday.</p><a href='/app'>Download the app</a></div>")
COOKIES = ('<div id="cookie-banner" class="cookie-consent" role="dialog" aria-modal="true" style="position:fixed;'
           'bottom:0"><p>We use cookies to improve your experience and to show you personalised ads. You can'
           " change your choices at any time.</p><button>Accept all</button><button>Manage settings</button></div>")
MEMBER_APPEAL = ('<div class="member-appeal"><h3>Before you go</h3><p>Our journalism is free to read for everyone,'
                 " because readers like you support it. Become a member today and keep it that way.</p><a"
                 " class='btn' href='/join'>Become a member</a> <a href='/donate'>Make a one-time gift</a></div>")
HIDDEN_REGWALL = ('<div class="reg-wall-container" style="display:none" data-template="regwall"><h2>Register to'
                  " continue reading</h2><a href='/register'>Create a free account</a></div>")
VOTE_ARTICLE = (
    '<div class="article-body">'
    + body("en", 250, seed=3)
    + "<p>Voters must register to vote at least 15 days before the election. Residents can register online on the"
      " secretary of state's website; it is free and takes a few minutes.</p><h3>How to register</h3>"
      "<p>Register now, it takes five minutes, officials urged at a news conference on Monday, adding that"
      " anyone who has moved since the last election needs to register again to keep voting.</p>"
    + body("en", 250, seed=7) + "</div>")
EVENT_ARTICLE = (
    '<div class="article-body">' + body("en", 300, seed=5)
    + "<p>The expo runs from 3 to 5 March. Register now for free access to the exhibition floor and the keynote"
      " sessions; conference passes cost extra.</p>" + body("en", 200, seed=9) + "</div>")

FREE = [
    Probe("newsletter-box-in-free-story", "free", "a newsletter sign-up box gates nothing",
          story(article=whole(words=500)[:-6] + NEWSLETTER + body("en", 200, 4) + "</div>")),
    Probe("comment-login-under-free-story", "free", "login asked for comments only", story(article=whole(), after=COMMENTS)),
    Probe("header-and-footer-account-links", "free", "site-wide Register / Log in links are chrome",
          story(article=whole(),
                header='<header class="site-header"><a href="/">The Ledger</a><a href="/register">Create a free'
                       ' account</a><a href="/login">Already registered? Log in</a></header>')),
    Probe("save-articles-promo", "free", "a free account offered for saving articles, not for reading",
          story(article=whole(), after=SAVE_PROMO)),
    Probe("podcast-app-signup-promo", "free", "app / podcast sign-up promo", story(article=whole()[:-6] + APP_PROMO + "</div>")),
    Probe("cookie-banner", "free", "cookie consent dialog is no wall", story(article=whole(), after=COOKIES)),
    Probe("article-about-registering-to-vote", "free", "the article is about registration",
          story(title="How to register to vote before the deadline", article=VOTE_ARTICLE)),
    Probe("event-registration-in-story", "free", "registering for an event, not for the article",
          story(title="Logistics expo returns to the harbour", article=EVENT_ARTICLE)),
    Probe("member-appeal-after-free-story", "free", "donation-funded story with a membership appeal",
          story(site="The Harbour Tribune", article=whole(), after=MEMBER_APPEAL,
                declared={"isAccessibleForFree": True})),
    Probe("dormant-regwall-template", "free", "hidden regwall template waiting for a script",
          story(article=whole(), after=HIDDEN_REGWALL)),
    Probe("de-newsletter-and-comments", "free", "de: newsletter + comment login, nothing gates the story",
          story(lang="de", site="Neue Tageszeitung", header=local_header("Neue Tageszeitung", "Anmelden", "Registrieren"),
                article=whole("de"), after=(
                    "<div class='newsletter'><h3>Jetzt kostenlos für unseren Newsletter registrieren</h3><form>"
                    "<input type='email'><button>Anmelden</button></form></div><div class='kommentare'><p>Bitte"
                    " melden Sie sich an, um zu kommentieren. <a href='/registrierung'>Kostenlos registrieren</a>"
                    "</p></div>"))),
    Probe("fr-newsletter-and-account-promo", "free", "fr: newsletter sign-up and account promo only",
          story(lang="fr", site="Le Quotidien du Sud", header=local_header("Le Quotidien du Sud", "Se connecter", "S'inscrire"),
                article=whole("fr"), after=(
                    "<div class='newsletter'><p>Inscrivez-vous gratuitement à notre newsletter</p><form><input"
                    " type='email'><button>Je m'inscris</button></form></div><aside class='promo-compte'><p>Créez un"
                    " compte gratuit pour sauvegarder vos articles et suivre vos sujets préférés.</p></aside>"))),
    Probe("es-comment-registration", "free", "es: registration asked to comment",
          story(lang="es", site="Diario del Norte", header=local_header("Diario del Norte", "Iniciar sesión", "Regístrate"),
                article=whole("es"), after=("<div class='comentarios'><p>Regístrate para comentar. ¿Ya tienes"
                                            " cuenta? <a href='/acceso'>Inicia sesión</a></p></div>"))),
]


# ----------------------------------------------------------------------------- paid walls: nothing may move

NOT_FREE = {"isAccessibleForFree": False,
            "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"}}
PAID = [
    Probe("soft-declared-paywall-class-overlay", "soft", "declared not free; whole body in .paywall; paid overlay",
          story(declared=NOT_FREE, article=whole(cls="paywall"), after=overlay(
              "<h2>Subscribe to continue reading</h2><p>Get unlimited digital access for $1 a week.</p><a"
              " class='btn' href='/subscribe'>Subscribe now</a><p>Already a subscriber? <a href='/login'>Log in</a>"
              "</p>", "paywall-overlay"))),
    Probe("soft-declared-no-wall-markup", "soft", "declared not free; whole body; the wall comes from a script",
          story(declared={"isAccessibleForFree": False, "wordCount": WHOLE_WORDS}, article=whole(),
                head='<script src="https://cdn.tinypass.com/api/tinypass.min.js"></script>')),
    Probe("soft-overlay-paid-whole-body", "soft", "no declaration; whole 700-word story under a subscribe modal",
          story(article=whole(), after=overlay(
              "<h2>Subscribe to keep reading</h2><p>Unlimited access to all our journalism. Cancel anytime.</p>"
              "<a class='btn' href='/subscribe'>See subscription options</a><p>Already a subscriber? <a"
              " href='/login'>Sign in</a></p>", "subscriber-modal"))),
    Probe("de-soft-overlay-plus", "soft", "de: declared not free; whole body; SZ-style overlay",
          story(lang="de", site="Süddeutsche Zeitung", declared={"isAccessibleForFree": False, "wordCount": WHOLE_WORDS},
                article=whole("de"), after=overlay(
                    "<p>Jetzt weiterlesen mit SZ Plus</p><a href='/abo'>Jetzt testen</a><p>Bereits Abonnent?"
                    " <a href='/login'>Anmelden</a></p>", "sz-paywall-layer"))),
    Probe("preview-subscribe-box-cut", "preview", "lead cut at an inline subscribe box",
          story(declared={"isAccessibleForFree": False}, article=lead(words=230) + (
              '<div class="paywall-prompt"><h3>Subscribe to continue reading</h3><p>Already a subscriber? <a'
              " href='/login'>Log in</a></p><a class='btn' href='/subscribe'>Subscribe</a></div>"))),
    Probe("fr-preview-reserve-abonnes", "preview", "fr: lead cut, 'réservée aux abonnés'",
          story(lang="fr", site="Le Quotidien du Sud", declared={"isAccessibleForFree": False}, article=lead("fr", 230) + (
              "<div class='article-paywall'><p>La suite de cet article est réservée à nos abonnés.</p><a"
              " href='/abonnement'>Je m'abonne</a><p>Déjà abonné ? <a href='/connexion'>Se connecter</a></p></div>"))),
    Probe("hard-teaser-only", "hard", "a teaser line and a subscribe wall",
          story(declared={"isAccessibleForFree": False}, article=(
              "<p class='standfirst'>Officials said the plan faces another delay.</p><div class='paywall-prompt'>"
              "<h3>Subscribe to continue reading</h3><a class='btn' href='/subscribe'>Subscribe</a></div>"))),
    Probe("paid-wall-with-register-link", "preview", "subscription wall that also shows a register link is paid",
          story(declared={"isAccessibleForFree": False}, article=lead(words=230) + (
              '<div class="paywall-prompt"><h3>Subscribe now to continue reading</h3><p>Start your trial for $1.'
              "</p><a href='/subscribe'>Subscribe</a><p>Already registered? <a href='/login'>Log in</a> or <a"
              " href='/register'>create an account</a></p></div>"))),
]

EVENT_BOX = ('<div class="event-box"><h4>Webinar: Harbour logistics after the reform</h4><p>Thursday, 11 December,'
             " 2 pm GMT. Free registration required.</p><a href='https://events.example.com/register'>Register"
             "</a></div>")
MEDIUM_FOOTER = ('<div class="signup-promo"><h2>Sign up to discover human stories that deepen your understanding'
                 " of the world.</h2><p>Free</p><p>Distraction-free reading. No ads.</p><a href='/m/signin?"
                 "operation=register'>Sign up for free</a></div>")
MORE = [
    Probe("paid-wall-log-in-to-continue-reading", "preview", "a subscriber's login line under a subscribe wall",
          story(declared={"isAccessibleForFree": False}, article=lead(words=230) + (
              '<div class="paywall-prompt"><h3>Subscribe to continue reading</h3><a class="btn" href="/subscribe">'
              "See offers</a><p class='login'>Already a subscriber? Log in to continue reading.</p></div>"))),
    Probe("event-box-free-registration-required", "free", "registration for a webinar, inside a free story",
          story(article=whole()[:-6] + EVENT_BOX + "</div>")),
    Probe("medium-free-story-signup-footer", "free", "Medium's sign-up promo under a whole free story",
          story(site="Medium", title="Notes on harbour apps", article=whole(), after=MEDIUM_FOOTER),
          url="https://medium.com/@awriter/notes-on-harbour-apps-9d8e7f"),
]

SIDEBAR_OFFER = ('<aside class="sidebar-promo"><h4>Enjoy 5 free articles every month</h4><p>Register today to'
                 " read more local news.</p><a href='/register'>Register</a></aside>")
SAVE_LATER = ('<div class="article-tools"><a href="/login?next=save">Sign in to read this article later</a>'
              '<a href="/share">Share</a></div>')
MORE += [
    Probe("sidebar-free-articles-offer", "free", "a meter offer in a sidebar promo, nothing gates the story",
          story(article=whole(), after=SIDEBAR_OFFER)),
    Probe("sign-in-to-read-later", "free", "a save-for-later login link on a free story",
          story(article=SAVE_LATER + whole())),
]

PROBES = [*REG_EN, *REG_LOCAL, *FREE, *PAID, *MORE, *R2, *R3, *R4, *R5, *R6, *R7]


@pytest.fixture(scope="module")
def verdicts() -> dict[str, object]:
    return {p.name: analyze(p.html.encode("utf-8"), url=p.url, status=200, headers=HTML).verdict for p in PROBES}


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
def test_probe(probe: Probe, verdicts: dict) -> None:
    v = verdicts[probe.name]
    assert v.status == probe.expected, (probe.why, [e.as_dict() for e in v.evidence])


# ----------------------------------------------------------------------------- the rules the probes led to, each beside its counter-case


def status(html: str) -> str:
    return analyze(html.encode("utf-8"), url=Probe("x", "", "", "").url, status=200, headers=HTML).verdict.status


OFFER = ("<h4>Free registration required</h4><p>It takes a minute and opens every story. No card needed.</p>"
         "<a href='/register'>Register</a>")


def test_an_offer_line_is_a_wall_only_in_a_wall_box_that_asks_for_an_account_and_no_payment() -> None:
    assert status(story(article=whole(), after=overlay(OFFER))) == "registration"
    assert status(story(article=lead() + f'<div class="meter-wall">{OFFER}</div>')) == "registration"
    assert status(story(article=whole(), after=f'<aside class="sidebar-promo">{OFFER}</aside>')) == "free"
    priced = OFFER.replace("No card needed.", "Then $1 a week.")
    assert status(story(article=whole(), after=overlay(priced))) != "registration"
    no_account = OFFER.replace("<a href='/register'>Register</a>", "<a href='/about'>About us</a>")
    assert status(story(article=whole(), after=overlay(no_account))) == "free"


def test_a_log_in_line_is_a_registration_wall_alone_and_a_subscribers_line_under_a_subscribe_wall() -> None:
    login = "<div class='wall'><p>Log in to continue reading.</p><a href='/login'>Log in</a></div>"
    assert status(story(article=lead() + login)) == "registration"
    paid = login.replace("<p>Log", "<h3>Subscribe to continue reading</h3><p>Already a subscriber? Log")
    assert status(story(article=lead() + paid)) == "preview"


PAID_BOX = ("<h2>Subscribe to keep reading</h2><a class='btn' href='/subscribe'>See subscription options</a>"
            "<p>Already a subscriber? <a href='/login'>Sign in</a></p>")


def test_a_paid_wall_drawn_over_a_whole_body_is_soft_and_the_same_box_in_the_flow_after_it_a_cut() -> None:
    assert status(story(article=whole(), after=overlay(PAID_BOX))) == "soft"
    assert status(story(article=whole() + f'<div class="wall">{PAID_BOX}</div>')) == "preview"
    # over a lead it is still a cut
    assert status(story(article=lead(), after=overlay(PAID_BOX))) == "preview"


def test_a_paid_wall_over_a_body_that_reaches_its_declared_word_count_is_soft() -> None:
    declared = {"wordCount": WHOLE_WORDS}
    inline = f'<div class="wall">{PAID_BOX}</div>'
    assert status(story(declared=declared, article=whole() + inline)) == "soft"
    assert status(story(declared=declared, article=lead() + inline)) == "preview"


def test_a_hidden_wall_marked_as_a_template_by_an_attribute_is_dormant() -> None:
    assert status(story(article=whole(), after=HIDDEN_REGWALL)) == "free"
    shown = HIDDEN_REGWALL.replace(' style="display:none"', "")
    assert status(story(article=whole(), after=shown)) == "registration"


QUOTING = ("<p>Since March, readers who reach the end of a story's first paragraphs see a box that says “Create a"
           " free account to keep reading.”</p><p>Another site tells them: 'Register to continue reading', and"
           " a third \"Sign up for free to read the rest of this story\".</p>")


def test_a_story_that_quotes_walls_in_short_paragraphs_is_free_and_the_same_lines_unquoted_are_a_wall() -> None:
    assert status(story(title="How news sites ask for your e-mail", article=whole()[:-6] + QUOTING + "</div>")) == "free"
    wall = "<div class='wall'><p>Create a free account to keep reading.</p><a href='/register'>Register</a></div>"
    assert status(story(article=lead() + wall)) == "registration"


def test_a_fade_named_overlay_after_a_long_lead_stays_a_cut() -> None:
    fade = f'<div class="article-overlay"><div class="fade"></div>{PAID_BOX}</div>'
    assert status(story(article=whole() + fade)) == "preview"
    assert status(story(article=whole(), after=f'<div class="paywall-modal">{PAID_BOX}</div>')) == "soft"
