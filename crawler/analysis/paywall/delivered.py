"""Where a gated page may have delivered its body besides the visible HTML, and markup that shows the
gate wraps a delivered body.

A paywall that hides a delivered body in the client is ``soft``; one that cut the body on the
server is ``preview`` or ``hard``. The visible text alone cannot tell them apart when a page renders
only its lead, so these read the other places a body travels: a page's JSON state
(``<script type="application/json">``, Next.js ``__NEXT_DATA__``) and a recipe's
``recipeInstructions`` (a recipe's steps are its body). Gate markup around a delivered body (a
``.paywall`` container, a rendered Piano checkout offer) is the client-side gate itself.
"""

from __future__ import annotations

import html as _html
import json
import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

from crawler.analysis.paywall.page import INLINE_HIDDEN, _el_text, _Page, _text_content, _words

MAX_JSON_CHARS = 1_500_000   # a JSON state script larger than this is not read
MAX_JSON_NODES = 50_000      # values visited in one script's JSON
MIN_BODY_WORDS = 50          # a JSON string shorter than this is not a body

_TAG = re.compile(r"<[^<>]{0,2000}>")
# class tokens (or ids) that name a wall wrapper: the body inside is delivered, gated in the client
PAY_WRAPPERS = frozenset({"paywall", "pay-wall", "paywalled", "paywall-content", "pay-wall-content", "paywall-article",
                          "article-paywall", "paywall-container"})
REG_WRAPPERS = frozenset({"regwall", "regwalled", "reg-wall", "registration-wall", "regwall-content"})
_WALL_NAMED = etree.XPath("//*[contains(@class, 'wall') or contains(@id, 'wall') or contains(@class, 'Wall') "
                          "or contains(@id, 'Wall')]")
_REG_NAME = re.compile(r"reg-?wall", re.I)
# class tokens that keep a box out of sight until a script shows it: hide classes, closed states,
# and modals (Bootstrap's .modal is hidden until .show is added; .fade only with .modal)
_HIDE_CLASS = re.compile(r"^(?:hide|hidden|is-hidden|d-none|invisible|closed|is-closed)$|--hid(?:e|den)$|[-_]hidden$",
                         re.I)
_SHOWN_CLASS = re.compile(r"^(?:show|in|open|is-open|active|is-active|visible|is-visible|shown|is-shown)$"
                          r"|--(?:visible|open|shown|active)$", re.I)
_INLINE_SHOWN = re.compile(r"display\s*:\s*(?:block|flex|grid)", re.I)
# what a registration box asks for (a box that only sells a subscription is not one)
_REG_ASK = re.compile(r"\b(?:regist|regíst|sign ?up|create (?:a |an )?(?:free )?account|inscri)", re.I)
# a box that asks for an account to comment or for a newsletter, and says nothing of reading
_OTHER_ASK = re.compile(r"\b(?:to comment|comment on|join the (?:conversation|discussion)|newsletters?)\b", re.I)
_READING = re.compile(r"\b(?:read|reading|article|story|stories|full|continue)\b", re.I)
REGWALL_BOX_MAX_WORDS = 80   # a wall box, not a wrapper around the body
_PIANO_OFFER = re.compile(r"tinypass\.com/checkout/(?:offer|template)/show", re.I)


def _longest_string(data: Any) -> str:
    best = ""
    stack = [data]
    seen = 0
    while stack and seen < MAX_JSON_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, str):
            if len(node) > len(best):
                best = node
        elif isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return best


def _text_words(text: str) -> int:
    if "<" in text:
        text = _TAG.sub(" ", text)
    return _words(_html.unescape(text))


# a page's state assigned in an ordinary script: Arc XP's Fusion.globalContent, a Redux or Apollo store
_STATE_ASSIGN = re.compile(r"(?:Fusion\.globalContent|window\.__(?:INITIAL|PRELOADED|APOLLO)_STATE__|"
                           r"window\.__INITIAL_DATA__)\s*=\s*(?=\{)")
_STATE_NEEDLES = ("globalContent", "_STATE__", "__INITIAL_DATA__")


def _state_json(script: Any) -> Any:
    """The JSON a state script holds: the whole text of a JSON script, or the object literal a script
    assigns to a known state variable (None if neither parses)."""
    text = script.text or ""
    if len(text) > MAX_JSON_CHARS or len(text) < 200:
        return None
    kind = (script.get("type") or "").lower()
    try:
        if kind == "application/json" or script.get("id") == "__NEXT_DATA__":
            return json.loads(text)
        if any(n in text for n in _STATE_NEEDLES) and (m := _STATE_ASSIGN.search(text)):
            return json.JSONDecoder().raw_decode(text, m.end())[0]
    except (ValueError, RecursionError):
        return None
    return None


