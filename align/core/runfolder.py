"""The run folder: what ``zhen run`` writes, in one typed and versioned format.

This is the hand-over point of the data flow corpora → align → glossary. :func:`write_run`
writes a :class:`~align.core.records.Run` into a folder and :func:`read_run` reads it back
as the same records, so the glossary, the exports, the checks and the review work on any
run folder, today's or last month's, exactly as on the run that has just finished.

Files (format 3):

* ``run.json`` — ``format``, tool, signature, the documents (name, file, language, tag,
  script, content hash, case count), the case pairs with their scores, counts, warnings,
  skipped files and ``speed``: the threads the run chose, from how many cores and why,
  the paragraphs it needed and encoded, the seconds spent and the rates in paragraphs per
  second (see :class:`~align.core.records.Speed`);
* ``cases.jsonl`` — one line per case of every document: document, number, language, title
  and its paragraphs (text, the normalised text when it differs, the Simplified text of
  an edition in Traditional characters, heading flag, source lines);
* ``pairs/pairs.jsonl`` — one line per bead of every case pair: the pair, the bead's kind
  (``match``; ``missing`` for a one-sided paragraph a reviewer must check; ``furniture``
  for one-sided page furniture, logos and text in the other edition's script; ``moved`` for
  a pair of paragraphs that translate each other out of order, recorded where its Chinese
  side stands), score, the paragraph ids of each side and, for reading, their texts;
* ``cases.csv``, ``missing.csv`` and ``pairs/NN_<zh case>~<en case>.tsv`` — the same, as
  tables for people. ``missing.csv`` lists, by ``kind``: cases without a counterpart
  (``case``), untranslated paragraphs (``paragraph``) and paragraphs translated out of
  order (``moved``, with the ids of their counterpart in ``counterpart``); furniture is
  left out. The bead tables end with each bead's ``kind``;
* ``edits.jsonl`` (once someone reviewed the run with ``zhen review``) — the reviewer's
  edits, applied by :func:`read_run` on top of the machine result (see
  :mod:`align.core.edits`).

Paragraph ids are 0-based positions in their case; source lines are 1-based. Scores are
kept as computed (JSON writes floats exactly), so that a run read back from its folder is
the run that was written. Format 3 differs from format 2 in the ``speed`` record of
``run.json`` and in the tables (the ``counterpart`` column of ``missing.csv``, the ``kind``
column of the bead tables), the aligner writing ``furniture`` and ``moved`` beads itself;
both are read the same way. A folder of format 1 (written before formats had numbers) is
read too; a newer format is refused with a message saying to upgrade.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from align import __version__
from align.core.beads import Bead
from align.core.errors import FormatError, InputError
from align.core.records import (
    AlignedPair,
    Case,
    CasePair,
    Document,
    Paragraph,
    Run,
    Skipped,
    Speed,
)
from align.core.tables import write_tables

#: The run-folder format this version writes; it also reads formats 1 and 2.
FORMAT = 3
MARKER = "run.json"
CASES_JSONL = "cases.jsonl"
PAIRS_JSONL = Path("pairs") / "pairs.jsonl"


# -- writing ----------------------------------------------------------------------------

def write_run(run: Run, folder: Path) -> None:
    """Write ``run`` into the existing (empty) ``folder``; see the module docstring."""
    (folder / "pairs").mkdir(exist_ok=True)
    write_tables(run, folder)
    with open(folder / CASES_JSONL, "w", encoding="utf-8", newline="\n") as f:
        for case in run.cases:
            f.write(json.dumps(_case_record(case), ensure_ascii=False) + "\n")
    with open(folder / PAIRS_JSONL, "w", encoding="utf-8", newline="\n") as f:
        for pair in run.pairs:
            for bead in pair.beads:
                f.write(json.dumps(_bead_record(pair, bead), ensure_ascii=False) + "\n")
    (folder / MARKER).write_text(json.dumps(_run_record(run), ensure_ascii=False, indent=1)
                                 + "\n", "utf-8")


def _run_record(run: Run) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "tool": f"zhen {__version__}",
        "signature": run.signature,
        "documents": [{"name": d.name, "path": d.path, "lang": d.lang, "tag": d.tag,
                       "script": ("Hant" if d.traditional else "Hans") if d.lang == "zh"
                       else "Latn", "digest": d.digest, "cases": len(d.cases)}
                      for d in run.documents],
        "pairs": [{"zh": p.zh.id, "en": p.en.id, "score": p.score}
                  for p in run.pairs],
        "counts": {"cases": len(run.cases), "pairs": len(run.pairs),
                   "candidates_checked": run.candidates_checked,
                   "unpaired_cases": len(run.unpaired),
                   "missing_paragraphs": len(run.missing_paragraphs),
                   "moved_beads": run.moved_beads,
                   "furniture_paragraphs": sum(len(b.src) + len(b.tgt) for p in run.pairs
                                               for b in p.beads if b.kind == "furniture")},
        "warnings": list(run.warnings),
        "skipped": [{"path": s.path, "reason": s.reason} for s in run.skipped],
        "speed": _speed_record(run.speed),
    }


def _speed_record(speed: Speed | None) -> dict[str, Any] | None:
    if speed is None:
        return None
    return {"threads": speed.threads, "cores": speed.cores, "busy_cores": speed.busy,
            "threads_from": speed.source, "paragraphs": speed.paragraphs,
            "encoded": speed.encoded, "encode_seconds": speed.encode_seconds,
            "seconds": speed.seconds, "paragraphs_per_second": speed.rate,
            "encoded_per_second": speed.encode_rate, "windows": speed.windows,
            "window_seconds": speed.window_seconds}


def _read_speed(rec: Any) -> Speed | None:
    """The :class:`Speed` of a ``run.json`` ``speed`` record (None stays None); the rates
    are derived again, not read."""
    if rec is None:
        return None
    busy = rec["busy_cores"]
    return Speed(int(rec["threads"]), int(rec["cores"]),
                 None if busy is None else float(busy), str(rec["threads_from"]),
                 int(rec["paragraphs"]), int(rec["encoded"]), float(rec["encode_seconds"]),
                 float(rec["seconds"]), int(rec.get("windows", 0)),
                 float(rec.get("window_seconds", 0.0)))


def _case_record(case: Case) -> dict[str, Any]:
    paragraphs = []
    for p in case.paragraphs:
        rec: dict[str, Any] = {"text": p.text, "heading": p.heading, "lines": list(p.lines)}
        if p.match != p.text:
            rec["match"] = p.match
        if p.simplified:
            rec["simplified"] = p.simplified
        paragraphs.append(rec)
    return {"doc": case.doc, "case": case.index, "lang": case.lang, "title": case.title,
            "paragraphs": paragraphs}


def _bead_record(pair: CasePair, bead: Bead) -> dict[str, Any]:
    rec = {"pair": pair.id, "kind": bead.kind, "score": bead.score,
           "zh_doc": pair.zh.doc, "zh_case": pair.zh.index, "zh_ids": list(bead.src),
           "en_doc": pair.en.doc, "en_case": pair.en.index, "en_ids": list(bead.tgt),
           "zh": [pair.zh.paragraphs[i].text for i in bead.src],
           "en": [pair.en.paragraphs[j].text for j in bead.tgt]}
    # Only a reviewed run written back (a library call) has reviewed beads; zhen run's
    # folders keep the machine result, the reviewer's edits live in edits.jsonl.
    if bead.reviewed:
        rec["reviewed"] = True
    return rec


# -- reading ----------------------------------------------------------------------------

def check_outdir(outdir: str | os.PathLike[str]) -> Path:
    """``outdir`` as a path, or :class:`InputError` if ``zhen run`` did not write it (no
    ``run.json`` and ``pairs/pairs.jsonl``, or a ``run.json`` that is not zhen's)."""
    out = Path(outdir)
    if out.is_file():
        raise InputError(f"{out}: is a file, not a folder; give the folder 'zhen run -o' "
                         "wrote")
    if not out.is_dir():
        raise InputError(f"{out}: no such folder; run 'zhen run INPUTS -o {out}' first")
    if not (out / MARKER).is_file() or not (out / PAIRS_JSONL).is_file():
        raise InputError(f"{out}: is not a folder written by 'zhen run' (no {MARKER} or "
                         f"{PAIRS_JSONL}); give the folder 'zhen run INPUTS -o OUTDIR' "
                         "wrote")
    info = _json_file(out / MARKER)
    # Every run.json zhen wrote names zhen: the tool (formats 2 and 3) or the signature
    # (all).
    if not (str(info.get("tool", "")).startswith("zhen ")
            or str(info.get("signature", "")).startswith("zhen-")):
        raise InputError(f"{out}: is not a folder written by 'zhen run' ({MARKER} does not "
                         f"name zhen); give the folder 'zhen run -o' wrote")
    return out


def read_run(outdir: str | os.PathLike[str], reviewed: bool = True) -> Run:
    """The :class:`~align.core.records.Run` written into ``outdir``, as reviewed.

    A reviewer's edits (``edits.jsonl``, see :mod:`align.core.reviewed`) are applied on top
    of the machine result; those that no longer apply are listed in the run's
    ``edit_problems``. ``reviewed=False`` gives the machine result as ``zhen run`` wrote
    it. Raises :class:`InputError` for a folder ``zhen run`` did not write or one written
    by a newer zhen, and :class:`FormatError` naming ``file:line`` for a damaged record.
    """
    run = _read_machine(outdir)
    if not reviewed:
        return run
    from align.core.reviewed import review_run

    return review_run(run, check_outdir(outdir))


def _read_machine(outdir: str | os.PathLike[str]) -> Run:
    out = check_outdir(outdir)
    info = _json_file(out / MARKER)  # read again: it may have changed since the check
    version = info.get("format", 1)
    if not isinstance(version, int) or version < 1:
        raise FormatError(f"{out / MARKER}:1: 'format' is {version!r}, not a format number; "
                          "run 'zhen run' again to rewrite the folder")
    if version > FORMAT:
        raise InputError(f"{out}: was written by a newer zhen (run-folder format {version}; "
                         f"this zhen {__version__} reads formats 1 to {FORMAT}); upgrade "
                         "zhen (pip install -U zhen) to read it")
    if version == 1:
        from align.core.runfolder_v1 import read_v1

        return read_v1(out, info, _jsonl(out / PAIRS_JSONL))
    return _read_v2(out, info, version)


def read_pairs(outdir: str | os.PathLike[str]) -> Iterator[AlignedPair]:
    """Every bead recorded in ``outdir`` with its texts, in pair order (see
    :func:`read_run`)."""
    return read_run(outdir).aligned_pairs()


def _json_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as ex:
        raise FormatError(f"{path}: is not UTF-8 ({ex.reason}); run 'zhen run' again to "
                          "rewrite the folder") from None
    except json.JSONDecodeError as ex:
        raise FormatError(f"{path}:{ex.lineno}: is not valid JSON ({ex.msg}); run 'zhen run' "
                          "again to rewrite the folder") from None
    except OSError as ex:
        raise InputError(f"{path}: cannot be read ({ex.strerror})") from None
    if not isinstance(data, dict):
        raise FormatError(f"{path}:1: is not a JSON object; run 'zhen run' again")
    return data


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` of every non-blank line of a JSON Lines file."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, lines decoded one by one
    except FileNotFoundError:
        raise InputError(f"{path}: is missing; run 'zhen run' again to rewrite the "
                         "folder") from None
    except OSError as ex:
        raise InputError(f"{path}: cannot be read ({ex.strerror}); check its "
                         "permissions") from None
    with f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as ex:
                raise FormatError(f"{path}:{n}: is not UTF-8 (cut inside a character? "
                                  f"{ex.reason}); run 'zhen run' again to rewrite the "
                                  "folder") from None
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as ex:
                raise FormatError(f"{path}:{n}: is not a JSON record ({ex.msg}); run "
                                  "'zhen run' again to rewrite the folder") from None
            if not isinstance(rec, dict):
                raise FormatError(f"{path}:{n}: is not a JSON object; run 'zhen run' again")
            yield n, rec


def _damaged(path: Path, n: int, ex: Exception) -> FormatError:
    return FormatError(f"{path}:{n}: not a valid record ({type(ex).__name__}: {ex}); run "
                       "'zhen run' again to rewrite the folder")


def _region(tag: str) -> str:
    """``TW`` of ``zh-TW``, ``HK`` of ``zh-HK``, else ``""``."""
    return tag[3:] if tag in ("zh-TW", "zh-HK") else ""


def _read_v2(out: Path, info: dict[str, Any], version: int) -> Run:
    """A folder of format 2 or 3 (the same records but ``speed``; see the module docstring)."""
    cases_path = out / CASES_JSONL
    cases: dict[str, list[Case]] = {}
    for n, rec in _jsonl(cases_path):
        try:
            paragraphs = tuple(Paragraph(str(p["text"]), tuple(int(x) for x in p["lines"]),
                                         bool(p["heading"]), str(p.get("match", p["text"])),
                                         str(p.get("simplified", "")))
                               for p in rec["paragraphs"])
            case = Case(str(rec["doc"]), rec["lang"], int(rec["case"]), str(rec["title"]),
                        paragraphs)
        except (KeyError, TypeError, ValueError) as ex:
            raise _damaged(cases_path, n, ex) from None
        cases.setdefault(case.doc, []).append(case)
    run_path = out / MARKER
    try:
        documents = tuple(Document(str(d["name"]), str(d["path"]), d["lang"],
                                   tuple(cases.get(str(d["name"]), [])),
                                   d.get("script") == "Hant", str(d.get("digest", "")),
                                   _region(str(d.get("tag", ""))))
                          for d in info["documents"])
        by_id = {c.id: c for d in documents for c in d.cases}
        scores = {(p["zh"], p["en"]): float(p["score"]) for p in info["pairs"]}
        warnings = tuple(str(w) for w in info.get("warnings", ()))
        skipped = tuple(Skipped(str(s["path"]), str(s["reason"]))
                        for s in info.get("skipped", ()))
        checked = int(info.get("counts", {}).get("candidates_checked", 0))
        speed = _read_speed(info["speed"]) if version >= 3 else None
    except (KeyError, TypeError, ValueError) as ex:
        raise _damaged(run_path, 1, ex) from None
    beads: dict[tuple[str, str], list[Bead]] = {key: [] for key in scores}
    pairs_path = out / PAIRS_JSONL
    for n, rec in _jsonl(pairs_path):
        try:
            key = (f"{rec['zh_doc']}#{int(rec['zh_case']):02d}",
                   f"{rec['en_doc']}#{int(rec['en_case']):02d}")
            kind = {"kind": rec["kind"]} if rec.get("kind") else {}
            beads.setdefault(key, []).append(
                Bead(tuple(int(i) for i in rec["zh_ids"]), tuple(int(j) for j in rec["en_ids"]),
                     float(rec["score"]), **kind, reviewed=rec.get("reviewed") is True))
            for case_id, ids in ((key[0], beads[key][-1].src), (key[1], beads[key][-1].tgt)):
                if case_id not in by_id:
                    raise KeyError(f"case {case_id} is not in {CASES_JSONL}")
                if any(not 0 <= i < len(by_id[case_id].paragraphs) for i in ids):
                    raise ValueError(f"paragraph ids {list(ids)} are outside case {case_id}")
        except (KeyError, TypeError, ValueError) as ex:
            raise _damaged(pairs_path, n, ex) from None
    pairs = tuple(CasePair(by_id[z], by_id[e], scores.get((z, e), 0.0), tuple(bs))
                  for (z, e), bs in beads.items())
    return Run(str(info.get("signature", "")), documents, pairs, checked, warnings, skipped,
               version, speed=speed)
