"""What the paywall classifier detects in one page, each observation an :class:`Evidence`: server-side
gate markup, call-to-action text, Substack's post JSON, schema.org access flags and hasPart selectors,
wall wrappers and boxes, client-side paywall vendors and their settings. Block pages are
:mod:`.blocked`'s, body lengths :mod:`.lengths`'s. Nothing here decides a status."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape as _unescape_html
from typing import Any

from crawler.analysis.paywall.delivered import (PAY_WRAPPERS, REG_WRAPPERS, amp_gated, amp_granted, dormant,
                                                hidden_box, in_amp_subscriptions, piano_offer, regwall_box,
                                                wall_named, wrapper_words)
from crawler.analysis.paywall.scholarly import access_box, open_licence
from crawler.analysis.paywall.other_asks import (EVENT, asks_for_more, asks_for_other, links_to_checkout,
                                                 not_the_article, pays_for_other, quotes_a_wall, story_goes_on,
                                                 story_link, unlocked_note, wall_box_named)
from crawler.analysis.paywall.phrases import (CTA_PATTERNS, _ACCOUNT_ASK, _ACCOUNT_LINK, _CHROME, _COMMENTS_ONLY,
                                             _LEAD_IN, _LOGIN_ONLY, _NOT_A_WALL_PLACE, _NOT_READING_BOX, _OTHER_LINK,
                                             _PAID_CTA, _PAYMENT_ASK, _READING, _REG_CTA, _SECTIONING, _WALL_LINK,
                                             _WALL_NAME, PAID_TAG, has_cta_key)
from crawler.analysis.paywall.phrases import _LOGIN_CTA, _METER  # noqa: F401 - read by tests/test_properties.py
from crawler.analysis.paywall.page import (_text_owner, _WS, _at_most_words, _describe, _el_text,
                                  _meta_values, _Page, _text_content)

SNIPPET_CHARS = 200
ARTICLE_MIN_WORDS = 150         # undeclared page needs an article container this long to be free
TRUNCATED_RATIO = 0.5           # delivered / declared words below this: cut
FULL_RATIO = 0.8                # delivered / declared words at least this: full body delivered
PART_MIN_CHARS = 300            # hasPart element with less text is "short" (Google's gist uses 300)
CTA_MAX_WORDS = 40              # a call-to-action sentence must sit in an element this short
WALL_IN_PART = "present, holding only the wall"  # a hasPart element that is the wall box, not the part


@dataclass(frozen=True)
class Evidence:
    """One observation the verdict rests on, small enough to store next to the capture."""

    signal: str   # e.g. "schema.isAccessibleForFree", "ghost.upgrade-cta", "http.402"
    matched: str  # what matched, e.g. "isAccessibleForFree=false"
    snippet: str  # short text, <= 200 chars
    where: str    # e.g. "json-ld", "body", "header:cf-mitigated", "css:aside.gh-post-upgrade-cta"

    def as_dict(self) -> dict[str, str]:
        return {"signal": self.signal, "matched": self.matched, "snippet": self.snippet, "where": self.where}


def _clip(value: Any, limit: int = SNIPPET_CHARS) -> str:
    text = _WS.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ev(signal: str, matched: Any, snippet: Any, where: str) -> Evidence:
    return Evidence(signal, _clip(matched), _clip(snippet), _clip(where))


def _class_xpath(tag: str, cls: str) -> str:
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"


# --------------------------------------------------------------------------- gate signals


_REG_PART = re.compile(r"reg(?:istration)?[-_]?wall|regwalled|registration", re.I)

_AUDIENCE = re.compile(r'\\*"audience\\*"\s*:\s*\\*"([a-z_]+)\\*"')
_WORDCOUNT = re.compile(r'\\*"wordcount\\*"\s*:\s*(\d+)')
_POST_KEY = re.compile(r'\\*"post\\*"\s*:\s*\{')


def _search_key(pattern: re.Pattern[str], needle: str, text: str, pos: int = 0) -> re.Match[str] | None:
    """A case-sensitive key pattern, run only when its key occurs at all (a literal ``in`` is ~50x
    faster than the regex scan over a large script bundle)."""
    return pattern.search(text, pos) if needle in text else None


def _may_match(folded: str, needles: tuple[str, ...]) -> bool:
    return any(n in folded for n in needles)

# (name, xpath, signal): server-side gate elements; the xpath matches elements, never CSS text
_GATE_MARKERS = {"ghost": ("gh-post-upgrade-cta",), "substack": ("Paywall", "paywall"),
                 "memberpress": ("mepr",), "leaky-paywall": ("leaky_paywall",), "pmpro": ("pmpro_content_message",),
                 "patreon": ("patreon-locked-content-message", "patreon-unlock-post"),
                 "restrict-content": ("rcp_restricted", "rc-restricted-content", "rcp-restricted-content"),
                 "wp-members": ("wpmem_restricted_msg",)}
_GATE_ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("ghost", _class_xpath("*", "gh-post-upgrade-cta"), "css:aside.gh-post-upgrade-cta"),
    ("substack", "//*[@data-component-name='Paywall' or @data-testid='paywall']",
     "css:div.paywall[data-component-name=Paywall]"),
    ("memberpress", _class_xpath("*", "mepr-unauthorized-message") + " | "
     + _class_xpath("*", "mepr-unauthorized-excerpt") + " | //form[@id='mepr_loginform']",
     "css:div.mp_wrapper .mepr-unauthorized-*"),
    ("leaky-paywall", _class_xpath("*", "leaky_paywall_message_wrap") + " | //*[@id='leaky_paywall_message']",
     "css:div.leaky_paywall_message_wrap"),
    ("pmpro", _class_xpath("*", "pmpro_content_message"), "css:div.pmpro_content_message"),
    ("patreon", _class_xpath("*", "patreon-locked-content-message")
     + " | //a[contains(@href, 'patreon-unlock-post')]", "css:div.patreon-locked-content-message"),
    ("restrict-content", " | ".join(_class_xpath("*", c) for c in (
        "rcp_restricted", "rc-restricted-content", "rcp-restricted-content")), "css:.rcp_restricted"),
    ("wp-members", "//*[@id='wpmem_restricted_msg']", "css:div#wpmem_restricted_msg"),
)

# (name, needles, pattern): every match of the pattern holds one of the needles once folded like
# re.I folds (page.fold), so a page whose folded scripts hold none is skipped without running the
# regex: scripts are often megabytes, and these searches were most of the classifier's time
_VENDORS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("piano", ("tinypass", "piano.io", "tp\"]", "tp']"),
     re.compile(r"tinypass\.com|tinypass\.min\.js|(?<![\w.-])[\w.-]*\bpiano\.io\b"
                r"|window\[[\"']tp[\"']\]", re.I)),
    ("poool", ("poool",), re.compile(r"poool\.fr|\bpoool\(\s*[\"']init", re.I)),
    ("zephr", ("zephr",), re.compile(r"zephr-browser|zephrBrowser", re.I)),
    ("arc-subs", ("/arc/subs/p", "/p.js"),
     re.compile(r"/arc/subs/p(?:\.min)?\.js|\bsrc=[^\n]*/p\.js\b.*arc", re.I)),
    ("leaky-paywall", ("leaky",),
     re.compile(r"leaky_paywall_cookie_ajax|/plugins/(?:issuem-)?leaky-paywall/", re.I)),
    ("pigeon", ("pigeon",), re.compile(r"\bPigeon\.paywall\b|pigeon\.min\.js", re.I)),
    ("amp-subscriptions", ("amp-",), re.compile(r"amp-subscriptions|amp-access", re.I)),
    ("other", ("cxense", "evolok", "pelcro", "qiota", "laterpay", "plenigo", "steadyhq"),
     re.compile(r"cdn\.cxense\.com|evolok\.net|js\.pelcro\.com|qiota\.com|laterpay|plenigo"
                r"|steadyhq\.com", re.I)),
)
_PIANO_TAGS = re.compile(r"tp\.push\(\s*\[\s*[\"']setTags[\"']\s*,\s*\[([^\]]{0,500})\]", re.I)
_POOOL_PREMIUM = re.compile(r"poool\(\s*[\"']send[\"']\s*,\s*[\"']page-view[\"']\s*,"
                            r"\s*[\"']premium[\"']", re.I)
_PIGEON = re.compile(r"Pigeon\.paywall\(\s*\{[^}]{0,500}?\bfree\s*:\s*(0|1|false|true)", re.I)
_ZEPHR_COMMENT = re.compile(r"<!--\s*ZEPHR_FEATURE\b", re.I)


@dataclass
class _Signals:
    registration: list[Evidence] = field(default_factory=list)
    server_gate: list[Evidence] = field(default_factory=list)
    client_gate: list[Evidence] = field(default_factory=list)
    vendors: list[Evidence] = field(default_factory=list)
    declared_false: list[Evidence] = field(default_factory=list)
    declared_free: list[Evidence] = field(default_factory=list)
    part_present: list[Evidence] = field(default_factory=list)
    part_missing: list[Evidence] = field(default_factory=list)
    gate_elements: list[Any] = field(default_factory=list)   # excluded from body word counts
    overlaid: list[Evidence] = field(default_factory=list)   # paid CTAs drawn in a layer over the page
    partial: list[Any] = field(default_factory=list)         # plugin boxes over a part of a post (story_goes_on)


def _cta_matches(page: _Page, sig: _Signals) -> None:
    """Call-to-action sentences, but only in short elements in the article's flow: an article that
    quotes the phrase in a paragraph, a menu or a list of other stories is not a paywall. Works on
    text nodes, so themes that rename Ghost's classes count."""
    seen: set[int] = set()
    alive: list[Any] = []  # lxml proxies must stay alive for their id() to mean anything
    amp_free = amp_granted(page)
    for node in page.body_nodes:
        if len(alive) >= 200:
            break
        text = str(node)
        if len(text) > 600 or not text.strip():
            continue
        if not has_cta_key(text):
            continue
        match, kind = _cta_kind(text)
        if match is None or quotes_a_wall(text, match.start()):
            continue  # a story quoting a wall ("readers saw 'Register to continue reading'") is no wall
        if kind not in ("paid", "meter") and asks_for_other(text, match):
            continue  # "Register for free to read our e-paper", "Commenting on this article is restricted..."
        if kind == "paid" and pays_for_other(text, match):
            continue  # "An audio version of this story is available to paying subscribers"
        parent = _text_owner(node)
        if parent is None or id(parent) in seen:
            continue
        seen.add(id(parent))
        alive.append(parent)
        if _LEAD_IN.match(text):
            parent, kind = _lead_in_box(parent, text)
            if parent is None:
                continue
        elif kind == "reg-lead":  # "Keep reading for free": a wall only if its box's links ask for an account
            parent, kind = _lead_in_box(parent, text, email=True)
            if (parent is None or kind != "registration" or parent.xpath("count(.//li[.//a]) > 1 or count(.//a) > 4")
                    or _NOT_READING_BOX.search(_flat(parent)) or any(story_link(a) for a in parent.iter("a"))):
                continue  # a "Keep reading" list of stories (or the next story, a newsletter, the app) is no wall
        if parent.tag in _NOT_A_WALL_PLACE or any(a.tag in _NOT_A_WALL_PLACE for a in parent.iterancestors()):
            continue
        if kind == "registration" and not _READING.search(match.group(0)) and EVENT.search(_flat(parent)):
            continue  # "Join our webinar on 12 December. Register now, it's free."
        if (_site_chrome(parent) or not_the_article(parent, kind)
                or any(b in sig.partial for b in (parent, *parent.iterancestors()))):
            continue  # site header/footer, another story's badge, a sidebar promo, a subheading, a bonus part
        if unlocked_note(_flat(parent)) or (amp_free and in_amp_subscriptions(parent)):
            continue  # "This article is exclusive to subscribers, but we are making it free to all readers"
        if (kind not in ("paid", "meter") and asks_for_more(text, match)
                and not (_overlay(parent) or wall_box_named(parent))):
            continue  # "Register for free to read more articles from the Ledger" under a gift banner: a promo
        if not _at_most_words(parent, CTA_MAX_WORDS):
            continue
        if dormant(parent) or (amp_free and hidden_box(parent)):
            continue  # a template, or a wall kept hidden on a page declared free (a meter not run out)
        if kind == "login" and _paid_in_box(parent):
            continue  # "Already a subscriber? Log in to read the full article" under "Subscribe to continue"
        if (kind == "registration" and _AMBIGUOUS_AUDIENCE.search(match.group(0))
                and (_paid_in_box(parent, _PRICE, range(0, 4)) or links_to_checkout(parent))):
            kind = "paid"  # "This article is for subscribers only" over "from $4.99 a month"
        if kind == "meter" and (box := _offer_box(parent, need_wall=False)) is not None:
            parent, kind = box, "registration"  # "2 free articles left. [Register for free]": the meter's price
        if kind == "offer":
            if (box := _offer_box(parent)) is None:
                continue  # "Free registration required" for a webinar: no reading, or a price, in its box
            parent, kind = box, "registration"
        ev = _ev(f"cta.{kind}", match.group(0), _text_content(parent), "text:" + _describe(parent))
        {"paid": sig.server_gate, "registration": sig.registration, "login": sig.registration,
         "meter": sig.client_gate}[kind].append(ev)
        sig.gate_elements.append(parent)
        if kind == "paid" and _overlay(parent):
            sig.overlaid.append(ev)


