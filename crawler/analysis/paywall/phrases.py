"""The words of paywalls: call-to-action sentences (paid, registration, login, meter, offers and
headings a box's links finish), the links and boxes that finish them, and the places walls never sit;
:data:`CTA_PATTERNS` regroups the sentences for speed. Tables only: :mod:`.signals` reads the page.

Every alternative of the CTA patterns holds one of :data:`_CTA_KEYS` (tests/test_properties.py checks
it), so a text node without a key is skipped without running them."""

from __future__ import annotations

import re

# a Piano tag (one of setTags' list) naming a paid tier, not its negation ("nonpremium", "premium:false", "unlocked")
_TIER = r"(?:paid|premium|subscriber|locked|metered|exclusive)"
PAID_TAG = re.compile(rf"^(?!.*(?:\b|_)(?:non|not|no|un)[-_ ]?{_TIER})(?!.*[:=_-](?:false|0|no|none)$).*{_TIER}", re.I)

_PAID_CTA = re.compile(
    r"\bthis (?:post|article|story|content|page|episode|newsletter) is (?:only )?(?:for|available (?:to|for)"
    r"|exclusive(?:ly)? (?:to|for)) (?:paying|paid|premium) (?:subscribers|members)"
    r"|\bthis (?:post|page) is for subscribers on the .{1,80}? tiers? only"
    r"|\b(?:subscribe|become a (?:paid |paying )?subscriber) (?:now )?to (?:continue|keep) reading"
    r"|\bkeep reading with a \d+-day free trial"
    r"|\bsubscribe (?:now |today )?to (?:read|unlock|access) (?:the full|the rest of (?:this|the)|this)"
    r" (?:article|story|piece)"
    r"|\bthis content is restricted to subscribers"
    r"|\bthis (?:post|article|story|content|page) is exclusive(?:ly)? (?:to|for) (?:our )?subscribers"
    r"|\b(?:buy|purchase) (?:this|the full) (?:article|story|post) for (?:only )?(?:[$€£]\s?\d|\d+[.,]\d\d\s?[$€£])"
    r"|\bto (?:continue|keep) reading,? (?:please )?(?:subscribe|sign up for a (?:free )?trial"
    r"|start (?:a|your) (?:free )?trial|become a (?:subscriber|member))"
    r"|\bsubscri\w*\b[^.]{0,40}\b(?:log ?in|sign in) (?:above |below |here |now )?to (?:access|read|view|see)"
    r" the full (?:article|story|text)\b"
    r"|\bto read the full (?:story|article),? (?:please )?(?:subscribe|join|sign in|log ?in)"
    r"|^\s*to (?:read the full (?:story|article)|continue reading|keep reading),?\s*$"  # a lead-in: see _LEAD_IN
    r"|この記事は有料会員限定です|この記事は会員限定です(?!。?\s*無料(?:会員)?登録)"
    r"|この記事は有料(?:会員)?記事です|有料会員になると続きを(?:お)?読み"
    r"|\bthis content is for (?!free\b).{1,60}? members only"
    r"|\bbecome a (?:paid |paying )?(?:member|subscriber) to (?:unlock|read|access|see) this"
    r" (?:recipe|article|story|post|content|episode|video)\b"
    r"|\bto continue reading this (?:story|article),? you(?: will)? need to be a (?:digital |paid )?subscriber"
    r"|\bla suite (?:de cet article )?est réservée (?:à nos|aux) abonnés"
    r"|\bseuls nos abonnés peuvent lire l[’']intégralité de cet article"
    r"|\bcet article est réservé aux abonnés"
    r"|\bil vous reste \d+(?:[.,]\d+)?\s?% de cet article à lire"
    r"|\bdieser (?:artikel|beitrag) ist (?:(?:nur |exklusiv )?für (?:abonnenten|abonnentinnen und abonnenten)"
    r"|(?:nur|exklusiv) für mitglieder\b)"
    r"|\bweiterlesen mit (?:spiegel|z|f|welt|sz|faz|nzz|t)\s?\+"
    # a German "Plus" wall names its brand before the plus: SPIEGEL+, Z+, F+, WELTplus, SZ Plus, RND+, T+; it asks
    # to read on ("Weiterlesen mit", "Lesen Sie mehr mit"), where a promo offers everything ("Alle Artikel lesen mit
    # F+", "Unbegrenzt lesen mit") and prose says where a text is ("Das Interview lesen Sie mit SZ Plus": a plain
    # "Lesen Sie mit F+" asks only as an imperative, its capital L opening the line)
    r"|\bweiterlesen mit [\w.-]{1,16} ?(?:\+|plus)(?!\w)"
    r"|\blesen sie (?:jetzt )?(?:weiter|mehr) mit [\w.-]{1,16} ?(?:\+|plus)(?!\w)"
    r"|\b(?-i:L)esen sie (?:jetzt )?mit [\w.-]{1,16} ?(?:\+|plus)(?!\w)"
    r"|\bmit [\w.-]{1,16} ?(?:\+|plus) weiterlesen"
    r"|\bum (?:diesen|den) (?:artikel|beitrag) (?:vollständig |weiter )?(?:zu )?lesen(?: zu können)?,"
    r" (?:benötigen|brauchen) sie (?:ein|ihr) (?:[\w+-]+[- ])?(?:abo|abonnement)\b"
    r"|\bdit (?:artikel|verhaal) is (?:alleen|exclusief) (?:beschikbaar |leesbaar )?voor abonnees"
    r"|\bden(?:ne)? (?:artikkelen|artikel|saken) er (?:kun |bare )?for abonnenter"
    r"|\bden här artikeln är (?:endast |bara )?för (?:prenumeranter|plusmedlemmar)"
    r"|\b(?:denne )?(?:artikel|artikkel(?:en)?) er (?:kun )?forbeholdt abonnenter"
    r"|\blees (?:verder|dit artikel|het hele artikel) met (?:een|je) (?:\w+ )?abonnement"
    r"|\bword abonnee (?:en lees verder|om verder te lezen)"
    r"|\bten (?:artykuł|tekst) (?:jest )?dostępny (?:tylko|wyłącznie) dla (?:prenumeratorów|subskrybentów)"
    r"|\bpozostało \d+(?:[.,]\d+)?\s?% (?:artykułu|tekstu) do przeczytania"
    r"|\b(?:este|esse) (?:conteúdo|artigo|texto) é (?:exclusivo )?(?:para|de) assinantes"
    r"|\bconteúdo exclusivo para assinantes"
    r"|\bassine (?:para|e) (?:continuar|continue) lendo|\bpara continuar lendo,? assine\b"
    r"|\b(?:este )?(?:contenido|artículo) (?:es )?exclusivo para (?:suscriptores|abonados)"
    r"|\bsuscríbete (?:para|y) (?:seguir|continuar) leyendo"
    r"|\b(?:questo )?(?:articolo|contenuto) (?:è )?riservato agli abbonati"
    r"|订阅后继续阅读|本文为付费内容"
    # ko: "(this article is) for paying members / subscribers only"
    r"|유료\s?(?:회원|구독자)\s?전용|구독자\s?전용\s?(?:기사|콘텐츠)"
    # Medium's member-only story, for a reader who is not a (paying) member
    r"|\bthe author made this story available to (?:\w+ )?members only"
    r"|\bupgrade to (?:instantly )?unlock this (?:story|article|post)\b"
    r"|\byou are unauthorized to view this page"
    r"|\bthis content is available exclusively to patreon members"
    r"|\bto view this content, you must be a member of"
    r"|только для (?:платных )?подписчиков"
    r"|доступ(?:ен|но) только (?:по подписке|подписчикам)"
    # sl, hr/sr/bs, cs, sk, hu, ro, uk, tr, fi, el: "(this article is) for subscribers only"
    r"|\b(?:celotna )?(?:novica|članek|vsebina) je dostopn[ao] (?:le|samo|izključno) naročnikom"
    r"|\b(?:tekst|članak|sadržaj) (?:je )?dostupan (?:samo|isključivo) (?:za )?pretplatnik(?:e|ima)"
    r"|\b(?:text|obsah|článek) je dostupný (?:pouze|jen|výhradně) (?:pro )?předplatitel(?:e|ům)"
    r"|\b(?:obsah|článok) je dostupný (?:iba|len|výhradne) (?:pre )?predplatiteľ(?:ov|om)"
    r"|\b(?:a )?(?:cikk|tartalom) (?:csak|kizárólag) előfizetők(?:nek| számára)"
    r"|\b(?:articol|conținut|conţinut)(?:ul)? (?:este )?disponibil (?:doar|numai|exclusiv) (?:pentru )?abona[țţt]i"
    r"|(?:лише|тільки) для (?:платних )?передплатників"
    r"|\b(?:içerik|haber|makale|yazı) (?:sadece|yalnızca) abonelere (?:özel|açık)"
    r"|\b(?:artikkeli|juttu|sisältö) on (?:vain|ainoastaan) tilaajille"
    r"|(?:μόνο|αποκλειστικά) για (?:τους )?συνδρομητές",
    re.I)
