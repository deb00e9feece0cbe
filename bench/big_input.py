"""``zhen run`` on big inputs: time, peak memory and progress, from 5 MB to 50 MB.

    python bench/big_input.py [--sizes 5 10 20 50] [--copies]

For each size, writes an English text of that many megabytes of unique paragraphs (sentences
of the bundled English-only collections recombined, each paragraph numbered) and runs
``zhen run`` on it with the Chinese edition of the bundled pair, in a fresh process with an
empty embedding cache. Prints the wall time, the peak resident memory of that process, the
longest silence on stderr (the longest gap between two lines) and the warnings. With
``--copies`` it also runs the English edition pasted over and over to 50 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
ZH = CORPORA / "004_3717a3b3a4f37818.txt"
EN = CORPORA / "002_c4f0acade1fce1e3.txt"
SOURCES = ("000_8eae61416870d1e5", "001_a52e59c3cf7e8f07", "003_5ba78cde62b1d026")


def unique_paragraphs(megabytes: float, path: Path, seed: int = 1) -> int:
    """Write ``megabytes`` MB of unique English paragraphs to ``path``; returns the count."""
    rng = random.Random(seed)
    sentences = []
    for name in SOURCES:
        text = (CORPORA / f"{name}.txt").read_text("utf-8")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text)
                      if 40 < len(s.strip()) < 300 and "\n" not in s.strip()]
    size, n = 0, 0
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            line = f"{' '.join(rng.sample(sentences, 2))} (paragraph {n})\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def structured_cases(megabytes: float, path: Path) -> int:
    """Cases of the English edition over and over, every long paragraph made unique, no
    table of contents: a collection of that many megabytes that must all be encoded and
    paired. Returns the number of cases written."""
    sys.path.insert(0, str(ROOT))
    from align.documents.reader import read_document
    from align.documents.segment import segment

    cases = segment(read_document(EN)).cases
    size, n, k = 0, 0, 0
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            for case in cases:
                lines = [p.text if p.heading or len(p.text) < 60 else f"{p.text} (edition {k})"
                         for p in case.paragraphs]
                block = "\n".join(lines) + "\n\n"
                f.write(block)
                size += len(block.encode("utf-8"))
                n += 1
            k += 1
    return n


def pasted_copies(megabytes: float, path: Path) -> int:
    """The English edition pasted until the file holds ``megabytes`` MB; returns the copies."""
    text = EN.read_text("utf-8")
    copies = max(1, int(megabytes * 1_000_000 / len(text.encode("utf-8"))))
    path.write_text(text * copies, "utf-8")
    return copies


def run(inputs: list[Path], work: Path) -> dict[str, object]:
    """Run ``zhen run`` once; wall time, peak RSS (MB), longest gap between stderr lines."""
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "ZHEN_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "zhen", "run", *map(str, inputs), "-o", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    stamps, lines = [start], []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            stamps.append(time.perf_counter())
            lines.append(line.rstrip("\n"))

    reader = threading.Thread(target=read)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    end = time.perf_counter()
    reader.join()
    stamps.append(end)
    return {"seconds": end - start, "rss_mb": usage.ru_maxrss / 1024,
            "gap": max(b - a for a, b in pairwise(stamps)),
            "code": os.waitstatus_to_exitcode(status),
            "warnings": [x for x in lines if x.startswith(("Warning", "Error"))]}


def main() -> None:
    """Generate the inputs, run each, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[5, 10, 20, 50])
    ap.add_argument("--copies", action="store_true", help="also the edition pasted to 50 MB")
    ap.add_argument("--structured", type=float, nargs="*", default=[],
                    help="also collections of distinct cases of these sizes (MB)")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    print(f"load average before: {load:.2f}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        zh = work / "zh.txt"
        shutil.copy(ZH, zh)
        rows = []
        for mb in args.sizes:
            en = work / f"en{mb:g}.txt"
            n = unique_paragraphs(mb, en)
            r = run([zh, en], work)
            rows.append((f"{mb:g} MB unique ({n:,} paragraphs)", r))
            en.unlink()
        for mb in args.structured:
            en = work / f"cases{mb:g}.txt"
            n = structured_cases(mb, en)
            rows.append((f"{mb:g} MB of {n:,} distinct cases", run([zh, en], work)))
            en.unlink()
        if args.copies:
            en = work / "copies.txt"
            k = pasted_copies(50, en)
            rows.append((f"50 MB: the edition pasted {k} times", run([zh, en], work)))
        print(f"{'input':<40} {'exit':>4} {'wall s':>8} {'peak MB':>8} {'max gap s':>9}")
        for label, r in rows:
            print(f"{label:<40} {r['code']:>4} {r['seconds']:>8.1f} {r['rss_mb']:>8.0f} "
                  f"{r['gap']:>9.1f}")
            for w in r["warnings"]:  # type: ignore[attr-defined]
                print(f"    {w[:150]}")
    print(f"load average after: {os.getloadavg()[0]:.2f}; own peak "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
