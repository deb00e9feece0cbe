"""Aligned pairs: what ``zhen run`` writes and what the glossary is built from.

The glossary reads ``OUTDIR/pairs/pairs.jsonl`` through :mod:`align.core.runfolder`, the one
reader of that file, and works on its :class:`~align.core.runfolder.AlignedPair` values.
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

from align.core.errors import InputError
from align.core.runfolder import AlignedPair, check_outdir, read_pairs

__all__ = ["AlignedPair", "AlignedRun", "make_pair", "read_run", "translated"]


@dataclass(frozen=True)
class AlignedRun:
    """The pairs of one ``zhen run`` output folder (``path`` is its ``pairs.jsonl``) and
    the signature the run wrote."""

    path: Path
    pairs: tuple[AlignedPair, ...]
    signature: str

    @property
    def folder(self) -> Path:
        """The output folder of ``zhen run`` (where the glossary files are written)."""
        return self.path.parent.parent


def read_run(outdir: str | os.PathLike[str]) -> AlignedRun:
    """Read the aligned pairs that ``zhen run`` wrote into the folder ``outdir``.

    Raises :class:`~align.core.errors.InputError` for a folder ``zhen run`` did not write or
    whose pairs file holds no pair, and :class:`~align.core.errors.FormatError` naming
    ``pairs.jsonl:LINE`` for a damaged record (see :func:`align.core.runfolder.read_pairs`).
    """
    path = check_outdir(outdir)
    pairs = tuple(read_pairs(outdir))
    if not pairs:
        raise InputError(f"{path}: holds no pairs; run `zhen run` again on non-empty editions")
    signature = next((p.signature for p in pairs if p.signature), "")
    return AlignedRun(path, pairs, signature)


def make_pair(pair: str, case: int, zh_ids: Sequence[int], en_ids: Sequence[int], zh: str,
              en: str, score: float = 1.0, signature: str = "") -> AlignedPair:
    """An aligned pair made by hand: case-pair id ``pair``, the case number ``case`` (used
    for both editions), 0-based paragraph ids and texts of each side, the aligner's score.

    Leave ``en_ids`` empty (and ``en`` blank) for a paragraph the English lacks.
    """
    zh_doc, _, en_doc = pair.partition("~")
    return AlignedPair(pair=pair, zh_doc=zh_doc, zh_case=case, en_doc=en_doc or zh_doc,
                       en_case=case, zh_ids=tuple(zh_ids), en_ids=tuple(en_ids), zh=zh, en=en,
                       score=score, signature=signature)


def translated(pairs: Iterable[AlignedPair]) -> list[AlignedPair]:
    """The pairs that have text on both sides (null beads dropped)."""
    return [p for p in pairs if not p.is_null]
