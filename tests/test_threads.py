"""Threads from the free cores: the choice from given inputs, the readings it is made of,
the limit applied to the real BLAS, and the ``--threads`` / ``ZHEN_THREADS`` overrides."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import CORPORA
from threadpoolctl import threadpool_info
from typer.testing import CliRunner

from align.core.errors import InputError
from align.core.records import Speed
from align.core.threads import (
    BusyProbe,
    PendingChoice,
    ThreadChoice,
    busy_between,
    choose_threads,
    cpu_ticks,
    limit_threads,
    parse_threads,
    thread_choice,
    usable_cores,
)
from zhen.app import app

runner = CliRunner()

STAT = """cpu  1000 20 300 5000 80 0 10 0 0 0
cpu0 500 10 150 2500 40 0 5 0 0 0
cpu1 500 10 150 2500 40 0 5 0 0 0
intr 12345
"""


@pytest.mark.parametrize("cores, busy, threads", [
    (2, 0.0, 2),    # idle: every core
    (2, 0.25, 2),   # a little background noise is not a busy core
    (2, 0.4, 1),    # a core used 40% of the time makes a second thread wait
    (2, 1.0, 1),    # one burner: one thread
    (2, 2.0, 1),    # two burners: still one thread, never none
    (2, 5.0, 1),
    (1, 0.0, 1),
    (4, 1.0, 3),
    (4, 1.35, 2),
    (8, 0.0, 8),
    (2, -0.1, 2),   # a reading that came out negative counts as idle
])
def test_threads_are_the_free_cores(cores: int, busy: float, threads: int) -> None:
    assert choose_threads(cores, busy) == threads


def test_cpu_ticks_read_the_all_processor_line() -> None:
    busy, total = cpu_ticks(STAT)
    # user + nice + system + irq + softirq + steal busy; idle and iowait idle.
    assert (busy, total) == (1000 + 20 + 300 + 10, 1000 + 20 + 300 + 5000 + 80 + 10)
    with pytest.raises(ValueError):
        cpu_ticks("intr 1\n")


def test_busy_cores_between_two_readings_less_this_process() -> None:
    # Over 100 ticks of 2 processors, 50 busy: one processor's worth.
    assert busy_between((1000, 10_000), (1050, 10_100), 2) == pytest.approx(1.0)
    # Half a second of it was this process's own CPU time over one second: not another's.
    assert busy_between((1000, 10_000), (1050, 10_100), 2, 0.5, 1.0) == pytest.approx(0.5)
    assert busy_between((1000, 10_000), (1000, 10_000), 2) == 0.0
    assert busy_between((1000, 10_000), (1010, 10_100), 2, 1.0, 1.0) == 0.0


@pytest.mark.parametrize("text", ["0", "-2", "two", "", "1.5"])
def test_a_bad_thread_count_says_what_to_give(text: str) -> None:
    with pytest.raises(InputError, match=r"ZHEN_THREADS=.*whole number of at least 1"):
        parse_threads(text)


def test_the_option_wins_over_the_environment_which_wins_over_the_measure() -> None:
    cores = usable_cores()
    assert thread_choice(3, {"ZHEN_THREADS": "2"}) == ThreadChoice(3, cores, None, "--threads")
    assert thread_choice(None, {"ZHEN_THREADS": " 2 "}) == ThreadChoice(2, cores, None,
                                                                         "ZHEN_THREADS")
    measured = thread_choice(None, {"ZHEN_THREADS": ""})
    assert measured.source in ("measured", "load average")
    assert 1 <= measured.threads <= cores and measured.busy is not None
    assert measured.busy >= 0
    with pytest.raises(InputError, match="ZHEN_THREADS='many'"):
        thread_choice(None, {"ZHEN_THREADS": "many"})


def _blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_a_pending_choice_settles_once_and_checks_a_given_count_at_once() -> None:
    given = PendingChoice(3, {})
    assert given.result() == ThreadChoice(3, usable_cores(), None, "--threads")
    with pytest.raises(InputError, match="ZHEN_THREADS"):
        PendingChoice(None, {"ZHEN_THREADS": "0"})  # before any work, not when first used
    measured = PendingChoice(None, {})
    first = measured.result()
    assert measured.result() is first and first.source in ("measured", "load average")


def test_a_probe_read_after_its_time_does_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = BusyProbe(seconds=0.0)  # its time is over as soon as it is made

    def no_sleep(_seconds: float) -> None:
        raise AssertionError("the probe waited although its time was over")
    monkeypatch.setattr("align.core.threads.time.sleep", no_sleep)
    busy, how = probe.busy()
    assert 0.0 <= busy <= usable_cores() and how in ("measured", "load average")
    assert probe.busy() == (busy, how)


def test_the_limit_holds_for_numpy_blas_inside_the_block_only() -> None:
    before = _blas_threads()
    with limit_threads(1):
        assert _blas_threads() == {1}
        a = np.ones((64, 64), dtype=np.float32)
        assert float((a @ a)[0, 0]) == 64.0
    assert _blas_threads() == before


def test_speed_line_and_rates() -> None:
    speed = Speed(1, 2, 1.0, "measured", 4000, 1000, 2.0, 8.0)
    assert speed.rate == 500 and speed.encode_rate == 500
    assert speed.describe() == ("1 thread of 2 cores (1.0 busy, measured); 4,000 paragraphs "
                                "in 8.0 s, 500 paragraphs/s; 1,000 paragraphs encoded in "
                                "2.0 s, 500 paragraphs/s")
    warm = Speed(2, 2, None, "--threads", 4000, 0, 0.1, 0.8)
    assert warm.encode_rate is None
    assert warm.describe().startswith("2 threads of 2 cores (--threads);")
    assert warm.describe().endswith("every paragraph vector from the cache")
    windows = Speed(1, 2, 0.0, "measured", 4000, 0, 0.1, 3.0, 2500, 1.5)
    assert "; 2,500 short windows embedded in 1.5 s;" in windows.describe()


def test_zhen_run_records_the_threads_it_was_given(tmp_path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(CORPORA / "004_3717a3b3a4f37818.txt"),
                                 str(CORPORA / "002_c4f0acade1fce1e3.txt"), "-o", str(out),
                                 "--threads", "1", "--no-tmx"])
    assert result.exit_code == 0, result.output
    assert "speed: 1 thread of" in result.stderr and "(--threads)" in result.stderr
    speed = json.loads((out / "run.json").read_text("utf-8"))["speed"]
    assert (speed["threads"], speed["threads_from"], speed["busy_cores"]) == (1, "--threads",
                                                                             None)
    assert speed["encoded"] == speed["paragraphs"] > 1000   # a fresh cache: all encoded


def test_zhen_threads_from_the_environment_and_its_errors(tmp_path, catl) -> None:
    zh, en = tmp_path / "catl.zh.txt", tmp_path / "catl.en.txt"
    zh.write_text("\n".join(catl[0]), "utf-8")
    en.write_text("\n".join(catl[1]), "utf-8")
    ok = runner.invoke(app, ["align", str(zh), str(en)], env={"ZHEN_THREADS": "1"})
    assert ok.exit_code == 0, ok.output
    assert "speed: 1 thread of" in ok.stderr and "(ZHEN_THREADS)" in ok.stderr
    assert ok.stdout.splitlines()[0].startswith("[0]:[0]")
    bad = runner.invoke(app, ["align", str(zh), str(en)], env={"ZHEN_THREADS": "lots"})
    assert bad.exit_code == 1
    assert "Error: ZHEN_THREADS='lots'" in bad.stderr
    usage = runner.invoke(app, ["run", str(zh), str(en), "--threads", "0"])
    assert usage.exit_code == 1 and usage.stderr.startswith("Error: Invalid value for '--threads'")
