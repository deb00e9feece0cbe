"""The edit log: a reviewer's corrections, kept beside the machine result and applied on top.

``zhen run`` writes what the machine found; a reviewer (``zhen review``) corrects it. Every
correction is an :class:`Edit`, appended to ``OUTDIR/edits.jsonl`` (one JSON object per
line) and never written into the machine's records, so the machine result stays as it was
and the reviewed state is always *machine result + edits, in order*:

* bead edits (:class:`Merge` a bead with the next, :class:`Split` a merged bead,
  :class:`Unlink` a bead into 1:0 + 0:1, :class:`Link` a 1:0 and a 0:1 bead, also across
  positions, :class:`MarkBead` as furniture / really missing / checked), applied to a
  :class:`~align.core.records.Run` by :func:`align.core.reviewed.apply_edits`;
* term edits (:class:`Approve`, :class:`Reject`, :class:`Render` with another rendering,
  :class:`Forbid` a rendering), applied to a glossary by :mod:`glossary.reviewed`.

Each edit carries an id, the time it was made, the version of the run folder it was made
on (:func:`folder_version`) and what it was made on: the beads it acts on as they were
(:class:`BeadRef`: ids, kind, review mark and a digest of their texts), or the state of
the term. An edit whose beads no longer exist, or changed under it (``zhen run`` wrote a new
result, another tab edited them first), is not applied and is reported
(:class:`Problem`); so is a line of a log damaged by hand, with its line number, while the
other lines are applied.

>>> from align.core.edits import read_edits
>>> log = read_edits("zhen-out")                    # doctest: +SKIP
>>> log.problems                                    # damaged lines, with their numbers
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from align.core.beads import BEAD_KINDS, Bead, BeadKind
from align.core.errors import OutputError, ZhenError
from align.core.records import CasePair

#: The edit log of a run folder.
EDITS = "edits.jsonl"
#: What a one-sided bead can be marked as: page furniture, really missing, or checked
#: (looked at and right as it is; any bead can be checked).
Mark = Literal["furniture", "missing", "checked"]
MARKS: tuple[Mark, ...] = ("furniture", "missing", "checked")


class EditError(ZhenError):
    """An edit that cannot be applied: it makes no sense on its beads (a split of a 1:1
    bead, a merge of paragraphs that are not neighbours)."""


class StaleEdit(EditError):
    """An edit made on beads that no longer exist or changed since (a conflict)."""


# -- what an edit was made on ---------------------------------------------------------------

def text_digest(*parts: Iterable[str]) -> str:
    """A short hash of groups of texts (order and grouping count), to notice a change."""
    h = hashlib.blake2b(digest_size=8)
    for group in parts:
        for text in group:
            h.update(text.encode("utf-8"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()


@dataclass(frozen=True)
class BeadRef:
    """A bead of a case pair as an edit saw it: its paragraph ids on each side, its kind,
    whether it was reviewed, and a digest of the texts of its paragraphs."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    kind: BeadKind
    reviewed: bool
    digest: str

    def format(self) -> str:
        """The bead's ids in the bead grammar: ``[3]:[3,4]``."""
        return f"[{','.join(map(str, self.zh))}]:[{','.join(map(str, self.en))}]"


def bead_ref(pair: CasePair, bead: Bead) -> BeadRef:
    """The :class:`BeadRef` of ``bead`` in ``pair`` as it is now."""
    return BeadRef(bead.src, bead.tgt, bead.kind, bead.reviewed,
                   text_digest((pair.zh.paragraphs[i].text for i in bead.src),
                               (pair.en.paragraphs[j].text for j in bead.tgt)))


# -- the edits ------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Edit:
    """What every edit carries: ``id``, ``time`` (ISO 8601, UTC) and ``base``, the
    :func:`folder_version` of the run folder it was made on."""

    op: ClassVar[str] = ""
    id: str
    time: str
    base: str


@dataclass(frozen=True, kw_only=True)
class BeadEdit(Edit):
    """An edit of the beads of case pair ``pair``; ``beads`` are those it acts on, as they
    were when it was made."""

    pair: str
    beads: tuple[BeadRef, ...]


@dataclass(frozen=True, kw_only=True)
class Merge(BeadEdit):
    """Merge a bead with the next one (``beads``: the bead and the next)."""

    op: ClassVar[str] = "merge"


@dataclass(frozen=True, kw_only=True)
class Split(BeadEdit):
    """Split a merged bead in two: the first ``zh_at`` Chinese and ``en_at`` English
    paragraphs, then the rest (by default the first paragraph of each side)."""

    op: ClassVar[str] = "split"
    zh_at: int = 1
    en_at: int = 1


