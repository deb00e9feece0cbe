"""What the review server holds: a run folder's machine result, its edit log, the reviewed
run and glossary, and the views the page asks for, as plain JSON data.

:class:`ReviewState` is the one place that changes the folder: every edit is checked
against the current reviewed state (an edit made on beads that changed since is a
:class:`Conflict`), appended to the edit log (:func:`align.core.edits.append_edits`) and
only then applied in memory. Before each edit the folder is looked at again, so an edit
appended by another program, or a new result written by ``zhen run``, is read first.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from align.core.edits import (
    EDITS,
    BeadEdit,
    EditError,
    StaleEdit,
    TermEdit,
    append_edits,
    bead_ref,
    folder_version,
    make_edit,
    read_edits,
)
from align.core.errors import InputError, OutputError
from align.core.outdir import FileOutputs
from align.core.records import CasePair, Run
from align.core.reviewed import apply_edit
from align.core.runfolder import MARKER, PAIRS_JSONL, check_outdir, read_run
from zhen.review.requests import (
    BEAD_OPS,
    TERM_OPS,
    BadRequest,
    Conflict,
    NotFound,
    bead_values,
    ref_json,
    term_values,
)

#: A bead scoring below this is a low-score bead, to review first (see the README).
LOW_SCORE = 0.5
#: Glossary entries per page.
PAGE = 100
#: Where the review page's exports go in the run folder (no path ever comes from the page).
EXPORTS = {"tmx": ("zhen.tmx",), "missing": ("missing.csv",),
           "glossary": ("approved.tbx", "approved.csv")}
_FILTERS = ("all", "inconsistent", "untranslated", "unreviewed", "approved", "rejected")


def _stamp(folder: Path) -> tuple[tuple[int, int, int], ...]:
    """What changes when ``zhen run`` or another writer changes the folder."""
    out = []
    for name in (MARKER, str(PAIRS_JSONL), EDITS):
        try:
            st = os.stat(folder / name)
            out.append((st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((0, 0, 0))
    return tuple(out)


@dataclass(frozen=True)
class _Loaded:
    machine: Run
    reviewed: Run
    version: str
    problems: tuple[str, ...]
    stamp: tuple[tuple[int, int, int], ...]
    edits: int


def check_reviewable(outdir: str | os.PathLike[str]) -> Path:
    """``outdir`` as a path once it is known that it can be reviewed: a folder ``zhen run``
    wrote in today's format, where zhen may write its edit log. Raises
    :class:`~align.core.errors.InputError` or :class:`~align.core.errors.OutputError` with
    a one-line message otherwise; nothing is written."""
    folder = check_outdir(outdir)
    run = read_run(folder, reviewed=False)
    if run.format < 2:
        raise InputError(f"{folder}: was written by an older zhen (run-folder format "
                         f"{run.format}); run 'zhen run' again to rewrite it before reviewing")
    # Claims the log as FileOutputs would write it (a log zhen did not write, a read-only
    # folder fail here), then lets go: nothing is written yet.
    FileOutputs([folder / EDITS], force=True).discard()
    return folder


class ReviewState:
    """The reviewed state of one run folder, and every change to it (thread-safe)."""

    def __init__(self, outdir: str | os.PathLike[str]) -> None:
        self.folder = check_reviewable(outdir)
        self._lock = threading.RLock()
        self._loaded = self._load()
        self._glossary: Any = None  # glossary.reviewed.ReviewedGlossary, read on first use
        self._glossary_error: str | None = None
        # Reading the glossary takes a second: it has its own lock, so that the other views
        # are served meanwhile, and a generation, so that a read the folder outdated since
        # is not kept.
        self._glossary_lock = threading.Lock()
        self._generation = 0

    # -- loading -------------------------------------------------------------------------
    def _load(self) -> _Loaded:
        stamp = _stamp(self.folder)
        machine = read_run(self.folder, reviewed=False)
        log = read_edits(self.folder)
        from align.core.reviewed import apply_edits

        reviewed, problems = apply_edits(machine, log.edits)
        messages = [p.message for p in log.problems]
        messages += [f"{EDITS}:{log.lines.get(p.edit.id, '?') if p.edit else '?'}: {p.message}"
                     for p in problems]
        return _Loaded(machine, reviewed, folder_version(self.folder), tuple(messages), stamp,
                       len(log.edits))

    def sync(self) -> None:
        """Read the folder again if another program changed it since (a new result, edits
        appended by another server)."""
        with self._lock:
            if _stamp(self.folder) != self._loaded.stamp:
                self._loaded = self._load()
                self._glossary = self._glossary_error = None
                self._generation += 1

    def glossary(self) -> Any:
        """The reviewed glossary (:class:`glossary.reviewed.ReviewedGlossary`), or None when
        the folder has none yet."""
        from glossary.reviewed import read_reviewed

        while self._glossary is None and self._glossary_error is None:
            with self._glossary_lock:
                if self._glossary is not None or self._glossary_error is not None:
                    break
                generation = self._generation
                try:
                    reviewed, error = read_reviewed(self.folder), None
                except InputError as ex:
                    reviewed, error = None, str(ex)
                if generation == self._generation:
                    self._glossary, self._glossary_error = reviewed, error
        return self._glossary

    @property
    def run(self) -> Run:
        """The reviewed run."""
        return self._loaded.reviewed

    # -- views ---------------------------------------------------------------------------
    def overview(self) -> dict[str, Any]:
        """Every case pair with its score and counts, the unpaired cases per document, the
        edits that no longer apply."""
        self.sync()
        run = self.run
        pairs = []
        for n, p in enumerate(run.pairs, 1):
            beads = p.beads
            pairs.append({
                "n": n, "id": p.id, "score": p.score,
                "zh": {"doc": p.zh.doc, "case": p.zh.index, "title": p.zh.title},
                "en": {"doc": p.en.doc, "case": p.en.index, "title": p.en.title},
                "beads": len(beads),
                "low": sum(1 for b in beads if not b.is_null and not b.reviewed
                           and b.score < LOW_SCORE),
                "untranslated": sum(len(b.src) + len(b.tgt) for b in beads
                                    if b.kind == "missing"),
                "moved": sum(1 for b in beads if b.kind == "moved"),
                "edited": sum(len(b.src) + len(b.tgt) for b in beads if b.reviewed)})
        unpaired: dict[str, list[dict[str, Any]]] = {}
        for c in run.unpaired:
            unpaired.setdefault(c.doc, []).append({"case": c.index, "title": c.title,
                                                   "lang": c.lang,
                                                   "paragraphs": len(c.paragraphs)})
        docs = {d.name: d for d in run.documents}
        return {"folder": str(self.folder), "signature": run.signature,
                "version": self._loaded.version, "edits": self._loaded.edits,
                "problems": list(self._loaded.problems),
                "glossary": (self.folder / "glossary.json").is_file(),
                "pairs": pairs,
                "unpaired": [{"doc": name, "lang": docs[name].lang, "path": docs[name].path,
                              "cases": cases} for name, cases in unpaired.items()]}

    def _pair(self, n: int) -> CasePair:
        if not 1 <= n <= len(self.run.pairs):
            raise NotFound(f"there is no case pair {n}; the run has {len(self.run.pairs)}")
        return self.run.pairs[n - 1]

    def pair_view(self, n: int) -> dict[str, Any]:
        """The beads of the ``n``-th case pair (1-based), each with its paragraphs (ids,
        source lines, texts), score, kind, review mark and the reference an edit sends."""
        self.sync()
        pair = self._pair(n)
        docs = {d.name: d for d in self.run.documents}

        def side(case: Any, ids: tuple[int, ...]) -> list[dict[str, Any]]:
            return [{"id": i, "text": case.paragraphs[i].text,
                     "lines": list(case.paragraphs[i].lines),
                     "heading": case.paragraphs[i].heading} for i in ids]

        beads = []
        for b in pair.beads:
            ref = bead_ref(pair, b)
            beads.append({"zh": side(pair.zh, b.src), "en": side(pair.en, b.tgt),
                          "score": round(b.score, 3), "kind": b.kind, "reviewed": b.reviewed,
                          "ref": ref_json(ref)})
        return {"n": n, "id": pair.id, "count": len(self.run.pairs), "score": pair.score,
                "zh": {"doc": pair.zh.doc, "case": pair.zh.index, "title": pair.zh.title,
                       "path": docs[pair.zh.doc].path if pair.zh.doc in docs else ""},
                "en": {"doc": pair.en.doc, "case": pair.en.index, "title": pair.en.title,
                       "path": docs[pair.en.doc].path if pair.en.doc in docs else ""},
                "beads": beads, "low": LOW_SCORE}

    def glossary_page(self, filter_: str = "all", query: str = "", offset: int = 0,
                      limit: int = PAGE) -> dict[str, Any]:
        """One page of glossary entries matching ``filter_`` (one of ``all``,
        ``inconsistent``, ``untranslated``, ``unreviewed``, ``approved``, ``rejected``) and
        ``query`` (in the Chinese term or a rendering)."""
        self.sync()
        if filter_ not in _FILTERS:
            raise BadRequest(f"unknown filter {filter_!r}; use one of {', '.join(_FILTERS)}")
        reviewed = self.glossary()
        if reviewed is None:
            return {"total": 0, "offset": 0, "entries": [], "missing": self._glossary_error}
        q = query.strip().lower()
        matching = []
        for rank, e in enumerate(reviewed.glossary.entries, 1):
            r = reviewed.review(e.zh)
            wanted = e.status if filter_ in ("inconsistent", "untranslated") else r.status
            if filter_ != "all" and wanted != filter_:
                continue
            if q and q not in e.zh.lower() and q not in e.zh_written.lower() and not any(
                    q in x.text.lower() for x in e.renderings):
                continue
            matching.append((rank, e, r))
        offset = max(0, min(offset, len(matching)))
        limit = max(1, min(limit, 500))
        return {"total": len(matching), "offset": offset, "limit": limit,
                "entries": [self._entry_json(rank, e, r)
                            for rank, e, r in matching[offset:offset + limit]]}

    def _entry_json(self, rank: int, e: Any, r: Any) -> dict[str, Any]:
        from glossary.reviewed import term_state

        # ``zh`` keys the entry (Simplified); ``written`` is the term as the edition
        # writes it (Traditional in a Traditional edition), what the page shows.
        return {"rank": rank, "zh": e.zh, "written": e.zh_written, "en": e.en,
                "kind": e.kind, "status": e.status,
                "confidence": round(e.confidence, 3), "count": e.count,
                "review": r.status, "forbidden": list(r.forbidden),
                "renderings": [{"text": x.text, "count": x.count,
                                "forbidden": x.text in r.forbidden} for x in e.renderings],
                "state": term_state(e, r)}

    def term_view(self, zh: str, limit: int = 30) -> dict[str, Any]:
        """One glossary entry and the aligned segments where it occurs (both sides, the
        rendering found there), at most ``limit`` of them."""
        self.sync()
        reviewed = self.glossary()
        entry = reviewed.glossary.get(zh) if reviewed else None
        if entry is None:
            raise NotFound(f"{zh} is not in the glossary")
        index = {p.id: (n, p) for n, p in enumerate(self.run.pairs, 1)}
        found = []
        for o in entry.occurrences[:limit]:
            if o.pair not in index:
                continue
            n, p = index[o.pair]
            zh_ids = [i for i in o.zh_ids if i < len(p.zh.paragraphs)]
            en_ids = [j for j in o.en_ids if j < len(p.en.paragraphs)]
            found.append({"pair": n, "zh_ids": zh_ids, "en_ids": en_ids,
                          "zh": "\n".join(p.zh.paragraphs[i].text for i in zh_ids),
                          "en": "\n".join(p.en.paragraphs[j].text for j in en_ids),
                          "rendering": o.rendering})
        rank = next(k for k, e in enumerate(reviewed.glossary.entries, 1) if e.zh == zh)
        return {**self._entry_json(rank, entry, reviewed.review(zh)),
                "occurrences": found, "total_occurrences": len(entry.occurrences)}

    # -- changes -------------------------------------------------------------------------
    def edit(self, request: Any) -> dict[str, Any]:
        """Apply the edit described by ``request`` (the JSON body of ``POST /api/edits``),
        append it to the log and return the new view of what it changed.

        Raises :class:`BadRequest` for a request that is not an edit, :class:`Conflict`
        for one made on a state that changed since, and
        :class:`~align.core.edits.EditError` for an edit that makes no sense.
        """
        if not isinstance(request, dict):
            raise BadRequest("the body is not a JSON object")
        op = request.get("op")
        with self._lock:
            self.sync()
            if op in BEAD_OPS:
                return self._bead_edit(BEAD_OPS[op], request)
            if op in TERM_OPS:
                return self._term_edit(TERM_OPS[op], request)
            raise BadRequest(f"unknown op {op!r}")

    def _bead_edit(self, cls: type[BeadEdit], request: dict[str, Any]) -> dict[str, Any]:
        pair_id = request.get("pair")
        n = next((k for k, p in enumerate(self.run.pairs, 1) if p.id == pair_id), None)
        if n is None:
            raise Conflict(f"case pair {pair_id!r} is not in this run (rewritten?); reload")
        edit = make_edit(cls, self._loaded.version, **bead_values(cls, request))
        try:
            reviewed = apply_edit(self.run, edit)
        except StaleEdit as ex:
            raise Conflict(f"{ex}: it was changed since this page read it; nothing was "
                           "written, reload and edit again") from None
        self._append(edit)
        self._loaded = replace(self._loaded, reviewed=reviewed, stamp=_stamp(self.folder),
                               edits=self._loaded.edits + 1)
        return {"edit": edit.id, "pair": self.pair_view(n)}

    def _term_edit(self, cls: type[TermEdit], request: dict[str, Any]) -> dict[str, Any]:
        from glossary.reviewed import apply_term_edit

        reviewed = self.glossary()
        if reviewed is None:
            raise BadRequest(self._glossary_error or "the run folder has no glossary")
        values = term_values(cls, request)
        term = values["term"]
        edit = make_edit(cls, self._loaded.version, **values)
        try:
            new = apply_term_edit(reviewed, edit)
        except StaleEdit as ex:
            raise Conflict(f"{ex}: nothing was written, reload and edit again") from None
        self._append(edit)
        self._glossary = new
        self._loaded = replace(self._loaded, stamp=_stamp(self.folder),
                               edits=self._loaded.edits + 1)
        return {"edit": edit.id, "entry": self.term_view(term, limit=0)}

    def _append(self, edit: Any) -> None:
        try:
            append_edits(self.folder, [edit])
        except OutputError as ex:
            if "changed by another program" in str(ex):
                raise Conflict(f"{ex}; reload") from None
            raise

    def export(self, what: str) -> dict[str, Any]:
        """Write the reviewed ``tmx`` (``zhen.tmx``), ``missing`` list (``missing.csv``) or
        approved ``glossary`` (``approved.tbx`` and ``approved.csv``) into the run folder,
        through :class:`~align.core.outdir.FileOutputs`; returns what was written."""
        if what not in EXPORTS:
            raise BadRequest(f"unknown export {what!r}; use one of {', '.join(EXPORTS)}")
        with self._lock:
            self.sync()
            targets = [self.folder / name for name in EXPORTS[what]]
            approved = None
            if what == "glossary":
                reviewed = self.glossary()
                if reviewed is None:
                    raise BadRequest(self._glossary_error or "the run folder has no glossary")
                approved = reviewed.approved()
                if not approved.entries:
                    raise BadRequest("no entry is approved yet; approve terms first")
            with FileOutputs(targets) as out:
                if what == "tmx":
                    from align.exports.memory import write_memory

                    count = write_memory(self.run, out.path(targets[0]))
                elif what == "missing":
                    from align.core.tables import write_missing

                    write_missing(self.run, out.path(targets[0]))
                    count = len(self.run.unpaired) + len(self.run.missing_paragraphs)
                else:
                    from glossary.formats.export import write_glossary

                    assert approved is not None
                    for t in targets:
                        write_glossary(approved, out.path(t))
                    count = len(approved.entries)
            self._loaded = replace(self._loaded, stamp=_stamp(self.folder))
        return {"written": [t.name for t in targets], "count": count}


__all__ = ["EXPORTS", "BadRequest", "Conflict", "EditError", "NotFound", "ReviewState",
           "check_reviewable"]
