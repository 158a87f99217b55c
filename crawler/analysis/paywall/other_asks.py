"""Asks that look like a wall's but are for something other than the article in front of the reader:
an account for the comments, the e-paper, a PDF or audio version, an attachment, a webinar; the badge
of another story on a card in a list; a promo in the page's sidebar; a wall's markup shown as code in
a tutorial. Free pages carry all of these near their article (review 7 of the registration rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from crawler.analysis.paywall.page import _CONTAINER_CLASSES, INLINE_HIDDEN, _at_most_words, _words
from crawler.analysis.paywall.phrases import _PAYMENT_ASK, _WALL_NAME

# what an ask is for when it is not the article: named in the ask's own clause ("Register for free to
# read [our weekly e-paper]", "[Commenting on] this article is restricted to registered users", "You must
# be logged in to view this [attachment]", "Want to keep reading? Sign up [for our daily newsletter]")
_OTHER_OBJECT = re.compile(
    r"newsletter|briefing|digest|\balerts?\b|inbox|comment(?!ar)|conversation|discussion|podcast|webinar|\bevents?\b"
    r"|e-?paper|digital edition|print edition|\b(?:our|the) (?:weekly |monthly |print |digital )?magazine\b|download|\bpdf\b|attachment|\blinks?\b|\bimages?\b"
    r"|\bfiles?\b|\baudio\b|narrat|\blisten|\bversion of\b|\bads\b|ad-free|\blater\b|offline|left off"
    r"|where you stopped|\bapp\b|aplicativo|aplicaci[oó]n|\bappli\b|\bsaved\b|bookmark|reading list|archive|\blike (?:this|it|these)\b"
    # de, fr, it, nl, pt, es, pl, ja
    r"|kommentar|e-?paper|ausgabe|merkliste|lettre d|\b(?:le|du) journal\b|édition|version numérique|alerte"
    r"|commentaire|giornale digitale|edizion|edicola|funzion|servizio|commenti|krant|nieuwsbrief|reactie"
    r"|mais tarde|comentári|edição|salvar|boletín|correo|comentar|más tarde|edición|komentarz|wydani|archiv"
    r"|コメント|保存|フォロー|ニュースレター|メルマガ|紙面",
    re.I)
# the clause around an ask: back to the last sentence or dash break, on to the next sentence break or "and"
_BEFORE_BREAK = re.compile(r"[.!?。！？:;—–]\s*")
_AFTER_BREAK = re.compile(r"[.!?。！？;—–]|\s(?:and|und|et|e|y|i|oraz|but|or|oder|ou|lub|albo)\s", re.I)
_AFTER_WORDS = 8
_NAMED_OBJECT = re.compile(r"article|story|piece|post\b|reading|artikel|beitrag|articolo|artículo|artigo|artykuł"
                           r"|lesen|lire|lecture|leyendo|leggere|lezen|lendo|czyta|記事|読", re.I)
# a comma then a noun phrase renames what the ask is for ("Sign up for The Download, our daily newsletter")
_APPOSITIVE = re.compile(r"\s*(?:our|the|a|an|my|your|unser\w*|notre|nos|nuestro|nuestra|il nostro|la nostra|onze|ons"
                         r"|nosso|nossa|nasz\w*)\b", re.I)
# a webinar or an event: "Free registration required" for one gates no article ("events" is a wall's perk)
EVENT = re.compile(r"webinar|\bevent\b|conference|summit|\bexpo\b|workshop|\bcourse\b|tickets?\b|seminar"
                   r"|veranstaltung|événement|evento|evenement|wydarzeni|イベント|セミナー"
                   # or a contest, a poll, a readers' panel
                   r"|\bpanel\b|survey|\bpoll\b|contest|competition|giveaway|\bprizes?\b|\bquiz", re.I)


# an ask to read more articles, not this one ("Register for free to read more articles from the Ledger"):
# a promo, unless drawn over the page or in a wall's box (a meter's "Register to read 3 more articles")
_MORE = re.compile(r"\bmore (?:articles|stories|news|content|from)\b|\b\d+ more\b|mehr artikel|plus d[’']articles"
                   r"|más (?:artículos|noticias)|più articoli|meer artikelen|mais (?:artigos|reportagens|matérias)"
                   r"|więcej artykułów", re.I)


def _clause(text: str, match: re.Match[str]) -> str:
    """The ask's own clause: the match, what stands before it back to a sentence break, and up to
    eight words after it until a sentence break or "and" (or a comma, where the ask names the article)."""
    head = text[: match.start()]
    breaks = list(_BEFORE_BREAK.finditer(head))
    before = head[breaks[-1].end():] if breaks else head
    tail = text[match.end():]
    stop = _AFTER_BREAK.search(tail)
    seg = tail[: stop.start()] if stop else tail
    first, _, rest = seg.partition(",")
    if _NAMED_OBJECT.search(match.group(0) + first) and not _APPOSITIVE.match(rest):
        seg = first  # the ask named the article or reading ("... the rest of this story"): a comma's list is of perks
    after = " ".join(seg.split()[:_AFTER_WORDS])  # Japanese: to the 。
    return f"{before} {match.group(0)} {after}"


def asks_for_other(text: str, match: re.Match[str]) -> bool:
    """The ask's own clause names something other than the article (comments, an e-paper, a PDF...)."""
    if re.search(r"\b(?:report|guide)\W*$", match.group(0), re.I) and _DOWNLOAD.search(text):
        return True  # "Download our salary guide. Register now for free access to this report."
    return _OTHER_OBJECT.search(_clause(text, match)) is not None


