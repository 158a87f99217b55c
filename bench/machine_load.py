"""Machine load from /proc, shared by the benchmarks: CPU of this process tree and of everyone else.

These machines are shared and noisy; every benchmark run records how many cores other processes
used meanwhile, so a disturbed run can be told apart (and repeated) instead of skewing a median.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_busy() -> float:
    """CPU-seconds all cores spent busy since boot (/proc/stat: user+nice+system+irq+softirq)."""
    try:
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, _steal = f
    return (user + nice + system + irq + softirq) / HZ


def proc_table() -> dict[int, tuple[int, int, str]]:
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        comm = raw[raw.find("(") + 1:raw.rfind(")")]
        f = raw[raw.rfind(")") + 2:].split()
        out[int(name)] = (int(f[1]), sum(int(x) for x in f[11:15]), comm)
    return out


def tree_pids(root: int, table: dict | None = None) -> list[int]:
    """A process and all its descendants."""
    table = table if table is not None else proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, ()))
    return out


def tree_cpu(root: int | None = None) -> float:
    """CPU-seconds of this process tree (live processes, plus reaped children in the c-fields)."""
    table = proc_table()
    return sum(table.get(pid, (0, 0, ""))[1] for pid in tree_pids(root or os.getpid(), table)) / HZ


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


@dataclass
class Load:
    wall: float = 0.0
    own_cpu: float = 0.0
    other_cpu: float = 0.0

    @property
    def other_cores(self) -> float:
        return self.other_cpu / self.wall if self.wall else 0.0


class measure_load:
    """Context: wall time, CPU of this process tree (children included, e.g. nginx) and CPU of
    everything else on the machine."""

    def __enter__(self) -> Load:
        self.load = Load()
        self.b0, self.o0, self.t0 = machine_busy(), tree_cpu(), time.perf_counter()
        return self.load

    def __exit__(self, *exc: object) -> None:
        wall = time.perf_counter() - self.t0
        busy, own = machine_busy() - self.b0, tree_cpu() - self.o0
        self.load.wall, self.load.own_cpu, self.load.other_cpu = wall, own, max(0.0, busy - own)


def busiest_others(seconds: float = 2.0, top: int = 6) -> list[str]:
    """The other processes using the most CPU over a short window (not this process tree)."""
    a = proc_table()
    time.sleep(seconds)
    b = proc_table()
    mine = {os.getpid()}
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in b.items():
        children.setdefault(ppid, []).append(pid)
    stack = [os.getpid()]
    while stack:
        pid = stack.pop()
        mine.add(pid)
        stack.extend(children.get(pid, ()))
    rows = []
    for pid, (_, cpu, comm) in b.items():
        if pid in mine or pid not in a:
            continue
        used = (cpu - a[pid][1]) / HZ / seconds
        if used >= 0.05:
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                cmd = comm
            rows.append((used, f"{used:4.2f} cores  pid {pid}  {cmd[:110] or comm}"))
    return [r for _, r in sorted(rows, reverse=True)[:top]] or ["(none above 0.05 cores)"]


def wait_quiet(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (up to max_wait s) until other processes use under ``threshold`` cores for 2 s; returns
    the other load seen last."""
    deadline = time.monotonic() + max_wait
    while True:
        with measure_load() as ld:
            time.sleep(2.0)
        if ld.other_cores < threshold or time.monotonic() >= deadline:
            return ld.other_cores
