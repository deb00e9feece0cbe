"""``zhen glossary``: a terminology glossary from the aligned pairs of a run folder."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zhen.commands.options import Force, note

if TYPE_CHECKING:
    from glossary.terms import Glossary

app = typer.Typer(rich_markup_mode=None)


Output = Annotated[list[Path] | None, typer.Option(
    "-o", "--output", help="Write the glossary here; the format follows the extension (.csv, "
    ".xlsx, .tbx, .json). Repeat for several. [default: OUTDIR/glossary.csv, .xlsx, .tbx, "
    "OUTDIR/inconsistent.csv, glossary.json and userdict.txt]", show_default=False)]
AsJson = Annotated[bool, typer.Option(
    "--json", help="Print the glossary as JSON on stdout instead of the summary.")]
MinCount = Annotated[int, typer.Option(
    "--min-count", min=1, help="Occurrences a term needs, unless it is a dictionary word, a "
    "heading or a noun phrase.")]
MinConfidence = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0, help="Drop entries less sure than this (the "
    "learnt table already decides which terms get an entry; 0 keeps all of them).")]
MaxEntries = Annotated[int | None, typer.Option(
    "--max-entries", min=1, help="Keep only the best N entries. [default: all]",
    show_default=False)]
UserDict = Annotated[Path | None, typer.Option(
    "--user-dict", help="A jieba user dictionary (one word per line, optionally "
    "'word freq tag'), e.g. the userdict.txt of an earlier run.")]
Top = Annotated[int, typer.Option("--top", min=0, help="Inconsistent terms to list in the "
                                  "summary.")]


@app.command("glossary")
def glossary_command(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `zhen run`.")],
    output: Output = None, as_json: AsJson = False, min_count: MinCount = 2,
    min_confidence: MinConfidence = 0.0,
    max_entries: MaxEntries = None, user_dict: UserDict = None, top: Top = 10,
    force: Force = False,
) -> None:
    """Build a terminology glossary from the aligned pairs that `zhen run` wrote."""
    from align.core.runfolder import check_outdir
    from glossary.build import GlossaryOptions, glossary_for_run
    from glossary.formats.export import claim_outputs, write_glossary_files
    from glossary.formats.jsonfile import to_json
    from glossary.formats.userdict import read_user_dict

    folder = check_outdir(outdir)
    targets = list(output or [])
    start = time.perf_counter()
    # Claimed before the work, so that a target zhen may not write fails at once; the
    # claim is released whatever happens.
    with claim_outputs(folder, targets, force,
                       inputs=[user_dict] if user_dict else []) as outputs:
        words = read_user_dict(user_dict) if user_dict else []
        options = GlossaryOptions(min_count=min_count, min_confidence=min_confidence,
                                  user_words=tuple(words), max_entries=max_entries)
        glossary = glossary_for_run(folder, options, log=note)
        written = write_glossary_files(glossary, folder, targets, words, outputs=outputs)
    elapsed = time.perf_counter() - start
    if as_json:
        typer.echo(json.dumps(to_json(glossary), ensure_ascii=False, indent=2))
        return
    _summary(glossary, top, elapsed, written)


def _summary(glossary: Glossary, top: int, elapsed: float, targets: list[Path]) -> None:
    from glossary.formats.jsonfile import summary

    s = summary(glossary)
    typer.echo(f"{s['entries']} entries ({s['terms']} terms, {s['names']} names, "
               f"{s['units']} units): {s['consistent']} consistent, "
               f"{s['inconsistent']} inconsistent, {s['untranslated']} untranslated   "
               f"[{elapsed:.1f} s]")
    incons = glossary.inconsistent()[:top]
    if incons:
        width = max(len(e.zh_written) for e in incons)
        typer.echo("\nmost frequent inconsistent terms:")
        for e in incons:
            renderings = " | ".join(f"{r.text} ({r.count})" for r in e.renderings[:5])
            pad = " " * (width - len(e.zh_written))
            typer.echo(f"  {e.zh_written}{pad}  {renderings}")
    typer.echo("\nwritten: " + ", ".join(str(t) for t in targets))
    typer.echo(f"signature: {glossary.signature}")
