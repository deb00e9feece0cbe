"""The glossary as typed data: terms, their renderings and where they occur.

A :class:`Glossary` is a tuple of :class:`TermEntry` values (best first) plus the
signature of the run that made it. :meth:`Glossary.to_frame` gives the pandas table with
the columns ``zh, en, variants, count, cases, kind, confidence, status, example_zh,
example_en``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["term", "name", "unit"]
Status = Literal["consistent", "inconsistent", "untranslated"]

COLUMNS = ("zh", "en", "variants", "count", "cases", "kind", "confidence", "status",
           "example_zh", "example_en", "scale")


@dataclass(frozen=True)
class Occurrence:
    """One aligned pair in which a term occurs, and how the English rendered it there.

    ``rendering`` is the English phrase found (empty when none was), ``pair`` the case-pair
    id, ``zh_ids``/``en_ids`` the paragraph ids and ``count`` how often the term occurs in
    the pair's Chinese text.
    """

    pair: str
    case: int
    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    rendering: str
    count: int = 1


@dataclass(frozen=True)
class Rendering:
    """One English rendering of a term: the phrase, how many pairs use it, and where."""

    text: str
    count: int
    cases: tuple[int, ...]


@dataclass(frozen=True)
class TermEntry:
    """A glossary entry: a Chinese term and its preferred English rendering ``en``.

    ``renderings`` holds every attested rendering, the preferred one first, with counts;
    ``count`` is how often the term occurs, ``cases`` where; ``kind`` is ``term``, ``name``
    or ``unit``; ``confidence`` in [0, 1] says how sure the pairing is; ``status`` is
    ``consistent`` (one rendering), ``inconsistent`` (several) or ``untranslated`` (none
    found where the term occurs); ``scale`` is the multiplier a unit holds (10⁴ for 万元,
    whose ``en`` is then *10,000 yuan*), 1 otherwise. ``zh`` is the term in Simplified
    characters, the form zhen matches and keys it by; ``written`` is the term as a
    Traditional edition writes it (its most frequent form there), empty when that is ``zh``.
    """

    zh: str
    en: str
    renderings: tuple[Rendering, ...]
    count: int
    cases: tuple[int, ...]
    kind: Kind
    confidence: float
    status: Status
    example_zh: str = ""
    example_en: str = ""
    occurrences: tuple[Occurrence, ...] = ()
    scale: float = 1.0
    written: str = ""

    @property
    def zh_written(self) -> str:
        """The term as the edition writes it: what the exports show."""
        return self.written or self.zh

    @property
    def variants(self) -> tuple[Rendering, ...]:
        """The renderings other than the preferred one."""
        return tuple(r for r in self.renderings if r.text != self.en)

    @property
    def variants_text(self) -> str:
        """Variants as ``phrase (count) | phrase (count)``, as written in the table."""
        return " | ".join(f"{r.text} ({r.count})" for r in self.variants)

    @property
    def scale_text(self) -> str:
        """The multiplier a unit holds, as a plain number (``10000`` for 万元), or empty."""
        return f"{self.scale:.0f}" if self.scale != 1.0 else ""

    @property
    def cases_text(self) -> str:
        """Cases as ``01,04,26``."""
        return format_cases(self.cases)


def format_cases(cases: Iterable[int]) -> str:
    """Case numbers as a comma-separated list of two-digit numbers (``01,04,26``)."""
    return ",".join(f"{c:02d}" for c in sorted(set(cases)))


def parse_variants(text: str) -> list[tuple[str, int | None]]:
    """Split a ``variants`` cell (``a (3) | b``) into ``(phrase, count or None)``."""
    out: list[tuple[str, int | None]] = []
    for item in text.split("|"):
        item = item.strip()
        if not item:
            continue
        count: int | None = None
        if item.endswith(")") and "(" in item:
            head, _, tail = item.rpartition("(")
            if tail[:-1].isdigit():
                item, count = head.strip(), int(tail[:-1])
        out.append((item, count))
    return out


@dataclass(frozen=True)
class Glossary:
    """Glossary entries, best first, the ``signature`` of the run that built them and the
    language tag of its Chinese (``zh``; ``zh-Hant``, ``zh-TW`` or ``zh-HK`` for a
    Traditional edition, as the run recorded it)."""

    entries: tuple[TermEntry, ...]
    signature: str
    zh_lang: str = "zh"

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, zh: str) -> TermEntry | None:
        """The entry for Chinese term ``zh``, or None."""
        for e in self.entries:
            if e.zh == zh:
                return e
        return None

    def inconsistent(self) -> list[TermEntry]:
        """Entries rendered in several ways, in glossary order (best terms first)."""
        return [e for e in self.entries if e.status == "inconsistent"]

    def to_frame(self) -> pd.DataFrame:
        """The glossary as a pandas table with the columns of :data:`COLUMNS`."""
        import pandas as pd

        rows = [(e.zh_written, e.en, e.variants_text, e.count, e.cases_text, e.kind,
                 round(e.confidence, 3), e.status, e.example_zh, e.example_en, e.scale_text)
                for e in self.entries]
        return pd.DataFrame(rows, columns=list(COLUMNS))

