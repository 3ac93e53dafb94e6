"""The executive's decision, read from the wording papers use and from what people type."""

import pytest

from tracker import decisions
from tracker.errors import UserError


@pytest.mark.parametrize(
    "wording, decision",
    [
        ("Yes", "accepted"),
        ("Agreed", "accepted"),
        ("Accepted.", "accepted"),
        ("Accepted. Clarification of the role of Design South East is set out in the Interim Report", "accepted"),
        ("Agreed and action being taken. Target dates set.", "accepted"),
        ("The Council of Ministers welcomes the findings and agrees with all the recommendations made", "accepted"),
        ("In part", "partially_accepted"),
        ("Agreed in principle", "partially_accepted"),
        ("Supported in so far as it can be achieved within existing budget allocations", "partially_accepted"),
        ("No", "not_accepted"),
        ("Not agreed", "not_accepted"),
        ("Rejected", "not_accepted"),
        ("Not accepted – the council already publishes this", "not_accepted"),
        ("Noted", "noted"),
        ("The Government does not accept this recommendation, as the data is already published.", "not_accepted"),
        ("Deferred", "deferred"),
        ("No response", None),
        ("", None),
        # a word used in passing is narrative, not a decision
        (
            "As the majority of actions have been completed it was agreed that the number of actions did not "
            "need to be reduced.",
            None,
        ),
        (
            "We have undertaken joint specialist projects with neighbouring authorities but have not agreed "
            "permanent arrangements for sharing specialist staff",
            None,
        ),
    ],
)
def test_decision_from_paper_wording(wording, decision):
    assert decisions.from_response(wording) == decision


@pytest.mark.parametrize(
    "typed, decision",
    [
        ("accepted", "accepted"),
        ("Partially accepted", "partially_accepted"),
        ("in part", "partially_accepted"),
        ("NO", "not_accepted"),
        ("acepted", "accepted"),
        ("", None),
        ("no response", None),
    ],
)
def test_decision_typed(typed, decision):
    assert decisions.parse(typed) == decision


def test_unknown_decision_says_what_is_understood():
    with pytest.raises(UserError, match="partially_accepted"):
        decisions.parse("sideways")