_REG_CTA = re.compile(
    r"\bthis (?:post|article|story|content|page) is (?:only )?(?:for|available (?:to|for))"
    r" (?:subscribers|members|registered (?:users|members|readers))(?: only)?\b"
    r"|\b(?:register|sign up|create (?:a|an|your) (?:free )?account|log ?in|sign in)(?: for free| now| free)?"
    r"(?: or (?:log ?in|sign in|register|sign up))? to (?:continue|keep) reading"
    r"|\bregister for free to (?:continue|read)"
    r"|\bregister (?:below|here|now),? it[’']?s free\b"  # for what: its element says (a webinar's too)
    r"|\b(?:sign in|log ?in) or create (?:a|an|your) free account to continue\b"
    r"|\bfor full access,? register\b"
    r"|\byou must be logged in to (?:view|read|see) this"
    # an ask for an account, then what for: "Sign up for free to read the rest of this story", "Create an
    # account to read the full story", "Register now to access this article", "Enter your email to continue reading"
    r"|\benter your e-?mail(?: address)? to (?:continue reading|keep reading|read the (?:full|rest of))"
    r"|\b(?:please )?(?:register|sign up|create (?:a|an|your) (?:free |new )?account)"
    r"(?: for free| free| now| today)?(?: or (?:log ?in|sign in))? to (?:(?:read|view|access|unlock|see)"
    r" (?:the rest of (?:this|the)|the full|the whole|this) (?:article|story|piece|post|content|report)"
    r"|get (?:free |full )?access to (?:this|the full) (?:article|story|piece|post|content|report)"
    r"|(?:continue|keep) reading)"
    # what for, then the ask: "To continue reading, you'll need to register for free", "Want to keep reading? Sign up"
    r"|\b(?:to (?:continue|keep) reading|to read (?:the rest of (?:this|the)|the full) (?:article|story|piece)"
    r"|to access this (?:article|story|content)|want to (?:keep|continue) reading\?),? (?:you(?:[’']ll| will)"
    r" (?:need|have) to |please |simply |just )?(?:register|sign up|create (?:a|an|your) (?:free )?account)"
    r"(?! for (?:a |an )?(?:free )?(?:trial|subscription))"
    r"|\b(?:please )?(?:log ?in|sign in) or (?:register|sign up|create (?:a|an) (?:free )?account) to"
    r" (?:(?:read|view|access) (?:this|the full|the rest of this) (?:article|story)|continue reading)"
    r"|\bregister (?:now |today )?(?:for )?(?:free |complimentary )?(?:to (?:get|gain|unlock) )?"
    r"(?:free |full |unlimited )?access to this (?:article|story|content|report)"
    r"|\bunlock this (?:article|story|content) by (?:registering|signing up|creating a free account)"
    r"|\b(?:continue|keep) reading (?:for free )?with (?:a|your) free (?:account|registration)"
    r"|\bmembership is required to (?:access|read|view) this\b.{0,80}?\bit[’']?s free\b"
    r"|\bthis content is for free(?: membership)? members only"
    r"|\b(?:content|article|post|page) is (?:only )?(?:restricted|available|accessible) to registered"
    r" (?:users|members|readers)"
    # de
    r"|\b(?:jetzt )?(?:kostenlos|gratis) registrieren,? und (?:weiter ?lesen|(?:den |diesen )?(?:artikel|beitrag)"
    r" (?:weiter |vollständig )?lesen)"
    r"|\bweiterlesen mit (?:einer |ihrer )?kostenlosen? (?:registrierung|konto|account)"
    r"|\bregistrieren sie sich (?:jetzt )?(?:kostenlos|gratis),? (?:und lesen sie|um (?![^.]{0,40}newsletter)"
    r"(?:\w+ ){0,3}(?:weiter)?zu ?lesen)"
    r"|\bum (?:weiterzulesen|(?:\w+ ){1,3}zu lesen),? (?:registrieren sie sich"
    r"|müssen sie sich (?:kostenlos )?registrieren)"
    r"|\b(?:artikel|beitrag|inhalt) ist (?:nur |exklusiv )?für registrierte (?:nutzer|leser|user|mitglieder|kunden)"
    # fr
    r"|\binscrivez-vous gratuitement pour (?:lire|continuer|poursuivre)"
    r"|\b(?:inscrivez-vous|créez (?:un|votre) compte)(?: gratuit| gratuitement)? pour (?:lire (?:la suite"
    r"|l[’']article|cet article|l[’']intégralité|gratuitement)|continuer (?:à lire|votre lecture|la lecture)"
    r"|poursuivre (?:votre |la )?lecture)"
    r"|\b(?:article|contenu)(?: est)? réservé aux (?:inscrits|utilisateurs inscrits|membres inscrits)"
    r"|\bpour (?:lire la suite(?: de cet article)?|continuer (?:à lire|votre lecture)),? (?:inscrivez-vous"
    r"|créez (?:un|votre) compte)"
    # es
    r"|\bregístrate(?: gratis| gratuitamente)? (?:para (?:seguir|continuar) leyendo|y sigue leyendo"
    r"|para leer (?:la noticia|el artículo|este artículo|la historia))"
    r"|\bcrea (?:tu|una) cuenta(?: gratis| gratuita)? para (?:seguir|continuar) leyendo"
    r"|\b(?:contenido|artículo|noticia) (?:es )?exclusiv[oa] para (?:usuarios )?registrados"
    r"|\bpara (?:seguir|continuar) leyendo(?: este artículo| la noticia)?,? regístrate"
    # nl
    r"|\bregistreer (?:je )?gratis (?:om|en) (?:verder )?(?:te )?le(?:es|zen)"
    r"|\bmaak (?:een |je )?(?:gratis |kosteloos )?account aan,? (?:en lees (?:(?:dit|het) artikel )?verder"
    r"|om (?:(?:dit|het) artikel )?verder te lezen)"
    r"|\b(?:artikel|verhaal) is (?:alleen )?(?:beschikbaar |leesbaar )?voor geregistreerde (?:gebruikers|lezers|leden)"
    # it
    r"|\b(?:registrati|iscriviti|accedi o registrati)(?: gratis| gratuitamente)? per (?:continuare a leggere"
    r"|leggere (?:l[’']articolo|questo articolo|tutto))"
    r"|\bper (?:continuare a )?leggere(?: questo articolo| l[’']articolo)?(?: completo| intero)?,?"
    r" (?:accedi o )?registrati"
    r"|\briservat[oa] agli (?:utenti )?registrati"
    # pt
    r"|\bcadastre-se(?: gratuitamente| grátis| gratis)? (?:para|e) (?:continuar lendo|continue lendo|ler)"
    r"|\bfaça (?:o )?(?:seu )?cadastro(?: gratuito| grátis)? (?:para|e) (?:continuar lendo|continue lendo|ler)"
    r"|\b(?:conteúdo|matéria|reportagem|artigo) (?:é )?exclusiv[oa] para (?:usuários |leitores )?cadastrados"
    r"|\bpara continuar lendo,? (?:cadastre-se|faça (?:o )?(?:seu )?cadastro)"
    # pl
    r"|\b(?:zarejestruj się|załóż (?:darmowe |bezpłatne )?konto|zaloguj się)(?: za darmo| bezpłatnie)?"
    r"(?:,? (?:lub|albo|i) (?:zarejestruj się|załóż (?:darmowe |bezpłatne )?konto|zaloguj się)"
    r"(?: za darmo| bezpłatnie)?)?"
    r",? (?:aby|by|żeby|i) (?:czytać dalej|czytaj dalej|przeczytać (?:dalej|cały|całość|dalszą część|ten))"
    r"|\b(?:artykuł|tekst|treść) (?:jest )?dostępn[ya] (?:tylko |wyłącznie )?dla zarejestrowanych"
    # ja
    r"|無料会員登録(?:で|すると|して|いただくと)、?(?:続き|全文|この記事の続き)"
    r"|(?:続き|全文)を(?:お)?読(?:む|みいただく|みになる)には、?.{0,12}?(?:無料)?会員登録"
    r"|この記事は無料会員(?:限定|専用)"
    r"|無料(?:会員)?登録(?:すると|で|して)、?(?:続き|全文)を(?:お)?読"
    r"|(?:続き|全文)は.{0,8}?(?:無料会員登録|会員登録[（(]無料[)）]|無料登録)"
    r"|会員登録[（(]無料[)）](?:で|すると|して)、?(?:続き|全文)",
    re.I)
