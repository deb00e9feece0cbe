"""Recurring headings learnt across case pairs, and the prior they give."""

from __future__ import annotations

import numpy as np

from align.aligner.alignment import Alignment
from align.aligner.features import LengthModel
from align.aligner.headings import PRIOR_GAIN, heading_lexicon, heading_prior
from align.core.beads import Bead
from align.core.records import Case, Paragraph


def case(lang, texts, headings):
    paras = tuple(Paragraph(t, (k + 1,), k in headings, t) for k, t in enumerate(texts))
    return Case("doc", lang, 1, texts[0], paras)


def pair(zh_texts, en_texts, beads, headings):
    zh, en = case("zh", zh_texts, headings), case("en", en_texts, headings)
    return zh, en, Alignment(tuple(beads), len(zh_texts), len(en_texts), LengthModel())


def test_lexicon_keeps_pairings_most_cases_agree_on():
    good = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)]
    pairs = [pair(["机构简介", "案例概述"], ["Company Profile", "Project Overview"], good, {0, 1})
             for _ in range(3)]
    # One case pairs the headings wrongly, with confidence: the majority still wins.
    pairs.append(pair(["机构简介"], ["Project Overview"], [Bead((0,), (0,), 0.9)], {0}))
    lexicon = heading_lexicon(pairs)
    assert lexicon == {"机构简介": "Company Profile", "案例概述": "Project Overview"}


def test_rare_or_unsure_pairings_are_not_learnt():
    weak = [Bead((0,), (0,), 0.3)]
    pairs = [pair(["机构简介"], ["Company Profile"], weak, {0}) for _ in range(5)]
    pairs += [pair(["案例概述"], ["Project Overview"], [Bead((0,), (0,), 0.9)], {0})
              for _ in range(2)]
    assert heading_lexicon(pairs) == {}


def test_prior_pulls_known_translations_together_and_known_headings_apart():
    lexicon = {"机构简介": "Company Profile", "案例概述": "Project Overview"}
    zh = ["标题", "机构简介", "正文"]
    en = ["Title", "Project Overview", "Company Profile"]
    prior = heading_prior(zh, en, lexicon)
    assert prior is not None and prior.shape == (3, 3)
    assert prior[1, 2] == PRIOR_GAIN and prior[1, 1] == -PRIOR_GAIN
    assert not np.any(prior[[0, 2]])
    assert heading_prior(["标题"], ["Title"], lexicon) is None
