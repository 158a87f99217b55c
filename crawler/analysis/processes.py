"""Analysis worker processes that die with the process that started them.

A SIGKILLed crawl used to leave its extraction worker behind (~110 MB) for good: a
ProcessPoolExecutor worker waits on its call queue, and as it holds both ends of that queue's
pipe, the parent's death never reaches it. multiprocessing's resource tracker stayed too, as
every worker holds the tracker's pipe open. ``reextract``'s Pool workers see their task pipe
close, but only once idle: not while importing the analysis code or analysing a page. Each
worker therefore watches its parent itself (:func:`die_with_parent`); once the workers are gone,
the tracker and a forkserver see their pipes close and exit by themselves.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import multiprocessing.pool
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
ORPHANED_EXIT = 70


def _kill_me_with_parent() -> None:
    """Linux: the kernel SIGKILLs this process when its parent dies, even mid C call holding the GIL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl (an unusual libc): the watch below still ends the worker


def _exit_when_gone(sentinel: Any) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(ORPHANED_EXIT)  # no atexit/finalizers: they would wait on queues nobody reads


def die_with_parent() -> None:
    """Worker initializer: end this process as soon as the process that started it is gone.

    Two ways, as neither covers every case alone: PR_SET_PDEATHSIG (Linux) fires when the direct
    parent dies, which for a forkserver worker is the forkserver, not the pool's owner; the
    parent sentinel (a pipe whose other end only the owner holds; multiprocessing closes it when
    the owner exits) works on every platform and for every start method, but needs the GIL.
    Pools must be created from a long-lived thread: PR_SET_PDEATHSIG follows the parent *thread*.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing (e.g. a pool of 0 workers ran it inline)
        return
    _kill_me_with_parent()
    threading.Thread(target=_exit_when_gone, args=(parent.sentinel,), name="parent-watch", daemon=True).start()


def _init_worker(then: bytes) -> None:
    die_with_parent()
    # Unpickled only now: it imports the analysis modules (seconds on a loaded machine), and a
    # worker whose parent dies meanwhile must not finish that first.
    initializer, initargs = pickle.loads(then)  # noqa: S301 - pickled by our own parent
    if initializer is not None:
        initializer(*initargs)


def _after_watch(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> tuple[bytes]:
    return (pickle.dumps((initializer, initargs)),)


def executor(workers: int, method: str = "spawn", initializer: Callable[..., object] | None = None,
             initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor whose workers die with this process (the crawl's extraction pool)."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=_after_watch(initializer, initargs))


def pool(workers: int, method: str, initializer: Callable[..., object] | None = None,
         initargs: tuple[Any, ...] = ()) -> multiprocessing.pool.Pool:
    """A multiprocessing Pool whose workers die with this process (``reextract --workers N``)."""
    return multiprocessing.get_context(method).Pool(workers, initializer=_init_worker,
                                                    initargs=_after_watch(initializer, initargs))
