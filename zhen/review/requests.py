"""The review page's edit requests, read and checked before anything is written: the
operations, the fields each needs, and the errors the server turns into HTTP answers."""

from __future__ import annotations

from typing import Any

from align.core.edits import (
    Approve,
    BeadEdit,
    BeadRef,
    Forbid,
    Link,
    MarkBead,
    Merge,
    Reject,
    Render,
    Split,
    TermEdit,
    Unlink,
)
from align.core.errors import ZhenError


class Conflict(ZhenError):
    """The edit was made on a state that changed since (another tab, another program):
    nothing was written; reload and edit again."""


class BadRequest(ZhenError):
    """The request makes no sense (an unknown operation, a missing field)."""


class NotFound(ZhenError):
    """The pair or term asked for is not in the run."""


#: The edit operations of ``POST /api/edits`` (its ``op``), on beads and on terms.
BEAD_OPS: dict[str, type[BeadEdit]] = {"merge": Merge, "split": Split, "unlink": Unlink,
                                        "link": Link, "mark": MarkBead}
TERM_OPS: dict[str, type[TermEdit]] = {"approve": Approve, "reject": Reject,
                                        "render": Render, "forbid": Forbid}


def bead_values(cls: type[BeadEdit], request: dict[str, Any]) -> dict[str, Any]:
    """The fields of a bead edit of type ``cls`` from ``request``; :class:`BadRequest` when
    one is missing or malformed."""
    values: dict[str, Any] = {"pair": request.get("pair"), "beads": refs(request.get("beads"))}
    if cls is MarkBead:
        values["mark"] = request.get("mark")
        if values["mark"] not in ("furniture", "missing", "checked"):
            raise BadRequest("mark must be furniture, missing or checked")
    if cls is Split:
        for key in ("zh_at", "en_at"):
            if key in request:
                if type(request[key]) is not int:
                    raise BadRequest(f"{key} is not a whole number")
                values[key] = request[key]
    return values


def term_values(cls: type[TermEdit], request: dict[str, Any]) -> dict[str, Any]:
    """The fields of a term edit of type ``cls`` from ``request``; :class:`BadRequest` when
    one is missing or malformed."""
    term, was = request.get("term"), request.get("was")
    if not isinstance(term, str) or not isinstance(was, str):
        raise BadRequest("a term edit needs 'term' and 'was'")
    values: dict[str, Any] = {"term": term, "was": was}
    if cls in (Render, Forbid):
        if not isinstance(request.get("rendering"), str):
            raise BadRequest(f"{cls.op} needs a 'rendering'")
        values["rendering"] = request["rendering"]
    return values


def ref_json(ref: BeadRef) -> dict[str, Any]:
    """A bead reference as the page sends and receives it."""
    return {"zh": list(ref.zh), "en": list(ref.en), "kind": ref.kind,
            "reviewed": ref.reviewed, "digest": ref.digest}


def refs(value: Any) -> tuple[BeadRef, ...]:
    """The bead references of a request's ``beads`` (one or two), as the edit log reads
    them; :class:`BadRequest` if they are not that."""
    from align.core.edits import parse_edit

    if not isinstance(value, list) or not value or len(value) > 2:
        raise BadRequest("'beads' must list one or two beads")
    try:
        # The refs are checked by the edit log's own parser, so the page cannot send what
        # the log could not read back.
        probe = parse_edit({"op": "unlink", "id": "-", "time": "-", "base": "-", "pair": "-",
                            "beads": value})
    except (ValueError, KeyError, TypeError) as ex:
        raise BadRequest(f"'beads' is not a list of beads ({type(ex).__name__}: {ex})") from None
    assert isinstance(probe, BeadEdit)
    return probe.beads
