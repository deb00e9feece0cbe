"""Sentence splitting for Chinese and English paragraphs, by rule.

Sentence-level alignment runs the paragraph aligner inside each aligned paragraph pair, on
the sentences :func:`split_sentences` returns. The rules are written for the prose of
reports and case studies: company names (``Co., Ltd.``), figures (``2.03``, ``approx. 30%``,
``No. 2``), enumerated headings (``1. Background``) and quotations.

Chinese
    A sentence ends after ``。！？；…`` (or a run of them, such as ``……`` or ``？！``) and
    the closing quotes and brackets that follow (``”’」』）》``), and after ASCII ``!?;``
    when Chinese text follows. A ``；`` inside brackets does not end a sentence. ASCII
    periods never do, so figures such as ``2.03亿元`` stay whole.
English
    A sentence ends after ``.``, ``?``, ``!`` or an ellipsis (``...``, ``…``) and any closing
    quotes and brackets, when whitespace and then something other than a lowercase letter
    follow. A period does not end a sentence after an abbreviation that never ends one
    (``e.g.``, ``i.e.``, ``Mr.``, ``Dr.``, ``No.``, ``approx.``, ``Fig.`` …) nor after an
    enumerator opening the sentence (``1.``, ``- IV.``, ``a.``); after an abbreviation
    that may end one (``Ltd.``, ``Inc.``, ``Co.``, ``U.S.``, ``p.a.`` …) or an initial
    (``J. K. Rowling``) it does only when a word that typically opens a sentence follows
    (``The``, ``It``, ``As`` …), so ``Co., Ltd. Hainan Branch`` stays whole while
    ``Co., Ltd. The plant`` is split. A decimal (``2.03``) has no space after its period and
    is never split. Semicolons never split English: a list of items stays one sentence.

The sentences are stripped; joined back together they give the paragraph again, apart
from whitespace.
"""

from __future__ import annotations

import re

from align.core.text import HAN_CHARS, Lang

# Closing quotes and brackets that belong to the sentence they follow.
_ZH_CLOSERS = "”’」』）》〉】〗〕\"')]"
_ZH_TERMINATORS = "。！？；…"
# Chinese text: Han characters, CJK punctuation and full-width forms.
_CJK = f"{HAN_CHARS}\u3000-\u303f\uff00-\uffef"
_ZH_BOUNDARY = re.compile(
    rf"[{_ZH_TERMINATORS}]+[{re.escape(_ZH_CLOSERS)}]*"
    # ASCII !?; count only before Chinese: in "Web 3.0; IoT" or "C#!" they are not Chinese
    # punctuation typed in half width.
    rf"|[!?;]+[{re.escape(_ZH_CLOSERS)}]*(?=\s*[{_CJK}])"
)
_ZH_OPENING = "（(【〔［"
_ZH_CLOSING = "）)】〕］"

_EN_CLOSERS = "\"'”’)]»"
_EN_OPENERS = "\"'“‘([«"
# A terminator run (". ", "?! ", "... ", "…") with its closers, then whitespace or the end.
_EN_BOUNDARY = re.compile(rf"([.?!…]+)([{re.escape(_EN_CLOSERS)}]*)(?=\s|$)")
# What may stand before an enumerator at the start of a list item: "- 2. Water reuse".
_BULLETS = " \t\n-–—•·*#"
_ENUMERATOR = re.compile(r"\d+(?:\.\d+)*|[IVXLC]+|[A-Za-z]")

