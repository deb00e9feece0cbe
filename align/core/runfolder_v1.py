"""Reading run folders of format 1, written before the format had a number.

Format 1 kept one line per bead with the texts of each side joined by newlines and the
source lines of the side run together; it kept neither the heading flags nor the texts of
cases left unpaired. Those are rebuilt as well as the folder allows: headings by the one
heading rule (:func:`align.core.text.is_heading`), the normalised text by
:func:`align.core.text.normalise_for_matching`, source lines per paragraph where a side
holds one paragraph (empty otherwise), and unpaired cases from ``cases.csv`` with their
titles but no paragraphs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from align.core.beads import Bead
from align.core.errors import FormatError
from align.core.records import Case, CasePair, Document, Paragraph, Run, Skipped
from align.core.text import is_heading, is_traditional, normalise_for_matching, to_simplified


def read_v1(out: Path, info: dict[str, Any], records: Iterable[tuple[int, dict[str, Any]]]
            ) -> Run:
    """The :class:`Run` of a format-1 folder whose ``run.json`` is ``info`` and whose
    ``pairs.jsonl`` lines are ``records``."""
    path = out / "pairs" / "pairs.jsonl"
    langs, skipped, checked, warnings = _info(out, info)
    sides: dict[str, dict[int, Paragraph]] = {}
    titles: dict[str, str] = {}
    beads = _beads(path, records, sides, titles)
    unpaired = _unpaired_cases(out / "cases.csv")
    cases: dict[str, Case] = {}
    for cid, paras in sides.items():
        doc, _, index = cid.rpartition("#")
        if sorted(paras) != list(range(len(paras))):
            raise FormatError(f"{path}:1: case {cid} lacks some of its paragraphs; run "
                              "'zhen run' again to rewrite the folder")
        lang = langs.get(doc, "zh" if cid == next(iter(beads))[0] else "en")
        cases[cid] = Case(doc, lang, int(index), titles.get(cid, ""),
                          tuple(paras[i] for i in range(len(paras))))
    for cid, (lang, title) in unpaired.items():
        if cid not in cases:
            doc, _, index = cid.rpartition("#")
            cases[cid] = Case(doc, lang, int(index), title, ())  # type: ignore[arg-type]
    documents = _documents(info, cases)
    by_id = {c.id: c for d in documents for c in d.cases}
    pairs = tuple(CasePair(by_id[z], by_id[e], _pair_score(bs), tuple(bs))
                  for (z, e), bs in beads.items() if z in by_id and e in by_id)
    return Run(str(info.get("signature", "")), documents, pairs, checked, warnings,
               skipped, 1)


def _info(out: Path, info: dict[str, Any]
          ) -> tuple[dict[str, Any], tuple[Skipped, ...], int, tuple[str, ...]]:
    """The document languages, skipped files, candidate count and warnings of a format-1
    ``run.json``; a damaged one is a :class:`FormatError` naming it."""
    try:
        langs = {str(d["doc"]): d["lang"] for d in info.get("documents", ())}
        skipped = tuple(Skipped(str(s["path"]), str(s["reason"]))
                        for s in info.get("skipped", ()))
        return (langs, skipped, int(info.get("candidates_checked", 0)),
                tuple(str(w) for w in info.get("warnings", ())))
    except (KeyError, TypeError, ValueError, AttributeError) as ex:
        raise FormatError(f"{out / 'run.json'}:1: not a run record ({type(ex).__name__}: "
                          f"{ex}); run 'zhen run' again to rewrite the folder") from None


def _beads(path: Path, records: Iterable[tuple[int, dict[str, Any]]],
           sides: dict[str, dict[int, Paragraph]], titles: dict[str, str]
           ) -> dict[tuple[str, str], list[Bead]]:
    """The beads of every case pair, filling in the paragraphs and titles of each case."""
    beads: dict[tuple[str, str], list[Bead]] = {}
    for n, rec in records:
        try:
            zid = f"{rec['zh_doc']}#{int(rec['zh_case']):02d}"
            eid = f"{rec['en_doc']}#{int(rec['en_case']):02d}"
            for cid, side in ((zid, "zh"), (eid, "en")):
                titles.setdefault(cid, str(rec.get(f"{side}_title", "")))
                _add(sides.setdefault(cid, {}), [int(i) for i in rec[f"{side}_ids"]],
                     str(rec[side]), [int(x) for x in rec.get(f"{side}_lines", [])], side)
            beads.setdefault((zid, eid), []).append(
                Bead(tuple(int(i) for i in rec["zh_ids"]), tuple(int(j) for j in rec["en_ids"]),
                     float(rec["score"])))
        except (KeyError, TypeError, ValueError) as ex:
            raise FormatError(f"{path}:{n}: not a bead record ({ex}); run 'zhen run' again "
                              "to rewrite the folder") from None
    return beads


def _documents(info: dict[str, Any], cases: dict[str, Case]) -> tuple[Document, ...]:
    documents = []
    for d in info.get("documents", ()):
        name = str(d["doc"])
        own = sorted((c for c in cases.values() if c.doc == name), key=lambda c: c.index)
        text = "".join(p.text for c in own for p in c.paragraphs)
        traditional = d["lang"] == "zh" and is_traditional(text)
        own = [_retag(c, traditional) for c in own] if traditional else own
        documents.append(Document(name, str(d.get("path", "")), d["lang"], tuple(own),
                                  traditional))
    return tuple(documents)


def _add(paras: dict[int, Paragraph], ids: list[int], text: str, lines: list[int],
         side: str) -> None:
    pieces = text.split("\n") if ids else []
    if len(pieces) != len(ids):
        raise ValueError(f"{len(ids)} {side} ids but {len(pieces)} paragraphs of text")
    for k, (i, piece) in enumerate(zip(ids, pieces, strict=True)):
        own = tuple(lines) if len(ids) == 1 else ((lines[0],) if k == 0 and lines else ())
        lang = "zh" if side == "zh" else "en"
        paras[i] = Paragraph(piece, own, is_heading(piece, lang),
                             normalise_for_matching(piece))


def _retag(case: Case, traditional: bool) -> Case:
    return Case(case.doc, case.lang, case.index, case.title, tuple(
        Paragraph(p.text, p.lines, p.heading, normalise_for_matching(p.text, traditional),
                  _simplified(p.text))
        for p in case.paragraphs))


def _simplified(text: str) -> str:
    """The Simplified form a format-2 record carries, for a folder written without it."""
    out = to_simplified(text)
    return out if out != text and len(out) == len(text) else ""


def _pair_score(beads: list[Bead]) -> float:
    # Format 1 kept the pair's score only in cases.csv; the share of paragraphs in
    # confident matched beads is how it was computed (align.job.pairing.verification).
    total = sum(len(b.src) + len(b.tgt) for b in beads)
    good = sum(len(b.src) + len(b.tgt) for b in beads if not b.is_null and b.score >= 0.5)
    return good / total if total else 0.0


def _unpaired_cases(path: Path) -> dict[str, tuple[str, str]]:
    """``case id → (language, title)`` of the cases listed in a format-1 ``cases.csv``
    (with or without a byte-order mark)."""
    if not path.is_file():
        return {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as ex:
        line = path.read_bytes()[:ex.start].count(b"\n") + 1
        raise FormatError(f"{path}:{line}: is not UTF-8 (cut inside a character? "
                          f"{ex.reason}); run 'zhen run' again to rewrite the folder") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out: dict[str, tuple[str, str]] = {}
    try:
        for r in reader:
            out[f"{r['doc']}#{int(r['case']):02d}"] = (r["lang"], r["title"])
    except (KeyError, TypeError, ValueError, csv.Error) as ex:
        raise FormatError(f"{path}:{reader.line_num}: not a case row ({type(ex).__name__}: "
                          f"{ex}); run 'zhen run' again to rewrite the folder") from None
    return out
