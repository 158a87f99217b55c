"""Distributed crawling: one Redis frontier (scrapy-redis), one PostgreSQL provenance DB, N workers.

The adapter is thin and names the three things scrapy-redis 0.9 needs on current Scrapy:
  * ``DUPEFILTER_CLASS`` set explicitly to its Redis dupefilter — otherwise its scheduler
    quietly uses Scrapy's own process-local one and workers fetch the same URLs;
  * ``SCHEDULER_PERSIST`` on, so the first worker to finish does not flush the shared queue;
  * an idle rule (:class:`RedisIdle`): a worker stays while the shared queue has work or any
    other worker holds requests, and leaves after ``PROVCRAWL_IDLE_EXIT`` seconds of global quiet.
No request a worker took is lost when it dies: taking a request from the queue puts it in the
worker's in-flight hash in the same Redis step, and marking a link seen queues it in the same step
(:class:`crawler.orchestration.frontier.InflightScheduler`); when a worker's heartbeat expires, another moves its in-flight
requests back onto the queue, again in one step (:class:`InflightRecovery`).
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from typing import Self

# seconds without a heartbeat (sent every TTL / 5) before a worker counts as dead: the
# PROVCRAWL_HEARTBEAT_TTL setting, each worker's own (how long its requests wait after it dies)
HEARTBEAT_TTL = 15.0
IDLE_POLL = 1.0  # seconds between an idle worker's looks at the shared queue (Scrapy's engine: 5)
INFLIGHT_META = "provcrawl_inflight"  # request.meta: the request's entry in its worker's in-flight hash


def keys(job: str) -> dict[str, str]:
    base = f"provcrawl:{job}"
    return {"spec": f"{base}:spec", "queue": f"{base}:requests", "dupefilter": f"{base}:dupefilter",
            "workers": f"{base}:workers", "inflight": f"{base}:inflight:%s", "alive": f"{base}:alive:%s",
            "taken": f"{base}:taken"}


def redis_settings(redis_url: str, job: str, idle_exit: float) -> dict[str, Any]:
    k = keys(job)
    return {
        "SCHEDULER": "crawler.orchestration.frontier.InflightScheduler",
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
    # the last job's workers are gone: their unfinished requests belong to that job, not this one
    r.delete(k["queue"], k["dupefilter"], k["taken"], *(k["inflight"] % w.decode() for w in r.smembers(k["workers"])),
             k["workers"])
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


def forget(server, inflight_key: str, request: Request) -> None:  # type: ignore[no-untyped-def]
    """The request is finished: its links (if any) are queued, its entry goes."""
    entry = request.meta.get(INFLIGHT_META)
    if entry:
        server.hdel(inflight_key, entry)


class RedisIdle:
    """Keeps a worker alive while the job has work anywhere; closes it after PROVCRAWL_IDLE_EXIT quiet seconds.

    Work anywhere: requests on the queue, or requests another worker took and has not finished —
    alive, it may queue more links; dead, its requests go back on the queue once its heartbeat
    expires. Quiet time counts only when neither is left, whatever ``--idle-exit`` is.
    """

    def __init__(self, crawler: Crawler, job: str, idle_exit: float) -> None:
        self.crawler = crawler
        self.k = keys(job)
        self.idle_exit = idle_exit
        self.server = connect(crawler.settings["REDIS_URL"])
        self.me = worker_id()
        self.quiet_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        job = crawler.settings.get("PROVCRAWL_REDIS_JOB")
        if not job:
            raise NotConfigured
        ext = cls(crawler, job, crawler.settings.getfloat("PROVCRAWL_IDLE_EXIT", 10.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        return ext

    def opened(self, spider: Spider) -> None:
        # An idle engine looks for requests, and asks spider_idle, on its heartbeat: every 5 s, so a
        # worker on an empty shared queue took up to 5 s to see the others' new links or a dead
        # worker's requests, and --idle-exit ran in 5 s steps. The engine reads the interval when it
        # starts the crawl, after this signal.
        engine = self.crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = IDLE_POLL

    def idle(self, spider: Spider) -> None:
        # Idle: nothing this worker took is still in progress, so any entry left (a request a
        # middleware dropped before its download, which no callback finishes) is finished.
        self.server.delete(self.k["inflight"] % self.me)
        if self.server.zcard(self.k["queue"]) or self._others_hold_requests():
            self.quiet_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.quiet_since is None:
            self.quiet_since = now
        if now - self.quiet_since < self.idle_exit:
            raise DontCloseSpider

    def _others_hold_requests(self) -> bool:
        others = [w.decode() for w in self.server.smembers(self.k["workers"]) if w.decode() != self.me]
        return any(self.server.hlen(self.k["inflight"] % w) for w in others)


class InflightRecovery:
    """Heartbeats, and the take-over of a dead worker's requests.

    A heartbeat key (refreshed on a timer, not on traffic: a worker busy parsing is alive) says the
    worker lives; a worker that finds another's heartbeat gone moves that worker's in-flight
    requests back onto the queue in one step, so two survivors cannot both take them and a
    survivor killed meanwhile cannot drop them. They are queued without the dupefilter: they were
    seen, but their answer never reached the job.
    """

    _TAKE_OVER = """
    local held = redis.call('HVALS', KEYS[1])
    for _, v in ipairs(held) do
      local sp = string.find(v, ' ', 1, true)
      redis.call('ZADD', KEYS[2], string.sub(v, 1, sp - 1), string.sub(v, sp + 1))
    end
    redis.call('DEL', KEYS[1])
    return #held
    """

    def __init__(self, crawler: Crawler, job: str, ttl: float = HEARTBEAT_TTL) -> None:
        self.crawler = crawler
        self.ttl = ttl
        self.k = keys(job)
        self.server = connect(crawler.settings["REDIS_URL"])
        self.me = worker_id()
        self.inflight_key = self.k["inflight"] % self.me
        self._take_over = self.server.register_script(self._TAKE_OVER)
        self._heartbeat: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        job = crawler.settings.get("PROVCRAWL_REDIS_JOB")
        if not job:
            raise NotConfigured
        ext = cls(crawler, job, crawler.settings.getfloat("PROVCRAWL_HEARTBEAT_TTL", HEARTBEAT_TTL))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.done, signal=signals.request_left_downloader)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _beat(self) -> None:
        self.server.set(self.k["alive"] % self.me, "1", px=max(1, round(self.ttl * 1000)))
        self.server.sadd(self.k["workers"], self.me)

    def opened(self, spider: Spider) -> None:
        from scrapy.utils.asyncio import create_looping_call

        self._beat()
        self._heartbeat = create_looping_call(self._beat)
        self._heartbeat.start(self.ttl / 5, now=False)

    def idle(self, spider: Spider) -> None:
        if self.recover():
            raise DontCloseSpider

    def done(self, request: Request, spider: Spider) -> None:
        # A failed download is finished here (recorded by FetchErrorMiddleware); a successful one
        # only once its callback's output reached the queue (InflightDone), so that the links of
        # a page a worker fetched but died before parsing are not lost.
        if request.meta.get("provcrawl_failure_recorded"):
            forget(self.server, self.inflight_key, request)

    def forget(self, request: Request) -> None:
        forget(self.server, self.inflight_key, request)

    def recover(self) -> int:
        n = 0
        for raw in self.server.smembers(self.k["workers"]):
            other = raw.decode()
            if other == self.me or self.server.exists(self.k["alive"] % other):
                continue
            n += self._take_over(keys=[self.k["inflight"] % other, self.k["queue"]])
            self.server.srem(self.k["workers"], other)
        if n:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("distributed/recovered_requests", n)
        return n

    def closed(self, spider: Spider, reason: str) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        self.server.delete(self.k["alive"] % self.me)
        # Requests still held (a shutdown mid-crawl) stay on record: a worker takes them over at
        # once, as this heartbeat is gone. With none held, this worker leaves the job.
        if not self.server.hlen(self.inflight_key):
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

    # An async generator named process_spider_output: Scrapy 2.13+ skips a lone *_async one (so
    # entries were never finished, and a take-over re-fetched every page the dead worker took).
    async def process_spider_output(self, response, result):  # type: ignore[no-untyped-def]
        async for item in result:
            yield item
        rec = self._recovery()
        if rec is not None and response.request is not None:
            rec.forget(response.request)

    def process_spider_exception(self, response, exception):  # type: ignore[no-untyped-def]
        rec = self._recovery()
        if rec is not None and response.request is not None:
            rec.forget(response.request)
