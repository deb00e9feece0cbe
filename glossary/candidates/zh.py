"""Chinese term candidates: jieba word n-grams, filtered by part of speech, ranked by termhood.

A candidate is a run of one to six jieba words (at most 20 characters) inside a clause. It
may not start or end with a function word (prepositions, conjunctions, pronouns, adverbs,
localisers, light verbs such as 实现/推动), except when that word is bound to the rest:
碳中和 ends with 和 (a conjunction for jieba) but 碳中 is followed by 和 every time, so the
run is kept. A dictionary word jieba splits is kept whatever its edges (可|持续).
Binding is counted over distinct clauses, so a sentence the editions repeat does not bind
的 to 人民币利率衍生品交易. Particles (的, 了, 等…) mark phrase structure: a run holding one
is no term, unless the rest is a single character the particle's character completes
(的宝, a name). Latin words inside Chinese text are single tokens (``LNG 拖车``).

Termhood combines frequency, the C-value of Frantzi et al. (2000) — a string counts less
when it mostly occurs inside one longer candidate — and branching entropy: a term is
preceded and followed by varied words. Headings and titles count double.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from align.core.english import word_set
from align.core.text import LATIN_WORD, fold_width, han_length
from glossary.candidates.segmenter import DIGITS, ZhSegmenter, ZhToken

# jieba part-of-speech tags that may not begin or end a term: punctuation, particles,
# prepositions, conjunctions, pronouns, adverbs, interjections, modal particles, localisers.
_EDGE_POS = frozenset({"x", "w", "u", "uj", "ul", "uz", "ug", "uv", "ud", "p", "c", "r", "rr",
                       "rz", "d", "dg", "e", "y", "o", "f", "zg"})
# Function words and light verbs that jieba tags as ordinary verbs or nouns.
_EDGE_WORDS = word_set(
    "的 了 着 过 是 在 和 与 及 或 等 等等 对 为 将 把 被 也 都 并 而 且 "
    "以 于 由 之 其 该 此 这 那 各 每 个 从 向 让 使 能 可 要 会 已 已经 "
    "有 有效 进行 通过 实现 推动 推进 打造 建设 开展 提升 促进 助力 加强 采用 "
    "利用 完成 构建 提供 形成 达到 带动 引领 支持 参与 落实 探索 积极 持续 不断 "
    "进一步 全面 共同 充分 主要 重要 相关 具有 拥有 作为 成为 包括 属于 年 月 "
    "日 约 近 超过 达 至 多 余 以上 以下 左右 其中 同时 目前 此外 另外 一个 "
    "一种 一些 这些 这个 多个 我们 公司 项目 方面 领域 工作 情况 过程 问题 相应 "
    "不同 新 大 小 高 低 好 更 最 较 很"
)
# Particles: never inside or at the edge of a term (X的Y is a phrase, not a term).
_PARTICLE_POS = frozenset({"u", "uj", "ul", "uz", "ug", "uv", "ud"})
# Words that may stand in a term although they also start one: 低碳, 新能源, 高效… are kept
# when the whole run is frequent; these are only refused at the edges of a one-off run.
_SOFT_EDGE = frozenset(["新", "大", "小", "高", "低", "好", "公司", "项目"])
# A numeral run such as 十四五 is a name; digits alone never are.
_NUMERAL_POS = frozenset({"m", "mq"})

MAX_TOKENS = 6
#: Long enough for a company's or an institute's full official name (宁德时代新能源科技股份
#: 有限公司 has 15 characters, 苏州协鑫新能源运营科技有限公司 15): at 12 those names were cut
#: before their end and the entry went to a fragment. On the bundled corpus 20 adds 679 runs
#: to 28,967 (18 more terms paired) and leaves the two-fold gold figures of
#: ``bench/glossary_folds.py`` unchanged.
MAX_CHARS = 20


def term_length(text: str) -> int:
    """Length for termhood: Han characters plus one per Latin word."""
    return han_length(text) + len(LATIN_WORD.findall(text))


@dataclass(frozen=True)
class ZhSpan:
    """One occurrence of a candidate: its surface ``term``, offsets, and token count."""

    term: str
    start: int
    end: int
    ntok: int


@dataclass
class ZhStats:
    """Corpus statistics of one candidate (filled by :func:`candidate_stats`)."""

    term: str
    freq: int = 0
    heading: int = 0
    texts: set[int] = field(default_factory=set)
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    tokens: tuple[str, ...] = ()
    pos: tuple[str, ...] = ()
    cvalue: float = 0.0
    termhood: float = 0.0

    @property
    def branching(self) -> float:
        """The smaller of left and right branching entropy (bits); varied contexts are high."""
        return min(_entropy(self.left), _entropy(self.right))


def _entropy(c: Counter[str]) -> float:
    total = sum(c.values())
    if total == 0:
        return 0.0
    return -sum(v / total * math.log2(v / total) for v in c.values())


def _is_edge(tok: ZhToken) -> bool:
    return tok.pos in _EDGE_POS or tok.text in _EDGE_WORDS or (
        tok.pos in _NUMERAL_POS and bool(DIGITS.match(tok.text)))


def _spans(clause: Sequence[ZhToken], text: str) -> Iterable[tuple[int, int]]:
    """Token index ranges ``[i, j)`` of every run that could be a term."""
    n = len(clause)
    # Per token: its length for termhood, or None where no run may start, cross or end.
    lengths = [None if tok.pos == "x" or DIGITS.match(tok.text) else term_length(tok.text)
               for tok in clause]
    for i in range(n):
        if lengths[i] is None:
            continue
        chars = 0
        for j in range(i, min(n, i + MAX_TOKENS)):
            length = lengths[j]
            if length is None:
                break
            chars += length
            if chars > MAX_CHARS:
                break
            yield i, j + 1


@dataclass
class ZhCorpus:
    """Candidates of a list of Chinese texts: statistics per term and spans per text."""

    stats: dict[str, ZhStats]
    spans: list[list[ZhSpan]]
    clauses: list[list[list[ZhToken]]]
    # (text, id of the compounds) → the content words of the text with their offsets.
    _words: dict[tuple[int, int], list[tuple[str, int, int]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def context(self, t: int, term: str, compounds: Container[str] = ()) -> list[str]:
        """The content words of text ``t`` outside the occurrences of ``term``, once each:
        the words that compete with the term for the words of a translation.

        Candidates of several jieba words count as words when ``compounds`` holds them
        (a dictionary: 碳中和 is 碳 中 和 for jieba).
        """
        occ = [(s.start, s.end) for s in self.spans[t] if s.term == term]
        words: dict[str, None] = {}
        for text, start, end in self._content_words(t, compounds):
            if text not in words and not any(a < end and start < b for a, b in occ):
                words[text] = None
        return list(words)

    def _content_words(self, t: int, compounds: Container[str]) -> list[tuple[str, int, int]]:
        got = self._words.get((t, id(compounds)))
        if got is None:
            got = [(tok.text, tok.start, tok.end) for clause in self.clauses[t] for tok in clause
                   if tok.pos not in _EDGE_POS and not DIGITS.match(tok.text)]
            got += [(s.term, s.start, s.end) for s in self.spans[t]
                    if s.ntok > 1 and s.term in compounds]
            self._words[(t, id(compounds))] = got
        return got


@dataclass
class _Gathered:
    """Every run of every text before the edge tests: statistics, spans with their edge
    flags, clauses, and which word follows a run's head or precedes its tail."""

    raw: dict[str, ZhStats] = field(default_factory=dict)
    spans: list[list[tuple[ZhSpan, bool, bool]]] = field(default_factory=list)
    clauses: list[list[list[ZhToken]]] = field(default_factory=list)
    prefix_next: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))  # "碳中" → {"和": n}
    suffix_prev: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def candidate_stats(texts: Sequence[str], segmenter: ZhSegmenter,
                    headings: Sequence[bool] | None = None,
                    lexicon: Container[str] = ()) -> ZhCorpus:
    """Segment ``texts`` and gather every candidate with its statistics.

    ``headings[i]`` marks a title or heading text; its candidates count double in termhood.
    A run that is a word of ``lexicon`` (a dictionary) is a candidate whatever its edges.
    """
    got = _gather(texts, segmenter, headings)
    keep: dict[str, bool] = {}
    for spans in got.spans:
        for span, left_edge, right_edge in spans:
            if span.term not in keep:
                keep[span.term] = _kept(span, left_edge, right_edge, got, lexicon)
    stats = {k: v for k, v in got.raw.items() if keep.get(k)}
    _termhood(stats)
    spans_out = [[s for s, _, _ in spans if s.term in stats] for spans in got.spans]
    return ZhCorpus(stats, spans_out, got.clauses)