# a call to action that asks for a free account or sign-up only in its box's other words ("Free registration
# required" over "[Register]", "Unlock this article" over "[Register]"): a wall only where
# its box links to an account, speaks of reading and asks for no payment (see signals._offer_box)
_REG_OFFER = re.compile(
    r"\bfree registration (?:is )?required\b"
    r"|^\s*unlock this (?:article|story)\W*$",
    re.I)
# a link for something other than the article: a newsletter, the comments, a podcast, an event
_OTHER_LINK = re.compile(r"newsletter|briefing|digest|\balerts?\b|\binbox\b|comment|conversation|discussion|podcast"
                         r"|webinar|\bevents?\b", re.I)
# a box under such a heading that is for a newsletter, a weekly letter or the app, not for the story
_NOT_READING_BOX = re.compile(r"newsletter|briefing|digest|inbox|\bapp\b|\bevery (?:day|morning|evening|week|\w+day)\b",
                              re.I)
# a heading that a box's account link finishes ("Keep reading for free [Create a free account]")
_REG_LEAD = re.compile(r"^\W*(?:want to )?(?:continue|keep) reading(?: for free| this (?:article|story))?\W*$"
                       r"|^\W*read (?:the full (?:article|story)|the rest(?: of (?:this|the) (?:article|story))?|on)"
                       r" for free\W*$", re.I)
