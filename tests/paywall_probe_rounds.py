"""Rounds 2-6 of the paywall probes (tests/test_paywall_probes7.py runs them): each round the wordings and
structures the one before missed, and the free pages that look like them."""

from __future__ import annotations

from tests.paywall_probe_pages import Probe, box, cut, overlay, story, under, whole

# round 2: more wordings of the same walls (the ask before or after what it is for), paid walls in
# prose, and free pages with e-mail boxes


R2 = [
    Probe("r2-lead-in-register-links", "registration", "'To continue reading,' finished by Register/Log in links",
          cut(box("<p>To continue reading,</p><a href='/register'>Register for free</a> or <a href='/login'>Log in</a>"))),
    Probe("r2-want-to-keep-reading-create-free-account", "registration", "a free account asked for this article",
          cut(box("<h3>Want to keep reading?</h3><p>Create a free account to get access to this article and more.</p>"
                  "<a href='/register'>Create free account</a><p>Already have an account? <a href='/login'>Log in</a>"
                  "</p>"))),
    Probe("r2-enter-email-continue-reading", "registration", "an e-mail gate is a registration wall",
          cut(box("<h3>Enter your email to continue reading</h3><p>It's free. We'll send you our weekly roundup"
                  " too.</p><form><input type='email'><button>Continue</button></form>"))),
    Probe("r2-register-now-to-access-this-article", "registration", "whole body under 'register to access this'",
          under(overlay("<h3>Register now to access this article</h3><p>Registration is free and only takes a"
                        " minute.</p><a href='/register'>Register</a>"))),
    Probe("r2-login-or-register-view-full-article", "registration", "log in or register to view the full article",
          cut(box("<p>Login or register to view the full article</p><a href='/login'>Login</a> <a"
                  " href='/register'>Register</a>"))),
    Probe("r2-youll-need-to-register", "registration", "'To continue reading, you'll need to register for free'",
          cut(box("<p>Thank you for visiting Plant Weekly. To continue reading, you'll need to register for free.</p>"
                  "<a href='/register'>Register</a> <a href='/login'>Sign in</a>"))),
    Probe("r2-signup-free-access-this-article", "registration", "sign up for free to access this article",
          cut(box("<h3>Sign up for free to access this article</h3><a href='/signup'>Sign up</a>"))),
    Probe("r2-fr-cet-article-reserve-inscrits", "registration", "fr: reserved for registered readers",
          cut(box("<p>Cet article est réservé aux inscrits.</p><a href='/inscription'>Je m'inscris gratuitement</a>"),
              "fr")),
    Probe("r2-fr-pour-lire-la-suite-de-cet-article", "registration", "fr: read the rest by signing up for free",
          cut(box("<p>Pour lire la suite de cet article, inscrivez-vous gratuitement.</p><a"
                  " href='/inscription'>S'inscrire</a>"), "fr")),
    Probe("r2-de-bitte-registrieren-diesen-artikel", "registration", "de: register for free to read this article",
          cut(box("<p>Bitte registrieren Sie sich kostenlos, um diesen Artikel zu lesen.</p><a"
                  " href='/reg'>Registrieren</a>"), "de")),
    Probe("r2-de-um-weiterzulesen-registrieren", "registration", "de: to read on, register for free",
          cut(box("<p>Um weiterzulesen, registrieren Sie sich kostenlos.</p><a href='/reg'>Jetzt registrieren</a>"),
              "de")),
    Probe("r2-es-para-seguir-leyendo-este-articulo", "registration", "es: to keep reading this, register for free",
          cut(box("<p>Para seguir leyendo este artículo, regístrate gratis.</p><a href='/registro'>Regístrate</a>"),
              "es")),
    Probe("r2-ja-kaiin-touroku-muryou-tsuzuki", "registration", "ja: the rest with a free membership registration",
          cut(box("<p>続きは会員登録（無料）でお読みいただけます。</p><a href='/register'>会員登録（無料）</a>"
                  "<a href='/login'>ログイン</a>"), "ja")),
    Probe("r2-it-accedi-registrati-leggere-articolo", "registration", "it: register for free to read it all",
          cut(box("<p>Per leggere l'articolo completo registrati gratuitamente.</p><a href='/reg'>Registrati</a>"),
              "it")),
    # paid walls without a declaration
    Probe("r2-paid-subscribe-to-read-full-article", "preview", "lead cut at 'Subscribe to read the full article'",
          cut(box("<h3>Subscribe to read the full article</h3><p>Just $1 for your first month.</p><a"
                  " href='/subscribe'>Subscribe</a><p>Already a subscriber? <a href='/login'>Log in</a></p>"), words=230)),
    Probe("r2-paid-article-for-subscribers-only-price", "preview", "'for subscribers only' with a price is paid",
          cut(box("<h3>This article is for subscribers only</h3><p>Get unlimited access from $4.99 a month.</p><a"
                  " href='/subscribe'>Subscribe now</a><p>Already a subscriber? <a href='/login'>Sign in</a></p>"),
              words=230)),
    Probe("r2-paid-subscribe-to-unlock", "preview", "lead cut at 'Subscribe to unlock this article'",
          cut(box("<h3>Subscribe to unlock this article</h3><a href='/subscribe'>See plans</a>"), words=230)),
    Probe("r2-paid-become-subscriber-read-this-article", "preview", "lead cut at 'Become a subscriber to read this'",
          cut(box("<p>Become a subscriber to read this article.</p><a href='/subscribe'>Subscribe</a>"), words=230)),
    Probe("r2-paid-overlay-modal-class-only", "soft", "whole body under a modal-named paid layer",
          under("<div class='paywall-modal'><h2>Subscribe to continue reading</h2><a"
                " href='/subscribe'>Subscribe</a></div>")),
    # free
    Probe("r2-free-email-newsletter-box", "free", "an e-mail box for a newsletter gates nothing",
          under(box("<h3>Enter your email to get our morning newsletter</h3><form><input type='email'>"
                    "<button>Sign up</button></form>", "newsletter"))),
    Probe("r2-free-ghost-signup-footer", "free", "Ghost's 'Sign up for more like this' under a free post",
          under("<section class='footer-cta'><h3>Sign up for more like this.</h3><a href='#/portal/signup'>Enter your"
                " email</a><a href='#/portal/signup'>Subscribe</a></section>")),
    Probe("r2-free-substack-subscribe-box", "free", "Substack's free subscribe box under a free post",
          under("<div class='subscription-widget'><p>Thanks for reading The Harbour! Subscribe for free to receive"
                " new posts and support my work.</p><form><input type='email'><button>Subscribe</button></form></div>")),
    Probe("r2-free-event-registration-free-and-required", "free", "event registration mentioned in the story",
          story(article=whole()[:-6] + "<p>Registration is free but required: register to read the programme and"
                " book sessions.</p></div>")),
    Probe("r2-free-premium-features-login", "free", "login offered for app features, not for this story",
          under(box("<p>Log in to read this story in our app and sync your bookmarks.</p><a href='/login'>Log in</a>",
                    "app-promo"))),
]

