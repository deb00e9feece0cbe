"""What ``zhen run`` shows on the terminal: progress bars (stderr) and a summary table."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from align.job.run import RunResult


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A ``progress(step, done, total)`` callback drawing bars on stderr (if a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def summary_rows(result: RunResult) -> list[dict[str, object]]:
    """One row per document: language, cases, paired cases, unpaired, missing paragraphs."""
    paired = {p.zh.id for p in result.pairs} | {p.en.id for p in result.pairs}
    missing: dict[str, int] = {}
    for m in result.missing_paragraphs:
        missing[m.case.doc] = missing.get(m.case.doc, 0) + 1
    return [{"document": d.doc.name, "lang": d.doc.lang, "cases": len(d.cases),
             "paired": sum(c.id in paired for c in d.cases),
             "missing_cases": sum(c.id not in paired for c in d.cases),
             "missing_paragraphs": missing.get(d.doc.name, 0)} for d in result.documents]


def print_summary(result: RunResult, outdir: Path, as_json: bool = False) -> None:
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
    console.print(f"{len(result.pairs)} case pairs ({result.candidates_checked} candidates "
                  f"verified), {len(result.unpaired)} cases without a counterpart, "
                  f"{len(result.missing_paragraphs)} untranslated paragraphs. "
                  f"Details: {outdir}/cases.csv, missing.csv, pairs/")
