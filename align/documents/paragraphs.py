"""The paragraphs of a case, repaired from the lines of an extracted PDF.

Page furniture is dropped (see :mod:`align.documents.furniture`), headings are kept as
paragraphs marked ``heading=True``, and a paragraph cut by a page break is joined again: a
line that stops mid-sentence continues on the next content line, without a space in
Chinese, with one in English, and without one after a hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from align.core.english import FUNCTION_WORDS
from align.core.records import Paragraph
from align.core.text import (
    BULLET,
    CLAUSE_END,
    CLOSERS,
    ENUMERATION,
    HAN,
    SENTENCE_END,
    Lang,
    normalise_for_matching,
    unit_length,
)
from align.documents.layout import Start, is_case_heading, join_pieces, line_key, section_kind
from align.documents.reader import SourceDocument

_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")
# A Chinese line this long without final punctuation is body text cut by a page break.
_ZH_BODY_MIN = 30
_ZH_ITEM_BODY_MIN = 60
_EN_BODY_WORDS = 10
# Footnotes or logos that may sit between the two halves of a cut paragraph.
_INTERPOSED_MAX = 4


@dataclass
class _Draft:
    text: str
    lines: list[int]
    heading: bool
    item: bool
    table: bool


def build_paragraphs(lines: Sequence[str], doc: SourceDocument, furniture: set[int],
                     start: Start, end: int, shown: Sequence[str] | None = None
                     ) -> list[Paragraph]:
    """The paragraphs of the case from ``start`` to line ``end`` (0-based, exclusive).

    ``lines`` are the stripped lines the rules read (in Simplified characters for an
    edition in Traditional ones); ``shown`` the same lines as written, which give the
    paragraphs' text (default: ``lines``).
    """
    written = lines if shown is None else shown
    drafts: list[_Draft] = []
    if start.title_lines:
        text = lines[start.title_lines[0]]
        for i in start.title_lines[1:]:
            text = join_pieces(text, lines[i], doc.lang)
        drafts.append(_Draft(text, [i + 1 for i in start.title_lines], True, False, False))
    first = (start.title_lines[-1] + 1) if start.title_lines else start.line
    title_keys = {line_key(start.title)} | {line_key(lines[i]) for i in start.title_lines}
    title_keys.discard("")
    longest = max((len(k) for k in title_keys), default=0) * 2 + 20
    items = [i for i in range(first, end) if lines[i] and i not in furniture
             and not (len(lines[i]) <= longest and line_key(lines[i]) in title_keys)]
    used: set[int] = set()
    for n, i in enumerate(items):
        if i in used:
            continue
        s = lines[i]
        prev = drafts[-1] if drafts else None
        wrapped = prev is not None and _wrapped(doc, prev, i)
        if prev is not None and _continues(prev, s, wrapped, doc.lang):
            _merge(prev, s, i, doc.lang)
            continue
        if prev is not None and _interposed(s, doc.lang):
            # A footnote or a logo printed inside a paragraph cut by a page break: the
            # paragraph goes on after it, and the interposed lines follow it.
            after = _after_interposed(lines, items, n, doc.lang)
            if after is not None and after not in used and not prev.heading \
                    and not _ends_clause(prev.text) \
                    and _continues(prev, lines[after], False, doc.lang):
                _merge(prev, lines[after], after, doc.lang)
                used.add(after)
        drafts.append(_Draft(s, [i + 1], is_case_heading(s, doc.lang),
                             bool(BULLET.match(s) or ENUMERATION.match(s)), "\t" in s))
    if written is lines:
        return [Paragraph(d.text, tuple(d.lines), d.heading,
                          normalise_for_matching(d.text, doc.simplify)) for d in drafts]
    out = []
    for d in drafts:
        text = written[d.lines[0] - 1]
        for n in d.lines[1:]:
            text = join_pieces(text, written[n - 1], doc.lang)
        if len(text) != len(d.text):  # pragma: no cover - t2s keeps lengths
            text = d.text
        out.append(Paragraph(text, tuple(d.lines), d.heading,
                             normalise_for_matching(d.text), d.text if d.text != text else ""))
    return out


def _wrapped(doc: SourceDocument, prev: _Draft, i: int) -> bool:
    """True when line ``i`` is a wrapped line of paragraph ``prev``: same block (no blank
    line between), indented deeper than the paragraph's first line ("- Item text" /
    " more text"). Word paragraphs are never wrapped lines."""
    if doc.path.suffix.lower() == ".docx" or i == 0 or not doc.lines[i - 1].strip():
        return False
    return _indent(doc.lines[i]) > _indent(doc.lines[prev.lines[0] - 1])


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _continues(prev: _Draft, s: str, wrapped: bool, lang: Lang) -> bool:
    """True when line ``s`` continues the paragraph ``prev`` (cut by a page or a wrap)."""
    if prev.heading or prev.table or "\t" in s or section_kind(s):
        return False
    item = bool(BULLET.match(s) or ENUMERATION.match(s))
    if wrapped and not item:
        return True
    if _ends_clause(prev.text) or item:
        return False
    strong = _ends_mid_clause(prev.text, lang)
    if lang == "en":
        if not s[:1].isascii():
            return False
        if s[:1].islower() or strong:
            return True
        if prev.text.endswith(tuple(CLOSERS)):
            return False  # a closing quote or bracket ends a phrase, seldom a page
        if is_case_heading(s, lang):
            return False
        if prev.item:
            return _rest_of_item(prev.text, s)
        # A sentence cut inside a name: "… and the Suzhou Industrial Park" / "Resource
        # Conservation and Energy Management Association, under …".
        words = prev.text.split()
        return (len(words) >= _EN_BODY_WORDS and ", " in prev.text
                and words[-1][:1].isupper() and (s[:1].isupper() or s[:1].isdigit()))
    if strong:
        return True
    if is_case_heading(s, lang) or prev.text.endswith(tuple(CLOSERS)):
        return False
    if prev.item:
        return unit_length(prev.text) >= _ZH_ITEM_BODY_MIN or _rest_of_item(prev.text, s)
    return unit_length(prev.text) >= _ZH_BODY_MIN or any(p in prev.text for p in "，,；;。")


def _rest_of_item(item: str, s: str) -> bool:
    """True when ``s`` is the rest of list item ``item``, cut by a page break.

    The item reads as a clause (it has a comma, or is long) rather than a label, and ``s``
    is a short fragment without a list marker that ends like the unpunctuated items
    around it.
    """
    clause = any(p in item for p in "，,；;") or unit_length(item) >= _EN_BODY_WORDS
    fragment = unit_length(s) <= max(unit_length(item), _EN_BODY_WORDS)
    return clause and fragment and not s.rstrip(CLOSERS).endswith(SENTENCE_END)


def _merge(draft: _Draft, s: str, i: int, lang: Lang) -> None:
    draft.text = join_pieces(draft.text, s, lang)
    draft.lines.append(i + 1)


def _ends_clause(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS).endswith(CLAUSE_END)


def _ends_mid_clause(text: str, lang: Lang) -> bool:
    """True when ``text`` visibly stops in the middle of a clause."""
    t = text.rstrip()
    if t.endswith((",", "，", "、")):
        return True
    if lang == "en":
        if t.endswith("-") and t[-2:-1].isalpha():
            return True
        last = t.rsplit(None, 1)[-1].lower() if t else ""
        return last in FUNCTION_WORDS
    return False


def _interposed(s: str, lang: Lang) -> bool:
    """A footnote (``¹ CCUS: …``), or a short line in another script (a logo) in English."""
    if _FOOTNOTE.match(s):
        return True
    return lang == "en" and len(s) <= 40 and bool(HAN.search(s)) and not _ends_clause(s)


def _after_interposed(lines: Sequence[str], items: Sequence[int], n: int, lang: Lang
                      ) -> int | None:
    """The first content line after the run of interposed lines starting at ``items[n]``."""
    for m in range(n, min(n + _INTERPOSED_MAX, len(items))):
        if not _interposed(lines[items[m]], lang):
            return items[m]
    return None
