"""Rendering an alignment as text: gold-grammar beads, TSV or JSON."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from align.aligner.alignment import Alignment
from align.core.beads import format_beads

BeadFormat = Literal["beads", "tsv", "json"]


def format_for(path: str | os.PathLike[str] | None) -> BeadFormat:
    """The output format a file name asks for: ``.tsv``, ``.json``, else ``beads``."""
    suffix = Path(path).suffix.lower() if path is not None else ""
    return "tsv" if suffix == ".tsv" else "json" if suffix == ".json" else "beads"


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def bead_text(lines: Sequence[str], ids: Sequence[int], sep: str = " ") -> str:
    """The paragraphs ``ids`` of ``lines`` joined with ``sep``."""
    return sep.join(lines[i] for i in ids)


def render_alignment(result: Alignment, zh: Sequence[str], en: Sequence[str], fmt: BeadFormat,
                     signature: str, sources: dict[str, str] | None = None,
                     units: str = "paragraphs") -> str:
    """``result`` as ``beads`` (``[3]:[3,4]:0.912`` per line), ``tsv`` or ``json`` text;
    ``units`` names what the ids count (``paragraphs``, or ``sentences``), in the JSON."""
    if fmt == "beads":
        return format_beads(result.beads)
    if fmt == "tsv":
        rows = ["zh\ten\tscore\tzh_ids\ten_ids"]
        for b in result.beads:
            rows.append("\t".join([_cell(bead_text(zh, b.src)), _cell(bead_text(en, b.tgt)),
                                   f"{b.score:.3f}", ",".join(map(str, b.src)),
                                   ",".join(map(str, b.tgt))]))
        return "\n".join(rows) + "\n"
    if fmt == "json":
        doc = {
            "signature": signature,
            "sources": sources or {},
            "level": units.removesuffix("s"),
            units: {"zh": len(zh), "en": len(en)},
            "length_model": {"en_per_zh": round(math.exp(result.length_model.mu), 3),
                             "sigma": round(result.length_model.sigma, 3)},
            "warnings": list(result.warnings),
            "beads": [{"zh_ids": list(b.src), "en_ids": list(b.tgt),
                       "score": round(b.score, 4), "shape": b.shape,
                       "zh": bead_text(zh, b.src, "\n"), "en": bead_text(en, b.tgt, "\n")}
                      for b in result.beads],
        }
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown format {fmt!r}")
