"""Watches an upstream bug: Ralph 5.1.0's fs backend answers 500 to the second POST.

The fs LRS backend writes with operation type CREATE, which refuses the existing statements
file; support/ralph_server.py switches it to APPEND. When this test fails, Ralph is fixed and
the workaround (and this test) can go.
"""

from __future__ import annotations

import pytest

from support.fixtures import LRSStarter
from support.xapi import sample_statement


def test_second_post_fails_without_the_append_workaround(lrs: LRSStarter) -> None:
    server = lrs(append_workaround=False)
    assert server.post(sample_statement("first")).status_code == 200
    second = server.post(sample_statement("second"))
    if second.status_code == 200:
        pytest.fail("upstream fixed: drop the APPEND workaround (second POST answered 200)")
    assert second.status_code == 500, f"unexpected answer {second.status_code}: {second.text}"