# what a paid line is for when it is not the story's text: its audio, an ad-free read, a download, the
# comments ("An audio version of this story is available to paying subscribers", "subscribe to read this
# article without ads")
_PAID_OTHER = re.compile(r"\baudio\b|narrat|\blisten|\bversion of\b|\bads\b|ad-free|advert|werbefrei"
                         r"|ohne werbung|\bpdf\b|download|e-?paper|print edition|comment(?!ar)|kommentar"
                         r"|commentaire|comentario", re.I)


def pays_for_other(text: str, match: re.Match[str]) -> bool:
    """A paid line's own clause names something other than the story's text (its audio, no ads, a PDF)."""
    return _PAID_OTHER.search(_clause(text, match)) is not None


_OPENS_QUOTE = re.compile(r"[\"“‘«„‚]\s*$|\s'\s*$")
_GUILLEMET = re.compile(r"[»›]\s*$")


def quotes_a_wall(text: str, start: int) -> bool:
    """A quotation mark opens just before the call to action: a story quoting a wall. German opens with
    » (»Weiterlesen mit SPIEGEL+«), French closes with it: an opening one where no « or ‹ came before."""
    head = text[:start]
    return bool(_OPENS_QUOTE.search(head) or (_GUILLEMET.search(head) and not re.search("[«‹]", head)))


# a note that a story for subscribers was opened to every reader ("..., but we are making it free to all
# readers"), not a free trial
_UNLOCKED = re.compile(r"\b(?:we(?:[’']ve| have| are|[’']re)?|has been|have been|is being|been)"
                       r" (?:made|making|unlocked|unlocking|opened|opening)\b[^.;]{0,30}?"
                       r"\b(?:free|to all|for all|for every(?:one| reader))\b(?! trial)"
                       r"|\bfree (?:to|for) (?:all|every) (?:our )?readers\b|\bfree (?:to|for) everyone\b"
                       r"|\bas a (?:free )?public service\b|\bunlocked (?:it |this \w+ )?(?:for|to) (?:all|every)"
                       r"|\bfür alle (?:leser\w*|nutzer\w*)(?: und leser\w*)? (?:frei|kostenlos|freigeschaltet)", re.I)


def unlocked_note(text: str) -> bool:
    """The line says the story, usually for subscribers, is open to every reader: an editor's note, no wall."""
    return _UNLOCKED.search(text) is not None


def asks_for_more(text: str, match: re.Match[str]) -> bool:
    """The ask's own clause is for more articles, not this one."""
    return _MORE.search(_clause(text, match)) is not None


# a link to another story: a dated path, a page, or a slug of three words or more
_STORY_HREF = re.compile(r"/(?:19|20)\d\d/|\.s?html?(?:[?#]|$)|/[^/?#]*\w-\w[^/?#]*-\w[^/?#]*(?:[/?#]|$)", re.I)


def story_link(a: Any, by_text: bool = True) -> bool:
    """A link to another story: its address looks like one and neither it (:func:`asking_href`) nor
    (``by_text``) its text asks for an account."""
    href = a.get("href") or ""
    if _STORY_HREF.search(href) is None or asking_href(href):
        return False
    return not (by_text and _ACCOUNT_LINK_WORDS.search(" ".join(a.itertext())))


_SLUG_WORD = re.compile(r"[^\W_]+")
# a slug's word that asks: whole words only ("authorities" and "planet" ask for nothing)
_ASK_WORD = re.compile(r"(?:subscri\w*|abonn\w*|abo|log-?in|sign-?(?:in|up)|regist\w*|account|members?(?:hip)?|join"
                       r"|offers?|access|trials?|plans?|checkout|pricing|premium|paywall|auth|portal|free|start|digital"
                       r"|upgrade|unlock)", re.I)