def _gather(texts: Sequence[str], segmenter: ZhSegmenter, headings: Sequence[bool] | None
            ) -> _Gathered:
    got = _Gathered()
    seen_clauses: set[str] = set()  # binding evidence is counted once per distinct clause
    for t, text in enumerate(texts):
        norm = fold_width(text)
        clauses = segmenter.clauses(norm)
        got.clauses.append(clauses)
        spans: list[tuple[ZhSpan, bool, bool]] = []
        is_head = bool(headings[t]) if headings is not None else False
        for clause in clauses:
            edges = [_is_edge(tok) for tok in clause]
            clause_text = norm[clause[0].start:clause[-1].end]
            first_time = clause_text not in seen_clauses
            seen_clauses.add(clause_text)
            for i, j in _spans(clause, norm):
                surface = norm[clause[i].start:clause[j - 1].end]
                st = got.raw.get(surface)
                if st is None:
                    st = got.raw[surface] = ZhStats(
                        surface, tokens=tuple(x.text for x in clause[i:j]),
                        pos=tuple(x.pos for x in clause[i:j]))
                st.freq += 1
                st.heading += is_head
                st.texts.add(t)
                st.left[clause[i - 1].text if i > 0 else f"<{t}:{clause[i].start}>"] += 1
                st.right[clause[j].text if j < len(clause) else f"<{t}:{clause[j - 1].end}>"] += 1
                if j - i >= 2 and first_time:
                    head = norm[clause[i].start:clause[j - 2].end]
                    got.prefix_next[head][clause[j - 1].text] += 1
                    tail = norm[clause[i + 1].start:clause[j - 1].end]
                    got.suffix_prev[tail][clause[i].text] += 1
                spans.append((ZhSpan(surface, clause[i].start, clause[j - 1].end, j - i),
                              edges[i], edges[j - 1]))
        got.spans.append(spans)
    return got


