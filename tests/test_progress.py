"""Progress lines when stderr is not a terminal: quiet for quick steps, rate and time left
for long ones, a line at least every ten seconds while a step runs."""

from __future__ import annotations

import io

from align.core.progress import HEARTBEAT, ProgressLog, format_duration


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _log() -> tuple[ProgressLog, io.StringIO, Clock]:
    stream, clock = io.StringIO(), Clock()
    return ProgressLog(stream, terminal=False, clock=clock), stream, clock


def test_quick_steps_print_nothing():
    log, stream, clock = _log()
    log.progress("reading documents", 0, 5)
    clock.now += 0.2
    log.progress("reading documents", 5, 5)
    assert stream.getvalue() == ""


def test_long_steps_show_rate_and_time_left_then_done():
    log, stream, clock = _log()
    log.progress("encoding paragraphs", 0, 10_000)
    for k in range(1, 21):
        clock.now += 1.0
        log.progress("encoding paragraphs", 400 * k, 10_000)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "encoding paragraphs: 400/10,000 (4%), 400/s, about 24 s left"
    assert len(lines) == 4  # at 1 s, then every 5 s: 6, 11, 16
    clock.now += 1.0
    log.progress("encoding paragraphs", 10_000, 10_000)
    assert stream.getvalue().splitlines()[-1] == \
        "encoding paragraphs: 10,000/10,000 (100%), done in 21 s"


def test_a_step_that_stops_reporting_still_gets_a_line_every_ten_seconds():
    log, stream, clock = _log()
    log.progress("aligning case pairs", 0, 3)
    for _ in range(60):
        clock.now += 1.0
        log.beat()
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 60 / HEARTBEAT - 1
    assert all(line.startswith("aligning case pairs: 3 to do") for line in lines)


def test_warnings_are_lines_of_their_own():
    log, stream, _ = _log()
    log.warn("en.txt: no case structure found")
    assert stream.getvalue() == "Warning: en.txt: no case structure found\n"


def test_durations_read_naturally():
    assert [format_duration(s) for s in (4.4, 65, 3725)] == ["4 s", "1 min 05 s", "1 h 02 min"]
