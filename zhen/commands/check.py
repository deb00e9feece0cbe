"""``zhen check``: the aligned pairs of a run folder against an approved glossary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zhen.commands.options import Force, warn

if TYPE_CHECKING:
    from glossary.checks.consistency import CheckResult

app = typer.Typer(rich_markup_mode=None)


@app.command("check")
def check_command(
    outdir: Annotated[Path, typer.Argument(help="Output folder of `zhen run`.")],
    glossary_file: Annotated[Path, typer.Option(
        "--glossary", "-g", help="The approved glossary: .csv/.tsv (header zh,en[,variants]), "
                                 ".tbx or .xlsx.")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the report to this CSV: one row per approved term in "
                               "a pair, mismatches first. [default: OUTDIR/check.csv]",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the report as JSON on stdout instead of the summary.")
    ] = False,
    top: Annotated[int, typer.Option(
        "--top", min=0, help="Mismatches to show on the terminal.")] = 20,
    force: Force = False,
) -> None:
    """Check the aligned pairs against an approved glossary (key term mismatches)."""
    from align.core.outdir import FileOutputs
    from glossary.checks.consistency import check_pairs
    from glossary.formats.approved import read_approved
    from glossary.formats.csvfile import CHECK_FILE, require_csv, write_check_csv
    from glossary.pairs import read_run

    approved = read_approved(glossary_file)
    run = read_run(outdir)
    for problem in run.run.edit_problems if run.run else ():
        warn(problem)
    target = require_csv(output or run.folder / CHECK_FILE)
    for message in approved.warnings:
        warn(message)
    with FileOutputs([target], force=force, inputs=[glossary_file]) as outputs:
        result = check_pairs(run.pairs, approved)
        write_check_csv(result, outputs.path(target))
    if as_json:
        data = {"glossary": str(glossary_file), "warnings": list(approved.warnings),
                "report": str(target), **result.to_json()}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _summary(result, glossary_file, target, top)


def _summary(result: CheckResult, glossary_file: Path, target: Path, top: int) -> None:
    from align.core.text import counted

    # Every count but the first is a count of rows of the report (column 'result').
    typer.echo(f"{glossary_file}: {counted(result.approved_terms, 'approved term')}")
    typer.echo(f"{target}: {counted(len(result.rows), 'row')}, {result.terms_found:,} of the "
               f"terms in {counted(result.pairs, 'pair')}: "
               f"{counted(len(result.mismatches), 'key term mismatch', 'key term mismatches')}, "
               f"{len(result.untranslated):,} in untranslated paragraphs, {len(result.ok):,} "
               "rendered as approved")
    for m in result.mismatches[:top]:
        typer.echo(f"  {m.zh_where} (case {m.case:02d} zh ¶{','.join(map(str, m.zh_ids))} / "
                   f"en ¶{','.join(map(str, m.en_ids))}): {m.zh} → expected "
                   f"{' | '.join(m.approved)}")
        typer.echo(f"      en: {_clip(m.en_text)}")
    if len(result.mismatches) > top:
        more = len(result.mismatches) - top
        typer.echo(f"  … {counted(more, 'more mismatch', 'more mismatches')} in {target}")
    typer.echo(f"written: {target}")


def _clip(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
