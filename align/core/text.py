"""Text rules shared by every step: scripts, languages, normal forms.

One definition of what a Han character is, of the form text is compared in (full-width
forms folded, Traditional converted to Simplified) and of the languages zhen aligns.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Literal

Lang = Literal["zh", "en"]

# A Simplified text converted by OpenCC's t2s changes almost nothing (a few characters
# such as 乾/干 are ambiguous); a Traditional one changes roughly one Han character in five.
_TRADITIONAL_SHARE = 0.05
_TRADITIONAL_MIN = 10
_HAN = re.compile(r"[\u4e00-\u9fff]")


def script_profile(text: str) -> tuple[int, int]:
    """Count ``(han, latin)`` letters in ``text``: the basis of language detection."""
    han = latin = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff":
            han += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    return han, latin



def detect_lang(text: str) -> Lang | None:
    """``"zh"`` or ``"en"`` by script, or ``None`` when the text is in neither language.

    A Chinese character carries about as much as an English word (≈ 4–5 letters), so a text
    is Chinese when its Han characters outweigh a fifth of its Latin letters.
    """
    han, latin = script_profile(text)
    if han + latin < 20:
        # Too short to weigh the scripts (a one-line file such as 碳中和): only a text in
        # one script alone is told.
        if han and not latin:
            return "zh"
        if latin >= 2 and not han:
            return "en"
        return None
    if han * 5 >= latin:
        return "zh"
    # Latin script but not English (French, Vietnamese…) is still read as English here:
    # the scripts are what alignment depends on.
    return "en"


def normalise_for_matching(text: str, traditional: bool = False) -> str:
    """The form of ``text`` used to compare and embed it.

    NFKC folds full-width letters, digits and punctuation to their ASCII forms
    (``ＣＯ２，`` → ``CO2,``), the ideographic space to a space, and circled or superscript
    digits to digits; runs of white space (tabs, ideographic spaces) become one space.
    With ``traditional`` the text is also converted from Traditional to Simplified
    characters (OpenCC ``t2s``), so that a Traditional edition matches a glossary or an
    encoder trained on Simplified text.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    if traditional:
        folded = _t2s().convert(folded)
    return folded


def is_traditional(text: str) -> bool:
    """True when Chinese ``text`` is written in Traditional characters.

    Converting to Simplified with OpenCC changes about a fifth of the Han characters of a
    Traditional text and almost none of a Simplified one.
    """
    han = "".join(_HAN.findall(text))
    if not han:
        return False
    simplified = _t2s().convert(han)
    changed = sum(a != b for a, b in zip(han, simplified, strict=False))
    return changed >= _TRADITIONAL_MIN and changed / len(han) >= _TRADITIONAL_SHARE


@lru_cache(maxsize=1)
def _t2s() -> Any:
    # OpenCC loads its dictionaries on construction: done once, and only when needed.
    import opencc

    return opencc.OpenCC("t2s")