# not "overlay": a fade laid over the last lines of a cut lead is named so too
_OVERLAY_CLASS = re.compile(r"modal|popup|lightbox|interstitial", re.I)
_FIXED = re.compile(r"position\s*:\s*fixed", re.I)


def _overlay(el: Any) -> bool:
    """Drawn in a layer over the page (a dialog, a fixed or modal-named box, up to six levels up) or
    in an AMP section shown by entitlement, not in the text's flow where a server-cut lead ends: a
    wall that hides a delivered body."""
    for a in [el, *el.iterancestors()][:7]:
        if a.tag in ("body", "html", "article", "main"):
            return False
        if (a.tag == "dialog" or a.get("role") in ("dialog", "alertdialog") or a.get("aria-modal") == "true"
                or amp_gated(a)):
            return True
        if _FIXED.search(a.get("style") or "") or _OVERLAY_CLASS.search(a.get("class") or ""):
            return True
    return False


def _flat(el: Any) -> str:
    """All the text under an element (buttons and forms too), whitespace collapsed."""
    return " ".join(" ".join(el.itertext()).split())


def _lead_in_box(owner: Any, lead_in: str, email: bool = False) -> tuple[Any | None, str]:
    """The box a lead-in ("To continue reading,") opens, if a link or button in it asks for a
    subscription or an account (paid, or registration for a free account alone), else None: the
    same words before "[page 2]" are pagination. Climbs at most two levels past elements that hold
    the lead-in alone. With ``email``, an e-mail field in a box that names no newsletter is an
    account asked for ("Keep reading for free [e-mail] [Continue]")."""
    box = owner
    for _ in range(2):
        if _flat(box) != " ".join(lead_in.split()) or box.getparent() is None:
            break
        box = box.getparent()
    asks = [_flat(a) for a in box.iter("a", "button")]
    asks = [t for t in asks if _WALL_LINK.search(t) and not _OTHER_LINK.search(t)]
    if not asks:
        if email and box.xpath(".//input[@type='email']") and not _OTHER_LINK.search(_flat(box)):
            return box, "registration"
        return None, ""
    # a "[Log in]" beside "[Register for free]" is the registered reader's way in, not a payment
    rest = [t for t in asks if not _LOGIN_LINK.match(t)] or asks
    free_only = all(_ACCOUNT_LINK.search(t) and not re.search(r"subscri|plan|trial|buy|abonn", t, re.I) for t in rest)
    return box, "registration" if free_only else "paid"


