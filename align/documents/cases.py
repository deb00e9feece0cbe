"""Finding the cases in the body of a collection, with two kinds of evidence.

* the table of contents (:mod:`align.documents.toc`), which says how many cases there are
  and what they are called: each listed title is looked for, in order, in the body;
* the recurring section headings: a case ends when a heading kind comes round again (a
  second "Project Overview") or after the closing "Expert Comment" section; its title is
  the short unpunctuated block just above its first heading.

Titles from the table of contents win when most of them are found; the headings fill in
the ones that are not. Where the two disagree the body wins, with a warning naming the
case: a case the headings show and the table does not list is kept, a listed title the
body lacks is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from align.core.english import FUNCTION_WORDS
from align.core.text import BULLET, CLOSERS, SENTENCE_END, Lang
from align.documents.layout import (
    BACK_MATTER,
    NAME_ABBREVIATION,
    Start,
    join_pieces,
    line_key,
    section_kind,
    title_tokens,
)
from align.documents.reader import SourceDocument
from align.documents.toc import PAGE_REFERENCE, Toc

# A title of the table of contents is found in the body when the tokens they share make
# up at least this Dice coefficient, or when the body line starts with the listed title.
_TITLE_DICE = 0.6
_TITLE_RECALL = 0.85
# Longest line considered as a case title, and lines in a title block above a heading.
_TITLE_MAX = 300
TITLE_BLOCK = 4


def locate_cases(lines: Sequence[str], furniture: set[int], toc: Toc | None, body: int,
                  doc: SourceDocument, warnings: list[str]) -> list[Start]:
    structural = _structural_starts(lines, furniture, body, doc.lang)
    if toc and toc.cases:
        found = _match_toc(lines, furniture, toc.cases, body, doc.lang)
        hits = [f for f in found if f is not None]
        if len(hits) >= max(2, len(toc.cases) // 2):
            starts = _fill_from_structure(found, structural, toc.cases, doc, warnings)
            starts = _add_unlisted(starts, structural, doc, warnings)
            if len(starts) != len(toc.cases):
                warnings.append(f"{doc.path}: the table of contents lists {len(toc.cases)} "
                                f"cases; {len(starts)} were found in the body")
            return starts
        warnings.append(f"{doc.path}: only {len(hits)} of the {len(toc.cases)} titles of the "
                        "table of contents were found in the body; cases were found from "
                        "the section headings instead")
    return structural


def _fill_from_structure(found: list[Start | None], structural: list[Start],
                         titles: Sequence[str], doc: SourceDocument,
                         warnings: list[str]) -> list[Start]:
    """Matched TOC titles, with the gaps filled by heading-found cases between neighbours."""
    starts: list[Start] = []
    for k, hit in enumerate(found):
        if hit is not None:
            if not starts or hit.line > starts[-1].line:
                starts.append(hit)
            continue
        low = starts[-1].line if starts else -1
        high = next((f.line for f in found[k + 1:] if f is not None), 1 << 30)
        between = [s for s in structural if low < s.line < high
                   and all(abs(s.line - o.line) > TITLE_BLOCK for o in starts)]
        if between:
            starts.append(between[0])
        else:
            warnings.append(f"{doc.path}: case {titles[k]!r} of the table of contents was "
                            "not found in the body")
    return starts


def _add_unlisted(starts: list[Start], structural: Sequence[Start], doc: SourceDocument,
                  warnings: list[str]) -> list[Start]:
    """The cases of the table of contents, with the cases the body's section headings show
    and the table does not list (an entry left out): the body wins, with a warning that
    names the case."""
    extra = [s for s in structural
             if all(abs(s.line - o.line) > TITLE_BLOCK for o in starts)]
    for s in extra:
        name = s.title or f"at line {s.line + 1}"
        warnings.append(f"{doc.path}:{s.line + 1}: case {name!r} is in the body but not in "
                        "the table of contents; it is kept as a case of its own (the body's "
                        "section headings win)")
    return sorted([*starts, *extra], key=lambda s: s.line)


def _match_toc(lines: Sequence[str], furniture: set[int], titles: Sequence[str], body: int,
               lang: Lang) -> list[Start | None]:
    """Each listed title's place in the body, searched in order after the previous one."""
    content = [i for i in range(body, len(lines)) if lines[i] and i not in furniture
               and len(lines[i]) <= _TITLE_MAX and not section_kind(lines[i])]
    tokens = {i: title_tokens(lines[i]) for i in content}
    found: list[Start | None] = []
    pos = 0
    for title in titles:
        want = set(title_tokens(title))
        hit = None
        if want:
            for k in range(pos, len(content)):
                window = _best_window(lines, content, tokens, k, want, title, lang)
                if window is not None:
                    hit, pos = window, k
                    break
        found.append(hit)
    return found


def _best_window(lines: Sequence[str], content: Sequence[int], tokens: dict[int, list[str]],
                 k: int, want: set[str], title: str, lang: Lang) -> Start | None:
    """The title at ``content[k]``: that line alone or with the next one, if it matches."""
    i = content[k]
    one = _title_score(tokens[i], want, lines[i], title)
    if k + 1 < len(content) and len(lines[i]) <= 80 and not lines[i].endswith(SENTENCE_END):
        j = content[k + 1]
        joined = join_pieces(lines[i], lines[j], lang)
        two = _title_score(tokens[i] + tokens[j], want, joined, title)
        if two > one and two >= _TITLE_DICE:
            # A stray short line above the real title: let the next line stand on its own.
            if _title_score(tokens[j], want, lines[j], title) >= two:
                return None
            return Start(i, (i, j), _pick_title(joined, title))
    if one < _TITLE_DICE:
        return None
    return Start(i, (i,), _pick_title(lines[i], title))


