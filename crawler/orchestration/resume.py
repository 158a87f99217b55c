"""What an interrupted site crawl already holds, and where it stopped: the plan for ``crawl --resume``.

The walk re-reads the run's stored pages from its start URLs (links come from their WARC
records) and has to be complete before the resumed crawl sends its first request: a page that
crawl parses must find every stored page already seen and counted, or it fetches that page a
second time and the run goes past its page limit. Walked lazily, request by request, it lost
that race (issue 15, item 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select

from storage.models import Capture

if TYPE_CHECKING:
    from crawler.capture.provenance import Recorder

MAX_REDIRECT_HOPS = 20  # a stored chain longer than Scrapy's limit (REDIRECT_MAX_TIMES) is cut here


@dataclass
class StoredRun:
    """The responses an earlier run stored, by URL."""

    done: set[str] = field(default_factory=set)  # URLs with a stored response, whatever its status
    payload_of: dict[str, int] = field(default_factory=dict)  # 2xx URL → capture holding its payload
    redirects: dict[str, str] = field(default_factory=dict)  # redirect hop URL → where it pointed


def load_run(rec: Recorder, run_id: int) -> StoredRun:
    """Captures with a WARC record only: a fetch that failed is tried again."""
    with rec.db.session() as s:
        rows = s.execute(select(Capture.url, Capture.id, Capture.status, Capture.revisit_of_id,
                                Capture.redirect_location)
                         .where(Capture.run_id == run_id, Capture.record_type.is_not(None))
                         .order_by(Capture.id)).all()
    run = StoredRun()
    for r in rows:
        run.done.add(r.url)
        if r.redirect_location:
            run.redirects[r.url] = r.redirect_location
        elif r.status and 200 <= r.status < 300:
            run.payload_of[r.url] = r.revisit_of_id or r.id
    return run


@dataclass
class ResumePlan:
    reused: list[str]  # stored pages reached from the start URLs: they count toward the page limit
    seen: set[str]  # every URL the run stored, redirect targets included: none is fetched again
    frontier: list[str]  # links (and unfinished redirect targets) not fetched yet, in the order found
    depth: dict[str, int] = field(default_factory=dict)  # link depth from the start URLs, per frontier URL
    # stored pages the walk did not reach (the kill came after they were stored, before the page
    # linking to them was): URL -> capture with their payload; their links are followed when the
    # resumed crawl meets them, or they would be seen, never fetched, and their links lost
    orphans: dict[str, int] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # the run's stored redirect hops: hop -> target


def plan(run: StoredRun, start_urls: Iterable[str], links: Callable[[str, int], Iterable[str]],
         in_scope: Callable[[str], bool], max_pages: int = 0, max_depth: int = 0) -> ResumePlan:
    """Breadth-first from the start URLs through what the run stored.

    ``links(url, capture_id)`` gives the links of a stored page. A redirect hop counts as the
    page that was asked for; its target is seen but not counted, as in the original crawl. Each
    URL keeps its link depth, so a ``--depth`` limit counts from the start URLs, not from where
    the resumed crawl picks up (links deeper than ``max_depth`` were never to be fetched).
    """
    reused: list[str] = []
    reached: set[str] = set()
    frontier: dict[str, None] = {}
    queue = list(start_urls)
    queued = set(queue)
    depth = dict.fromkeys(queue, 0)
    for url in queue:  # grows while it is read
        if url not in run.done:
            frontier.setdefault(url)
            continue
        if max_pages and len(reused) >= max_pages:
            continue
        reused.append(url)
        final = url
        for _ in range(MAX_REDIRECT_HOPS):
            if final not in run.redirects:
                break
            final = run.redirects[final]
            depth.setdefault(final, depth[url])
            if final not in run.done:  # the kill came before the target was stored: fetch it now
                frontier.setdefault(final)
                break
        reached.add(final)
        if final in run.payload_of and not (max_depth and depth[url] >= max_depth):
            for link in links(final, run.payload_of[final]):
                if link not in queued and in_scope(link):
                    queued.add(link)
                    queue.append(link)
                    depth[link] = depth[url] + 1
    seen = run.done | set(reused)
    todo = [u for u in frontier if u not in seen]
    # robots.txt is stored too, but fetched by the robots middleware: no page of the crawl, and not counted
    orphans = {u: c for u, c in run.payload_of.items()
               if u not in reached and u not in run.redirects and urlsplit(u).path != "/robots.txt"}
    return ResumePlan(reused=reused, seen=seen, frontier=todo, depth={u: depth[u] for u in todo}, orphans=orphans,
                      redirects=dict(run.redirects))