# an account link, a reading word, a payment ask: what an offer's box must hold (or must not)
_ACCOUNT_ASK = re.compile(r"regist|regíst|sign ?up|create (?:a |an |your )?(?:free )?account|inscri|cadastr|zarejestr"
                          r"|załóż|会員登録|account aanmaken|crea (?:tu|una) cuenta|créer? (?:un |mon |votre )?compte",
                          re.I)
_READING = re.compile(r"\b(?:read|reading|article|articles|story|stories|content)\b|lesen|artikel|lire|leer|leggere"
                      r"|lezen|lendo|czyta|記事|続き", re.I)
_PAYMENT_ASK = re.compile(r"subscri|\btrial\b|abonn|\babo\b|suscri|abbonat|assina|prenumer|\bplans?\b"
                          r"|[$€£]\s?\d|\d\s?[$€£]", re.I)
# a login line: a registration phrase that asks only to log in is a login wall (a subscriber's, where its box sells)
_LOGIN_ONLY = re.compile(r"^(?:please )?(?:log ?in|sign in|zaloguj się|connectez-vous|inicia sesión|accedi)\b", re.I)
# a login wall: an account (free or paid) is asked for; a paid call to action on the page says which
_LOGIN_CTA = re.compile(
    r"\b(?:please )?(?:log ?in|sign in) (?:above |below |here |now )?to (?:access|read|view|see) (?:the full"
    r"|the whole|the rest of (?:the|this)) (?:article|story)\b(?!\s+of\b)"
    r"|\b(?:please )?(?:log ?in|sign in) to (?:read|view|access) this (?:article|story)\b"
    r"(?![’']s|\s+(?:later|offline|aloud|in (?:the|our) app))"
    r"|\b(?:sign in|log ?in|join now) to (?:view|see) more content\b"
    r"|\bbitte melden sie sich an,? um (?:weiter ?zu ?lesen|den (?:ganzen |vollständigen )?artikel zu lesen)", re.I)
