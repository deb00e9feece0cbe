"""Aligned pairs: what ``zhen run`` writes and what the glossary is built from.

The glossary reads a run folder through :func:`align.core.runfolder.read_run`, the one
reader of the format, and works on its :class:`~align.core.records.AlignedPair` values.
:func:`read_run` adds what a glossary needs on top: the pairs as a tuple, the run
signature, and a clear error for an output folder without any pair. :func:`make_pair`
builds a pair by hand, so a glossary can also be made from pairs aligned elsewhere.

>>> from glossary.pairs import make_pair
>>> make_pair("a~b", 1, (0,), (0,), "碳中和", "carbon neutrality").zh_case
1
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.core import runfolder
from align.core.errors import InputError
from align.core.records import AlignedPair, Paragraph, Run
from align.core.text import Lang, is_heading, normalise_for_matching

__all__ = ["AlignedPair", "AlignedRun", "make_pair", "read_run", "translated"]


@dataclass(frozen=True)
class AlignedRun:
    """The aligned pairs of one run folder, its signature and the run's records."""

    folder: Path
    pairs: tuple[AlignedPair, ...]
    signature: str
    run: Run | None = None


def read_run(outdir: str | os.PathLike[str]) -> AlignedRun:
    """Read the aligned pairs that ``zhen run`` wrote into the folder ``outdir``.

    Raises :class:`~align.core.errors.InputError` for a folder ``zhen run`` did not write or
    that holds no pair, and :class:`~align.core.errors.FormatError` naming ``file:LINE`` for
    a damaged record (see :func:`align.core.runfolder.read_run`).
    """
    run = runfolder.read_run(outdir)
    pairs = tuple(run.aligned_pairs())
    if not pairs:
        raise InputError(f"{outdir}: holds no pairs; run `zhen run` again on non-empty editions")
    return AlignedRun(Path(outdir), pairs, run.signature, run)


def _paragraphs(text: str, ids: Sequence[int], lang: Lang) -> tuple[Paragraph, ...]:
    pieces = text.split("\n") if ids else []
    if len(pieces) != len(ids):
        pieces = [text] + [""] * (len(ids) - 1) if ids else []
    return tuple(Paragraph(t, (), is_heading(t, lang), normalise_for_matching(t))
                 for t in pieces)


def make_pair(pair: str, case: int, zh_ids: Sequence[int], en_ids: Sequence[int], zh: str,
              en: str, score: float = 1.0) -> AlignedPair:
    """An aligned pair made by hand: case-pair id ``pair`` (``zhdoc#01~endoc#01``, whose
    halves name the documents), the case number ``case`` (used for both editions), 0-based
    paragraph ids and texts of each side (paragraphs joined by newlines), the aligner's
    score.

    Leave ``en_ids`` empty (and ``en`` blank) for a paragraph the English lacks.
    """
    zh_doc, _, en_doc = (half.rpartition("#")[0] if "#" in half else half
                         for half in pair.partition("~"))
    return AlignedPair(pair=pair, zh_doc=zh_doc, zh_case=case, en_doc=en_doc or zh_doc,
                       en_case=case, zh_ids=tuple(zh_ids), en_ids=tuple(en_ids), score=score,
                       zh_paragraphs=_paragraphs(zh, zh_ids, "zh"),
                       en_paragraphs=_paragraphs(en, en_ids, "en"))


def translated(pairs: Iterable[AlignedPair]) -> list[AlignedPair]:
    """The pairs that have text on both sides (null beads dropped)."""
    return [p for p in pairs if not p.is_null]
