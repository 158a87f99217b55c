"""Distributed crawling: one Redis frontier (scrapy-redis), one PostgreSQL provenance DB, N workers.

The adapter is thin and names the three things scrapy-redis 0.9 needs on current Scrapy:
  * ``DUPEFILTER_CLASS`` set explicitly to its Redis dupefilter — otherwise its scheduler
    quietly uses Scrapy's own process-local one and workers fetch the same URLs;
  * ``SCHEDULER_PERSIST`` on, so the first worker to finish does not flush the shared queue;
  * an idle rule (:class:`RedisIdle`): a worker stays while the shared queue has work or any
    worker is busy, and leaves after ``PROVCRAWL_IDLE_EXIT`` seconds of global quiet.
A worker's in-flight requests are kept in Redis until answered; when a worker dies (its
heartbeat expires) another puts them back on the queue (:class:`InflightRecovery`).
"""

from __future__ import annotations

import json
import os
import pickle
import socket
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

HEARTBEAT_TTL = 15


def keys(job: str) -> dict[str, str]:
    base = f"provcrawl:{job}"
    return {"spec": f"{base}:spec", "queue": f"{base}:requests", "dupefilter": f"{base}:dupefilter",
            "workers": f"{base}:workers", "inflight": f"{base}:inflight:%s", "alive": f"{base}:alive:%s",
            "busy": f"{base}:busy"}


def redis_settings(redis_url: str, job: str, idle_exit: float) -> dict[str, Any]:
    k = keys(job)
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": k["queue"],
        "SCHEDULER_DUPEFILTER_KEY": k["dupefilter"],
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "REDIS_URL": redis_url,
        "PROVCRAWL_REDIS_JOB": job,
        "PROVCRAWL_IDLE_EXIT": idle_exit,
    }


def connect(redis_url: str):  # type: ignore[no-untyped-def]
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=5)
    client.ping()
    return client


def publish_job(redis_url: str, job: str, spec: dict[str, Any]) -> None:
    """A new job: clear the old frontier and dupefilter, and say what the workers should crawl."""
    r = connect(redis_url)
    k = keys(job)
    r.delete(k["queue"], k["dupefilter"], k["busy"])
    r.set(k["spec"], json.dumps(spec))


def read_job(redis_url: str, job: str, wait: float) -> dict[str, Any] | None:
    r = connect(redis_url)
    deadline = time.monotonic() + wait
    while True:
        raw = r.get(keys(job)["spec"])
        if raw:
            return json.loads(raw)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.5)


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class RedisIdle:
    """Keeps a worker alive while the job has work anywhere; closes it after PROVCRAWL_IDLE_EXIT quiet seconds."""

    def __init__(self, crawler: Crawler, job: str, idle_exit: float) -> None:
        self.crawler = crawler
        self.k = keys(job)
        self.idle_exit = idle_exit
        self.server = connect(crawler.settings["REDIS_URL"])
        self.me = worker_id()
        self.quiet_since: float | None = None
        self.active = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        job = crawler.settings.get("PROVCRAWL_REDIS_JOB")
        if not job:
            raise NotConfigured
        ext = cls(crawler, job, crawler.settings.getfloat("PROVCRAWL_IDLE_EXIT", 10.0))
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(ext.left, signal=signals.request_left_downloader)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def reached(self, request: Request, spider: Spider) -> None:
        self.active += 1
        if self.active == 1:
            self.server.sadd(self.k["busy"], self.me)

    def left(self, request: Request, spider: Spider) -> None:
        self.active = max(0, self.active - 1)

    def idle(self, spider: Spider) -> None:
        self.server.srem(self.k["busy"], self.me)
        self.server.set(self.k["alive"] % self.me, "1", ex=HEARTBEAT_TTL)
        if self.server.zcard(self.k["queue"]) or self._others_busy():
            self.quiet_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.quiet_since is None:
            self.quiet_since = now
        if now - self.quiet_since < self.idle_exit:
            raise DontCloseSpider

    def _others_busy(self) -> bool:
        others = [w.decode() for w in self.server.smembers(self.k["busy"]) if w.decode() != self.me]
        # a busy mark of a dead worker does not count
        return any(self.server.exists(self.k["alive"] % w) for w in others)

    def closed(self, spider: Spider) -> None:
        self.server.srem(self.k["busy"], self.me)
        self.server.delete(self.k["alive"] % self.me)


