"""How the paywall signals become one verdict.

Decision order (the first rule that fires wins; every threshold is a named constant in this package):

0. Blocked, never a paywall (status ``unknown``, ``blocked`` set): ``cf-mitigated: challenge``;
   HTTP 429; HTTP 451; Cloudflare's interstitial title with its page markers (Ray ID, ``cf-wrapper``)
   at any length; and, only on pages with fewer than ``SHORT_PAGE_WORDS`` visible words,
   Cloudflare challenge markup (title "Just a moment...", ``_cf_chl_opt``, ``orchestrate/chl_page``;
   *not* the ``challenge-platform/.../jsd`` beacon Cloudflare injects into ordinary pages), F5/Shape
   TSPD (``window["bobcmn"]``, ``/TSPD/`` script, ``TSPD_101`` cookie), F5 ASM rejection, Imperva
   Incapsula (``/_Incapsula_Resource``, "Incapsula incident ID"), DataDome, Akamai, PerimeterX, AWS WAF,
   Kasada, Radware, Sucuri, Wordfence, SiteGround's captcha, Vercel's checkpoint, Anubis, DDoS-Guard,
   a "Too Many Requests" page, generic "enable JavaScript and cookies", an age gate.
1. HTTP: 402 -> ``hard``; a 3xx, or any redirect Location, to a subscribe/pricing path -> ``hard``,
   to a login/register path -> ``registration``; any other 3xx, 4xx or 5xx -> ``unknown``.
2. Not HTML (Content-Type) or empty/unparsable HTML -> ``unknown``; so is a site's front page (the URL's
   path is "/", no query, or an index segment such as ``/home-page`` at the top or behind an edition code,
   ``/gb/index.asp``) whatever boxes it shows: no single article, no access verdict.
3. Registration wall: Ghost CTA "This post is for subscribers only", Substack
   ``"audience":"only_free"``, a ``hasPart`` selector naming a regwall, "register to continue
   reading"-style prompts in a short element (in nine languages, the ask before or after what it is
   for: "Sign up for free to read the rest of this story", "To continue reading, you'll need to
   register", "Enter your email to continue reading", "Article réservé aux inscrits",
   "続きを読むには無料会員登録"...; see :mod:`.phrases`), "log in to read the full article" or "Log
   in to continue reading" (unless its box also asks for a subscription), an offer line ("Free
   registration required", "Unlock this article") whose box is drawn over the page
   or named for a wall, links to an account, speaks of reading and names no price, a heading ("Keep
   reading for free", "Continue reading") whose box's links ask only for an account (a log-in link
   beside them is the registered reader's; not a list of stories) or which holds an e-mail field
   and names no newsletter, a meter's message whose box asks for an account and no payment, a
   membership plugin's box for a free level ("for Free Membership members only", "restricted to
   registered users"), a shown regwall-named box asking the reader to register (not hidden by a
   ``--hide`` class), WP-Members' message asking new users to register (no price) -> ``registration``
   (whether or not the body came too). "For subscribers only" beside a price or trial is the paid
   wall's. An ask whose own clause names something other than the article (comments, an e-paper,
   a PDF or audio version, an attachment, saved articles, a newsletter; "more articles" unless drawn
   over the page or in a wall's box), a webinar's registration, a badge on another story's card (in a
   list, on its link or beside it, or on a teaser card: an ``<article>`` inside the story or among other
   cards, or a teaser-named box, that links a story from its title or picture and asks for nothing),
   an editor's note that a subscribers' story was opened to all readers, a sidebar promo, a section
   heading over the story's prose, a wall's markup shown in ``<pre>``/``<code>``, a wall's words in
   German guillemets (»...«), and a membership plugin's box with at least
   ``GOES_ON_WORDS`` words of the post after it (a bonus part restricted) are no wall (:mod:`.other_asks`).
4. Server-side gate markup (a paid line whose own clause is for the story's audio, an ad-free read, a PDF
   or the comments is none; nor is a section amp-subscriptions shows to readers without access on a page
   its JSON-LD declares free only, which AMP grants to every reader): Ghost ``aside.gh-post-upgrade-cta``
   element (paid/tiers), Substack ``div.paywall[data-component-name=Paywall]`` or
   ``"audience":"only_paid"``, MemberPress, Leaky Paywall message, Restrict Content (Pro), Paid Memberships Pro, Patreon lock, a paid-subscriber
   call to action in a short element ("This post is for paying subscribers only", "To read the full
   story, [Join Now]", "この記事は会員限定です"), or a
   ``hasPart`` (isAccessibleForFree=false) whose element is missing, shorter than
   ``PART_MIN_CHARS``, or holds only the wall (a call to action, under ``ARTICLE_MIN_WORDS``): ``hard`` if the delivered body has fewer than ``TEASER_MAX_WORDS`` words,
   else ``preview`` (a real lead came before the cut; so is a shorter body whose own paragraphs, not
   headline, byline or standfirst, reach ``LEAD_MIN_WORDS``). If the body was delivered elsewhere anyway,
   ``soft``: JSON-LD ``articleBody`` or a JSON state script (``application/json``, ``__NEXT_DATA__``,
   a state object a script assigns such as Arc's ``Fusion.globalContent``)
   holding ``LEAK_RATIO`` times the rendered body, a recipe's ``recipeInstructions``, or a
   login-state variant of the article for subscribers beside one for other readers. A ``hasPart``
   selector that matched nothing, with no other server gate, beside a body of at least
   ``LEAD_MAX_WORDS`` is ``soft`` too (the selector no longer fits the markup; the story came), and
   so is a body that reaches its declared word count, or one of at least ``LEAD_MAX_WORDS`` under
   paid calls to action all drawn over the page (a dialog, a fixed or modal-named layer),
   not in the text's flow where a cut lead ends (an AMP section shown by entitlement counts as drawn over).
5. ``hasPart`` element present with text -> ``soft`` (``preview`` if the length check says cut).
6. Client-side gating declared or shown (``article:content_tier`` metered/locked, Piano ``setTags``
   with a paid tag (not its negation: "nonpremium", "premium:false", "unlocked"), Poool ``page-view premium``, AMP ``subscriptions-section=content``, Pigeon
   ``free:0``, isAccessibleForFree=false on a page loading a client-side paywall script, a meter's
   message in a short element ("You've reached your free article limit"), a rendered Piano
   checkout offer, or, on a page not declared free, body text inside ``.paywall``-named markup):
   ``hard`` if the body is under ``TEASER_MAX_WORDS``, ``preview`` if the length check says cut or
   (unless the only gate is a meter's count, which lets whole stories through) the body is under
   ``LEAD_MAX_WORDS`` and no declared word count shows it whole, else ``soft``.
   JSON-LD that declares the page both free and not free (two page-level nodes) -> ``unknown``; a flag on
   a node for the site or its publisher (WebSite, Organization, Person, BreadcrumbList) is not the page's.
7. isAccessibleForFree=false alone: ``hard`` if the body is a teaser, ``preview`` if cut, ``soft``
   if the declared word count or ``articleBody`` shows the full text was delivered, ``preview`` if
   the body is under ``LEAD_MAX_WORDS``, else ``soft`` (a body that long is a whole story, not a lead).
8. Length check alone: delivered words < ``TRUNCATED_RATIO`` x declared ``wordCount``/``wordcount``
   -> ``preview`` (``unknown`` when almost nothing was delivered, e.g. a JS-rendered page); not on a page
   declared free only, nor on page 1 of several (``rel=next``, a "?page=2" link, "Page 1 of 3"): with
   nothing gating them, those came whole.
9. ``free`` only if the page looks like one article: a declared article type (og:type
   article, JSON-LD/microdata Article family) with at least ``DECLARED_ARTICLE_MIN_WORDS`` words,
   or an article container (``<article>``, ``[itemprop=articleBody]``, common body classes) holding
   at least ``ARTICLE_MIN_WORDS`` words (and not two such containers: that is a listing, unless the one
   holding the page's only ``<h1>`` has ``HEADLINE_BOX_RATIO`` times the words of each other), or, with
   no article markup at all, an extracted main text of at least ``ARTICLE_MIN_WORDS`` words on a
   page that is not a listing (forum threads, lyrics, recipe pages; a listing here is six or more items
   that link their own page from their title holding most of the text, with under ``ARTICLE_MIN_WORDS``
   words beside them: a section front, tag page, search results, see :mod:`.listing`), or, with no long
   container, the page's only ``<article>`` holding its only ``<h1>`` and at least
   ``SHORT_ARTICLE_MIN_WORDS`` words (a short post or brief), or one recipe whose steps came
   (a single Recipe with ``recipeInstructions`` of at least ``RECIPE_MIN_WORDS`` words, not on a
   listing), or one media item (og:type
   ``video.*``, ``music.*``, ``image``) whatever its length. A page whose title says it was not
   found ("404 / Page Not Found"; on a page declaring an article, only the phrase and a site name) is
   no article. Anything else (listings, 404 pages, home pages) is
   ``unknown``.

A gate box whose text is about comments only ("Only paid subscribers can comment") gates nothing;
nor does a hidden box that is a template for scripts (its id or an attribute names a template, or it
holds an unfilled ``#{url}`` placeholder), nor, on a page whose JSON-LD declares it free and only free, a
call to action kept hidden (inline ``display:none``, the ``hidden`` attribute: a meter not run out), nor a call to action in quotation marks (a story quoting
a wall). The body length is the largest article container's words, unless
the extracted text is ``CONTAINER_MISS_RATIO`` times longer (the container is a caption, not the body).
Vendor scripts (Piano, Poool, Zephr, Arc, Leaky Paywall cookie mode ...) alone never decide: sites
load them on free pages too. Newsletter boxes, "Subscribe" buttons, the Patreon donation line,
comment forms and Ghost's ``<style id="gh-members-styles">`` carry no signal at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.analysis.paywall.page import _as_int, _build_page, _describe, _el_text, _Page
from crawler.analysis.paywall.delivered import login_state_body, script_body_words
from crawler.analysis.paywall.scholarly import body_section
from crawler.analysis.paywall.lengths import _Lengths, _lengths
from crawler.analysis.paywall.blocked import _blocked
from crawler.analysis.paywall.delivered import amp_granted
from crawler.analysis.paywall.listing import headline_box, link_listing, one_short_article, paginated
from crawler.analysis.paywall.signals import ARTICLE_MIN_WORDS, WALL_IN_PART, Evidence, _collect, _ev

CLASSIFIER = "provcrawl-paywall"
CLASSIFIER_VERSION = "7"  # bump when rules change
STATUSES = ("free", "hard", "soft", "preview", "registration", "unknown")

TEASER_MAX_WORDS = 150          # gated page with fewer body words: hard, else preview
LEAD_MIN_WORDS = 60             # ... unless this many are the story's own paragraphs (a short lead, not a teaser)
LEAD_MAX_WORDS = 400            # a server-cut lead is shorter; a gated body this long came whole
DECLARED_ARTICLE_MIN_WORDS = 50  # declared article type needs this many words to be free
LEAK_RATIO = 1.5                # body text elsewhere this many times the rendered body: delivered whole
RECIPE_MIN_WORDS = 30           # a recipe's declared steps this long: the recipe was delivered


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: tuple[Evidence, ...]
    blocked: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "blocked": self.blocked,
                "evidence": [e.as_dict() for e in self.evidence],
                "classifier": CLASSIFIER, "version": CLASSIFIER_VERSION}


def _norm_headers(headers: Any) -> dict[str, str]:
    """Lower-cased names; bytes and list values (Scrapy's Headers) flattened to str."""
    out: dict[str, str] = {}
    if not headers:
        return out
    items: Iterable[Any] = headers.items() if hasattr(headers, "items") else headers
    for item in items:
        try:
            key, value = item
        except (TypeError, ValueError):
            continue
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        values = value if isinstance(value, (list, tuple)) else [value]
        text = ", ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
        k = str(key).strip().lower()
        out[k] = f"{out[k]}, {text}" if k in out else text
    return out


# a redirect to one of these paths says why the page was not served
_SUBSCRIBE_PATH = re.compile(r"/(?:subscribe|subscription|subscriptions|paywall|checkout|pricing|plans"
                             r"|upgrade|premium|membership-options|join-now)(?:[/?#.]|$)", re.I)
_LOGIN_PATH = re.compile(r"/(?:login|log-in|signin|sign-in|sign_in|wp-login\.php|register|registration|signup"
                         r"|sign-up|account/login|user/login|portal/signin|portal/signup)(?:[/?#.]|$)", re.I)


# --------------------------------------------------------------------------- the rules


def _length_evidence(lengths: _Lengths) -> Evidence:
    if lengths.declared:
        return _ev("length.wordcount", f"delivered={lengths.delivered} declared={lengths.declared} "
                   f"ratio={lengths.ratio:.2f}", f"text={lengths.text_words} html={lengths.html_words} words",
                   lengths.declared_where)
    return _ev("length.words", f"{lengths.body} body words",
               f"text={lengths.text_words} html={lengths.html_words} words", "text")


def _by_length(lengths: _Lengths, *, body_present: str, short_is_lead: bool = False) -> str:
    """hard / preview / ``body_present`` for a gated page, from how much body came with it. With
    ``short_is_lead`` (a declared gate that does not say where the cut is), a body shorter than
    ``LEAD_MAX_WORDS`` that no declared word count shows whole is a lead: ``preview``."""
    if lengths.body < TEASER_MAX_WORDS:
        return "preview" if lengths.lead >= LEAD_MIN_WORDS else "hard"
    if lengths.truncated:
        return "preview"
    if short_is_lead and lengths.body < LEAD_MAX_WORDS and not lengths.full:
        return "preview"
    return body_present


def _not_a_cut(page: _Page, lengths: _Lengths) -> bool:
    """A declared word count the body falls short of, with nothing gating the page, is no cut when the
    publisher declares the page free (and only free), or when the page is page 1 of several (the count
    is the whole story's)."""
    return amp_granted(page) or paginated(page.doc)


def _whole_body(lengths: _Lengths, despite: str) -> Evidence:
    """Why a gated body of at least ``LEAD_MAX_WORDS`` counts as delivered whole."""
    return _ev("length.whole", f"{lengths.body} body words delivered despite {despite}",
               f"a cut lead is under {LEAD_MAX_WORDS} words", "text")


def _selector_only(server_gate: list[Evidence]) -> bool:
    """The only server-side gate is a ``hasPart`` selector that matched nothing: a declaration
    that may simply not fit the page's markup (sites rename classes), not a wall seen in it (an
    element that holds the wall is one)."""
    return bool(server_gate) and all(e.signal == "schema.hasPart" and not e.matched.endswith(WALL_IN_PART)
                                     for e in server_gate)


def _body_elsewhere(page: _Page, lengths: _Lengths) -> Evidence | None:
    """The whole body delivered where the visible HTML does not show it, so a gate that looks like a
    server cut is a client-side one: JSON-LD ``articleBody`` or a JSON state script holding much
    more than the rendered lead, or a recipe's ``recipeInstructions`` (all of its steps)."""
    if page.schema.recipe_words >= RECIPE_MIN_WORDS:
        return _ev("schema.recipeInstructions", f"recipeInstructions {page.schema.recipe_words} words", "",
                   "json-ld")
    if variant := login_state_body(page, ARTICLE_MIN_WORDS):
        return _ev("markup.login-state", f"{variant[1]} words in a variant for logged-in readers",
                   _el_text(variant[0]), "css:" + _describe(variant[0]))
    floor = max(ARTICLE_MIN_WORDS, LEAK_RATIO * lengths.body)
    if page.schema.article_body_words >= floor:
        return _ev("schema.articleBody", f"articleBody {page.schema.article_body_words} words", "", "json-ld")
    if (words := script_body_words(page)) >= floor:
        return _ev("script.json-body", f"{words} words of text in a JSON state script", "",
                   "script[type=application/json]")
    return None


# a "not found" page served with status 200 (a soft 404): its title says so
_NOT_FOUND_TITLE = re.compile(r"^\W*(?:error\W*)?(?:404|410)(?:\W*$|\s*[-|:/–—]|\s+(?:not found|error|page|gone)\b)"
                              r"|\b(?:404|410) (?:not found|gone)\b|\b(?:page|article|content) (?:not found|no longer available)\b"
                              r"|^\W*not found\W*$|\bpage introuvable\b|\bseite nicht gefunden\b"
                              r"|\bpágina no encontrada\b|\bpagina non trovata\b|\bpágina não encontrada\b", re.I)
# a meter's message that the wall is up (not a count of what is left)
_LIMIT_REACHED = re.compile(r"reached your|last free", re.I)
_TITLE_PARTS = re.compile(r"\s+[|–—-]\s+|:\s+|\s+/\s+")
# the last path segment of a front page or a section's index: /home-page, /gb/index.asp, /world/index.html
_INDEX_SEGMENT = re.compile(r"(?:index|home|home-?page|default|start|startseite|accueil|inicio|portada)"
                            r"(?:\.[a-z]{2,5})?", re.I)


def _not_found(page: _Page) -> bool:
    """A "not found" page served with status 200. A page declaring an article only when its title is
    the not-found phrase and a site name ("Page not found | The Daily"), not a headline about one
    ("404 Not Found: how broken links hurt")."""
    title = page.title
    if not page.schema.declared_article:
        return _NOT_FOUND_TITLE.search(title) is not None
    first, *rest = _TITLE_PARTS.split(title, maxsplit=1)
    return _NOT_FOUND_TITLE.search(first) is not None and len(" ".join(rest).split()) <= 3


def _home_page(url: str | None) -> str | None:
    """The URL when it is a site's front page: path "/" and no query, or an index segment at the top
    (``/home-page``, ``/index.html``) or behind an edition code (``/gb/index.asp``). Not one article,
    whatever its markup says (front pages of news sites declare og:type article and hold long texts).
    An ``index.html`` deeper down is often an article (``/2020/05/20/politics/story/index.html``,
    ``/my-first-post/index.html``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.query:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return url
    edition = len(segments) == 2 and len(segments[0]) <= 3  # /gb/index.asp, /en/home
    if (len(segments) == 1 or edition) and _INDEX_SEGMENT.fullmatch(segments[-1]):
        return url
    return None


def _redirect(status: int | None, location: str | None, url: str | None) -> Verdict | None:
    if not location:
        if status is not None and 300 <= status < 400:
            return Verdict("unknown", (_ev("http.redirect", f"status {status}", "no Location",
                                           "http:status"),))
        return None
    try:
        target = urljoin(url or "", location)
        parts = urlsplit(target)
        tail = f"{parts.path}?{parts.query}#{parts.fragment}"
    except ValueError:  # e.g. "http://[::1" - still worth reading as a path
        target = tail = location
    if m := _SUBSCRIBE_PATH.search(tail):
        return Verdict("hard", (_ev("http.redirect-subscribe", m.group(0), target, "header:location"),))
    if m := _LOGIN_PATH.search(tail):
        return Verdict("registration", (_ev("http.redirect-login", m.group(0), target, "header:location"),))
    if status is not None and 300 <= status < 400:
        return Verdict("unknown", (_ev("http.redirect", f"status {status}", target, "header:location"),))
    return None


def _article_like(page: _Page, lengths: _Lengths, url: str | None = None) -> tuple[bool, Evidence | None]:
    s = page.schema
    if s.declared_article and lengths.delivered >= DECLARED_ARTICLE_MIN_WORDS:
        return True, _ev("article.declared", s.declared_article[0], page.title, "head")
    if lengths.containers == 1 and (lengths.html_words or 0) >= ARTICLE_MIN_WORDS:
        return True, _ev("article.container", f"article container with {lengths.html_words} words",
                         page.title, "body")
    if lengths.containers >= 2 and (n := headline_box(page.doc)):  # a post beside a long comment or bio
        return True, _ev("article.container", f"the headline's container with {n} words", page.title, "body")
    # one recipe whose steps came (JSON-LD recipeInstructions): its steps are its body
    if s.recipe_words >= RECIPE_MIN_WORDS and s.recipes == 1 and lengths.containers < 2:
        return True, _ev("item.recipe", f"recipeInstructions {s.recipe_words} words", page.title, "json-ld")
    # one video, song or picture (og:type video.*, music.*, image): a single item, whatever its length
    if page.og_type.startswith(("video.", "music.")) or page.og_type in ("image", "photo"):
        return True, _ev("item.declared", f"og:type={page.og_type}", page.title, "head")
    # no markup names an article, but the extractor found a long main text and nothing gates it
    # (forum threads, lyrics, recipe and CMS pages without og:type); two containers stay a listing
    if lengths.containers < 2 and (lengths.text_words or 0) >= ARTICLE_MIN_WORDS:
        if listed := link_listing(page.doc, lengths.text_words, url):  # a section front, tag page, search results
            return False, _ev("page.listing", f"{listed[0]} linked items, {listed[1]} words", page.title, "body")
        return True, _ev("article.text", f"{lengths.text_words} words of main text", page.title, "text")
    if lengths.containers == 0 and (n := one_short_article(page.doc)):  # a short post in its <article>
        return True, _ev("article.short", f"one <article> with the headline, {n} words", page.title, "body")
    return False, None


def _decide(status: int | None, headers: dict[str, str], html: str | None, text: str | None,
            url: str | None, location: str | None) -> Verdict:
    page = _build_page(html) if isinstance(html, str) and html.strip() else None
    if blocked := _blocked(status, headers, page):
        return Verdict("unknown", tuple(blocked[1]), blocked[0])
    if status == 402:
        return Verdict("hard", (_ev("http.402", "status 402", "payment required", "http:status"),))
    if redirect := _redirect(status, location, url):
        return redirect
    if status is not None and not 200 <= status < 300:
        return Verdict("unknown", (_ev(f"http.{status}", f"status {status}", "not a successful response",
                                       "http:status"),))
    ctype = headers.get("content-type", "")
    if ctype and not re.search(r"html|xml", ctype, re.I):
        return Verdict("unknown", (_ev("http.content-type", ctype, "not HTML", "header:content-type"),))
    if page is None:
        return Verdict("unknown", (_ev("html.empty", "no parsable HTML", "", "body"),))

    sig = _collect(page)
    lengths = _lengths(page, text, sig)
    length_ev = _length_evidence(lengths)
    info = [*sig.vendors, length_ev]
    if home := _home_page(url):  # no single article, so no access verdict, whatever its boxes say
        return Verdict("unknown", tuple([_ev("url.home", "a site's front page", home, "url"), *info]))

    if any(e.signal == "schema.isAccessibleForFree" for e in sig.declared_free):  # open access: the
        sig.server_gate = [e for e in sig.server_gate if e.signal != "scholarly.access"]  # box is a widget
    # platform markup beats call-to-action prose; registration beats paid at the same level
    # (Substack shows its Paywall box on free-subscriber-only posts too)
    platform_reg = [e for e in sig.registration if not e.signal.startswith("cta.")]
    platform_gate = [e for e in sig.server_gate if not e.signal.startswith("cta.")]
    if platform_reg or (sig.registration and not platform_gate):
        return Verdict("registration", tuple([*sig.registration, *sig.server_gate, *info]))
    if sig.server_gate and sig.server_gate[0].signal == "scholarly.access":
        # the abstract is the paper's summary, not a lead of its body: a body section must show
        section = body_section(page)
        why = _ev("scholarly.body", f"body section {section!r}" if section else "abstract only, no body section",
                  section or "", "body")
        return Verdict("preview" if section else "hard", tuple([*sig.server_gate, why, *sig.declared_false, *info]))
    if sig.server_gate:
        if leak := _body_elsewhere(page, lengths):
            return Verdict("soft", tuple([*sig.server_gate, leak, *sig.declared_false, *info]))
        if _selector_only(sig.server_gate) and lengths.body >= LEAD_MAX_WORDS and not lengths.truncated:
            whole = _whole_body(lengths, "the missing part")
            return Verdict("soft", tuple([*sig.server_gate, whole, *sig.declared_false, *info]))
        if lengths.full and lengths.body >= TEASER_MAX_WORDS:
            # the body reaches the word count the page declares: the wall hides it in the client
            return Verdict("soft", tuple([*sig.server_gate, *sig.declared_false, *info]))
        if (all(e in sig.overlaid for e in sig.server_gate) and lengths.body >= LEAD_MAX_WORDS
                and not lengths.truncated):
            whole = _whole_body(lengths, "a wall drawn over the page")
            return Verdict("soft", tuple([*sig.server_gate, whole, *sig.declared_false, *info]))
        return Verdict(_by_length(lengths, body_present="preview"),
                       tuple([*sig.server_gate, *sig.declared_false, *info]))
    if sig.part_present:
        return Verdict("preview" if lengths.truncated else "soft",
                       tuple([*sig.part_present, *sig.part_missing, *sig.declared_false, *info]))
    client = list(sig.client_gate)
    if sig.declared_false and sig.vendors:
        client += sig.declared_false
    if client:
        # a meter (content_tier=metered, "1 of 3 free articles") lets the whole story through by design;
        # a paid tag or a declaration may stand before a lead
        metered = all((e.signal == "cta.meter" and not _LIMIT_REACHED.search(e.matched))
                      or e.matched == "content_tier=metered" for e in client)
        return Verdict(_by_length(lengths, body_present="soft", short_is_lead=not metered), tuple([*client, *info]))
    conflict = [e for e in sig.declared_free if e.signal == "schema.isAccessibleForFree" and e.where == "json-ld"]
    if conflict and any(e.where == "json-ld" for e in sig.declared_false):
        # the page says both: no declaration can be believed, and nothing else gates it
        return Verdict("unknown", tuple([_ev("schema.conflict", "isAccessibleForFree true and false", "",
                                             "json-ld"), *conflict, *sig.declared_false, *info]))
    if sig.declared_false:
        status_ = _by_length(lengths, body_present="soft")
        why = _body_elsewhere(page, lengths) if status_ == "soft" else None
        whole = lengths.full or page.schema.article_body_words >= max(lengths.body, 1) or why is not None
        if status_ == "soft" and not whole:
            if lengths.body < LEAD_MAX_WORDS:
                status_ = "preview"  # a declared gate and a body shorter than a whole story: a lead
            else:
                why = _whole_body(lengths, "the declaration")
        return Verdict(status_, tuple([*sig.declared_false, *([why] if why else []), *info]))
    if lengths.truncated and not _not_a_cut(page, lengths):
        if lengths.delivered < DECLARED_ARTICLE_MIN_WORDS:
            return Verdict("unknown", tuple(info))
        return Verdict("preview", tuple(info))
    if _not_found(page):
        return Verdict("unknown", tuple([_ev("page.not-found", "a not-found page", page.title, "title"), *info]))
    ok, why = _article_like(page, lengths, url)
    if ok and why is not None:
        return Verdict("free", tuple([why, *sig.declared_free, *info]))
    return Verdict("unknown", tuple([why or _ev("article.none", "no article found", page.title, "body"), *info]))


def classify(*, status: int | None, headers: Mapping[str, str] | None, html: str | None,
             text: str | None, url: str | None = None, redirect_location: str | None = None) -> Verdict:
    """Classify one capture's access. Never raises on any input: a classifier bug becomes an
    ``unknown`` verdict carrying the error as evidence, so one odd page cannot stop a crawl."""
    try:
        code = _as_int(status) if status is not None else None
        hdrs = _norm_headers(headers)
        if isinstance(html, (bytes, bytearray)):
            html = bytes(html).decode("utf-8", "replace")
        if text is not None and not isinstance(text, str):
            text = str(text)
        is_redirect = code is not None and 300 <= code < 400
        location = redirect_location or (hdrs.get("location") if is_redirect else None)
        verdict = _decide(code, hdrs, html if isinstance(html, str) else None, text,
                          url if isinstance(url, str) else None,
                          location if isinstance(location, str) else None)
        # keep evidence unique and in order
        seen: set[Evidence] = set()
        unique = tuple(e for e in verdict.evidence if not (e in seen or seen.add(e)))
        return Verdict(verdict.status, unique, verdict.blocked)
    except Exception as exc:  # noqa: BLE001 - must never raise on untrusted input
        return Verdict("unknown", (_ev("error", exc.__class__.__name__, str(exc), "classifier"),))
