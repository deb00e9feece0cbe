"""The glossary as JSON: ``glossary.json`` (the whole glossary, read back by
:func:`read_json`) and ``zhen glossary --json``.

CSV has no place for metadata that every reader skips, so the signature of a glossary
written as CSV lives in ``glossary.json`` beside it (the XLSX carries it on its
``metadata`` sheet, the TBX in its header). ``glossary.json`` also holds every entry with
every occurrence, for programs (the review page) that need more than the tables.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from align.core.atomic import atomic_write
from align.core.errors import FormatError
from align.documents.decode import open_binary
from glossary.terms import Glossary, Occurrence, Rendering, TermEntry


def summary(glossary: Glossary) -> dict[str, Any]:
    """Signature, tool version and counts of entries by status and kind."""
    from align import __version__

    status = Counter(e.status for e in glossary.entries)
    kind = Counter(e.kind for e in glossary.entries)
    return {
        "tool": f"zhen {__version__}",
        "signature": glossary.signature,
        "zh_lang": glossary.zh_lang,
        "entries": len(glossary.entries),
        "consistent": status["consistent"],
        "inconsistent": status["inconsistent"],
        "untranslated": status["untranslated"],
        "terms": kind["term"],
        "names": kind["name"],
        "units": kind["unit"],
    }


def to_json(glossary: Glossary, with_entries: bool = True,
            with_occurrences: bool = False) -> dict[str, Any]:
    """The glossary as plain JSON data: the summary, and the entries when asked for (with
    where each occurs when ``with_occurrences``)."""
    data = summary(glossary)
    if with_entries:
        data["glossary"] = [_entry(e, with_occurrences) for e in glossary.entries]
    return data


def _entry(e: TermEntry, with_occurrences: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "zh": e.zh, "en": e.en, "variants": [{"text": r.text, "count": r.count}
                                            for r in e.variants],
        "count": e.count, "cases": list(e.cases), "kind": e.kind,
        "confidence": e.confidence, "status": e.status,
        "example_zh": e.example_zh, "example_en": e.example_en}
    if e.scale != 1.0:
        out["scale"] = e.scale
    if e.written:
        out["written"] = e.written
    if with_occurrences:
        out["renderings"] = [{"text": r.text, "count": r.count, "cases": list(r.cases)}
                             for r in e.renderings]
        out["occurrences"] = [{"pair": o.pair, "case": o.case, "zh_ids": list(o.zh_ids),
                               "en_ids": list(o.en_ids), "rendering": o.rendering,
                               "count": o.count} for o in e.occurrences]
    return out


def write_json(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write the whole glossary, occurrences included, to ``path`` (``glossary.json``)."""
    data = to_json(glossary, True, True)
    entries = data.pop("glossary")
    head = json.dumps(data, ensure_ascii=False, indent=1)
    # One entry per line: a large glossary stays compact, and two versions diff by entry.
    body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    with atomic_write(path) as f:
        f.write(head[:-2] + ',\n "glossary": [\n' + body + "\n ]\n}\n")


def read_json(path: str | os.PathLike[str]) -> Glossary:
    """The glossary :func:`write_json` wrote to ``path``.

    Raises :class:`~align.core.errors.FormatError` naming the file (and the line, for a
    file cut inside a character or not JSON) for one that is not such a glossary.
    """
    p = Path(path)
    data = _load(p)
    try:
        entries = tuple(TermEntry(
            zh=str(e["zh"]), en=str(e["en"]),
            renderings=tuple(Rendering(str(r["text"]), int(r["count"]),
                                       tuple(int(c) for c in r["cases"]))
                             for r in e["renderings"]),
            count=int(e["count"]), cases=tuple(int(c) for c in e["cases"]), kind=e["kind"],
            confidence=float(e["confidence"]), status=e["status"],
            example_zh=str(e["example_zh"]), example_en=str(e["example_en"]),
            occurrences=tuple(Occurrence(str(o["pair"]), int(o["case"]),
                                         tuple(int(i) for i in o["zh_ids"]),
                                         tuple(int(j) for j in o["en_ids"]),
                                         str(o["rendering"]), int(o["count"]))
                              for o in e["occurrences"]),
            scale=float(e.get("scale", 1.0)), written=str(e.get("written", "")))
            for e in data["glossary"])
    except (ValueError, KeyError, TypeError, AttributeError) as ex:
        raise FormatError(f"{p}: is not a glossary written by 'zhen glossary' "
                          f"({type(ex).__name__}: {ex}); run 'zhen glossary' again") from None
    return Glossary(entries, str(data.get("signature", "")), str(data.get("zh_lang", "zh")))


def _load(p: Path) -> Any:
    """The JSON data of ``p``, which zhen wrote as UTF-8: a file cut or damaged inside a
    character is an error naming the line, never text decoded some other way."""
    with open_binary(p, "glossary.json file", if_missing="run 'zhen glossary' first") as f:
        raw = f.read()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as ex:
        line = raw[:ex.start].count(b"\n") + 1
        raise FormatError(f"{p}:{line}: is not UTF-8 (cut inside a character? {ex.reason}); "
                          "run 'zhen glossary' again") from None
    except json.JSONDecodeError as ex:
        raise FormatError(f"{p}:{ex.lineno}: is not valid JSON ({ex.msg}); run 'zhen "
                          "glossary' again") from None