_LOGIN_LINK = re.compile(r"^\W*(?:log ?in|sign ?in|login)\W*$", re.I)
# a price or a paid plan in a wall's box: "for subscribers only" there means paying ones
_PRICE = re.compile(r"[$€£]\s?\d|\d\s?[$€£]|\btrial\b|\bplans\b|\bper (?:month|week|year)\b"
                    r"|/(?:month|mo|week|year)\b", re.I)
_FREE_WORD = re.compile(r"\bfree\b|\bregistered (?:users|members|readers)\b", re.I)
_AMBIGUOUS_AUDIENCE = re.compile(r"\b(?:subscribers|members)\b", re.I)


def _paid_in_box(el: Any, pattern: re.Pattern[str] = _PAID_CTA, levels: range = range(1, 4)) -> bool:
    """A paid call to action in the box around a login line (up to three levels, below the article,
    while the box stays short): then the login is for subscribers, and the wall is the paid one. With
    ``pattern`` another sign of payment (a price), from ``levels`` (0: the element itself)."""
    for depth, box in enumerate([el, *el.iterancestors()][:4]):
        if depth not in levels:
            continue
        if box.tag in ("body", "html", "main", "article"):
            return False
        if not _at_most_words(box, 2 * CTA_MAX_WORDS):
            return False
        if pattern.search(_flat(box)):
            return True
    return False