def _bound(counter: Counter[str], word: str) -> bool:
    """Whether ``word`` nearly always comes with the rest (listed function words such as 年,
    的, 实现 need more evidence than a tag alone)."""
    total = sum(counter.values())
    return total >= (3 if word in _EDGE_WORDS else 2) and counter[word] / total >= 0.8


def _kept(span: ZhSpan, left_edge: bool, right_edge: bool, got: _Gathered,
          lexicon: Container[str]) -> bool:
    """Whether a run is a candidate: no particle inside, and each function-word edge bound
    to the rest (see the module docstring)."""
    st = got.raw[span.term]
    ok = han_length(span.term) >= 2
    first, last = st.tokens[0], st.tokens[-1]
    if ok and span.ntok > 1 and any(p in _PARTICLE_POS for p in st.pos):
        # A particle is only part of a name whose other half is one character.
        rest = last if st.pos[0] in _PARTICLE_POS else first
        ok = span.ntok == 2 and han_length(rest) == 1 and (
            st.pos[0] in _PARTICLE_POS) != (st.pos[-1] in _PARTICLE_POS)
    if ok and span.ntok > 1 and span.term in lexicon:  # a word jieba split: 可|持续
        return True
    if ok and (left_edge or right_edge) and (
            span.ntok < 2 or ((first in _SOFT_EDGE or last in _SOFT_EDGE) and st.freq < 3)):
        ok = False
    if ok and left_edge and first not in _SOFT_EDGE:
        # The edge word belongs to the term when it always comes with the rest.
        rest = span.term[len(first):].lstrip()
        ok = _bound(got.suffix_prev[rest], first) or _bound(got.prefix_next[first], st.tokens[1])
    if ok and right_edge and last not in _SOFT_EDGE:
        rest = span.term[:len(span.term) - len(last)].rstrip()
        ok = _bound(got.prefix_next[rest], last) or _bound(got.suffix_prev[last], st.tokens[-2])
    return ok


def _termhood(stats: dict[str, ZhStats]) -> None:
    """Fill C-value and termhood: log2(1+length) · (f − mean f of longer candidates holding it)."""
    containers: dict[str, list[str]] = defaultdict(list)
    for longer, st in stats.items():
        if st.freq < 2 or len(st.tokens) < 2:
            continue
        bounds = []
        pos = 0
        for tok in st.tokens:
            pos = longer.index(tok, pos)
            bounds.append((pos, pos + len(tok)))
            pos += len(tok)
        n = len(bounds)
        for a in range(n):
            for b in range(a + 1, n + 1):
                if b - a == n:
                    continue
                sub = longer[bounds[a][0]:bounds[b - 1][1]]
                if sub in stats:
                    containers[sub].append(longer)
    for t, st in stats.items():
        f = st.freq + st.heading
        holders = containers.get(t, [])
        nested = sum(stats[h].freq for h in holders) / len(holders) if holders else 0.0
        st.cvalue = math.log2(1 + term_length(t)) * max(f - nested, 0.0)
        st.termhood = st.cvalue * (0.5 + min(st.branching, 3.0) / 3.0)
