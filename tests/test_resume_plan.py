"""The resume plan on its own: what an interrupted run stored is seen and counted before anything is fetched."""

from __future__ import annotations

from crawler.orchestration.resume import StoredRun, plan

LINKS = {
    1: ["http://h/a", "http://h/moved", "http://other/x"],  # the front page
    2: ["http://h/b", "http://h/c"],  # /a
    3: ["http://h/d"],  # /new, where /moved went
}


def links(url: str, capture_id: int) -> list[str]:
    return LINKS.get(capture_id, [])


def in_scope(url: str) -> bool:
    return url.startswith("http://h/")


def test_stored_pages_are_seen_and_counted_and_the_rest_is_the_frontier() -> None:
    run = StoredRun(done={"http://h/", "http://h/a", "http://h/moved", "http://h/new", "http://h/b"},
                    payload_of={"http://h/": 1, "http://h/a": 2, "http://h/new": 3, "http://h/b": 4},
                    redirects={"http://h/moved": "http://h/new"})
    p = plan(run, ["http://h/"], links, in_scope)
    # the redirect hop counts as the page asked for; its target does not
    assert p.reused == ["http://h/", "http://h/a", "http://h/moved", "http://h/b"]
    assert {"http://h/new", "http://h/b"} <= p.seen
    assert p.frontier == ["http://h/c", "http://h/d"]  # /d: a link of the redirect's stored target


def test_a_redirect_whose_target_was_not_stored_is_finished() -> None:
    run = StoredRun(done={"http://h/", "http://h/moved"}, payload_of={"http://h/": 1},
                    redirects={"http://h/moved": "http://elsewhere/new"})
    p = plan(run, ["http://h/"], links, in_scope)
    assert p.frontier == ["http://h/a", "http://elsewhere/new"]


def test_the_page_limit_counts_stored_pages_first() -> None:
    run = StoredRun(done={"http://h/", "http://h/a"}, payload_of={"http://h/": 1, "http://h/a": 2})
    p = plan(run, ["http://h/"], links, in_scope, max_pages=1)
    assert p.reused == ["http://h/"] and "http://h/a" in p.seen  # stored: never fetched again, limit or not


def test_frontier_links_keep_their_depth_from_the_start_urls() -> None:
    run = StoredRun(done={"http://h/", "http://h/a", "http://h/moved", "http://h/new"},
                    payload_of={"http://h/": 1, "http://h/a": 2, "http://h/new": 3},
                    redirects={"http://h/moved": "http://h/new"})
    p = plan(run, ["http://h/"], links, in_scope)
    # /b, /c: links of /a (depth 1); /d: a link of /moved's target, which counts as /moved (depth 1)
    assert p.depth == {"http://h/b": 2, "http://h/c": 2, "http://h/d": 2}
    # with --depth 1, links of depth-1 pages were never to be fetched: nothing is left to do
    limited = plan(run, ["http://h/"], links, in_scope, max_depth=1)
    assert limited.frontier == [] and limited.reused == p.reused


def test_a_stored_page_reached_only_through_an_unstored_one_is_an_orphan() -> None:
    # /a was stored, but the front page that links to it was not (the kill came in between)
    run = StoredRun(done={"http://h/a", "http://h/moved", "http://h/new", "http://h/robots.txt"},
                    payload_of={"http://h/a": 2, "http://h/new": 3, "http://h/robots.txt": 9},
                    redirects={"http://h/moved": "http://h/new"})
    p = plan(run, ["http://h/"], links, in_scope)
    assert p.frontier == ["http://h/"] and p.reused == []
    assert p.orphans == {"http://h/a": 2, "http://h/new": 3}  # their links are followed when they are met
    # (robots.txt is stored too, but it is no page of the crawl: it does not count toward --max-pages)


class _Engine:
    def __init__(self) -> None:
        self.sent: list[tuple[str, int]] = []

    def crawl(self, request) -> None:  # type: ignore[no-untyped-def]
        self.sent.append((request.url, request.meta.get("depth", 0)))


def _spider(depth_limit: int, max_pages: int = 0):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from scrapy.settings import Settings

    from spiders.site import SiteSpider

    spider = SiteSpider(start="http://h/", max_pages=max_pages)
    engine = _Engine()
    spider.crawler = SimpleNamespace(settings=Settings({"DEPTH_LIMIT": depth_limit}), engine=engine)  # type: ignore[assignment]
    return spider, engine


STORED = {2: ["http://h/b", "http://h/c"], 3: ["http://h/b", "http://h/d"], 4: ["http://h/e"]}


def test_an_orphan_met_through_a_redirect_hop_has_its_stored_links_followed_breadth_first() -> None:
    spider, engine = _spider(depth_limit=3)
    spider._orphans = {"http://h/a": 2, "http://h/c": 3, "http://h/b": 4}  # a -> b, c; c -> b, d; b -> e
    spider._redirects = {"http://h/moved": "http://h/a"}
    spider._stored_links = lambda url, capture_id: iter(STORED[capture_id])  # type: ignore[method-assign]
    spider._seen |= {"http://h/moved", "http://h/a", "http://h/b", "http://h/c"}
    assert spider._orphan_at("http://h/moved") == "http://h/a"
    spider._adopt("http://h/a", 1)  # a at depth 1: b and c at 2, their links at 3
    assert sorted(engine.sent) == [("http://h/d", 3), ("http://h/e", 3)]  # b reached at 2 (not 3 via c)
    assert spider._orphans == {}


def test_adopting_stops_at_the_depth_and_page_limits() -> None:
    spider, engine = _spider(depth_limit=2)
    spider._orphans = {"http://h/a": 2, "http://h/c": 3, "http://h/b": 4}
    spider._stored_links = lambda url, capture_id: iter(STORED[capture_id])  # type: ignore[method-assign]
    spider._adopt("http://h/a", 1)
    assert engine.sent == []  # b, c at depth 2 = the limit: their links are not followed
    spider, engine = _spider(depth_limit=0, max_pages=1)
    spider._orphans = {"http://h/a": 2}
    spider._scheduled = 1
    spider._stored_links = lambda url, capture_id: iter(STORED[capture_id])  # type: ignore[method-assign]
    spider._adopt("http://h/a", 1)
    assert engine.sent == []