# round 3: walls of membership plugins' free levels, headings their links finish, meters that ask
# for an account, and the lists and links that look like them
R3 = [
    Probe("r3-pmpro-free-level", "registration", "PMPro box for a free membership level",
          cut('<div class="pmpro_content_message">This content is for Free Membership members only.<br><a'
              ' href="/membership-account/membership-levels/">Register</a> <a href="/login/">Log In</a></div>')),
    Probe("r3-pmpro-paid-level", "hard", "PMPro box for a paid level",
          story(article='<p>Teaser line only.</p><div class="pmpro_content_message">This content is for Gold members'
                ' only.<br><a href="/membership-account/membership-levels/">Join Now</a></div>')),
    Probe("r3-heading-keep-reading-for-free", "registration", "heading + free-account link",
          cut("<div class='article-cta'><h3>Keep reading for free</h3><a class='btn' href='/register'>Create a free"
              " account</a><p>Already have one? <a href='/login'>Log in</a></p></div>")),
    Probe("r3-heading-continue-reading", "registration", "heading + sign-up button",
          cut("<div class='cta-box'><h3>Continue reading</h3><p>It's free. Just takes a second.</p><a class='btn'"
              " href='/signup'>Sign up with email</a><a href='/login'>Log in</a></div>")),
    Probe("r3-free-keep-reading-related", "free", "a 'Keep reading' list of related stories",
          under("<section class='related'><h3>Keep reading</h3><ul><li><a href='/a'>Council votes to register"
                " short-term lets</a></li><li><a href='/b'>The plan to sign up more bus drivers</a></li><li><a"
                " href='/c'>Members back harbour plan</a></li></ul></section>")),
    Probe("r3-free-continue-reading-pagination", "free", "'Continue reading' to page 2",
          story(article=whole()[:-6] + "<p class='next'><strong>Continue reading</strong> <a href='?page=2'>Next"
                " page</a></p></div>")),
    Probe("r3-free-sticky-signup-bar", "free", "sticky 'sign up for free' newsletter bar",
          under("<div class='sticky-bar' style='position:fixed;bottom:0'><p>Get our free daily newsletter</p><a"
                " href='/newsletters'>Sign up for free</a></div>")),
    Probe("r3-meter-left-register", "registration", "meter bar asking to register",
          under("<div class='meter-bar' style='position:fixed;bottom:0'><p>You have 2 free articles left this"
                " month.</p><a href='/register'>Register for free for unlimited access</a></div>")),
    Probe("r3-dialog-open-regwall", "registration", "<dialog open> free account wall",
          under("<dialog open class='gate'><h2>Read the full story for free</h2><p>Create an account with your"
                " email.</p><a href='/register'>Create account</a></dialog>")),
    Probe("r3-free-join-discussion", "free", "register to join the discussion",
          under("<div class='discussion'><h3>Join the discussion</h3><p>Register for free to join the conversation"
                " and reply to other readers.</p><a href='/register'>Register</a></div>")),
    Probe("r3-free-keep-reading-newsletter", "free", "'Keep reading' over a newsletter sign-up link",
          under("<div class='promo'><h3>Keep reading</h3><a href='/newsletters'>Sign up for our free newsletter</a>"
                "</div>")),
]

