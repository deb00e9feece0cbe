"""What ``zhen run`` shows on the terminal when it is done: a table of the documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from align.core.records import Run
from align.core.text import counted


def summary_rows(result: Run) -> list[dict[str, object]]:
    """One row per document: language, cases, paired cases, unpaired, missing paragraphs."""
    paired = {p.zh.id for p in result.pairs} | {p.en.id for p in result.pairs}
    missing: dict[str, int] = {}
    for m in result.missing_paragraphs:
        missing[m.case.doc] = missing.get(m.case.doc, 0) + 1
    return [{"document": d.name, "lang": d.lang, "cases": len(d.cases),
             "paired": sum(c.id in paired for c in d.cases),
             "missing_cases": sum(c.id not in paired for c in d.cases),
             "missing_paragraphs": missing.get(d.name, 0)} for d in result.documents]


def print_summary(result: Run, outdir: Path, as_json: bool = False) -> None:
    """Print the per-document table and totals on stdout (or JSON with ``as_json``)."""
    rows = summary_rows(result)
    if as_json:
        print(json.dumps({"outdir": str(outdir), "signature": result.signature,
                          "pairs": len(result.pairs), "documents": rows},
                         ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"zhen run → {outdir}")
    for col in ("document", "lang", "cases", "paired", "missing_cases", "missing_paragraphs"):
        table.add_column(col.replace("_", " "), justify="left" if col == "document" else "right",
                         no_wrap=col == "document", min_width=20 if col == "document" else None)
    for r in rows:
        table.add_row(*(str(r[k]) for k in ("document", "lang", "cases", "paired",
                                             "missing_cases", "missing_paragraphs")))
    console = Console(file=sys.stdout)
    console.print(table)
    console.print(f"{counted(len(result.pairs), 'case pair')} "
                  f"({counted(result.candidates_checked, 'candidate')} verified), "
                  f"{counted(len(result.unpaired), 'case')} without a counterpart, "
                  f"{counted(len(result.missing_paragraphs), 'untranslated paragraph')}"
                  f"{moved_note(result)}. Details: {outdir}/cases.csv, missing.csv, pairs/")


def moved_note(result: Run) -> str:
    """``, N translated out of order`` for the moved beads of ``result`` (empty if none)."""
    moved = result.moved_beads
    return f", {counted(moved, 'paragraph pair')} translated out of order" if moved else ""