def script_body_words(page: _Page) -> int:
    """Words of the longest text (tags stripped) in the page's state: a JSON script (Bloomberg's
    ``ArticleBody`` props, a Next.js page's post) or a state object a script assigns (Arc XP's
    ``Fusion.globalContent``, a Redux store). Stories stored a paragraph per item are not summed: on a
    real page such a list beside a cut lead was the lead's (dev set, round 8)."""
    best = 0
    for script in page.doc.iter("script"):
        data = _state_json(script)
        if data is None:
            continue
        words = _text_words(_longest_string(data))
        if words >= MIN_BODY_WORDS:
            best = max(best, words)
    return best


def _names(el: Any) -> set[str]:
    return set((el.get("class") or "").lower().split()) | {(el.get("id") or "").lower()}


def wall_named(page: _Page) -> list[Any]:
    """Elements whose class or id holds "wall" (one scan of the tree, shared by both wrapper kinds)."""
    raw = page.raw  # substring tests: a case-insensitive regex over megabytes costs more than the scan
    return _WALL_NAMED(page.doc)[:200] if any(w in raw for w in ("wall", "Wall", "WALL")) else []


def wrapper_words(candidates: list[Any], names: frozenset[str]) -> tuple[int, Any | None]:
    """Words of visible text inside the ``candidates`` whose class or id is one of ``names``
    (outermost ones only), and the first such element."""
    total, first = 0, None
    for el in candidates:
        if el.tag in ("html", "body"):  # a page-state class on <body> wraps the whole page, menus included
            continue
        if names.isdisjoint(_names(el)) or any(not names.isdisjoint(_names(a)) for a in el.iterancestors()):
            continue
        total += _words(_el_text(el))
        first = first if first is not None else el
    return total, first


def _hidden(el: Any) -> bool:
    """Hidden in the bytes: an inline ``display:none`` / ``opacity:0`` or a ``hidden`` attribute on the
    element or an ancestor, ``aria-hidden="true"`` on it or its parent (higher up, accessible modal
    libraries set it on the page behind an open dialog), or a hide class (``--hide``, ``is-closed``,
    a ``modal`` neither marked shown nor displayed inline). A wall waiting for a script to show it
    (CNN's ``user-account-reg-wall--hide``) gates nothing yet."""
    for depth, a in enumerate([el, *el.iterancestors()]):
        if a.get("hidden") is not None or INLINE_HIDDEN.search(a.get("style") or ""):
            return True
        if depth <= 1 and (a.get("aria-hidden") or "").lower() == "true":
            return True
        classes = (a.get("class") or "").split()
        if any(_SHOWN_CLASS.search(c) for c in classes) or _INLINE_SHOWN.search(a.get("style") or ""):
            continue
        if any(_HIDE_CLASS.search(c) for c in classes) or "modal" in (c.lower() for c in classes):
            return True
    return False


def regwall_box(candidates: list[Any]) -> tuple[Any, str] | None:
    """A shown registration box named for a regwall (``#tp-regwall``, ``.regwall__wrapper``) that asks
    the reader to register or sign up (not for the comments, not for a newsletter), short enough to
    be the box and not the body it wraps: the rendered wall of a saved DOM. Returns the element and
    its text."""
    for el in candidates:
        if el.tag in ("html", "body"):
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _REG_NAME.search(names):
            continue
        if any(_REG_NAME.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in el.iterancestors()
               if a.tag not in ("html", "body")):
            continue  # an inner part of a box already seen
        text = " ".join(_el_text(el).split())
        if not 3 <= _words(text) <= REGWALL_BOX_MAX_WORDS or not _REG_ASK.search(text):
            continue
        if (_OTHER_ASK.search(f"{names} {text}") and not _READING.search(text)) or _hidden(el):
            continue
        return el, text
    return None


def piano_offer(page: _Page, *, declared_free: bool = False) -> Any | None:
    """A Piano checkout offer rendered into the page (a saved DOM after the paywall ran). Piano
    renders newsletter and donation offers too: on a page declared free, only an offer placed in
    paywall-named markup (its container, or the containerSelector it was given) counts."""
    for el in page.doc.iter("iframe"):
        src = el.get("src") or ""
        if not _PIANO_OFFER.search(src):
            continue
        if not declared_free or "paywall" in src.lower() or any(
                "paywall" in f"{a.get('class') or ''} {a.get('id') or ''}".lower() for a in el.iterancestors()):
            return el
    return None