# round 4: the same asks for other things in other languages (newsletters, comments, alerts), paid walls
# drawn over whole bodies in French and Spanish, a wall offering registration or a subscription
R4 = [
    Probe("r4-it-newsletter-iscriviti", "free", "it: free newsletter sign-up",
          under(box("<p>Iscriviti gratis alla newsletter per leggere le notizie del giorno.</p><a"
                    " href='/nl'>Iscriviti</a>", "newsletter"), "it")),
    Probe("r4-it-commenti", "free", "it: register to comment",
          under(box("<p>Registrati per commentare questo articolo.</p><a href='/reg'>Registrati</a>", "commenti"), "it")),
    Probe("r4-pt-newsletter", "free", "pt: sign up for the newsletter",
          under(box("<p>Cadastre-se para receber a newsletter gratuita.</p><a href='/nl'>Cadastrar</a>"), "pt")),
    Probe("r4-pl-komentarz", "free", "pl: log in to comment",
          under(box("<p>Zaloguj się, aby dodać komentarz.</p><a href='/login'>Zaloguj się</a>"), "pl")),
    Probe("r4-nl-reageren", "free", "nl: a free account to react",
          under(box("<p>Maak een gratis account aan om te reageren.</p><a href='/reg'>Account aanmaken</a>"), "nl")),
    Probe("r4-fr-compte-newsletters", "free", "fr: a free account for newsletters",
          under(box("<p>Créez un compte gratuit pour recevoir nos newsletters.</p><a href='/compte'>Créer</a>"), "fr")),
    Probe("r4-fr-inscrivez-continuer-alertes", "free", "fr: sign up to keep receiving alerts",
          under(box("<p>Inscrivez-vous pour continuer à recevoir nos alertes.</p><a href='/alertes'>S'inscrire</a>"),
                "fr")),
    Probe("r4-de-newsletter-lesen", "free", "de: register to read the newsletter",
          under(box("<p>Registrieren Sie sich kostenlos, um unseren Newsletter zu lesen.</p><a"
                    " href='/nl'>Registrieren</a>"), "de")),
    Probe("r4-es-registrate-comentar", "free", "es: register to comment and save stories",
          under(box("<p>Regístrate gratis para comentar y guardar noticias.</p><a href='/registro'>Regístrate</a>"),
                "es")),
    Probe("r4-ja-tsuzuki-wo-yomu-link", "free", "ja: a 'read more' link to page 2",
          story(lang="ja", article=whole("ja")[:-6] + "<p><a href='/2'>続きを読む</a></p></div>")),
    Probe("r4-fr-soft-overlay", "soft", "fr: whole body under a subscribers-only layer",
          under(overlay("<p>Cet article est réservé aux abonnés.</p><a href='/abo'>Je m'abonne</a>"), "fr")),
    Probe("r4-es-soft-overlay", "soft", "es: whole body under a subscribers-only layer",
          under(overlay("<p>Este contenido es exclusivo para suscriptores.</p><a href='/suscripcion'>Suscríbete</a>"),
                "es")),
    Probe("r4-fr-cut-paid", "preview", "fr: lead cut at a subscribers-only box", cut(box(
        "<p>Cet article est réservé aux abonnés.</p><a href='/abo'>Je m'abonne</a>"), "fr", 230)),
    Probe("r4-en-register-or-subscribe", "registration", "a free account is enough to read on",
          cut(box("<h3>Register for free to continue reading</h3><p>Or subscribe for unlimited access from $1 a"
                  " week.</p><a href='/register'>Register</a><a href='/subscribe'>Subscribe</a>"))),
    Probe("r4-nl-registreer-om-verder", "registration", "nl: log in or register for free to read on",
          cut(box("<p>Log in of registreer gratis om verder te lezen.</p><a href='/reg'>Registreren</a>"), "nl")),
    Probe("r4-pt-para-continuar", "registration", "pt: to keep reading, sign up for free",
          cut(box("<p>Para continuar lendo, cadastre-se gratuitamente.</p><a href='/cad'>Cadastrar</a>"), "pt")),
]