def _site_chrome(el: Any) -> bool:
    """Inside the site's own header or footer: one with no article, section or wall box around it."""
    for i, a in enumerate(ancestors := [el, *el.iterancestors()]):
        if a.tag in _CHROME:
            return not any(b.tag in _SECTIONING or _WALL_NAME.search(f"{b.get('class') or ''} {b.get('id') or ''}")
                           for b in ancestors[i:])
    return False


def _cta_kind(text: str) -> tuple[re.Match[str] | None, str]:
    ascii_only = text.isascii()
    for everywhere, other, kind in CTA_PATTERNS:
        m = next((found for p in everywhere if (found := p.search(text))), None)
        if m or (not ascii_only and other is not None and (m := other.search(text))):
            if kind == "registration" and _LOGIN_ONLY.match(m.group(0)) and not _ACCOUNT_ASK.search(m.group(0)):
                kind = "login"  # "Log in to continue reading": the box says whose login it is
            return m, kind
    return None, ""


def _offer_box(el: Any, need_wall: bool = True) -> Any | None:
    """The box of an offer line ("Free registration required", "Unlock this article"):
    the first ancestor (up to three levels, while short) with a link or button asking for an account; a
    wall only if it is drawn over the page or named for a wall, speaks of reading and asks for no
    payment (the same offer in a sidebar promo gates nothing). With ``need_wall`` False (a meter's message,
    a wall already) the box may sit anywhere."""
    box = el
    for _ in range(3):
        if box.tag in ("body", "html", "main", "article") or not _at_most_words(box, 2 * CTA_MAX_WORDS):
            return None
        if any(_ACCOUNT_ASK.search(t := _flat(a)) and not _OTHER_LINK.search(t) for a in box.iter("a", "button")):
            text = _flat(box)
            named = any(_WALL_NAME.search(f"{a.get('class') or ''} {a.get('id') or ''}")
                        for a in [box, *box.iterancestors()][:4])
            if need_wall and not (_overlay(box) or named):
                return None
            return box if _READING.search(text) and not _PAYMENT_ASK.search(text) and not EVENT.search(text) else None
        box = box.getparent()
        if box is None:
            return None
    return None