# a lead-in whose sentence the links finish ("To read the full story, [Join Now] or [Sign In]"): its
# box must hold a whole call to action ("To continue reading, [go to page 2]" is pagination)
_LEAD_IN = re.compile(r"^\s*to (?:read the full (?:story|article)|continue reading|keep reading),?\s*$", re.I)
# walls sit in the article, not in menus, captions or quotations, nor in the site's own header and
# footer (a header or footer inside an article, a section or a wall box is part of it)
# (nor in code: a tutorial shows a wall's markup in <pre><code>)
_NOT_A_WALL_PLACE = frozenset({"nav", "figcaption", "blockquote", "q", "pre", "code", "kbd", "samp", "textarea"})
_CHROME = frozenset({"header", "footer"})
_SECTIONING = frozenset({"article", "main", "section", "aside", "form", "dialog"})
_WALL_NAME = re.compile(r"wall|gate|subscri|premium|regist|meter|offer|barrier|paid|member|piano|\btp-", re.I)
# what the link or button after a lead-in ("To continue reading, [...]") must ask for to make a wall
_WALL_LINK = re.compile(r"subscri|log ?in|sign ?in|sign ?up|regist|account|plan|member|trial|join|abonn|buy|unlock",
                        re.I)
_ACCOUNT_LINK = re.compile(r"regist|sign ?up|create (?:a |an )?(?:free )?account", re.I)
# a meter's message: the body came, a script counts what the reader has read (client-side gate)
_METER = re.compile(
    r"\byou(?:[’']ve| have) reached your (?:free |monthly |weekly )?(?:article|story) limit"
    r"|\byou have (?:\d+|one|two|three) (?:more )?free (?:articles?|stor(?:y|ies)) (?:left|remaining)"
    r"|\bthis is your last free (?:article|story)"
    r"|\byou[’']ve read (?:\d+|all) (?:of (?:your )?\d+ )?free (?:articles|stories)"
    r"|\b(?:\d+|one|two|three) of (?:\d+|three|five|ten) (?:free |premium )?(?:articles?|stor(?:y|ies)|clicks"
    r"|page ?views) (?:used|viewed)\b",
    re.I)