# round 5: walls of some large sites as they word them (a members-only line the next sentence makes free,
# register-or-login, log in or create a free account, a meter that asks for a free account or a subscription)
R5 = [
    Probe("r5-ja-kaiin-gentei-muryou-touroku", "registration", "ja: members-only, the rest after a free sign-up",
          cut(box("<p>この記事は会員限定です。無料会員登録すると続きをお読みいただけます。</p><a href='/reg'>無料登録</a>"
                  "<a href='/login'>ログイン</a>"), "ja")),
    Probe("r5-ja-kaiin-gentei-yuryou", "preview", "ja: members-only, the rest for paying members",
          cut(box("<p>この記事は会員限定です。</p><p>有料会員になると続きをお読みいただけます。月額1,000円</p><a"
                  " href='/sub'>購読する</a>"), "ja", 230)),
    Probe("r5-en-register-or-login-content", "registration", "please register or login to access this content",
          cut(box("<p>Please register or login to access this content.</p><a href='/register'>Register</a> <a"
                  " href='/login'>Login</a>"))),
    Probe("r5-en-login-or-create-free", "registration", "log in or create a free account to continue reading",
          cut(box("<p>Log in or create a free account to continue reading.</p><a href='/login'>Log in</a> <a"
                  " href='/register'>Create account</a>"))),
    Probe("r5-en-limit-register", "registration", "free-article limit; register for free to continue",
          under(overlay("<h3>You've reached your free article limit.</h3><p>Register for free to continue reading.</p>"
                        "<a href='/register'>Register</a><a href='/subscribe'>Subscribe for unlimited access</a>"))),
    Probe("r5-en-limit-subscribe", "soft", "free-article limit over a whole body; subscribe only",
          under(overlay("<h3>You've reached your free article limit.</h3><p>Subscribe for unlimited access.</p>"
                        "<a href='/subscribe'>Subscribe</a>"))),
    Probe("r5-fr-lire-la-suite-compte-gratuit", "registration", "fr: to read the rest, create a free account",
          cut(box("<p>Pour lire la suite, créez votre compte gratuit.</p><a href='/compte'>Créer mon compte</a>"), "fr")),
    Probe("r5-it-continuare-registrati", "registration", "it: to keep reading, register for free",
          cut(box("<p>Per continuare a leggere registrati gratuitamente.</p><a href='/reg'>Registrati</a>"), "it")),
]

