"""A per-page time limit for the analysis, so one pathological page cannot hang a worker.

The limit is a SIGALRM timer (``setitimer``), which interrupts Python code between bytecodes:
trafilatura's cascade is Python walking lxml trees, so a slow page stops at the next step. It
works in a process's main thread (the crawl's and re-extraction's worker processes, the CLI);
elsewhere (e.g. ``EXTRACTION_WORKERS=0``, a thread) it is a no-op. A single long C call (one
lxml parse, one regex) finishes before the timer's exception is raised.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(BaseException):
    """The work took longer than its limit (a BaseException: libraries' ``except Exception`` must
    not swallow it and carry on)."""


def can_limit() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after ``seconds`` of wall time (None or 0: no limit)."""
    if not seconds or not can_limit():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"stopped after {seconds:g} s (time limit)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