def _marker_source(raw: str) -> str:
    """The source as the parser reads attribute values: without NULs, character references decoded
    (html.unescape knows every reference libxml2 does), so a marker spelled pay&#119;all is found."""
    text = raw.replace("\x00", "")
    return _unescape_html(text) if "&" in text else text


def _collect(page: _Page) -> _Signals:
    sig = _Signals()
    doc = page.doc
    source = _marker_source(page.raw)
    for name, xpath, where in _GATE_ELEMENTS:
        if not any(m in source for m in _GATE_MARKERS[name]):
            continue  # the XPath matches attribute values: no marker in the source, no match
        # a box that gates only the comments ("Only paid subscribers can comment") gates no article, nor does
        # a plugin's box the story goes on after (a bonus download for members inside a free post)
        found = [e for e in doc.xpath(xpath)[:20]
                 if isinstance(e.tag, str) and not _COMMENTS_ONLY.search(_text_content(e))]
        sig.partial.extend(e for e in found if name != "ghost" and story_goes_on(e))
        els = [e for e in found if e not in sig.partial]
        if not els:
            continue
        # the message box is evidence; an "excerpt" box is the teaser itself and stays in the body count
        el = next((e for e in els if "excerpt" not in (e.get("class") or "")), els[0])
        sig.gate_elements.extend(e for e in els if "excerpt" not in (e.get("class") or ""))
        text = _text_content(el)
        if name == "ghost":
            low = text.lower()
            members = re.search(r"\bfor (?:subscribers|members) only\b", low)
            if members and not re.search(r"paying|paid|tier", low):
                sig.registration.append(_ev("ghost.members-cta", "aside.gh-post-upgrade-cta (members)",
                                            text, where))
                continue
            sig.server_gate.append(_ev("ghost.upgrade-cta", "aside.gh-post-upgrade-cta" if el.tag == "aside"
                                       else _describe(el), text, where))
        elif ((_REG_CTA.search(text) and _FREE_WORD.search(text)) or (name == "wp-members" and re.search(
                r"regist", text, re.I) and not _PAYMENT_ASK.search(text))) and not _PRICE.search(text):
            # PMPro's "for Free Membership members only", RCP's "restricted to registered users" ("members
            # only" alone may be paid), WP-Members' "New users may register below" (paid sites say subscribe)
            sig.registration.append(_ev(f"{name}.registration", _describe(el), text, where))
        else:
            sig.server_gate.append(_ev(f"{name}.gate", _describe(el), text, where))
    _cta_matches(page, sig)
    if not sig.server_gate and (box := access_box(page)) is not None and not open_licence(page):
        sig.server_gate.append(_ev("scholarly.access", box[0], _text_content(box[1]), "text:" + _describe(box[1])))
        sig.gate_elements.append(box[1])

    # Substack's post JSON: the audience/wordcount of the page's own post (the first after "post":)
    scripts = page.scripts
    pm = _search_key(_POST_KEY, '"post', scripts)
    am = _search_key(_AUDIENCE, '"audience', scripts, pm.start() if pm else 0) \
        or _search_key(_AUDIENCE, '"audience', scripts)
    if am:
        audience = am.group(1)
        where = "script:_preloads"
        if audience in ("only_paid", "founding"):
            sig.server_gate.append(_ev("substack.audience", f'"audience":"{audience}"', am.group(0), where))
        elif audience == "only_free":
            sig.registration.append(_ev("substack.audience", f'"audience":"{audience}"', am.group(0), where))
        elif audience == "everyone":
            sig.declared_free.append(_ev("substack.audience", '"audience":"everyone"', am.group(0), where))

    # schema.org
    s = page.schema
    for flag, where, snippet in s.free_flags:
        target = sig.declared_free if flag else sig.declared_false
        target.append(_ev("schema.isAccessibleForFree", f"isAccessibleForFree={'true' if flag else 'false'}",
                          snippet, where))
    for selector, where in s.parts:
        _check_part(page, selector, where, sig)
    if not sig.part_present:  # one unused selector beside a delivered part is not a cut
        sig.server_gate.extend(sig.part_missing)

    # article:content_tier (Facebook news indexing)
    tiers = _meta_values(doc, "article:content_tier")
    for tier in tiers[:1]:
        t = str(tier).strip().lower()
        ev = _ev("meta.content_tier", f"content_tier={t}", tier, "meta:article:content_tier")
        if t in ("metered", "locked"):
            sig.client_gate.append(ev)
        elif t == "free":
            sig.declared_free.append(ev)

    _wrapper_gates(page, sig)

    # client-side vendors and their gating configuration
    folded = page.scripts_folded
    for name, needles, pattern in _VENDORS:
        if _may_match(folded, needles) and (m := pattern.search(scripts)):
            around = scripts[max(0, m.start() - 40): m.end() + 80]
            sig.vendors.append(_ev(f"vendor.{name}", m.group(0), around, "script"))
    if m := _ZEPHR_COMMENT.search(page.raw):
        sig.vendors.append(_ev("vendor.zephr", "ZEPHR_FEATURE comment", m.group(0), "html-comment"))
    for m in (_PIANO_TAGS.finditer(scripts) if _may_match(folded, ("settags",)) else ()):
        if any(PAID_TAG.search(tag.strip(" '\"")) for tag in m.group(1).split(",")):
            sig.client_gate.append(_ev("piano.paid-tag", "tp.push setTags", m.group(0), "script"))
            break
    if _may_match(folded, ("poool",)) and (m := _POOOL_PREMIUM.search(scripts)):
        sig.client_gate.append(_ev("poool.premium", "page-view premium", m.group(0), "script"))
    if _may_match(folded, ("pigeon.paywall",)) and (m := _PIGEON.search(scripts)):
        target = sig.client_gate if m.group(1).lower() in ("0", "false") else sig.declared_free
        target.append(_ev("pigeon.paywall", f"free:{m.group(1)}", m.group(0), "script"))
    amp = doc.xpath("//*[@subscriptions-section='content']")
    if amp and not amp_granted(page) and any(v.signal == "vendor.amp-subscriptions" for v in sig.vendors):
        sig.client_gate.append(_ev("amp.subscriptions-section", "subscriptions-section=content",
                                   _el_text(amp[0]), "css:[subscriptions-section=content]"))
    return sig


