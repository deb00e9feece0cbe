"""Progress of long steps, as the library reports it and as a terminal or a log shows it.

The library calls ``progress(step, done, total)`` (a :data:`Progress`) as it goes and
``warn(message)`` (a :data:`Warn`) when something needs a reader's attention; it never
prints. :class:`ProgressLog` renders both on a stream: on a terminal as bars redrawn in
place, elsewhere (a log file, CI) as plain lines with the rate and the time left, at most
every few seconds per step and at least every ten seconds while anything is running, so
that a long job is never silent.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

#: Called as ``progress(step, done, total)`` while a long step runs.
Progress = Callable[[str, int, int], None]
#: Called with a one-line message a reader should see at once.
Warn = Callable[[str], None]

#: Plain lines: a step is shown only once it has run this long, seconds.
QUIET_FOR = 1.0
#: Plain lines: the same step is reported at most this often, seconds.
LINE_EVERY = 5.0
#: Plain lines: while a step runs, a line at least this often, seconds (under the ten
#: seconds promised, whatever the step does between its own reports).
HEARTBEAT = 8.0


def no_progress(step: str, done: int, total: int) -> None:
    """A :data:`Progress` that shows nothing."""


def format_duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``1 h 02 min``."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


@dataclass
class _Step:
    name: str
    total: int
    started: float
    done: int = 0
    printed: float = 0.0
    finished: bool = False
    history: list[tuple[float, int]] = field(default_factory=list)

    def rate(self, now: float) -> float | None:
        """Items per second over the last half minute (the recent pace, not the average)."""
        t0, d0 = next(((t, d) for t, d in self.history if now - t <= 30.0),
                      (self.started, 0))
        if now - t0 < 1.0:
            t0, d0 = self.started, 0
        if now - t0 < 0.5 or self.done <= d0:
            return None
        return (self.done - d0) / (now - t0)

    def line(self, now: float) -> str:
        """The step's progress line at time ``now``: done of total, rate and time left."""
        if self.done == 0 and not self.finished:
            return f"{self.name}: {self.total:,} to do"
        parts = [f"{self.name}: {self.done:,}/{self.total:,}"]
        if self.total:
            parts[0] += f" ({self.done / self.total:.0%})"
        rate = self.rate(now)
        if self.finished:
            parts.append(f"done in {format_duration(now - self.started)}")
        elif rate:
            parts.append(f"{rate:,.0f}/s" if rate >= 10 else f"{rate:.1f}/s")
            if self.total > self.done:
                parts.append(f"about {format_duration((self.total - self.done) / rate)} left")
        else:
            parts.append(f"{format_duration(now - self.started)} so far")
        return ", ".join(parts)


class ProgressLog:
    """Shows :data:`Progress` and :data:`Warn` calls on ``stream`` (stderr by default).

    Use as a context manager: ``with ProgressLog() as log: job(progress=log.progress,
    warn=log.warn)``. On a terminal the steps are bars that disappear when done; otherwise
    each step prints plain lines (see the module docstring).
    """

    def __init__(self, stream: IO[str] | None = None, terminal: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        is_tty = getattr(self.stream, "isatty", lambda: False)
        self.terminal = bool(is_tty()) if terminal is None else terminal
        self._clock = clock
        self._steps: dict[str, _Step] = {}
        self._lock = threading.Lock()
        self._last_line = clock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    # -- the two callbacks -----------------------------------------------------------
    def progress(self, step: str, done: int, total: int) -> None:
        """Record that ``done`` of ``total`` items of ``step`` are finished."""
        now = self._clock()
        with self._lock:
            st = self._steps.get(step)
            if st is None or st.finished:
                st = self._steps[step] = _Step(step, total, now)
            st.done, st.total = done, total
            st.history.append((now, done))
            if len(st.history) > 256:
                del st.history[:128]
            st.finished = total > 0 and done >= total
            if self.terminal:
                self._draw(st)
            elif self._due(st, now):
                self._print(st.line(now), now)
                st.printed = now

    @staticmethod
    def _due(st: _Step, now: float) -> bool:
        """Whether a plain line is due: a step is shown once it has run for
        :data:`QUIET_FOR` (quick steps stay silent), then every :data:`LINE_EVERY`, and
        when it ends if it was shown."""
        if st.finished:
            return st.printed > 0 or now - st.started >= QUIET_FOR
        if now - st.started < QUIET_FOR:
            return False
        return st.printed == 0 or now - st.printed >= LINE_EVERY

    def warn(self, message: str) -> None:
        """Show ``message`` as a warning line."""
        with self._lock:
            self._write(f"Warning: {message}")
            self._last_line = self._clock()

    # -- rendering -------------------------------------------------------------------
    def _print(self, text: str, now: float) -> None:
        self._write(text)
        self._last_line = now

    def _write(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def _draw(self, st: _Step) -> None:
        if self._bar is None:
            return
        bar = self._bar
        task = self._tasks.get(st.name)
        if task is None:
            task = self._tasks[st.name] = bar.add_task(st.name, total=st.total)
        bar.update(task, completed=st.done, total=st.total)
        if st.finished:
            bar.remove_task(task)
            del self._tasks[st.name]

    def _heartbeat(self) -> None:
        while not self._stop.wait(1.0):
            self.beat()

    def beat(self) -> None:
        """Print the running step's state if nothing was printed for :data:`HEARTBEAT`
        seconds (called every second by a background thread with plain lines)."""
        now = self._clock()
        with self._lock:
            if now - self._last_line < HEARTBEAT:
                return
            running = [s for s in self._steps.values()
                       if not s.finished and now - s.started >= QUIET_FOR]
            if running:
                st = running[-1]
                self._print(st.line(now), now)
                st.printed = now

    def __enter__(self) -> ProgressLog:
        if self.terminal:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 TimeRemainingColumn(), transient=True,
                                 console=Console(file=self.stream, stderr=True))
            self._bar.__enter__()
        else:
            self._beat = threading.Thread(target=self._heartbeat, daemon=True)
            self._beat.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        if self._bar is not None:
            self._bar.__exit__(*exc)
            self._bar = None


@contextmanager
def step_progress(progress: Progress | None, step: str, total: int,
                  every: int = 1) -> Iterator[Callable[[int], None]]:
    """``tick(done)`` for one step, reporting every ``every`` items and at the end."""
    report = progress or no_progress
    last = -every

    def tick(done: int) -> None:
        nonlocal last
        if done - last >= every or done >= total:
            report(step, done, total)
            last = done

    report(step, 0, total)
    yield tick
    if last < total:
        report(step, total, total)