# every alternative of _PAID_CTA/_REG_CTA/_METER holds one of these words; with the same re.I folding
# (which matches ſ, ı, K...), so text without one cannot match either
_CTA_KEYS = re.compile(r"subscri|member|trial|unauthori|подпис|regist|sign|log|account|join|会員|reading"
                       r"|naročnik|pretplatnik|předplatitel|predplatiteľ|előfizető|abona|передплатник|abone|tilaaj"
                       r"|συνδρομητ|전용|upgrade|assine|buy|purchase|mitglied"
                       r"|read the full|free|limit|abonn|abonad|abbonat|suscr|weiterlesen|de cet article|inscri|regístr|有料|订阅|付费"
                       r"|lesen|plusmedlem|used|viewed|\babo\b|przeczyt|prenumer|subskryb|artykuł|assinant|registr|cadastr|zarejestr"
                       r"|unlock|créez|crea (?:tu|una) cuenta|załóż|iscriviti|無料登録|read the rest",
                       re.I)
# the same keys, matched case-sensitively in casefolded text (about 4x faster than re.I on the ~300
# short text nodes of a page); casefold() covers re.I's ſ and K (Kelvin), the translation its ı and
# İ (which casefold() would turn into i and a combining dot); U+0345, the one non-word character
# that casefolds to a letter, stays out of ``\babo\b``'s way
assert not re.search(r"\\[A-Z]", _CTA_KEYS.pattern), "casefold() would turn an upper-case escape into another"
_CTA_KEYS_FOLDED = re.compile(_CTA_KEYS.pattern.casefold())
_FOLD_AS_RE_I = str.maketrans({"ı": "i", "İ": "i", "\u0345": " "})


