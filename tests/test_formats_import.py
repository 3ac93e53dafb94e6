"""A fictional council's paper in each format imports its recommendations through the whole pipeline."""

from __future__ import annotations

import pytest

from tests.conftest import fixture_import


@pytest.mark.parametrize(
    "name, ids, first",
    [
        ("northmoor-response.docx", ["CS1", "CS2", "CS3", "CS4"],
         ("That street lighting in the town centre is reviewed.", "accepted", "Head of Highways")),
        ("northmoor-tracker.xlsx", [f"SC{n:02d}" for n in range(1, 7)],
         ("That the Cabinet reviews how the transport service tells residents about changes in good time.",
          "partially_accepted", "Head of Transport")),
        ("northmoor-agenda-item.html", ["PA1", "PA2", "PA3"],
         ("That every play area is inspected monthly.", "accepted", "Parks Manager")),
        ("northmoor-action-plan.pdf", [f"SC{n:02d}" for n in range(1, 41)],
         ("That the Cabinet reviews how the transport service tells residents about changes in good time.",
          "partially_accepted", "Head of Transport")),
    ],
)  # fmt: skip
def test_each_format_imports_its_recommendations(name, ids, first):
    imported = fixture_import(name)
    (paper,) = imported.papers
    recs = paper.recommendations
    assert [r.id for r in recs] == ids
    assert (recs[0].text, recs[0].decision, recs[0].owners[0].name) == first


def test_merged_cells_give_each_row_its_owner_and_a_row_split_by_a_page_break_is_whole():
    docx = fixture_import("northmoor-response.docx").papers[0].recommendations
    assert [r.owners[0].name for r in docx[:2]] == ["Head of Highways", "Head of Highways"]  # merged down
    assert docx[2].decision == "not_accepted"  # from the table nested in its response cell
    pdf = fixture_import("northmoor-action-plan.pdf").papers[0].recommendations
    sc09 = next(r for r in pdf if r.id == "SC09")  # runs over the first page break
    assert sc09.text.endswith("Step 8: the service should publish a plain-English note of what changes, why and when.")
    assert sc09.decision == "deferred"
