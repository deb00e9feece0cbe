"""How many threads zhen computes with: the cores that are free, never more.

BLAS (the encoder's matrix products, the aligner's features) and OpenMP (FAISS) start one
thread per core by default. On a machine where another program keeps a core busy, those
threads wait on each other through the busy core and a run takes two to eight times as
long as with fewer threads. zhen therefore counts the cores it may use
(``os.sched_getaffinity``), measures how many of them other programs keep busy, and
computes with the rest:

* ``--threads N`` on a command, else the ``ZHEN_THREADS`` environment variable, fixes the
  number;
* otherwise a :class:`BusyProbe` reads ``/proc/stat`` twice, at least
  :data:`PROBE_SECONDS` apart, and counts the busy cores less this process's own CPU time
  (where ``/proc/stat`` cannot be read, the one-minute load average stands in); a
  :class:`PendingChoice` starts it when a run starts and reads it when the encoder first
  needs threads, so the run does not wait for it;
* :func:`choose_threads` turns the cores and the busy share into a count: a core counts as
  free when it is at least :data:`FREE_SHARE` idle, and there is always one thread.

:func:`limit_threads` applies the count to every BLAS and OpenMP library of the process
for the duration of a ``with`` block (through ``threadpoolctl``).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from align.core.errors import InputError

#: The environment variable that fixes the thread count when no ``--threads`` is given.
ENV = "ZHEN_THREADS"
#: How long :func:`probe_busy` watches the processors, seconds: at the kernel's 100 ticks
#: a second, 20 ticks per core, enough to tell a busy core from an idle one.
PROBE_SECONDS = 0.2
#: A core is counted as free when at least this share of it is idle: a core that another
#: program uses half the time still makes a second thread wait on it.
FREE_SHARE = 0.7


@dataclass(frozen=True)
class ThreadChoice:
    """How many threads a run computes with, and why.

    ``cores`` is the number of cores the process may run on; ``busy`` how many of them
    other programs kept busy when measured (None when the count was given); ``source`` is
    ``--threads``, ``ZHEN_THREADS``, ``measured`` (``/proc/stat``) or ``load average``.
    """

    threads: int
    cores: int
    busy: float | None
    source: str

    def result(self) -> ThreadChoice:
        """This choice (settled already; :meth:`PendingChoice.result` settles one)."""
        return self

    def describe(self) -> str:
        """``1 thread of 2 cores (1.0 busy, measured)``: the choice in one phrase."""
        plural = "thread" if self.threads == 1 else "threads"
        why = self.source if self.busy is None else f"{self.busy:.1f} busy, {self.source}"
        return f"{self.threads} {plural} of {self.cores} cores ({why})"


def usable_cores() -> int:
    """The number of cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def parse_threads(value: str, source: str = ENV) -> int:
    """``value`` as a thread count (a whole number ≥ 1), or :class:`InputError` naming
    ``source``."""
    try:
        n = int(value.strip())
    except ValueError:
        n = 0
    if n < 1:
        raise InputError(f"{source}={value!r}: is not a thread count; give a whole number "
                         "of at least 1, or leave it unset to use the free cores")
    return n


def choose_threads(cores: int, busy: float) -> int:
    """The threads to use on ``cores`` cores of which other programs keep ``busy`` busy:
    the cores at least :data:`FREE_SHARE` idle, never fewer than 1 nor more than ``cores``.

    >>> choose_threads(2, 0.0), choose_threads(2, 0.2), choose_threads(2, 1.0)
    (2, 2, 1)
    >>> choose_threads(2, 0.5), choose_threads(4, 1.2), choose_threads(2, 3.0)
    (1, 3, 1)
    """
    free = cores - max(0.0, busy)
    # A small tolerance so that a core measured exactly FREE_SHARE idle counts as free.
    return max(1, min(cores, math.floor(free + (1.0 - FREE_SHARE) + 1e-9)))


def cpu_ticks(stat: str) -> tuple[int, int]:
    """``(busy, total)`` clock ticks of all processors from the text of ``/proc/stat``.

    Idle and I/O-wait ticks count as idle; guest time is already inside user time (see
    proc(5)), so the first eight fields are summed.
    """
    for line in stat.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            ticks = [int(x) for x in fields[1:9]]
            idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
            return sum(ticks) - idle, sum(ticks)
    raise ValueError("no 'cpu' line")


