"""Reading the aligned beads that ``zhen run`` wrote (``OUTDIR/pairs/pairs.jsonl``).

This is the hand-over point of the data flow corpora → align → glossary: exporters and
the glossary read results through :func:`read_pairs`, never through ``zhen run``'s
in-memory objects, so they work on any output folder, today's or last month's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.core.errors import FormatError, InputError

MARKER = "run.json"
PAIRS_JSONL = Path("pairs") / "pairs.jsonl"


@dataclass(frozen=True)
class AlignedPair:
    """One bead of a case pair: paragraph ids and texts of both sides, and its score.

    ``zh`` or ``en`` is empty (and its ids too) for an untranslated paragraph.
    """

    pair: str
    zh_doc: str
    zh_case: int
    en_doc: str
    en_case: int
    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    zh: str
    en: str
    score: float
    signature: str

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> AlignedPair:
        """Build from one ``pairs.jsonl`` record; raises KeyError/ValueError/TypeError."""
        return cls(pair=str(rec["pair"]), zh_doc=str(rec["zh_doc"]),
                   zh_case=int(rec["zh_case"]), en_doc=str(rec["en_doc"]),
                   en_case=int(rec["en_case"]),
                   zh_ids=tuple(int(i) for i in rec["zh_ids"]),
                   en_ids=tuple(int(i) for i in rec["en_ids"]),
                   zh=str(rec["zh"]), en=str(rec["en"]), score=float(rec["score"]),
                   signature=str(rec.get("signature", "")))

    @property
    def is_null(self) -> bool:
        """True when one side is empty (an untranslated paragraph)."""
        return not self.zh_ids or not self.en_ids


def check_outdir(outdir: str | os.PathLike[str]) -> Path:
    """Return ``outdir/pairs/pairs.jsonl``, or raise :class:`InputError` if ``zhen run``
    did not write ``outdir``."""
    out = Path(outdir)
    if not out.is_dir():
        raise InputError(f"{out}: no such folder; run 'zhen run -o {out}' first")
    if not (out / MARKER).is_file() or not (out / PAIRS_JSONL).is_file():
        raise InputError(f"{out}: is not a folder written by 'zhen run' (no {MARKER} or "
                         f"{PAIRS_JSONL}); run 'zhen run -o {out}' first")
    return out / PAIRS_JSONL


def read_pairs(outdir: str | os.PathLike[str]) -> Iterator[AlignedPair]:
    """Every bead recorded in ``outdir``, in file order.

    Raises :class:`InputError` for a folder ``zhen run`` did not write and
    :class:`FormatError` naming ``pairs.jsonl:LINE`` for a damaged record.
    """
    path = check_outdir(outdir)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                pair = AlignedPair.from_record(json.loads(line))
            except (ValueError, KeyError, TypeError) as ex:
                raise FormatError(f"{path}:{n}: not a bead record ({ex}); re-run 'zhen run' "
                                  "to rewrite the folder") from None
            yield pair