# Abbreviations after which a period never ends a sentence: they stand before what they
# qualify (titles, "No. 2", "approx. 30%", "Fig. 3", "e.g. steel"). Compared as written,
# lower-cased, without the final period.
_NEVER_FINAL = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "mt", "rev", "gen", "gov", "sen", "rep", "hon",
    "no", "nos", "fig", "figs", "vol", "vols", "eq", "eqs", "ref", "refs", "art", "sec",
    "ch", "chap", "pp", "approx", "appr", "ca", "cf", "vs", "viz", "e.g", "i.e", "incl",
    "esp", "resp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "est", "tel", "para",
})
# Abbreviations that often end a sentence: the period ends it only before a word that
# typically opens a sentence (see _STARTERS). Dotted forms (U.S., p.a., S.A.) and single
# letters (initials) are treated the same way.
_MAYBE_FINAL = frozenset({
    "ltd", "inc", "co", "corp", "plc", "llc", "bros", "jr", "sr", "dept", "govt", "ave",
    "blvd", "rd", "mfg", "intl", "assn",
})
# Capitalised words that open sentences but seldom continue a proper name.
_STARTERS = frozenset({
    "a", "about", "according", "after", "afterwards", "also", "although", "among", "an", "and",
    "another", "any", "as", "at", "based", "because", "before", "besides", "both", "but", "by",
    "currently", "despite", "during", "each", "either", "every", "finally", "first", "firstly",
    "for", "from", "further", "furthermore", "given", "he", "her", "here", "his", "however", "if",
    "in", "instead", "it", "its", "last", "lastly", "many", "meanwhile", "moreover", "most",
    "much", "next", "no", "not", "now", "of", "on", "once", "one", "other", "our", "over",
    "overall", "secondly", "since", "so", "some", "such", "that", "the", "their", "then", "there",
    "therefore", "these", "they", "third", "this", "those", "through", "thus", "to", "today",
    "under", "unlike", "until", "we", "what", "when", "where", "whether", "which", "while",
    "with", "within", "without", "yet",
})


def split_sentences(text: str, lang: Lang) -> list[str]:
    """Split a paragraph into sentences; ``lang`` is ``"zh"`` or ``"en"``.

    Returns the sentences stripped of surrounding whitespace, in order, with no empty
    ones; text with no sentence end gives one sentence, blank text none. The rules are
    described in the module documentation.
    """
    if lang == "zh":
        cuts = _zh_cuts(text)
    elif lang == "en":
        cuts = _en_cuts(text)
    else:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    pieces = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _zh_cuts(text: str) -> list[int]:
    cuts = []
    depth = 0
    last = 0
    for m in _ZH_BOUNDARY.finditer(text):
        # Bracket depth of the text since the last match: "（一是…；二是…）" is one sentence.
        segment = text[last:m.start()]
        last = m.end()
        depth = max(0, depth + sum(segment.count(c) for c in _ZH_OPENING)
                    - sum(segment.count(c) for c in _ZH_CLOSING))
        closers = m.group()
        depth = max(0, depth - sum(closers.count(c) for c in _ZH_CLOSING))
        if depth > 0 and ";" in closers.replace("；", ";"):
            continue
        cuts.append(m.end())
    return cuts


def _en_cuts(text: str) -> list[int]:
    cuts = []
    sentence_start = 0
    for m in _EN_BOUNDARY.finditer(text):
        end = m.end()
        if _en_ends_sentence(text, m.start(), m.group(1), m.group(2), end, sentence_start):
            cuts.append(end)
            sentence_start = end
    return cuts


def _next_word(text: str, pos: int) -> str:
    """The word starting at the first non-space character after ``pos``, past any openers."""
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    while pos < n and text[pos] in _EN_OPENERS:
        pos += 1
    end = pos
    while end < n and (text[end].isalnum() or text[end] in "-'’"):
        end += 1
    return text[pos:end] if end > pos else text[pos:pos + 1]


def _en_ends_sentence(text: str, term_start: int, term: str, closers: str, end: int,
                      sentence_start: int) -> bool:
    nxt = _next_word(text, end)
    if not nxt:
        return False  # end of text: nothing to cut off
    if nxt[0].islower():
        return False  # "approx. eight", "Ltd. has", "spp.) to", "... and"
    if term != ".":
        return True  # ?, ! and ellipses before anything else
    if any(q in closers for q in "\"'”’»"):
        return True  # 'of "six zones and two halls." The six zones'
    # The token before the period, without the brackets or quotes that open it.
    token_start = term_start
    while token_start > sentence_start and not text[token_start - 1].isspace():
        token_start -= 1
    token = text[token_start:term_start].lstrip(_EN_OPENERS + "*")  # "**3." of Markdown
    if not token:
        return True
    if (_ENUMERATOR.fullmatch(token)
            and not text[sentence_start:token_start].strip(_BULLETS + _EN_OPENERS)):
        return False  # "1. Background", "- IV. Results", "(a. ..." opening the sentence
    if token[0].isdigit() and _ENUMERATOR.fullmatch(token):
        return True  # "by 2035. To", "rose to 2.5. The"
    word = token.lower()
    if word in _NEVER_FINAL:
        # "no." is an abbreviation only as "No." (No. 2); in lower case it is the word.
        return word == "no" and token == "no"
    if word in _MAYBE_FINAL or "." in word or (len(token) == 1 and token.isalpha()):
        return nxt.lower() in _STARTERS
    return True