def busy_between(before: tuple[int, int], after: tuple[int, int], processors: int,
                 own_seconds: float = 0.0, seconds: float = 0.0) -> float:
    """How many processors other programs kept busy between two :func:`cpu_ticks`
    readings, on a machine of ``processors`` processors.

    ``own_seconds`` of CPU time that this process used over the ``seconds`` between the
    readings are taken off (they are ours, not another program's).
    """
    total = after[1] - before[1]
    if total <= 0:
        return 0.0
    busy = (after[0] - before[0]) / total * processors
    if seconds > 0:
        busy -= own_seconds / seconds
    return max(0.0, busy)


def _read_ticks() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as f:
        return cpu_ticks(f.read())


def _load_average_busy() -> tuple[float, str]:
    try:
        # The load average counts this process too, running as it reads it.
        return max(0.0, os.getloadavg()[0] - 1.0), "load average"
    except OSError:
        return 0.0, "no measure"


class BusyProbe:
    """A measurement of the processors other programs keep busy, started when made and
    read by :meth:`busy`: the work this process does meanwhile is taken off (its CPU time),
    so a run measures while it reads its documents instead of waiting for the probe."""

    def __init__(self, seconds: float = PROBE_SECONDS) -> None:
        self.seconds = seconds
        self._got: tuple[float, str] | None = None
        try:
            self._before: tuple[int, int] | None = _read_ticks()
        except (OSError, ValueError):
            self._before = None
        self._own0, self._t0 = time.process_time(), time.perf_counter()

    def busy(self) -> tuple[float, str]:
        """``(busy cores, how measured)``, waiting for what is left of ``seconds`` since
        the probe was made; the same answer on every call."""
        if self._got is None:
            self._got = self._measure()
        return self._got

    def _measure(self) -> tuple[float, str]:
        if self._before is None:
            return _load_average_busy()
        left = self.seconds - (time.perf_counter() - self._t0)
        if left > 0:
            time.sleep(left)
        try:
            after = _read_ticks()
        except (OSError, ValueError):
            return _load_average_busy()
        own, wall = time.process_time() - self._own0, time.perf_counter() - self._t0
        busy = busy_between(self._before, after, os.cpu_count() or 1, own, wall)
        return min(busy, float(usable_cores())), "measured"


def probe_busy(seconds: float = PROBE_SECONDS) -> tuple[float, str]:
    """``(busy cores, how measured)``: the processors other programs keep busy, measured
    over ``seconds`` from ``/proc/stat``, else the load average less this process."""
    return BusyProbe(seconds).busy()


class PendingChoice:
    """A :func:`thread_choice` started now and settled by :meth:`result` when the threads
    are first needed: a count given by ``--threads`` or ``ZHEN_THREADS`` is read (and
    checked: :class:`InputError`) at once, a measured one is measured in between by a
    :class:`BusyProbe`."""

    def __init__(self, requested: int | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.cores = usable_cores()
        self._fixed: ThreadChoice | None = None
        self._probe: BusyProbe | None = None
        if requested is not None:
            self._fixed = ThreadChoice(parse_threads(str(requested), "--threads"), self.cores,
                                       None, "--threads")
        elif env.get(ENV, "").strip():
            self._fixed = ThreadChoice(parse_threads(env[ENV]), self.cores, None, ENV)
        else:
            self._probe = BusyProbe()

    def result(self) -> ThreadChoice:
        """The choice (the same on every call)."""
        if self._fixed is None:
            assert self._probe is not None
            busy, how = self._probe.busy()
            self._fixed = ThreadChoice(choose_threads(self.cores, busy), self.cores,
                                       round(busy, 2), how)
        return self._fixed


def thread_choice(requested: int | None = None,
                  environ: Mapping[str, str] | None = None) -> ThreadChoice:
    """The :class:`ThreadChoice` of a run: ``requested`` (``--threads``) if given, else
    ``$ZHEN_THREADS``, else the free cores measured now (see the module docstring).

    Raises :class:`InputError` for a ``ZHEN_THREADS`` that is not a whole number ≥ 1.
    """
    return PendingChoice(requested, environ).result()


@contextmanager
def limit_threads(threads: int) -> Iterator[None]:
    """Within the block, every BLAS and OpenMP library of the process uses at most
    ``threads`` threads (FAISS's OpenMP included, loaded here if it was not yet)."""
    import faiss  # noqa: F401 - loaded first so that its OpenMP library is limited too
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads):
        yield


__all__ = [
    "ENV",
    "FREE_SHARE",
    "PROBE_SECONDS",
    "BusyProbe",
    "PendingChoice",
    "ThreadChoice",
    "busy_between",
    "choose_threads",
    "cpu_ticks",
    "limit_threads",
    "parse_threads",
    "probe_busy",
    "thread_choice",
    "usable_cores",
]
