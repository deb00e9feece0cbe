"""The tables of a run folder written for people: ``cases.csv``, ``missing.csv`` and the
bead tables ``pairs/NN_<zh case>~<en case>.tsv`` (the records they are made from are
:mod:`align.core.runfolder`'s)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from align.core.records import Case, CasePair, Run
from align.core.text import CSV_ENCODING

CASE_COLUMNS = ["doc", "lang", "case", "title", "paragraphs", "paired_doc", "paired_case",
                "paired_title", "score", "missing_paragraphs"]
MISSING_COLUMNS = ["kind", "doc", "lang", "case", "title", "paragraph", "lines", "text",
                   "counterpart", "reviewed"]
PAIR_COLUMNS = ["zh", "en", "score", "zh_ids", "en_ids", "kind"]


def pair_file_name(n: int, pair: CasePair) -> str:
    """``01_004_…-01~002_…-01.tsv``: the table of the ``n``-th pair (``#`` made file-name
    safe)."""
    return f"{n:02d}_{pair.zh.id}~{pair.en.id}.tsv".replace("#", "-")


def _table(path: Path, columns: list[str], rows: Sequence[Sequence[Any]],
           delimiter: str = ",") -> None:
    """One table: CSV with a byte-order mark, or (``delimiter`` tab) plain UTF-8 TSV."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    # CSV files carry a byte-order mark for Excel (CSV_ENCODING); the bead tables stay
    # plain UTF-8 TSV, the form scripts and paste-into-a-sheet expect.
    path.write_text(buf.getvalue(), encoding=CSV_ENCODING if delimiter == "," else "utf-8")


def write_missing(run: Run, path: Path) -> None:
    """Write ``missing.csv`` of ``run`` to ``path``: the cases without a counterpart, the
    untranslated paragraphs of paired cases (the beads of kind ``missing``), then the
    paragraphs translated out of order (kind ``moved``, both sides, each naming its
    counterpart's paragraph ids). ``reviewed`` is ``yes`` for what a reviewer confirmed
    with ``zhen review`` (marked really missing, or checked)."""
    rows: list[list[Any]] = [["case", c.doc, c.lang, c.index, c.title, "", "", "", "", ""]
                             for c in run.unpaired]
    rows += [["paragraph", m.case.doc, m.case.lang, m.case.index, m.case.title,
              m.paragraph, " ".join(map(str, m.lines)), m.text, "",
              "yes" if m.reviewed else ""]
             for m in run.missing_paragraphs]
    for pair in run.pairs:
        for bead in pair.beads:
            if bead.kind != "moved":
                continue
            for case, ids, other in ((pair.zh, bead.src, bead.tgt),
                                     (pair.en, bead.tgt, bead.src)):
                for i in ids:
                    para = case.paragraphs[i]
                    rows.append(["moved", case.doc, case.lang, case.index, case.title, i,
                                 " ".join(map(str, para.lines)), para.text,
                                 " ".join(map(str, other)), "yes" if bead.reviewed else ""])
    _table(path, MISSING_COLUMNS, rows)


def write_cases(run: Run, path: Path) -> None:
    """Write ``cases.csv`` of ``run`` to ``path``: every case with its counterpart, the
    pair's score and how many of its paragraphs are untranslated."""
    by_case: dict[str, tuple[Case, CasePair]] = {}
    for p in run.pairs:
        by_case[p.zh.id] = (p.en, p)
        by_case[p.en.id] = (p.zh, p)
    missing_count: dict[str, int] = {}
    for m in run.missing_paragraphs:
        missing_count[m.case.id] = missing_count.get(m.case.id, 0) + 1
    rows = []
    for c in run.cases:
        other, pair = by_case.get(c.id, (None, None))
        rows.append([c.doc, c.lang, c.index, c.title, len(c.paragraphs),
                     other.doc if other else "", other.index if other else "",
                     other.title if other else "", f"{pair.score:.3f}" if pair else "",
                     missing_count.get(c.id, 0)])
    _table(path, CASE_COLUMNS, rows)


def write_tables(run: Run, folder: Path) -> None:
    """Write the tables for people into the run folder ``folder``: ``cases.csv``,
    ``missing.csv`` and one ``pairs/NN_….tsv`` per case pair."""
    write_cases(run, folder / "cases.csv")
    write_missing(run, folder / "missing.csv")
    for n, pair in enumerate(run.pairs, 1):
        zp, ep = pair.zh.paragraphs, pair.en.paragraphs
        prow = [[" ".join(zp[i].text for i in b.src), " ".join(ep[j].text for j in b.tgt),
                 f"{b.score:.3f}", ",".join(map(str, b.src)), ",".join(map(str, b.tgt)),
                 b.kind]
                for b in pair.beads]
        _table(folder / "pairs" / pair_file_name(n, pair), PAIR_COLUMNS, prow, "\t")
