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
        ("list wirral", Command("list", review="wirral")),
        ("list wirral green", Command("list", review="wirral", filter="green")),
        ("list partially-accepted", Command("list", filter="decision", decision="partially_accepted")),
        ("list Not-Accepted", Command("list", filter="decision", decision="not_accepted")),
        ("list no-response", Command("list", filter="decision", decision=None)),
        ("list status noted", Command("list", filter="status", status="noted")),
        ("list decision in part", Command("list", filter="decision", decision="partially_accepted")),
        ("list not set", Command("list", filter="unset")),
        ("list owner Terence Herbert", Command("list", filter="owner_name", args="Terence Herbert")),
        ("list owner <@U123|jo>", Command("list", filter="owner", user="U123")),
        ("owner R16 remove <@U123|jo>", Command("owner", rec_id="R16", user="U123", args="remove")),
        ("update R16 in progress MASH live", Command("update", rec_id="R16", status="in_progress", args="MASH live")),
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
        ("list wirral sideways", "takes an optional review"),
        ("owner R16 remove", "Name the owner"),
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


@pytest.mark.parametrize(
    "typed, readings",
    [
        ("in progress MASH live", [("in_progress", "MASH live", True)]),
        ("Under-consideration MASH business case", [("under_consideration", "MASH business case", True)]),
        ("compelted MASH live", [("completed", "MASH live", False)]),
        ("done", [("completed", "", True)]),
        ("sideways", []),
    ],
)
def test_status_readings_keep_every_word(typed, readings):
    from tracker.status import readings as read

    assert [(r.status, r.note, r.certain) for r in read(typed)] == readings


def test_an_uncertain_update_carries_its_readings():
    cmd = parse("update R16 compelted MASH live")
    assert cmd.status is None and [(r.status, r.note) for r in cmd.readings] == [("completed", "MASH live")]