def _wrapper_gates(page: _Page, sig: _Signals) -> None:
    """A rendered Piano checkout offer is a live wall whatever the page declares (metered sites
    declare their pages free); a paywall-named container holding the body gates it in the client,
    and a shown regwall-named box asking the reader to register is a registration wall, unless the
    publisher declares the page free."""
    if "tinypass" in page.raw and (offer := piano_offer(page, declared_free=bool(sig.declared_free))) is not None:
        sig.client_gate.append(_ev("piano.offer", "Piano checkout offer rendered", offer.get("src"),
                                   "iframe:" + _describe(offer.getparent() if offer.getparent() is not None
                                                         else offer)))
    if sig.declared_free:
        return
    named = wall_named(page)
    if not named:
        return
    words, el = wrapper_words(named, REG_WRAPPERS)
    if el is not None and words >= ARTICLE_MIN_WORDS:
        sig.registration.append(_ev("markup.regwall-wrapper", f"{words} body words inside .regwall markup",
                                    _el_text(el), "css:" + _describe(el)))
    elif box := regwall_box(named):
        sig.registration.append(_ev("markup.regwall-box", "registration box in .regwall markup", box[1],
                                    "css:" + _describe(box[0])))
        sig.gate_elements.append(box[0])
    words, el = wrapper_words(named, PAY_WRAPPERS)
    if el is not None and words >= ARTICLE_MIN_WORDS:
        sig.client_gate.append(_ev("markup.paywall-wrapper", f"{words} body words inside .paywall markup",
                                   _el_text(el), "css:" + _describe(el)))


