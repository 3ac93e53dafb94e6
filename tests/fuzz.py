"""The property-based tests' one setting: how many examples each tries (RECBOT_FUZZ_EXAMPLES, default 60).

Every ``@given`` test uses it, so the suite's cost is set in one place; a deeper run raises the
number for all of them, e.g. ``RECBOT_FUZZ_EXAMPLES=2000 pytest -n0 tests/test_hardening.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ = settings(
    max_examples=int(os.environ.get("RECBOT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