def has_cta_key(text: str) -> bool:
    """What ``_CTA_KEYS.search(text)`` says, faster."""
    return _CTA_KEYS_FOLDED.search(text.translate(_FOLD_AS_RE_I).casefold()) is not None


_COMMENTS_ONLY = re.compile(r"\b(?:can|to) comment\b|\bcomment on this (?:post|article)\b", re.I)


def top_alternatives(pattern: re.Pattern[str]) -> list[str]:
    """The sources of a pattern's top-level ``|`` branches (outside groups and character classes)."""
    src, depth, in_class, parts, cur, i = pattern.pattern, 0, False, [], "", 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            cur, i = cur + src[i:i + 2], i + 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            parts, cur, i = [*parts, cur], "", i + 1
            continue
        cur, i = cur + c, i + 1
    return [*parts, cur]


def _split_for_speed(pattern: re.Pattern[str]) -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None]:
    """The pattern's top-level alternatives regrouped for Python's engine, which skips ahead to a
    possible first character only when every alternative opens with a plain one: those that do; those
    that open with an anchor or an optional group; and, run only on text that holds a non-ASCII
    character, those that open with one (Japanese, Chinese, Cyrillic). Under re.I one alternative of
    the last two kinds made the whole alternation several times slower on every text node. A branch
    that can match ASCII-only text must open with an ASCII word: (?:tekst|članak), not (?:članak|tekst)."""
    parts = top_alternatives(pattern)
    plain, slow, other = [], [], []
    for alt in parts:
        opening = re.sub(r"^(?:\\b|\^|\\[sW]\*|\(\?:)+", "", alt)
        if not opening[:1].isascii():
            other.append(alt)
        elif _optional_start(alt.removeprefix("\\b")):
            slow.append(alt)
        else:
            plain.append(alt)
    groups = tuple(re.compile("|".join(g), pattern.flags) for g in (plain, slow) if g)
    return groups, re.compile("|".join(other), pattern.flags) if other else None


def _optional_start(alt: str) -> bool:
    """Whether an alternative opens with an anchor or with a group that may match nothing."""
    if alt.startswith("^"):
        return True
    depth = 0
    for j, c in enumerate(alt):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth == 0:
            return alt[j + 1:j + 2] in ("?", "*")
    return False


# (patterns run on every text, pattern run on non-ASCII text or None, kind), in the order tried
CTA_PATTERNS = tuple((*_split_for_speed(p), kind) for p, kind in (
    (_PAID_CTA, "paid"), (_REG_CTA, "registration"), (_LOGIN_CTA, "login"), (_METER, "meter"),
    (_REG_OFFER, "offer"), (_REG_LEAD, "reg-lead")))