def _check_part(page: _Page, selector: str, where: str, sig: _Signals) -> None:
    """Google's rule: a hasPart selector whose element is missing or short means the server cut the
    body; an element with text means the body was delivered and is hidden client-side."""
    if _REG_PART.search(selector):
        sig.registration.append(_ev("schema.hasPart", f"cssSelector={selector} (registration)",
                                    selector, where))
    try:
        from lxml.cssselect import CSSSelector

        els = CSSSelector(selector)(page.doc)[:50]
    except Exception:  # noqa: BLE001 - publisher-written selectors are often invalid
        sig.declared_false.append(_ev("schema.hasPart", f"cssSelector={selector} (invalid)", selector, where))
        return
    texts = [_WS.sub(" ", _el_text(e)).strip() for e in els]
    chars = sum(map(len, texts))
    # the element a selector names may be the wall box itself (the server put it where the part was)
    wall = chars >= PART_MIN_CHARS and sum(len(t.split()) for t in texts) < ARTICLE_MIN_WORDS \
        and any(_PAID_CTA.search(t) or _REG_CTA.search(t) for t in texts)
    if els and chars >= PART_MIN_CHARS and not wall:
        sig.part_present.append(_ev("schema.hasPart", f"cssSelector={selector} present, {chars} chars",
                                    _el_text(els[0]), f"css:{selector}"))
    else:
        state = (WALL_IN_PART if wall else f"present, only {chars} chars") if els else "missing"
        sig.part_missing.append(_ev("schema.hasPart", f"cssSelector={selector} {state}",
                                   _el_text(els[0]) if els else selector, f"css:{selector}"))
