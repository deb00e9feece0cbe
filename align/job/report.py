"""Writing what ``zhen run`` found into an output folder, all or nothing.

Layout of ``OUTDIR``:

* ``cases.csv`` — one row per case of every document, with its counterpart and score;
* ``missing.csv`` — cases with no counterpart (``kind=case``) and untranslated
  paragraphs inside paired cases (``kind=paragraph``);
* ``pairs/NN_<zh case>~<en case>.tsv`` — the aligned paragraphs of each pair;
* ``pairs/pairs.jsonl`` — every bead of every pair, with texts and the run signature;
* ``run.json`` — the signature, inputs, counts, warnings and skipped files.

Everything is written into a staging folder beside ``OUTDIR`` that replaces it in one step
once complete (see :class:`align.core.outdir.FolderOutput`): an interrupted run never
leaves a half-written result, and a folder holding files zhen did not write is refused.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from align.core.outdir import FolderOutput
from align.core.runfolder import MARKER, PAIRS_JSONL
from align.job.pairing import CasePair
from align.job.run import RunResult

CASE_COLUMNS = ["doc", "lang", "case", "title", "paragraphs", "paired_doc", "paired_case",
                "paired_title", "score", "missing_paragraphs"]
MISSING_COLUMNS = ["kind", "doc", "lang", "case", "title", "paragraph", "lines", "text"]


def _csv(path: Path, columns: list[str], rows: list[list[Any]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def pair_file_name(n: int, pair: CasePair) -> str:
    """``01_004_…#01~002_…#01.tsv`` with ``#`` made file-name safe."""
    return f"{n:02d}_{pair.zh.id}~{pair.en.id}.tsv".replace("#", "-")


def bead_records(result: RunResult) -> Iterator[dict[str, Any]]:
    """One JSON-ready record per bead of every pair (the ``pairs.jsonl`` schema)."""
    for pair in result.pairs:
        zp, ep = pair.zh.paragraphs, pair.en.paragraphs
        for b in pair.alignment.beads:
            yield {
                "pair": f"{pair.zh.id}~{pair.en.id}",
                "zh_doc": pair.zh.doc, "zh_case": pair.zh.index,
                "en_doc": pair.en.doc, "en_case": pair.en.index,
                "zh_title": pair.zh.title, "en_title": pair.en.title,
                "zh_ids": list(b.src), "en_ids": list(b.tgt),
                "zh_lines": [ln for i in b.src for ln in zp[i].lines],
                "en_lines": [ln for j in b.tgt for ln in ep[j].lines],
                "zh": "\n".join(zp[i].text for i in b.src),
                "en": "\n".join(ep[j].text for j in b.tgt),
                "score": round(b.score, 4),
                "signature": result.signature,
            }


def write_run(result: RunResult, outdir: FolderOutput | str | os.PathLike[str],
              tmx: bool = True) -> Path:
    """Write ``result`` into ``outdir`` (replacing it) atomically; see the module docstring.

    ``outdir`` is a folder path, or a :class:`~align.core.outdir.FolderOutput` claimed
    before the work (so that a bad target fails before it). With ``tmx`` the folder also
    gets the paragraph-level translation memory ``zhen.tmx``. Returns the folder written.
    """
    output = outdir if isinstance(outdir, FolderOutput) else FolderOutput(outdir)
    with output as tmp:
        (tmp / "pairs").mkdir()
        by_case = {}
        for p in result.pairs:
            by_case[p.zh.id] = (p.en, p)
            by_case[p.en.id] = (p.zh, p)
        missing = result.missing_paragraphs
        missing_count: dict[str, int] = {}
        for m in missing:
            missing_count[m.case.id] = missing_count.get(m.case.id, 0) + 1
        rows = []
        for d in result.documents:
            for c in d.cases:
                other, pair = by_case.get(c.id, (None, None))
                rows.append([c.doc, c.lang, c.index, c.title, len(c.paragraphs),
                             other.doc if other else "", other.index if other else "",
                             other.title if other else "",
                             f"{pair.score:.3f}" if pair else "",
                             missing_count.get(c.id, 0)])
        _csv(tmp / "cases.csv", CASE_COLUMNS, rows)
        mrows: list[list[Any]] = [["case", c.doc, c.lang, c.index, c.title, "", "", ""]
                                  for c in result.unpaired]
        mrows += [["paragraph", m.case.doc, m.case.lang, m.case.index, m.case.title,
                   m.paragraph, " ".join(map(str, m.lines)), m.text] for m in missing]
        _csv(tmp / "missing.csv", MISSING_COLUMNS, mrows)
        for n, pair in enumerate(result.pairs, 1):
            zp, ep = pair.zh.paragraphs, pair.en.paragraphs
            prow = [[" ".join(zp[i].text for i in b.src), " ".join(ep[j].text for j in b.tgt),
                     f"{b.score:.3f}", ",".join(map(str, b.src)), ",".join(map(str, b.tgt))]
                    for b in pair.alignment.beads]
            buf = io.StringIO()
            w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(["zh", "en", "score", "zh_ids", "en_ids"])
            w.writerows(prow)
            (tmp / "pairs" / pair_file_name(n, pair)).write_text(buf.getvalue(), "utf-8")
        with open(tmp / PAIRS_JSONL, "w", encoding="utf-8", newline="\n") as f:
            for rec in bead_records(result):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        summary = {
            "signature": result.signature,
            "documents": [{"doc": d.doc.name, "path": str(d.doc.path), "lang": d.doc.lang,
                           "cases": len(d.cases)} for d in result.documents],
            "pairs": len(result.pairs),
            "candidates_checked": result.candidates_checked,
            "unpaired_cases": len(result.unpaired),
            "missing_paragraphs": len(missing),
            "warnings": list(result.warnings),
            "skipped": [{"path": str(s.path), "reason": s.reason} for s in result.skipped],
        }
        if tmx:
            from align.exports.memory import write_run_tmx

            write_run_tmx(result, tmp)
        (tmp / MARKER).write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                  "utf-8")
    return output.target
