"""Shared plumbing of the benchmark scripts: gold cases and the reference scorer."""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from align.core.beads import Bead, parse_beads
from align.documents.decode import read_lines, read_text
from align.encoders import Encoder, load_encoder

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "gold" / "dev"
DEFAULT_SCORER = SHARED / "bench" / "score.py"


@dataclass(frozen=True)
class GoldCase:
    """One gold case: its paragraphs on both sides and its gold beads."""

    name: str
    zh: list[str]
    en: list[str]
    gold: list[Bead]


def add_gold_arguments(ap: argparse.ArgumentParser) -> None:
    """The options every gold benchmark takes: ``--gold``, ``--scorer``, ``--model``."""
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="score.py to use")
    ap.add_argument("--model", default="usem3", help="encoder name")


def cold_encoder(name: str) -> tuple[Encoder, float]:
    """The encoder ``name`` without cache, loaded and warmed up, and the seconds it took."""
    t0 = time.perf_counter()
    encoder = load_encoder(name, cache_dir=None)
    encoder.encode(["warm up"])
    return encoder, time.perf_counter() - t0


def load_gold(folder: Path) -> list[GoldCase]:
    """Every ``caseNN`` of a gold folder (``.zh``, ``.en``, ``.gold``)."""
    cases = []
    for gold in sorted(folder.glob("*.gold")):
        name = gold.stem
        cases.append(GoldCase(name, read_lines(folder / f"{name}.zh"),
                              read_lines(folder / f"{name}.en"),
                              parse_beads(read_text(gold), str(gold))))
    if not cases:
        sys.exit(f"error: no *.gold files in {folder}")
    return cases


def load_scorer(path: Path) -> ModuleType:
    """The reference scorer module (``score.py``, Vecalign's conventions)."""
    spec = importlib.util.spec_from_file_location("gold_score", path)
    if spec is None or spec.loader is None or not path.exists():
        sys.exit(f"error: scorer not found at {path}; pass --scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(scorer: ModuleType, pairs: list[tuple[list[Bead], list[Bead]]]) -> dict:
    """Pooled metrics of ``(gold, predicted)`` bead lists, exactly as ``score.py`` computes."""
    total: dict = {}
    for gold, pred in pairs:
        counts = scorer.counts_one([(b.src, b.tgt) for b in gold],
                                   [(b.src, b.tgt) for b in pred])
        scorer.add_counts(total, counts)
    return scorer.metrics(total)
