"""``zhen review``: the review page of a run folder, served on this machine only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(rich_markup_mode=None)


@app.command("review")
def review_command(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'zhen run' (and "
                                           "'zhen glossary', for the glossary view).")],
    port: Annotated[int | None, typer.Option(
        "--port", min=0, max=65535, help="Port on 127.0.0.1; 0 for a free one. [default: "
        "8765, or a free port if it is in use]", show_default=False)] = None,
    browser: Annotated[bool, typer.Option(help="Open the page in the web browser.")] = True,
) -> None:
    """Check and correct the alignment, approve terms and export the reviewed result, in a
    local web page (edits go to OUTDIR/edits.jsonl; Ctrl-C stops the server)."""
    from zhen.review.server import serve

    serve(outdir, port, browser, say=typer.echo)
