"""The glossary's metadata: signature and counts, as ``glossary.json`` and for ``--json``.

CSV has no place for metadata that every reader skips, so the signature of a glossary
written as CSV lives in ``glossary.json`` beside it (the XLSX carries it on its
``metadata`` sheet, the TBX in its header).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

from align.core.atomic import atomic_write
from glossary.terms import Glossary


def summary(glossary: Glossary) -> dict[str, Any]:
    """Signature, tool version and counts of entries by status and kind."""
    from align import __version__

    status = Counter(e.status for e in glossary.entries)
    kind = Counter(e.kind for e in glossary.entries)
    return {
        "tool": f"zhen {__version__}",
        "signature": glossary.signature,
        "entries": len(glossary.entries),
        "consistent": status["consistent"],
        "inconsistent": status["inconsistent"],
        "untranslated": status["untranslated"],
        "terms": kind["term"],
        "names": kind["name"],
        "units": kind["unit"],
    }


def to_json(glossary: Glossary, with_entries: bool = True) -> dict[str, Any]:
    """The glossary as plain JSON data: the summary, and the entries when asked for."""
    data = summary(glossary)
    if with_entries:
        data["glossary"] = [
            {"zh": e.zh, "en": e.en, "variants": [
                {"text": r.text, "count": r.count} for r in e.variants],
             "count": e.count, "cases": list(e.cases), "kind": e.kind,
             "confidence": e.confidence, "status": e.status,
             "example_zh": e.example_zh, "example_en": e.example_en}
            for e in glossary.entries]
    return data


def write_json(glossary: Glossary, path: str | os.PathLike[str],
               with_entries: bool = False) -> None:
    """Write :func:`to_json` to ``path`` (``glossary.json``: summary only by default)."""
    with atomic_write(path) as f:
        json.dump(to_json(glossary, with_entries), f, ensure_ascii=False, indent=2)
        f.write("\n")