class InflightRecovery:
    """Remembers each request a worker took from the queue until it is answered.

    A heartbeat key says the worker lives; a worker that finds another's heartbeat gone puts
    that worker's unanswered requests back on the queue, so nothing taken by a killed worker
    is lost (the dupefilter is bypassed for them: they were seen, but never fetched).
    """

    def __init__(self, crawler: Crawler, job: str) -> None:
        self.crawler = crawler
        self.k = keys(job)
        self.server = connect(crawler.settings["REDIS_URL"])
        self.me = worker_id()
        self._last_beat = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        job = crawler.settings.get("PROVCRAWL_REDIS_JOB")
        if not job:
            raise NotConfigured
        ext = cls(crawler, job)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.scheduled, signal=signals.request_reached_downloader)
        crawler.signals.connect(ext.done, signal=signals.request_left_downloader)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _beat(self) -> None:
        now = time.monotonic()
        if now - self._last_beat > 2:
            self.server.set(self.k["alive"] % self.me, "1", ex=HEARTBEAT_TTL)
            self.server.sadd(self.k["workers"], self.me)
            self._last_beat = now

    def opened(self, spider: Spider) -> None:
        self._beat()

    def idle(self, spider: Spider) -> None:
        self._beat()
        if self.recover(spider):
            raise DontCloseSpider

    def scheduled(self, request: Request, spider: Spider) -> None:
        self._beat()
        try:
            payload = pickle.dumps(request.to_dict(spider=spider), protocol=4)
        except ValueError:
            return  # not a frontier request (robots.txt: NO_CALLBACK); each worker fetches its own
        self.server.hset(self.k["inflight"] % self.me, request.url, payload)

    def done(self, request: Request, spider: Spider) -> None:
        # A failed download is finished here (recorded by FetchErrorMiddleware); a successful one
        # only once its callback's output reached the engine (InflightDone), so that the links of
        # a page a worker fetched but died before parsing are not lost.
        if request.meta.get("provcrawl_failure_recorded"):
            self.forget(request)

    def forget(self, request: Request) -> None:
        self.server.hdel(self.k["inflight"] % self.me, request.url)

    def recover(self, spider: Spider) -> int:
        from scrapy.utils.request import request_from_dict

        n = 0
        for raw in self.server.smembers(self.k["workers"]):
            other = raw.decode()
            if other == self.me or self.server.exists(self.k["alive"] % other):
                continue
            for _, payload in self.server.hgetall(self.k["inflight"] % other).items():
                request = request_from_dict(pickle.loads(payload), spider=spider)  # noqa: S301 - our own records
                request.dont_filter = True
                assert self.crawler.engine is not None
                self.crawler.engine.crawl(request)
                n += 1
            self.server.delete(self.k["inflight"] % other)
            self.server.srem(self.k["workers"], other)
        if n:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("distributed/recovered_requests", n)
        return n

    def closed(self, spider: Spider) -> None:
        self.server.delete(self.k["inflight"] % self.me)
        self.server.srem(self.k["workers"], self.me)


class InflightDone:
    """Spider middleware: a request's in-flight entry goes when its callback's output has been taken."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get("PROVCRAWL_REDIS_JOB"):
            raise NotConfigured
        return cls(crawler)

    def _recovery(self) -> InflightRecovery | None:
        assert self.crawler.extensions is not None
        for ext in self.crawler.extensions.middlewares:
            if isinstance(ext, InflightRecovery):
                return ext
        return None

    async def process_spider_output_async(self, response, result):  # type: ignore[no-untyped-def]
        async for item in result:
            yield item
        rec = self._recovery()
        if rec is not None and response.request is not None:
            rec.forget(response.request)

    def process_spider_exception(self, response, exception):  # type: ignore[no-untyped-def]
        rec = self._recovery()
        if rec is not None and response.request is not None:
            rec.forget(response.request)
