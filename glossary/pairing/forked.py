"""One call run in a forked child process while this process goes on.

``zhen glossary`` has pieces of work that need nothing from each other: jieba's
segmentation of the Chinese and the word aligner, whose two directions are themselves
independent (:func:`in_two`); the entries of one half of the terms and of the other
(:func:`in_halves`); the spans and features of each half, which need only the other half's
cover between the two steps (:func:`in_two_steps`). On two cores or more each runs in its
own process (a forked child sees this process's data as it was at the fork, without copying
it); only the result comes back, through a pipe.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from align.core.collector import no_collections
from align.core.errors import WorkerError
from align.core.threads import usable_cores

R = TypeVar("R")
S = TypeVar("S")
T = TypeVar("T")
X = TypeVar("X")


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
            with no_collections():
                ok, payload = self._receive.recv()
        except EOFError:
            raise _stopped(self.what) from None
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


def _stopped(what: str) -> WorkerError:
    """The error for a child that ended without sending what it owed."""
    return WorkerError(f"the {what} stopped without a result (out of memory?); "
                       "run again, or on one core (taskset -c 0 zhen …)")


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
    return _interleaved(first, second)


def in_two_steps(first: Callable[[Sequence[T]], tuple[X, S]], combine: Callable[[X, X], X],
                 then: Callable[[S, X], list[R]], items: Sequence[T], what: str,
                 minimum: int) -> list[R]:
    """``then(state, piece)`` where ``piece, state = first(items)``: one result per item in
    order, for work in two steps whose second needs a piece of what the first found for
    every item (``piece``), and otherwise only what it found for its own (``state``).

    With at least ``minimum`` items on two cores, each half of the items (every other
    item) goes through both steps in its own process, this one and a forked child: the
    halves swap only their pieces between the steps, each then goes on with
    ``combine(piece of the first half, piece of the second)``, and the child sends back its
    results. A half's state (and what its first step left in caches) stays where it was
    made, instead of being sent to this process and out again."""
    if len(items) < minimum or not two_cores():
        piece, state = first(items)
        return then(state, piece)
    ctx = multiprocessing.get_context("fork")
    up, up_send = ctx.Pipe(duplex=False)  # the child's piece, to this process
    down, down_send = ctx.Pipe(duplex=False)  # this process's piece, to the child

    def second_half() -> list[R]:
        up.close()  # this process's ends: a child holding them would never see it go
        down_send.close()
        piece, state = first(items[1::2])
        with no_collections():
            up_send.send(piece)
            other = down.recv()
        return then(state, combine(other, piece))

    child: Forked[list[R]] = Forked(second_half, what)
    up_send.close()
    down.close()
    try:
        piece, state = first(items[0::2])
        try:
            with no_collections():
                other = up.recv()
        except EOFError:
            child.result()  # raises the child's own error when it sent one
            raise _stopped(what) from None
        with no_collections():
            down_send.send(piece)
        mine = then(state, combine(piece, other))
        theirs = child.result()
    finally:
        child.stop()
        up.close()
        down_send.close()
    return _interleaved(mine, theirs)


def _interleaved(even: list[R], odd: list[R]) -> list[R]:
    """The results of the items at even and at odd positions, back in the items' order."""
    out: list[R] = []
    for k in range(len(even) + len(odd)):
        out.append(even[k // 2] if k % 2 == 0 else odd[k // 2])
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
        with no_collections():
            send.send(message)
    except OSError:
        pass  # the parent is gone (killed): nobody is waiting for the result
    finally:
        send.close()