def _asks_in(text: str) -> bool:
    return bool(_ACCOUNT_LINK_WORDS.search(text) or _OFFER_HREF.search(text) or _PAYMENT_ASK.search(text))


def asking_href(href: str) -> bool:
    """The address asks for an account, a subscription or an offer: such words in its host, its query, or
    a path segment that is no story's slug; a slug (three words or more) asks only when most of its words
    do ("free-trial-offer", not "city-plan-for-harbour-delayed" nor "local-authorities-start-digital-access")."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return _asks_in(href)
    rest = [parts.netloc, parts.query]
    for seg in parts.path.split("/"):
        words = _SLUG_WORD.findall(seg)
        if len(words) >= 3 and ("-" in seg or "_" in seg):
            if 2 * sum(1 for w in words if _ASK_WORD.fullmatch(w)) > len(words):
                return True
        else:
            rest.append(seg)
    return _asks_in(" ".join(rest))


_OFFER_HREF = re.compile(r"offer|access|trial|plan|checkout|premium|paywall|auth|portal|free|start|digital", re.I)
# a link to a checkout or a paid plan (Memberful's /checkout?plan=, Steady's /plans): not "/subscribe",
# which Substack and Ghost use for free subscriptions too
_CHECKOUT_HREF = re.compile(r"checkout|pricing|/plans?(?:[/?#]|$)|[?&]plan=", re.I)


def links_to_checkout(el: Any) -> bool:
    """A link in the element's box (up to three levels up, while it holds at most ``BESIDE_MAX_WORDS``
    words) goes to a checkout or a plan: the members or subscribers its line asks for pay."""
    return any(any(_CHECKOUT_HREF.search(a.get("href") or "") for a in box.iter("a")) for box in _short_boxes(el))


def _short_boxes(el: Any) -> Iterator[Any]:
    """The element and its ancestors, up to three levels, while each holds at most ``BESIDE_MAX_WORDS``
    words and is not the story's or the page's own container: the box a short line sits in."""
    box = el
    for _ in range(3):
        if box is None or box.tag in ("article", "main", "body", "html"):
            return
        if sum(_words(t) for t in box.itertext()) > BESIDE_MAX_WORDS:
            return
        yield box
        box = box.getparent()


def on_story_link(el: Any) -> bool:
    """Inside a link to another story (a card's badge: "<a href='/2026/11/port-strike'><span>Article réservé
    aux inscrits</span> La grève</a>")."""
    return any(a.tag == "a" and story_link(a, by_text=False) for a in [el, *el.iterancestors()][:4])


BESIDE_MAX_WORDS = 40
_WALL_BOX = re.compile(r"wall|gate|barrier|modal|popup|overlay", re.I)


def beside_story_link(el: Any, only: bool = False) -> bool:
    """In a short box (up to two levels up, at most ``BESIDE_MAX_WORDS`` words) that links to another
    story: a teaser of that story ("Lire aussi | Article réservé aux inscrits [La grève du port]",
    "Register for free to read the full interview [The mayor on the harbour]"), not this story's wall.
    With ``only`` (a paid wall's words: its box may link to a story about why readers pay) the box's
    links must all be to stories, none to offers or accounts, nor a button ("[Streit im Rat] Weiterlesen
    mit SPIEGEL+" is a badge)."""
    for box in _short_boxes(el):
        named = f"{box.get('class') or ''} {box.get('id') or ''}"
        if _WALL_BOX.search(named) or next(box.iter("h1"), None) is not None:
            return False  # a box named for a wall is the wall, the headline's box the story's, whatever they link to
        own = _own_paths(box)
        links = [a for a in box.iter("a") if _path(a.get("href")) not in own]
        if any(story_link(a) for a in links):
            return not only or (all(story_link(a) for a in links) and next(box.iter("button"), None) is None)
    return False


# a box named for another story's teaser (not for a wall or an offer, which sites call "cards" too)
_CARD_NAME = re.compile(r"teaser|\bcard|\btile|related|recommend|more-?from|mehr-?zum|weitere|relacionad|correlat"
                        r"|gerelateerd|relatert|relaterad|relatere", re.I)
_NOT_CARD_NAME = re.compile(r"wall|gate|barrier|modal|popup|overlay|offer|pric|checkout", re.I)
CARD_MAX_WORDS = 120
CARD_LEVELS = 6


def _card(el: Any) -> bool:
    """A teaser card: an ``<article>`` inside the page's article or beside other ``<article>`` cards (a
    list of stories), or an element named for a teaser, not for a wall or an offer."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if _NOT_CARD_NAME.search(names) or next(el.iter("h1"), None) is not None:
        return False  # a wall's box, or the page's own headline box ("article-teaser" over a cut lead)
    if el.tag == "article":
        parent = el.getparent()
        return (any(a.tag == "article" for a in el.iterancestors())
                or (parent is not None and sum(c.tag == "article" for c in parent) >= 2))
    return _CARD_NAME.search(names) is not None


def _asks(a: Any) -> bool:
    """A link or button that asks for an account, a subscription or an offer (a wall's, not a card's)."""
    return asking_href(a.get("href") or "") or _asks_in(" ".join(a.itertext()))


_HEADING = ("h1", "h2", "h3", "h4", "h5", "h6")


def _title_link(a: Any) -> bool:
    """A card's own link (on its title or picture, or alone on its line), not a link in running text: a
    cut lead in a "teaser"-named box may link to an older story from its prose."""
    if a.xpath(".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//img | .//picture"):
        return True
    if any(x.tag in _HEADING for x in list(a.iterancestors())[:2]):
        return True
    parent = a.getparent()
    flat = " ".join(" ".join(a.itertext()).split())
    return parent is not None and bool(flat) and " ".join(" ".join(parent.itertext()).split()) == flat


def _path(href: str | None) -> str:
    return urlsplit(href or "").path.rstrip("/") if href else ""


def _own_paths(el: Any) -> set[str]:
    """The page's own address as it names it (canonical link, og:url): a link there is no other story."""
    root = el.getroottree().getroot()
    found = root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")[:4]
    return {_path(str(h)) for h in found} - {""}


SUMMARY_MIN_WORDS = 12


def _one_summary(box: Any) -> bool:
    """At most one paragraph of prose (``SUMMARY_MIN_WORDS`` words or more): a teaser's summary, not the
    paragraphs of a cut lead that opens with a linked subheading."""
    return sum(1 for p in box.iter("p") if _at_most_words(p, SUMMARY_MIN_WORDS - 1) is False) <= 1


def on_teaser_card(el: Any) -> bool:
    """On another story's teaser card (up to ``CARD_LEVELS`` up, at most ``CARD_MAX_WORDS`` words): a card
    (:func:`_card`), or any box whose first link is a title link to another story (sites name their items
    "story-item", "stream__entry", "c-article-preview"...), and none of its links or buttons asks for an
    account or an offer. A Plus badge there ("Weiterlesen mit SPIEGEL+", "Contenido exclusivo para
    suscriptores") is that story's, however long its summary and wherever its link sits (title, picture);
    the page's own article, its body container and a box named for a wall are never a card."""
    for a in [el, *el.iterancestors()][:CARD_LEVELS]:
        if (a.tag in ("main", "body", "html") or "articleBody" in (a.get("itemprop") or "")
                or not _CONTAINER_CLASSES.isdisjoint((a.get("class") or "").split())
                or _NOT_CARD_NAME.search(f"{a.get('class') or ''} {a.get('id') or ''}")):
            return False
        if not _at_most_words(a, CARD_MAX_WORDS):
            return False
        card = _card(a)
        if card or next(a.iter("h1"), None) is None:
            own = _own_paths(a)  # a title link's text is a headline, whatever words it holds: its address asks or not
            titles = [x for x in a.iter("a")
                      if story_link(x, by_text=False) and _title_link(x) and _path(x.get("href")) not in own]
            first = next(a.iter("a"), None)
            item = any(first is x for x in titles) and _one_summary(a)  # an item opening with its title link
            if titles and (card or item):  # else a card's part (its label): go on up
                return not any(_asks(x) for x in a.iter("a", "button") if x not in titles)
        if a.tag == "article":
            return False
    return False
    return False


def not_the_article(el: Any, kind: str) -> bool:
    """A badge on another story's card (in a list, on its link, on a teaser card, or, for a free account's
    ask, beside it: a paid wall's box may link to a page of offers), a sidebar promo, a section heading."""
    return (in_listing(el) or on_story_link(el) or beside_story_link(el, only=kind == "paid") or on_teaser_card(el)
            or in_sidebar(el) or section_heading(el))


def wall_box_named(el: Any) -> bool:
    """The element or one of its three nearest ancestors is named for a wall."""
    return any(_WALL_NAME.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in [el, *el.iterancestors()][:4])


_DOWNLOAD = re.compile(r"\bdownload|\bpdf\b|white ?paper", re.I)
SECTION_PROSE_WORDS = 150
# paragraphs a script or a stylesheet keeps hidden behind a wall's heading
_HIDDEN_NAME = re.compile(r"hidden|hide|truncat|lock|wall|gate|premium|blur|fade|restricted|paid", re.I)


def section_heading(el: Any) -> bool:
    """A heading followed, in its own container, by at least ``SECTION_PROSE_WORDS`` words of shown
    paragraphs: a section of the story ("Log in to keep reading: the rise of the registration wall"),
    not a wall's title, after which a box holds a line or two and its buttons."""
    if el.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return False
    n = 0
    for sib in el.itersiblings():
        if not isinstance(sib.tag, str) or INLINE_HIDDEN.search(sib.get("style") or ""):
            continue
        if sib.tag == "p" and not _HIDDEN_NAME.search(f"{sib.get('class') or ''} {sib.get('id') or ''}"):
            n += sum(_words(t) for t in sib.itertext())
            if n >= SECTION_PROSE_WORDS:
                return True
    return False


_ACCOUNT_LINK_WORDS = re.compile(r"subscri|log ?in|sign ?in|sign ?up|regist|account|member|join|abonn|unlock"
                                 r"|inscri|cadastr|zarejestr|zaloguj|accedi|anmelden|inloggen|会員|ログイン", re.I)


def in_listing(el: Any) -> bool:
    """In an item of a list of two or more (story cards, examples of wordings, a menu) whose own links
    ask for no account: a badge on another story's card or an example, not a wall. A wall's buttons
    set out as a list ("<li><a>Register to continue reading</a></li>") keep their account links, and a
    list inside a box named for a wall or drawn as a dialog is the wall's."""
    for a in [el, *el.iterancestors()][:5]:
        if a.tag == "li":
            items = a.getparent()
            if items is None or len([c for c in items if c.tag == "li"]) < 2:
                return False
            if any(_WALLISH.search(f"{b.get('class') or ''} {b.get('id') or ''}") or b.get("role") == "dialog"
                   for b in [items, *items.iterancestors()][:5]):
                return False  # a list inside a wall's box ("<ul><li>Register to continue reading</li>...")
            return not any(_ACCOUNT_LINK_WORDS.search(" ".join(x.itertext()) + " " + (x.get("href") or ""))
                           for x in a.iter("a", "button"))
        if a.tag in ("article", "main", "body", "section", "form", "dialog"):
            return False
    return False


_WALLISH = re.compile(r"wall|gate|regist|meter|barrier|paid|premium|piano|\btp-|modal|popup|overlay", re.I)


def in_sidebar(el: Any) -> bool:
    """In the page's sidebar: an ``<aside>`` (or role=complementary) outside the article and the main
    content, not named for a wall nor drawn over the page. Walls sit in or over the story."""
    chain = [el, *el.iterancestors()]
    side = next((a for a in chain if a.tag == "aside" or a.get("role") == "complementary"), None)
    if side is None or any(a.tag in ("article", "main") for a in side.iterancestors()):
        return False
    if side.xpath(".//article | .//main"):
        return False
    names = " ".join(f"{a.get('class') or ''} {a.get('id') or ''}" for a in chain[: chain.index(side) + 1])
    return not (_WALLISH.search(names) or re.search(r"position\s*:\s*fixed", side.get("style") or "", re.I))



GOES_ON_WORDS = 100
_NOT_STORY = re.compile(r"related|comment|share|author|\bbio\b|tags|meta|newsletter|promo|footer|nav|sidebar", re.I)


def story_goes_on(el: Any) -> bool:
    """At least ``GOES_ON_WORDS`` words of shown paragraphs follow a membership plugin's box in the
    story (its container, up to two containers up, inside the article): the box restricts a part of a
    free post (a bonus download, a video), not the story, which a server cut would end there."""
    n, node = 0, el
    for _ in range(3):
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str) or sib.tag in ("aside", "footer", "nav", "form", "script", "style"):
                continue
            names = f"{sib.get('class') or ''} {sib.get('id') or ''}"
            if INLINE_HIDDEN.search(sib.get("style") or "") or _HIDDEN_NAME.search(names) or _NOT_STORY.search(names):
                continue
            n += sum(_words(t) for p in ([sib] if sib.tag == "p" else sib.iter("p")) for t in p.itertext())
            if n >= GOES_ON_WORDS:
                return True
        node = node.getparent()
        if node is None or node.tag in ("article", "main", "body", "html"):
            break
    return False