@dataclass(frozen=True, kw_only=True)
class Unlink(BeadEdit):
    """Unlink a bead into a 1:0 and a 0:1 bead (its paragraphs are not translations)."""

    op: ClassVar[str] = "unlink"


@dataclass(frozen=True, kw_only=True)
class Link(BeadEdit):
    """Link a Chinese-only and an English-only bead (``beads``: the two, in any order),
    also across positions: a pair that cannot stand in order becomes a ``moved`` bead."""

    op: ClassVar[str] = "link"


@dataclass(frozen=True, kw_only=True)
class MarkBead(BeadEdit):
    """Mark a bead: a one-sided bead as page ``furniture`` or as really ``missing``, any
    bead as ``checked`` (right as it is)."""

    op: ClassVar[str] = "mark"
    mark: Mark


@dataclass(frozen=True, kw_only=True)
class TermEdit(Edit):
    """An edit of the glossary entry of Chinese ``term``; ``was`` is the digest of the
    entry's reviewed state when the edit was made (see :mod:`glossary.reviewed`)."""

    term: str
    was: str


@dataclass(frozen=True, kw_only=True)
class Approve(TermEdit):
    """Approve the entry with its (possibly edited) preferred rendering."""

    op: ClassVar[str] = "approve"


@dataclass(frozen=True, kw_only=True)
class Reject(TermEdit):
    """Reject the entry: it is not a term (it leaves the approved glossary)."""

    op: ClassVar[str] = "reject"


@dataclass(frozen=True, kw_only=True)
class Render(TermEdit):
    """Make ``rendering`` the entry's preferred rendering (attested or typed in)."""

    op: ClassVar[str] = "render"
    rendering: str


@dataclass(frozen=True, kw_only=True)
class Forbid(TermEdit):
    """Mark ``rendering`` as forbidden for the entry (left out of the approved glossary,
    so that ``zhen check`` reports pairs that use it)."""

    op: ClassVar[str] = "forbid"
    rendering: str


EDIT_TYPES: dict[str, type[Edit]] = {cls.op: cls for cls in (
    Merge, Split, Unlink, Link, MarkBead, Approve, Reject, Render, Forbid)}
E = TypeVar("E", bound=Edit)


def make_edit(cls: type[E], base: str, **values: Any) -> E:
    """A new edit of type ``cls`` made now, with a fresh id, on the folder version
    ``base``; ``values`` are its other fields."""
    when = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return cls(id=uuid.uuid4().hex[:16], time=when, base=base, **values)


def edit_record(edit: Edit) -> dict[str, Any]:
    """``edit`` as the JSON object of its line in ``edits.jsonl``."""
    rec: dict[str, Any] = {"op": edit.op}
    for f in fields(edit):
        value = getattr(edit, f.name)
        if f.name == "beads":
            value = [{"zh": list(b.zh), "en": list(b.en), "kind": b.kind,
                      "reviewed": b.reviewed, "digest": b.digest} for b in value]
        rec[f.name] = value
    return rec


def parse_edit(rec: Any) -> Edit:
    """The edit of a JSON object written by :func:`edit_record`.

    Raises ``ValueError`` (or ``KeyError``/``TypeError``) naming what is wrong.
    """
    if not isinstance(rec, dict):
        raise ValueError("not a JSON object")
    cls = EDIT_TYPES.get(rec.get("op"))  # type: ignore[arg-type]
    if cls is None:
        raise ValueError(f"unknown op {rec.get('op')!r}")
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in rec:
            if f.default is not MISSING:  # a field with a default may be absent
                continue
            raise KeyError(f.name)
        values[f.name] = rec[f.name]
    for name in ("id", "time", "base", "pair", "term", "was", "rendering"):
        if name in values and not isinstance(values[name], str):
            raise TypeError(f"{name} is not a string")
    for name in ("zh_at", "en_at"):
        if name in values and type(values[name]) is not int:
            raise TypeError(f"{name} is not a whole number")
    if "mark" in values and values["mark"] not in MARKS:
        raise ValueError(f"mark must be one of {MARKS}, not {values['mark']!r}")
    if "beads" in values:
        values["beads"] = tuple(_bead_ref(b) for b in values["beads"])
    return cls(**values)


def _bead_ref(rec: Any) -> BeadRef:
    if not isinstance(rec, dict):
        raise TypeError("a bead is not a JSON object")
    ids = tuple(tuple(rec[side]) for side in ("zh", "en"))
    if any(type(i) is not int or i < 0 for side in ids for i in side):
        raise TypeError("paragraph ids are not whole numbers")
    if rec["kind"] not in BEAD_KINDS:
        raise ValueError(f"bead kind {rec['kind']!r}")
    if type(rec["reviewed"]) is not bool or not isinstance(rec["digest"], str):
        raise TypeError("reviewed or digest")
    return BeadRef(ids[0], ids[1], rec["kind"], rec["reviewed"], rec["digest"])


