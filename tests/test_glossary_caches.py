"""The glossary's caches save work without changing results: a score or a segmentation is
the same whether it is computed first, after others that fill the caches, or alone; the
tagger's shared tag table and the index of reading starts change nothing either."""

from __future__ import annotations

from glossary.candidates.segmenter import ZhSegmenter
from glossary.evidence.cedict import load_cedict
from glossary.evidence.lexical import LexicalScorer

_ACRONYMS = {"GHG": "greenhouse gas"}
# Dictionary definitions, partial renderings, pinyin names, acronyms, Latin words, compounds
# glossed character by character, and phrases that explain nothing; terms share words and
# characters so that cached look-ups are reused across them.
_TERMS = ["碳中和", "碳达峰", "温室气体", "魏桥", "宜宾", "LNG 拖车", "岸电", "光伏治沙", "绿豆芽",
          "生态补水", "零碳工厂"]
# "ghg" and "GHG" are one word to look up, and only the second is the acronym (its stems are
# those of "greenhouse gas"): a cache keyed by the word alone mixes them up.
_KEYS = ["carbon neutrality", "carbon neutral", "carbon peak", "carbon", "ghg", "GHG",
         "greenhouse gas",
         "Weiqiao", "Yibin", "LNG trailer", "shore power", "photovoltaic desertification control",
         "Lvdoaya", "ecological water supplement", "zero-carbon factory", "bond issuance",
         "water", "power station"]


def test_lexical_scores_do_not_depend_on_what_was_scored_before() -> None:
    cedict = load_cedict()
    pairs = [(t, k) for t in _TERMS for k in _KEYS]
    forward = LexicalScorer(cedict, _ACRONYMS)
    backward = LexicalScorer(cedict, _ACRONYMS)
    got = [forward.score(t, k) for t, k in pairs]
    got_back = [backward.score(t, k) for t, k in reversed(pairs)][::-1]
    alone = [LexicalScorer(cedict, _ACRONYMS).score(t, k) for t, k in pairs]
    assert got == alone
    assert got_back == alone
    # The list holds both kinds: phrases explained in part, and phrases explaining nothing.
    assert any(0 < m.score < 1 for m in alone)
    assert any(m.score == 0 for m in alone)


def test_word_tests_do_not_depend_on_what_was_tested_before() -> None:
    cedict = load_cedict()
    words = [w for k in _KEYS for w in k.split()]
    forward = LexicalScorer(cedict, _ACRONYMS)
    backward = LexicalScorer(cedict, _ACRONYMS)
    got = [forward.word_test(t)(w) for t in _TERMS for w in words]
    got_back = [backward.word_test(t)(w) for t in reversed(_TERMS) for w in reversed(words)]
    alone = [LexicalScorer(cedict, _ACRONYMS).word_test(t)(w) for t in _TERMS for w in words]
    assert got == alone
    assert got_back[::-1] == alone
    assert forward.word_test("温室气体")("GHG") and not forward.word_test("温室气体")("ghg")


def test_explained_words_are_the_words_the_word_test_accepts() -> None:
    # The index only rules words out; whatever it lets through, the test decides.
    cedict = load_cedict()
    words = frozenset(w for k in _KEYS for w in k.split()) | {"weiqiao", "yibin", "LNG"}
    shared = LexicalScorer(cedict, _ACRONYMS)
    for term in _TERMS:
        test = LexicalScorer(cedict, _ACRONYMS).word_test(term)
        assert shared.explained_words(term, words) == {w for w in words if test(w)}
    weiqiao = shared.explained_words("魏桥", words)
    assert "weiqiao" in weiqiao and "carbon" not in weiqiao


def test_repeated_runs_are_segmented_alike_at_their_own_offsets() -> None:
    text = "碳中和目标推动绿色金融。绿色金融支持碳中和目标，绿色金融发展。"
    shared = ZhSegmenter()
    first = shared.clauses(text)
    again = shared.clauses(text)
    fresh = ZhSegmenter().clauses(text)
    assert first == again == fresh
    tokens = [t for clause in first for t in clause]
    assert all(text[t.start:t.end] == t.text for t in tokens)
    starts = [t.start for t in tokens if t.text == "绿色"]
    assert len(starts) == 3 and len(set(starts)) == 3


def test_the_tagger_reuses_jiebas_tag_table_without_changing_it() -> None:
    import jieba
    import jieba.posseg

    text = "宁德时代宜宾工厂是全球首家电池零碳工厂。"
    ours = ZhSegmenter(["宁德时代宜宾"])
    tagged = [(t.text, t.pos) for clause in ours.clauses(text) for t in clause]
    assert ("宁德时代宜宾", "nz") in tagged
    assert "宁德时代宜宾" not in jieba.posseg.dt.word_tag_tab
    # The tags are those of a tagger that reads the dictionary's tags itself.
    tk = jieba.Tokenizer()
    tk.initialize()
    tk.add_word("宁德时代宜宾", freq=None, tag="nz")
    reader = jieba.posseg.POSTokenizer(tk)
    assert tagged == [(p.word, p.flag) for run in ("宁德时代宜宾工厂是全球首家电池零碳工厂",)
                      for p in reader.cut(run, HMM=True)]


def test_a_reading_is_found_from_the_start_index_as_without_it() -> None:
    from glossary.evidence.pinyin import reading_span, reading_starts, syllables_of

    readings = syllables_of("山东魏桥创业集团在重庆和宜宾")
    starts = reading_starts(readings)
    for word in ("weiqiao", "chongqing", "yibin", "shandong", "weiqaio", "wind", "qiao"):
        assert reading_span(readings, word, starts) == reading_span(readings, word)
    assert reading_span(readings, "weiqaio", starts) == (2, 4)  # one letter swapped
    assert reading_span(readings, "wind", starts) is None
