"""Paywall / access classification of one capture: a pure function of what the crawler stored.

:func:`classify` looks at the HTTP status, the response headers, the decoded HTML, the main text
trafilatura extracted, the URL and the redirect Location, and returns a :class:`Verdict`: one of
:data:`STATUSES`, a separate ``blocked`` reason for anti-bot / rate-limit / age-gate pages, and
the evidence the decision rests on, so a reader can check it against the WARC record.

It works on the raw HTML on purpose: trafilatura drops elements whose class says ``paid-content``
or ``overlay``, so a soft-paywalled body can vanish from the extract (see
shared/notes/sources-and-paywalls.md, section 1, item 5).

Read in this order: :mod:`.page` parses the HTML once and reads the schema.org facts (JSON-LD,
microdata); :mod:`.blocked` tells challenge, firewall and rate-limit pages apart; :mod:`.signals`
detects what the page shows (gate markup, call-to-action text, vendor scripts), each observation an
:class:`Evidence`, helped by :mod:`.delivered` (bodies in JSON state, wall wrappers), :mod:`.scholarly`
(publishers' access boxes) and :mod:`.lengths` (words delivered against words declared);
:mod:`.decision` turns those signals into one status, in a fixed order of rules.
"""

from crawler.analysis.paywall.decision import (CLASSIFIER, CLASSIFIER_VERSION, DECLARED_ARTICLE_MIN_WORDS,
                                      LEAD_MAX_WORDS, STATUSES, TEASER_MAX_WORDS, Verdict, classify)
from crawler.analysis.paywall.page import ARTICLE_TYPES, MAX_HTML_CHARS, MAX_SCRIPT_CHARS, SHORT_PAGE_WORDS
from crawler.analysis.paywall.blocked import BLOCKED
from crawler.analysis.paywall.signals import (ARTICLE_MIN_WORDS, CTA_MAX_WORDS, FULL_RATIO, PART_MIN_CHARS,
                                     SNIPPET_CHARS, TRUNCATED_RATIO, Evidence)

__all__ = ["ARTICLE_MIN_WORDS", "ARTICLE_TYPES", "BLOCKED", "CLASSIFIER", "CLASSIFIER_VERSION",
           "CTA_MAX_WORDS", "DECLARED_ARTICLE_MIN_WORDS", "FULL_RATIO", "LEAD_MAX_WORDS", "MAX_HTML_CHARS", "MAX_SCRIPT_CHARS",
           "PART_MIN_CHARS", "SHORT_PAGE_WORDS", "SNIPPET_CHARS", "STATUSES", "TEASER_MAX_WORDS", "TRUNCATED_RATIO",
           "Evidence", "Verdict", "classify"]