def describe(edit: Edit) -> str:
    """A short description of ``edit`` for messages: ``merge [3]:[3] + [4]:[4] in PAIR``."""
    if isinstance(edit, BeadEdit):
        what = " + ".join(b.format() for b in edit.beads)
        extra = f" as {edit.mark}" if isinstance(edit, MarkBead) else ""
        return f"{edit.op} {what}{extra} in {edit.pair}"
    if isinstance(edit, Render | Forbid):
        return f"{edit.op} {edit.rendering!r} for {edit.term}"
    assert isinstance(edit, TermEdit)
    return f"{edit.op} {edit.term}"


# -- the log --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """An edit that was not applied, or a line of the log that is not an edit.

    ``line`` is the line of ``edits.jsonl`` (None when unknown), ``edit`` the edit (None
    for a line that does not parse), ``message`` says what and why, in one line.
    """

    message: str
    line: int | None = None
    edit: Edit | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class EditLog:
    """The edits read from a log, in order, and the lines that could not be read."""

    edits: tuple[Edit, ...] = ()
    problems: tuple[Problem, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # edit id -> its line


def read_edits(outdir: str | os.PathLike[str]) -> EditLog:
    """The edit log of the run folder ``outdir`` (empty when it has none).

    A line that is not an edit (damaged by hand, cut by a full disk) is reported with its
    number and left out; every other line is read. Raises
    :class:`~align.core.errors.InputError` only when the log cannot be read at all.
    """
    from align.core.errors import InputError

    path = Path(outdir) / EDITS
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return EditLog()
    except OSError as ex:
        raise InputError(f"{path}: cannot be read ({ex.strerror})") from None
    edits: list[Edit] = []
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            edit = parse_edit(json.loads(raw.decode("utf-8")))
        except UnicodeDecodeError as ex:
            problems.append(Problem(f"{path}:{n}: is not UTF-8 ({ex.reason}); line left out", n))
            continue
        except (ValueError, KeyError, TypeError) as ex:
            reason = f"{type(ex).__name__}: {ex}" if not isinstance(ex, json.JSONDecodeError) \
                else f"not JSON: {ex.msg}"
            problems.append(Problem(f"{path}:{n}: is not an edit ({reason}); line left out", n))
            continue
        if edit.id in lines:
            problems.append(Problem(f"{path}:{n}: repeats edit {edit.id} of line "
                                    f"{lines[edit.id]}; line left out", n, edit))
            continue
        lines[edit.id] = n
        edits.append(edit)
    return EditLog(tuple(edits), tuple(problems), lines)


def append_edits(outdir: str | os.PathLike[str], edits: Sequence[Edit]) -> None:
    """Append ``edits`` to the edit log of ``outdir``, atomically, and record the log in
    the folder's manifest.

    The new log is written beside the old one and moved into place under the folder's lock
    (:class:`~align.core.outdir.FileOutputs`): a reader sees the old log or the new one,
    never half a line. The lines already there are kept byte for byte, damaged ones too.
    Raises :class:`~align.core.errors.OutputError` for a log zhen did not write, or one
    that another program changed while this one wrote.
    """
    from align.core.outdir import FileOutputs

    path = Path(outdir) / EDITS
    text = "".join(json.dumps(edit_record(e), ensure_ascii=False) + "\n" for e in edits)
    # force: a log changed by hand is appended to (its lines are kept as they are), never
    # replaced; one zhen did not write at all is refused by FileOutputs whatever force says.
    with FileOutputs([path], force=True) as out:
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        with open(out.path(path), "wb") as f:
            f.write(old + text.encode("utf-8"))


def folder_version(outdir: str | os.PathLike[str]) -> str:
    """A hash of the machine result in ``outdir`` (``run.json``, ``cases.jsonl`` and
    ``pairs/pairs.jsonl``): it changes when ``zhen run`` writes a new result there."""
    from align.core.runfolder import CASES_JSONL, MARKER, PAIRS_JSONL

    h = hashlib.blake2b(digest_size=8)
    for name in (MARKER, CASES_JSONL, PAIRS_JSONL):
        try:
            h.update((Path(outdir) / name).read_bytes())
        except OSError as ex:
            raise OutputError(f"{Path(outdir) / name}: cannot be read ({ex.strerror})") from None
        h.update(b"\0")
    return h.hexdigest()
