"""Bead grammar: the gold/Vecalign text form, with scores."""

import pytest

from align.core.beads import Bead, check_cover, format_beads, parse_beads
from align.core.errors import FormatError


@pytest.mark.parametrize("line, bead", [
    ("[0]:[0]", Bead((0,), (0,), 1.0)),
    ("[3]:[3,4]:0.912", Bead((3,), (3, 4), 0.912)),
    ("[5, 6]:[5]", Bead((5, 6), (5,), 1.0)),
    ("[7]:[]  # missing", Bead((7,), (), 1.0)),
    ("[]:[8]  # furniture", Bead((), (8,), 1.0)),
])
def test_parse(line, bead):
    assert parse_beads(line) == [bead]


def test_round_trip_and_shapes():
    beads = [Bead((0,), (0, 1), 0.5), Bead((1, 2), (), 0.25), Bead((), (2,), 0.125)]
    text = format_beads(beads)
    assert text == "[0]:[0,1]:0.500\n[1,2]:[]:0.250\n[]:[2]:0.125\n"
    assert parse_beads(text) == beads
    assert [b.shape for b in beads] == ["1:2", "2:0", "0:1"]
    assert [b.is_null for b in beads] == [False, True, True]


def test_bad_line_names_source_and_line():
    with pytest.raises(FormatError, match=r"case03.gold:2: not a bead"):
        parse_beads("[0]:[0]\n0 - 0\n", "case03.gold")


def test_check_cover():
    check_cover([Bead((0,), (0,)), Bead((1,), ())], 2, 1)
    with pytest.raises(ValueError):
        check_cover([Bead((1,), (0,))], 2, 1)
