"""The /rec grammar, as tables of what people type."""

from __future__ import annotations

import pytest

from handlers.parser import Command, parse
from tracker.errors import UserError
from tracker.ids import nearest_ids, normalise_id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Command("help")),
        ("help", Command("help")),
        ("  HELP ", Command("help")),
        ("R16", Command("lookup", rec_id="R16")),
        ("r16", Command("lookup", rec_id="R16")),
        ("R 16", Command("lookup", rec_id="R16")),
        ("16", Command("lookup", rec_id="R16")),
        ("R016", Command("lookup", rec_id="R16")),
        ("Recommendation 4", Command("lookup", rec_id="R4")),
        ("R16 full", Command("lookup", rec_id="R16", full=True)),
        (
            "wiltshire-2013-safeguarding R16",
            Command("lookup", review="wiltshire-2013-safeguarding", rec_id="R16"),
        ),
        (
            "R16 Wiltshire-2013-Safeguarding",
            Command("lookup", review="wiltshire-2013-safeguarding", rec_id="R16"),
        ),
        ("list", Command("list")),
        ("list wiltshire-2013-safeguarding", Command("list", review="wiltshire-2013-safeguarding")),
    ],
)
def test_accepted(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("banana", "I don't understand “banana”"),
        ("hlep", "Did you mean `/rec help`?"),
        ("R16 R17", "I don't understand “R17”"),
        ("full", "I don't understand “full”"),
        ("list a b", "takes an optional review"),
        ("some-review", "Which recommendation?"),
        ("x" * 5000, "too long"),
    ],
)
def test_refused_with_help(text, message):
    with pytest.raises(UserError, match=message):
        parse(text)


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("R7", "R7"),
        ("r7.", "R7"),
        ("No.7", "R7"),
        ("Rec 7", "R7"),
        ("R", None),
        ("seven", None),
        ("R1234567", None),
    ],
)
def test_normalise_id(typed, canonical):
    assert normalise_id(typed) == canonical


def test_nearest_ids_by_number():
    assert nearest_ids("R99", [f"R{n}" for n in range(1, 42)]) == ["R41", "R40", "R39"]
    assert nearest_ids("R10", ["R9", "R11", "R30"]) == ["R9", "R11", "R30"]