# round 6: membership plugins' and themes' own wording of a free-account wall, beside a paid one
R6 = [
    Probe("r6-rcp-registered-users", "registration", "Restrict Content box for registered users",
          cut('<div class="rcp_restricted"><p>This content is restricted to registered users. Please <a'
              ' href="/login">log in</a> or <a href="/register">register</a>.</p></div>')),
    Probe("r6-rcp-paid", "preview", "Restrict Content box for subscribers, with a price",
          cut('<div class="rcp_restricted"><p>This content is restricted to subscribers. <a href="/register">Join'
              ' now</a> from $5 a month.</p></div>', words=230)),
    Probe("r6-ghost-custom-theme-members", "registration", "a Ghost theme's free-members box without Ghost's class",
          cut('<section class="post-cta"><h2>This post is for subscribers only</h2><a href="#/portal/signup">Subscribe'
              ' now</a><p>Already have an account? <a href="#/portal/signin">Sign in</a></p></section>')),
    Probe("r6-leaky-free-register", "registration", "Leaky Paywall's free-article limit asking to register",
          under(overlay('<div class="leaky_paywall_message_wrap"><div id="leaky_paywall_message"><p>You have reached'
                        " the maximum number of free articles. Register for free to continue reading.</p><a"
                        ' href="/register">Register</a></div></div>'))),
    Probe("r6-registered-users-only-text", "registration", "available to registered users only",
          cut(box("<p>This article is available to registered users only.</p><a href='/register'>Register</a> <a"
                  " href='/login'>Log in</a>"))),
]

# round 7: a heading finished by an e-mail field (an e-mail gate), and the newsletter box that has one too
R7 = [
    Probe("r7-keep-reading-free-email", "registration", "'Keep reading for free' over an e-mail field",
          cut(box("<h3>Keep reading for free</h3><p>Enter your email address to continue.</p><form><input"
                  " type='email' name='email'><button type='submit'>Continue</button></form>"))),
    Probe("r7-keep-reading-newsletter-email", "free", "'Keep reading' over a newsletter's e-mail field",
          under(box("<h3>Keep reading</h3><p>Get our newsletter in your inbox.</p><form><input type='email'>"
                    "<button>Go</button></form>"))),
    Probe("r7-continue-reading-briefing-signup", "free", "'Continue reading' over a daily-briefing sign-up link",
          under(box("<h3>Continue reading</h3><p>The day's news, every morning.</p><a href='/briefing'>Sign up for"
                    " our daily briefing</a>"))),
    Probe("r7-keep-reading-list-and-account-promo", "free", "a 'Keep reading' list with an account promo below",
          under("<section class='more'><h3>Keep reading</h3><ul><li><a href='/a'>Harbour fees rise again</a></li>"
                "<li><a href='/b'>Ferry timetable changes</a></li></ul><a href='/register'>Create a free account</a>"
                "</section>")),
    Probe("r7-read-full-free-email-overlay", "registration", "whole body under 'Read the full story for free' + e-mail",
          under(overlay("<h2>Read the full story for free</h2><form><input type='email' placeholder='Email'>"
                        "<button>Continue</button></form>"))),
]
