"""One call run in a forked child process while this process goes on.

``zhen glossary`` has pieces of work that need nothing from each other: jieba's
segmentation of the Chinese and the word aligner, whose two directions are themselves
independent, and the English spans of one half of the terms and of the other
(:func:`in_two`). On two cores or more each runs in its own process (a forked child sees this
process's data as it was at the fork, without copying it); only the result comes back,
through a pipe.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from align.core.errors import WorkerError
from align.core.threads import usable_cores

R = TypeVar("R")
T = TypeVar("T")


def two_cores() -> bool:
    """Whether this process may run on two cores or more (its CPU affinity) and can fork."""
    return usable_cores() >= 2 and "fork" in multiprocessing.get_all_start_methods()


class Forked(Generic[R]):
    """``work()`` started in a forked child when made; :meth:`result` waits for its value
    (and raises :class:`WorkerError`, naming ``what``, when the child failed), :meth:`stop`
    ends the child whatever it is doing. The result must pickle."""

    def __init__(self, work: Callable[[], R], what: str) -> None:
        self.what = what
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        # Not a daemon: a daemonic process may not start children of its own (the aligner's
        # child starts one for its second direction); stop() ends it on every way out.
        self._child = ctx.Process(target=_child, args=(send, work), daemon=False)
        self._child.start()
        send.close()

    def result(self) -> R:
        """The child's result, once it has sent it."""
        try:
            ok, payload = self._receive.recv()
        except EOFError:
            raise WorkerError(f"the {self.what} stopped without a result (out of memory?); "
                              "run again, or on one core (taskset -c 0 zhen …)") from None
        if not ok:
            raise WorkerError(f"the {self.what} failed: {payload}")
        value: R = payload
        return value

    def stop(self) -> None:
        """End the child (if still running) and release the pipe."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._receive.close()


def in_two(first: Callable[[], R], second: Callable[[], R], what: str) -> tuple[R, R]:
    """``first()`` and ``second()``, the second in a forked child while this process does the
    first when :func:`two_cores`, else one after the other. For work that splits into two
    independent halves (``what`` names the child's half in an error)."""
    if not two_cores():
        return first(), second()
    child = Forked(second, what)
    try:
        a = first()
        return a, child.result()
    finally:
        child.stop()


def in_halves(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], what: str,
              minimum: int) -> list[R]:
    """``work(items)``, one result per item in order, computed as two halves by
    :func:`in_two` (every other item each) when there are at least ``minimum`` items, for
    work whose items need nothing from each other. ``minimum`` is where forking and sending
    the results back start to cost less than they save."""
    if len(items) < minimum:
        return work(items)
    first, second = in_two(lambda: work(items[0::2]), lambda: work(items[1::2]), what)
    out: list[R] = []
    for k in range(len(items)):
        out.append(first[k // 2] if k % 2 == 0 else second[k // 2])
    return out


def _child(send: Connection, work: Callable[[], Any]) -> None:
    """The child process of :class:`Forked`: do the work, send the result back.

    Ctrl-C and :meth:`Forked.stop` end it at once and quietly (the default actions of
    SIGINT and SIGTERM, not the handlers inherited from the command): the parent is the one
    that tells the user."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The objects inherited from the parent are left out of the collector's passes: a pass
    # over them would write to every object's header, and so copy every page of the
    # parent's heap that the child shares.
    gc.freeze()
    try:
        message: tuple[bool, Any] = (True, work())
    except Exception as exc:  # reported by the parent, which raises
        message = (False, f"{type(exc).__name__}: {exc}")
    try:
        send.send(message)
    except OSError:
        pass  # the parent is gone (killed): nobody is waiting for the result
    finally:
        send.close()