_PLACEHOLDER = re.compile(r"#\{\w+\}|\{\{\s*[\w.]+\s*\}\}|\$\{\w+\}")


def dormant(el: Any) -> bool:
    """A hidden element that is a template for scripts to fill (its id/class says template, or it
    holds an unfilled ``#{url}`` / ``{{url}}`` placeholder) is no more live than a <template>."""
    for anc in [el, *list(el.iterancestors())[:5]]:
        if not INLINE_HIDDEN.search(anc.get("style") or ""):
            continue
        names = f"{anc.get('id') or ''} {anc.get('class') or ''} {' '.join(anc.attrib.keys())}".lower()
        if "template" in names or "tmpl" in names:
            return True
        for sub in list(anc.iter())[:100]:
            if isinstance(sub.tag, str) and any(_PLACEHOLDER.search(v) for v in sub.attrib.values()):
                return True
        return _PLACEHOLDER.search(_text_content(anc)) is not None
    return False


def hidden_box(el: Any) -> bool:
    """Hidden by its own markup (an inline ``display:none``, the ``hidden`` attribute), or inside such a box:
    on a page its publisher declares free, a wall kept hidden so is a script's for later (a meter that has
    not run out), and gates nothing while hidden."""
    return any(a.get("hidden") is not None or INLINE_HIDDEN.search(a.get("style") or "")
               for a in [el, *list(el.iterancestors())[:6]])


# AMP's runtime shows or hides these by the reader's entitlement (amp-subscriptions, amp-access)
_AMP_GATED = ("subscriptions-section", "subscriptions-display", "amp-access")


def amp_gated(el: Any) -> bool:
    """In a section AMP's runtime shows only to readers without access (``subscriptions-section=
    "content-not-granted"``, ``amp-access="NOT access"``): an AMP page ships the story and its wall
    together and picks one in the client, so a wall there hides a delivered body."""
    return any(el.get(k) is not None for k in _AMP_GATED)


def amp_granted(page: _Page) -> bool:
    """The page's JSON-LD declares it free, and only free: AMP's amp-subscriptions grants such a document to
    every reader, so its sections for readers without access are never shown."""
    flags = [flag for flag, where, _ in page.schema.free_flags if where == "json-ld"]
    return bool(flags) and all(flags)


def in_amp_subscriptions(el: Any) -> bool:
    """In a section amp-subscriptions shows by the reader's entitlement."""
    return any(a.get("subscriptions-section") is not None or a.get("subscriptions-display") is not None
               for a in [el, *el.iterancestors()])


# a class that shows an element to one kind of reader only: a login-state switch in the page's CSS
_WHO = (r"anonymous|anon|guests?|visitors?|logged[-_]?(?:in|out)|signed[-_]?(?:in|out)|(?:non[-_]?)?subscribers?"
        r"|(?:non[-_]?)?members?|premium|paying|paid|registered|unregistered|entitled|unentitled")
_STATE_CLASS = re.compile(rf"(?:^|[-_])(?:show|hide|visible|hidden|only)[-_](?:for[-_]|to[-_])?({_WHO})$"
                          rf"|^(?:for[-_])?({_WHO})[-_]only$", re.I)
_PRIVILEGED = re.compile(r"^(?:logged[-_]?in|signed[-_]?in|subscribers?|members?|premium|paying|paid|registered"
                         r"|entitled)$", re.I)
_SWITCH_NEEDLES = ("only", "show", "hide", "visible", "hidden")


def login_state_body(page: _Page, min_words: int) -> tuple[Any, int] | None:
    """The body delivered in a variant of the article for logged-in or paying readers, beside a variant for
    the others (``.show-for-anonymous`` teaser and ``.show-for-subscribers`` body): the page's CSS and a
    script pick one by login state, so the whole story came (the labelling rules' login-state switch).
    Returns the privileged variant and its words, if it holds at least ``min_words``."""
    raw = page.raw
    if not any(n in raw for n in _SWITCH_NEEDLES):
        return None
    states: set[str] = set()
    best: tuple[Any, int] | None = None
    for el in page.doc.iter():
        if not isinstance(el.tag, str) or not (cls := el.get("class")):
            continue
        for token in cls.split():
            if (m := _STATE_CLASS.search(token)) is None:
                continue
            who = (m.group(1) or m.group(2)).lower().replace("_", "-")
            privileged = _PRIVILEGED.match(who) is not None and not who.startswith(("non", "un"))
            states.add("in" if privileged else "out")
            if privileged and (words := _words(_el_text(el))) >= min_words and (best is None or words > best[1]):
                best = (el, words)
    return best if best is not None and states == {"in", "out"} else None
