"""Speed of ``zhen run`` on a busy machine: idle, and beside one and two CPU burners.

    python bench/speed.py [--rounds 2] [--threads N | --compare N] [--only corpus|pair]

Runs the real command in fresh processes on the whole bundled corpus and on the 2022
edition pair alone (``corpora/004_…`` and ``002_…``), each cold (a new, empty
``ZHEN_CACHE``) and then warm (the same cache again), with no, one and two burner
processes (a Python loop each, started by this script and stopped after) beside it. The
configurations alternate within each round, in the opposite order the next round, so
that the load of other programs falls on all of them alike; each figure is the median
over the rounds, and the ratios compare figures of the same run of this script.

Every line shows the one-minute load average seen around the runs (it includes the
burners and the run itself) and what the run recorded in ``run.json``: the threads it
chose and its rate in paragraphs per second. ``--threads N`` runs every configuration
with ``ZHEN_THREADS=N`` instead; ``--compare N`` runs each configuration twice in a row,
with the threads zhen chooses and with ``ZHEN_THREADS=N`` (``--compare 2`` on two cores is
what zhen did before it chose: one thread per core), and prints both.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [str(ROOT / "corpora")]
PAIR = [str(ROOT / "corpora" / "004_3717a3b3a4f37818.txt"),
        str(ROOT / "corpora" / "002_c4f0acade1fce1e3.txt")]
#: Seconds a new burner is given to take its core before a run starts.
SETTLE = 1.0


@dataclass
class Sample:
    """One timed run."""

    seconds: float
    load: float
    threads: int
    rate: float


def _burners(n: int) -> list[subprocess.Popen[bytes]]:
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    if procs:
        time.sleep(SETTLE)
    return procs


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()


def _run(inputs: list[str], cache: Path, out: Path, env_extra: dict[str, str]) -> Sample:
    zhen = Path(sys.executable).parent / "zhen"
    env = {**os.environ, "ZHEN_CACHE": str(cache), **env_extra}
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    subprocess.run([str(zhen), "run", *inputs, "-o", str(out), "--force", "--no-tmx"],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    speed = json.loads((out / "run.json").read_text("utf-8"))["speed"]
    return Sample(seconds, (load0 + os.getloadavg()[0]) / 2, speed["threads"],
                  speed["paragraphs_per_second"])


def main() -> None:
    """Run every configuration, then print the figures and the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, help="run with ZHEN_THREADS=N")
    ap.add_argument("--compare", type=int, help="also run each with ZHEN_THREADS=N")
    ap.add_argument("--only", choices=["corpus", "pair"], help="one input only")
    args = ap.parse_args()
    # Stopped with SIGTERM, still stop the burners (the finally below) and clean up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env_extra = {"ZHEN_THREADS": str(args.threads)} if args.threads else {}
    inputs = {"corpus": CORPUS, "pair": PAIR}
    names = [args.only] if args.only else ["pair", "corpus"]
    variants = [("", env_extra)]
    if args.compare:
        variants.append((f" ZHEN_THREADS={args.compare}", {"ZHEN_THREADS": str(args.compare)}))
    samples: dict[tuple[str, str, int], list[Sample]] = {}
    print(f"{os.cpu_count()} cores; load average at start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          + (f"; ZHEN_THREADS={args.threads}" if args.threads else ""), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            levels = [0, 1, 2] if r % 2 == 0 else [2, 1, 0]
            for burners in levels:
                procs = _burners(burners)
                try:
                    for name in names:
                        for tag, extra in variants:
                            cache = Path(tmp) / f"cache-{r}-{burners}-{name}{tag.strip()}"
                            out = Path(tmp) / "out"
                            for temp in ("cold", "warm"):
                                s = _run(inputs[name], cache, out, extra)
                                samples.setdefault((name + tag, temp, burners), []).append(s)
                                print(f"round {r + 1}, {burners} burners, {name}{tag} "
                                      f"{temp}: {s.seconds:.2f} s, {s.threads} threads, "
                                      f"{s.rate:,.0f} paragraphs/s, load {s.load:.2f}",
                                      flush=True)
                finally:
                    _stop(procs)
    _report(samples, names)
    for tag, _ in variants[1:]:
        print(f"\nwith{tag}:")
        _report(samples, [n + tag for n in names], pair=("pair" + tag, "corpus" + tag))


def _report(samples: dict[tuple[str, str, int], list[Sample]], names: list[str],
            pair: tuple[str, str] = ("pair", "corpus")) -> None:
    def med(key: tuple[str, str, int]) -> float:
        return statistics.median(s.seconds for s in samples[key])

    def load(key: tuple[str, str, int]) -> float:
        return statistics.mean(s.load for s in samples[key])

    print("\nmedian wall time (load average seen):")
    for name in names:
        for temp in ("cold", "warm"):
            row = "  ".join(f"{b} burners {med((name, temp, b)):6.2f} s "
                            f"(load {load((name, temp, b)):.1f})" for b in (0, 1, 2))
            print(f"  {name:6} {temp}: {row}")
    print("\nratios:")
    for name in names:
        idle = med((name, "cold", 0))
        print(f"  {name} cold, one burner / idle:  {med((name, 'cold', 1)) / idle:.2f}"
              "  (target ≤ 1.3)")
        print(f"  {name} cold, two burners / idle: {med((name, 'cold', 2)) / idle:.2f}"
              "  (target ≤ 2.5)")
    if len(names) == 2:
        p, c = pair
        ratio = med((c, "cold", 0)) / med((p, "cold", 0))
        print(f"  corpus / pair, idle cold:      {ratio:.2f}  (target ≤ 2.5)")
        print(f"  corpus idle cold:              {med((c, 'cold', 0)):.2f} s"
              "  (target ≤ 9 s)")
        print(f"  corpus idle warm:              {med((c, 'warm', 0)):.2f} s"
              "  (target ≤ 1.5 s)")


if __name__ == "__main__":
    main()
