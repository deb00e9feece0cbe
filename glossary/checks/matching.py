"""Whether an English text uses an approved rendering, compared as a reviewer would.

Both the rendering and the text are reduced to words in one form (:func:`english_words`):
case folded; hyphens, slashes and dashes taken as spaces, so that *net zero* is found in
*net-zero* and *carbon neutral* in *carbon-neutral/low-carbon*; full-width letters folded;
possessives and regular plurals folded (:func:`align.core.english.plural_key`), so that
*carbon neutral* is found in *Carbon Neutrals*. Derivation is not folded: *carbon
neutral* is not *carbon neutrality*.

>>> find_rendering(english_words("A carbon-neutral/low-carbon plant"),
...                [english_words("carbon neutrality"), english_words("Carbon Neutral")])
1
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from align.core.english import plural_key
from align.core.text import fold_width

# Runs of letters and digits, an inner apostrophe kept (company's, don't); everything
# else (spaces, hyphens, slashes, dashes, punctuation) separates words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def english_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in the form renderings are compared in (see the module)."""
    return tuple(plural_key(w) for w in _WORD.findall(fold_width(text)))


def contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    """True when ``phrase`` occurs in ``words`` as a run of consecutive words."""
    n = len(phrase)
    if n == 0:
        return False
    first = phrase[0]
    return any(words[i] == first and tuple(words[i:i + n]) == tuple(phrase)
               for i in range(len(words) - n + 1))


def find_rendering(words: Sequence[str], renderings: Sequence[Sequence[str]]) -> int | None:
    """The index of the first of ``renderings`` (each as :func:`english_words`) that
    ``words`` contain, or None."""
    for i, phrase in enumerate(renderings):
        if contains(words, phrase):
            return i
    return None
