"""The shared frontier's scheduler: scrapy-redis's, with no gap between Redis calls where a request is lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.orchestration.distributed import INFLIGHT_META, keys, worker_id

if TYPE_CHECKING:
    from scrapy import Request, Spider


class InflightScheduler(Scheduler):
    """scrapy-redis's scheduler, with the two steps that could lose a request made atomic (Lua).

    * Taking a request: it leaves the queue and enters this worker's in-flight hash together, so
      a worker killed before the request reached its downloader (robots.txt, the DB look-up of the
      conditional request) has it on record.
    * Queueing a link: it is marked seen and queued together; marked seen alone, it would be
      filtered everywhere and fetched nowhere. A retry or redirect copy of a request this worker
      took finishes that request's entry in the same step.
    """

    _TAKE = """
    local taken = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    if #taken == 0 then return false end
    redis.call('ZREM', KEYS[1], taken[1])
    local entry = tostring(redis.call('INCR', KEYS[3]))
    redis.call('HSET', KEYS[2], entry, taken[2] .. ' ' .. taken[1])
    return {entry, taken[1]}
    """
    _QUEUE = """
    local queued = 0
    if ARGV[3] == '' or redis.call('SADD', KEYS[2], ARGV[3]) == 1 then
      redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
      queued = 1
    end
    if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
    return queued
    """

    def open(self, spider: Spider) -> None:
        super().open(spider)
        if not isinstance(self.queue, PriorityQueue):
            raise NotConfigured("InflightScheduler needs scrapy_redis.queue.PriorityQueue (a sorted set)")
        k = keys(spider.crawler.settings["PROVCRAWL_REDIS_JOB"])
        self.inflight_key, self.taken_key = k["inflight"] % worker_id(), k["taken"]
        self._take = self.server.register_script(self._TAKE)
        self._queue = self.server.register_script(self._QUEUE)

    def enqueue_request(self, request: Request) -> bool:
        finished = request.meta.pop(INFLIGHT_META, None) or ""  # a copy carries it; its entry is done
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        queued = self._queue(keys=[self.queue.key, self.df.key, self.inflight_key],
                             args=[-request.priority, self.queue._encode_request(request), fingerprint, finished])
        if not queued:
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        taken = self._take(keys=[self.queue.key, self.inflight_key, self.taken_key])
        if not taken:
            return None
        entry, data = taken
        request = self.queue._decode_request(data)
        request.meta[INFLIGHT_META] = entry.decode()
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
