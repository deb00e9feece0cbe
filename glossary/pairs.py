"""Aligned pairs: what ``zhen run`` writes and what the glossary is built from.

``zhen run`` writes ``OUTDIR/pairs/pairs.jsonl``, one JSON object per bead::

    {"pair": "004_…#01~002_…#01", "zh_case": 1, "zh_ids": [3], "en_ids": [3, 4],
     "zh": "…", "en": "…", "score": 0.912, "signature": "zhen-0.1.0|…", …}

:func:`read_pairs` turns that file into :class:`AlignedPair` values; every glossary function
takes any iterable of them, so a glossary can also be built from pairs made elsewhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.errors import FormatError, InputError
from align.textio import read_text

PAIRS_FILE = Path("pairs") / "pairs.jsonl"


@dataclass(frozen=True)
class AlignedPair:
    """One bead of an alignment: Chinese paragraphs ``zh_ids`` rendered as English ``en_ids``.

    ``pair`` names the case pair (``004_…#01~002_…#01``), ``case`` is the case number in the
    Chinese edition, ids are 0-based paragraph numbers within the case, ``zh``/``en`` the
    paragraph texts joined with a newline (empty on the missing side of a null bead), and
    ``score`` the aligner's confidence in [0, 1].
    """

    pair: str
    case: int
    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    zh: str
    en: str
    score: float = 1.0

    @property
    def is_null(self) -> bool:
        """True when one side is missing (an untranslated paragraph)."""
        return not self.zh.strip() or not self.en.strip()

    @property
    def where(self) -> str:
        """The pair's place for reports: ``case 03, zh ¶4-5 / en ¶4``."""
        return f"case {self.case:02d}, zh ¶{_ids(self.zh_ids)} / en ¶{_ids(self.en_ids)}"


def _ids(ids: Sequence[int]) -> str:
    if not ids:
        return "-"
    if len(ids) > 1 and list(ids) == list(range(ids[0], ids[-1] + 1)):
        return f"{ids[0]}-{ids[-1]}"
    return ",".join(map(str, ids))


@dataclass(frozen=True)
class AlignedRun:
    """The pairs of one ``zhen run`` output folder, and the signature the run wrote."""

    path: Path
    pairs: tuple[AlignedPair, ...]
    signature: str


def pairs_file(outdir: str | os.PathLike[str]) -> Path:
    """The ``pairs.jsonl`` of a ``zhen run`` output folder (a ``.jsonl`` path is kept as is).

    Raises :class:`InputError` when the folder does not exist or ``zhen run`` did not write it.
    """
    p = Path(outdir)
    if p.is_file() and p.suffix == ".jsonl":
        return p
    if not p.exists():
        raise InputError(f"{p}: no such folder; give the output folder of `zhen run`")
    if not p.is_dir():
        raise InputError(f"{p}: is not a folder; give the output folder of `zhen run` "
                         f"(it holds {PAIRS_FILE})")
    f = p / PAIRS_FILE
    if not f.is_file():
        raise InputError(f"{p}: holds no {PAIRS_FILE}, so `zhen run` did not write it; "
                         "run `zhen run` first and give its output folder")
    return f


def read_pairs(outdir: str | os.PathLike[str]) -> AlignedRun:
    """Read the aligned pairs that ``zhen run`` wrote into ``outdir`` (or a pairs ``.jsonl``).

    Raises :class:`InputError` for a folder ``zhen run`` did not write or an empty file, and
    :class:`FormatError` naming ``file:line`` for a line that is not a pair record.
    """
    path = pairs_file(outdir)
    pairs: list[AlignedPair] = []
    signature = ""
    for n, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as ex:
            raise FormatError(f"{path}:{n}: not valid JSON ({ex.msg}, column {ex.colno}); "
                              "the file is damaged: run `zhen run` again") from None
        pairs.append(_pair(obj, f"{path}:{n}"))
        if not signature and isinstance(obj.get("signature"), str):
            signature = obj["signature"]
    if not pairs:
        raise InputError(f"{path}: holds no pairs; run `zhen run` again on non-empty editions")
    return AlignedRun(path, tuple(pairs), signature)


def _pair(obj: Any, where: str) -> AlignedPair:
    if not isinstance(obj, dict):
        raise FormatError(f"{where}: a pair record must be a JSON object; the file is damaged: "
                          "run `zhen run` again")

    def field(name: str, kind: type | tuple[type, ...]) -> Any:
        if name not in obj:
            raise FormatError(f"{where}: the pair record has no {name!r} field; "
                              "the file was not written by `zhen run`: run it again")
        value = obj[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise FormatError(f"{where}: field {name!r} has the wrong type "
                              f"({type(value).__name__}); run `zhen run` again")
        return value

    ids = {}
    for side in ("zh_ids", "en_ids"):
        value = field(side, list)
        if not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value):
            raise FormatError(f"{where}: field {side!r} must be a list of paragraph numbers; "
                              "run `zhen run` again")
        ids[side] = tuple(value)
    case = obj.get("zh_case", obj.get("case"))
    if not isinstance(case, int) or isinstance(case, bool):
        raise FormatError(f"{where}: the pair record has no case number ('zh_case'); "
                          "run `zhen run` again")
    score = obj.get("score", 1.0)
    if not isinstance(score, int | float) or isinstance(score, bool):
        raise FormatError(f"{where}: field 'score' must be a number; run `zhen run` again")
    return AlignedPair(
        pair=field("pair", str),
        case=case,
        zh_ids=ids["zh_ids"],
        en_ids=ids["en_ids"],
        zh=field("zh", str),
        en=field("en", str),
        score=float(score),
    )


def translated(pairs: Iterable[AlignedPair]) -> list[AlignedPair]:
    """The pairs that have text on both sides (null beads dropped)."""
    return [p for p in pairs if not p.is_null]