def _title_score(have: list[str], want: set[str], text: str, title: str) -> float:
    """How well a body line matches a listed title (0…1, ≥ ``_TITLE_DICE`` is a match)."""
    got = set(have)
    if not got:
        return 0.0
    common = len(got & want)
    dice = 2 * common / (len(got) + len(want))
    if common / len(want) >= _TITLE_RECALL and (dice >= _TITLE_DICE or _starts_with(text, title)):
        return max(dice, _TITLE_DICE)
    return dice if common / len(want) >= 0.5 else 0.0


def _starts_with(text: str, title: str) -> bool:
    key = line_key(title)
    return len(key) >= 6 and line_key(text).startswith(key)


def _pick_title(body_text: str, listed: str) -> str:
    """The case title: the body's, unless it is the listed title run into a logo line.

    "An Innovative Business Model … Recycle Zhuanzhuan Spirit" is the listed title
    followed by a brand name printed beside it; a subtitle would follow a colon or dash.
    """
    want = line_key(listed)
    if not want or not line_key(body_text).startswith(want) or line_key(body_text) == want:
        return body_text
    got = ""
    for pos, ch in enumerate(body_text):
        got += line_key(ch)
        if got == want:
            head, rest = body_text[: pos + 1].strip(), body_text[pos + 1:].lstrip(" \"'”’")
            last = head.rsplit(None, 1)[-1].lower() if head else ""
            if rest and rest[0] not in ":：—–-|·(（,，" and last not in FUNCTION_WORDS:
                return head
            break
    return body_text


def _structural_starts(lines: Sequence[str], furniture: set[int], body: int,
                       lang: Lang) -> list[Start]:
    """Cases found from recurring section headings, each with the title block above it."""
    groups: list[list[tuple[int, str]]] = []
    for i in range(body, len(lines)):
        if i in furniture or not lines[i]:
            continue
        kind = section_kind(lines[i])
        if kind is None:
            continue
        current = groups[-1] if groups else None
        if current is None or kind in {k for _, k in current} or current[-1][1] == "comment":
            groups.append([(i, kind)])
        else:
            current.append((i, kind))
    # A real case has several kinds of section; a lone "Results" heading is not a case.
    groups = [g for g in groups if len({k for _, k in g}) >= 3]
    starts: list[Start] = []
    floor = body
    for g in groups:
        first = g[0][0]
        block = _title_block(lines, furniture, first, floor)
        if block:
            starts.append(Start(block[0], tuple(block[:_title_span(lines, block)]),
                                 _block_title(lines, block, lang)))
        else:
            starts.append(Start(first, (), ""))
        last = g[-1][0]
        # The last section keeps at least its first line of content.
        floor = next((i for i in range(last + 1, len(lines)) if lines[i]), last) + 1
    return starts


def _title_block(lines: Sequence[str], furniture: set[int], first: int, floor: int
                 ) -> list[int]:
    """The title-like lines just above the heading at ``first`` (title, organisation…)."""
    block: list[int] = []
    i = first - 1
    while i >= floor and len(block) < TITLE_BLOCK:
        s = lines[i]
        if s and i not in furniture:
            if not _title_like(s):
                break
            block.append(i)
        i -= 1
    return block[::-1]


def _title_like(s: str) -> bool:
    """A line that may be a case title or the organisation's name below it."""
    if len(s) > _TITLE_MAX or "\t" in s or BULLET.match(s) or section_kind(s):
        return False
    if PAGE_REFERENCE.search(s):
        return False  # an entry of a table of contents ("… 51-52")
    if not s.rstrip(CLOSERS).endswith(SENTENCE_END) or NAME_ABBREVIATION.search(s):
        return True
    return _title_case(s)


def _title_case(s: str) -> bool:
    """Most longer words capitalised, as in an English title (which may end with a stop)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", s) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _title_span(lines: Sequence[str], block: Sequence[int]) -> int:
    """1, or 2 when the first line of a title block ends with a colon or dash."""
    if len(block) >= 2 and lines[block[0]].endswith((":", "：", "—", "–", "-", "——")):
        return 2
    return 1


def _block_title(lines: Sequence[str], block: Sequence[int], lang: Lang) -> str:
    span = _title_span(lines, block)
    text = lines[block[0]]
    if span == 2:
        text = join_pieces(text, lines[block[1]], lang)
    return text


def case_ends(lines: Sequence[str], starts: Sequence[Start], toc: Toc | None,
               body: int) -> list[int]:
    """Where each case ends: the next case, a chapter listed in the table of contents, or
    the back matter after the last case."""
    groups = {line_key(g) for g in toc.groups} if toc else set()
    others = {line_key(o) for o in toc.others} if toc else set()
    stops = []
    for i in range(body, len(lines)):
        s = lines[i]
        if not s or len(s) > 80:
            continue
        key = line_key(s)
        # Chapter headings are known from the table of contents: a "Part 2 …" heading
        # inside a case must not end it.
        back = i > starts[-1].line and (bool(BACK_MATTER.match(s)) or key in others)
        if key in groups or back:
            stops.append(i)
    ends = []
    for k, start in enumerate(starts):
        end = starts[k + 1].line if k + 1 < len(starts) else len(lines)
        first_stop = next((i for i in stops if start.line < i < end), end)
        ends.append(first_stop)
    return ends
